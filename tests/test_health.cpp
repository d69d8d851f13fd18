// Device health: sentinel readings, kernel log records and findings, the kernel log capture
// from a file, the health config and commands, and the health rows every reporter prints.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "config_test_support.hpp"
#include "harness/analysis/kernel_findings.hpp"
#include "harness/analysis/sentinels.hpp"
#include "harness/report/html.hpp"
#include "harness/report/reporters.hpp"
#include "harness/run/health.hpp"
#include "harness/run/kernel_log.hpp"
#include "harness/trace/sentinel.hpp"
#include "harness/util/regex.hpp"

using namespace wb;
namespace fs = std::filesystem;

namespace {
ProbeInfo probe_with_temp() {
  ProbeInfo info;
  info.name = "p";
  info.channels = {{"power_w", "W", Quantity::power}, {"die_temp_c", "degC", Quantity::temperature}};
  info.power_channel = 0;
  info.temperature_channels = {1};
  return info;
}
double now_s() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }
}  // namespace

TEST_CASE("sentinel readings: impossible temperatures and powers, not ordinary ones") {
  ChannelInfo temp{"t", "degC", Quantity::temperature}, power{"p", "W", Quantity::power},
      volt{"v", "V", Quantity::voltage};
  CHECK(sentinel_reason(temp, 65262.0));      // 0xFEEE: an unread sensor register
  CHECK(sentinel_reason(temp, 255.9921875));  // INA228 DIETEMP 0x7FFF
  CHECK(sentinel_reason(temp, -273.15));
  CHECK_FALSE(sentinel_reason(temp, 47.5));
  CHECK_FALSE(sentinel_reason(temp, -10.0));
  CHECK(sentinel_reason(power, 0.0));          // an INA overflow
  CHECK(sentinel_reason(power, 4294967.295));  // NVML's 0xFFFFFFFF mW
  CHECK_FALSE(sentinel_reason(power, 4.71));
  CHECK_FALSE(sentinel_reason(power, kMissing));  // missing is missing, not a sentinel
  CHECK_FALSE(sentinel_reason(volt, 0.0));
}

TEST_CASE("sentinel screen: masks the value, keeps the rest, counts with the first time") {
  auto info = probe_with_temp();
  SentinelScreen screen(info);
  Sample ok{1.0, {4.7, 45.0}, 0, ""}, bad{2.5, {4.8, 65262.0}, kFlagSentinel, ""}, bad2{3.0, {0.0, 65262.0}, 0, ""};
  CHECK(&screen.screen(ok) == &ok);
  const Sample& m = screen.screen(bad);
  CHECK(m.values[0] == 4.8);
  CHECK_FALSE(is_present(m.values[1]));
  screen.screen(bad2);
  auto counts = screen.counts();
  REQUIRE(counts.size() == 2);
  CHECK(counts[0].channel == "p.power_w");
  CHECK(counts[0].count == 1);
  CHECK(counts[1].channel == "p.die_temp_c");
  CHECK(counts[1].count == 2);
  CHECK(counts[1].first_t_s == 2.5);
  CHECK(counts[1].first_value == 65262.0);
  auto w = sentinel_warning(counts[1]);
  CHECK(w.find("2 sentinel reading(s)") != std::string::npos);
  CHECK(w.find("t = 2.500 s") != std::string::npos);
  CHECK(w.find("65262") != std::string::npos);
}

TEST_CASE("kernel records: /dev/kmsg and journalctl short-monotonic") {
  auto r = parse_kmsg_record("3,1234,5678901,-;hailo 0000:01:00.0: Timeout waiting for firmware..");
  REQUIRE(r);
  CHECK(r->level == 3);
  CHECK(*r->monotonic_s == doctest::Approx(5.678901));
  CHECK(r->text == "hailo 0000:01:00.0: Timeout waiting for firmware..");
  CHECK(parse_kmsg_record("27,5,100,c,more;x")->level == 3);  // facility 3 << 3 | level 3
  CHECK_FALSE(parse_kmsg_record(" SUBSYSTEM=pci"));           // a continuation line
  CHECK_FALSE(parse_kmsg_record("no record here"));
  auto j = parse_journal_line(
      "[ 4908.274589] bench kernel: pcieport 0000:00:1c.0: PCIe Bus Error: severity=Corrected, type=Physical Layer");
  REQUIRE(j);
  CHECK(*j->monotonic_s == doctest::Approx(4908.274589));
  CHECK(j->text.rfind("pcieport 0000:00:1c.0: PCIe Bus Error", 0) == 0);
  CHECK_FALSE(parse_journal_line("-- No entries --"));
}

TEST_CASE("kernel findings: the tool's driver, PCIe AER and link, the config's own; one per line") {
  auto patterns = kernel_patterns_for("axelera", {"my_driver: oops"});
  std::vector<KernelLine> lines{
      {1.0, 6, "axl 0000:03:00.0: IRQ MSI timeout on core 2"},
      {1.1, 3,
       "pcieport 0000:00:1c.0: PCIe Bus Error: severity=Uncorrected (Fatal), type=Transaction Layer, (Requester ID)"},
      {1.2, 6, "pcieport 0000:00:1c.0: pciehp: Slot(1): Link Down"},
      {1.3, 6, "usb 1-1: new high-speed USB device number 5 using xhci_hcd"},
      {1.4, 4, "my_driver: oops"},
      {1.5, 3, "INFO: task acclBench:4242 blocked for more than 120 seconds."},
  };
  auto f = find_kernel_lines(lines, patterns);
  REQUIRE(f.size() == 5);
  CHECK(f[0].label == "axelera");
  CHECK(f[1].label == "PCIe AER");
  CHECK(f[2].label == "PCIe link");
  CHECK(f[3].label == "config");
  CHECK(f[4].label == "hung task");
  CHECK(find_kernel_lines({{0, 3, "hailo 0000:01:00.0: Firmware load failed"}}, kernel_patterns_for("hailortcli", {}))
            .size() == 1);
  KernelLine l{2.25, 3, "a\tb"};
  auto back = parse_kernel_log_line(kernel_log_line(l));
  REQUIRE(back);
  CHECK(back->t_s == doctest::Approx(2.25));
  CHECK(back->level == 3);
  CHECK(back->text == "a b");
}

TEST_CASE("kernel log capture from a file: lines written during the run, on the run clock, with findings") {
  auto results = fs::temp_directory_path() / ("wb-klog-" + std::to_string(::getpid()));
  fs::remove_all(results);
  auto run_dir = results / "default" / "run-1";
  fs::create_directories(run_dir);
  std::ofstream(results / "kmsg.log") << "6,1,1,-;an old line before the run\n";
  KernelLogConfig cfg;
  cfg.source = "file";
  cfg.file = "kmsg.log";
  auto t0 = std::chrono::steady_clock::now();
  {
    KernelLogCapture capture(cfg, results, run_dir, t0);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::ofstream(results / "kmsg.log", std::ios::app)
        << fmt::format("3,2,{},-;dxrt_driver 0000:01:00.0: npu0: response timeout\n",
                       static_cast<long long>(now_s() * 1e6))
        << "a plain line without a record\n";
    capture.stop();
  }
  auto k = read_kernel_capture(run_dir, kernel_patterns_for("dxbenchmark", {}));
  REQUIRE(k);
  CHECK(k->captured);
  CHECK(k->source.find("kmsg.log") != std::string::npos);
  CHECK(k->lines == 2);  // not the old one
  REQUIRE(k->findings.size() == 1);
  CHECK(k->findings[0].label == "dxrt");
  CHECK(k->findings[0].t_s == doctest::Approx(0.1).epsilon(0.5));
  fs::remove_all(results);
}

TEST_CASE("kernel log capture never fails the run: an unreadable source is a note") {
  auto dir = fs::temp_directory_path() / ("wb-klog-none-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  KernelLogConfig cfg;
  cfg.source = "file";
  cfg.file = "/nonexistent-dir/kmsg.log";
  { KernelLogCapture capture(cfg, dir, dir, std::chrono::steady_clock::now()); }
  auto k = read_kernel_capture(dir, {});
  REQUIRE(k);
  CHECK_FALSE(k->captured);
  CHECK(k->note.find("not captured") != std::string::npos);
  // kmsg: captured where this host lets us read it, else said why; never thrown.
  cfg.source = "kmsg";
  { KernelLogCapture capture(cfg, dir, dir, std::chrono::steady_clock::now()); }
  k = read_kernel_capture(dir, {});
  REQUIRE(k);
  CHECK((k->captured || k->note.find("/dev/kmsg") != std::string::npos));
  fs::remove_all(dir);
}

TEST_CASE("config: kernel_log and health, with file:line errors") {
  using namespace config_test;
  std::string base = kValid;
  auto p = write_config("wb-health-cfg", "ok.yaml",
                        base +
                            "kernel_log: {source: 'file:kmsg.log', patterns: ['IRQ MSI timeout']}\n"
                            "health: {check: [hailortcli, scan], recover: [sudo, reset-card], timeout_s: 10}\n");
  auto cfg = load_config(p);
  CHECK(cfg.kernel_log.source == "file");
  CHECK(cfg.kernel_log.file == "kmsg.log");
  REQUIRE(cfg.health);
  CHECK(cfg.health->check == std::vector<std::string>{"hailortcli", "scan"});
  CHECK(cfg.health->recover.size() == 2);
  CHECK(cfg.health->timeout_s == 10);
  CHECK(load_config(write_config("wb-health-cfg", "off.yaml", base + "kernel_log: off\n")).kernel_log.source == "off");
  auto e = load_error(write_config("wb-health-cfg", "bad1.yaml", base + "kernel_log: {source: dmesg}\n"), {});
  REQUIRE(e);
  CHECK(e->find("bad1.yaml:") != std::string::npos);
  CHECK(e->find("expected auto, kmsg, journalctl, file:PATH or off") != std::string::npos);
  e = load_error(write_config("wb-health-cfg", "bad2.yaml", base + "health: {check: 'hailortcli scan'}\n"), {});
  REQUIRE(e);
  CHECK(e->find("bad2.yaml:") != std::string::npos);
  CHECK(e->find("argv") != std::string::npos);
  e = load_error(write_config("wb-health-cfg", "bad3.yaml", base + "kernel_log: {patterns: ['(unclosed']}\n"), {});
  REQUIRE(e);
  CHECK(e->find("not a valid regular expression") != std::string::npos);
  e = load_error(write_config("wb-health-cfg", "bad4.yaml", base + "health: {chek: [x]}\n"), {});
  REQUIRE(e);
  CHECK(e->find("did you mean 'check'") != std::string::npos);
}

TEST_CASE("health commands: ok, failing, timed out, missing; recover then check again") {
  HealthContext ctx{fs::temp_directory_path(), fs::temp_directory_path(), {}, nullptr, nullptr};
  CHECK(run_health_command("check", {"true"}, 5, ctx).ok);
  auto f = run_health_command("check", {"sh", "-c", "echo card 0: not responding; exit 1"}, 5, ctx);
  CHECK_FALSE(f.ok);
  CHECK(f.exit_code == 1);
  CHECK(f.output == "card 0: not responding");
  auto t = run_health_command("check", {"sleep", "5"}, 0.3, ctx);
  CHECK_FALSE(t.ok);
  CHECK(t.timed_out);
  CHECK(t.duration_s < 3);
  auto m = run_health_command("check", {"no-such-health-tool"}, 5, ctx);
  CHECK_FALSE(m.ok);
  CHECK(m.output.find("not found") != std::string::npos);
  HealthConfig h;
  h.check = {"false"};
  h.recover = {"true"};
  std::vector<HealthCommand> out;
  CHECK_FALSE(check_device(h, ctx, out));
  REQUIRE(out.size() == 3);
  CHECK(out[1].role == "recover");
  CHECK(out[2].role == "recheck");
}

TEST_CASE("health rows in the terminal, Markdown and HTML: lost device, kernel findings, sentinels, capture note") {
  Summary s;
  s.name = "t";
  VariantRecord v;
  RunRecord ok;
  ok.index = 1;
  ok.health.kernel = KernelCapture{
      "/dev/kmsg", true, "", 12, {{1.5, "PCIe AER", "pcieport 0000:00:1c.0: AER: Corrected error received"}}, 1};
  ok.health.sentinels.push_back({"npu.npu0_temp_c", "temperature outside -40…150 °C", 3, 2.0, 65262});
  RunRecord lost;
  lost.index = 2;
  lost.status = RunStatus::device_lost;
  lost.reason = "health check failed after the recovery command: device 0: not responding";
  lost.health.device_lost = true;
  lost.health.kernel =
      KernelCapture{"/dev/kmsg", false, "kernel log not captured: /dev/kmsg: Operation not permitted", 0, {}, 0};
  lost.health.commands.push_back({"check", {"sim-health-check"}, false, 1, false, 0.01, "device 0: not responding"});
  v.runs = {ok, lost};
  s.variants.push_back(v);
  std::ostringstream term, md, html;
  write_terminal(s, term);
  write_markdown(s, md);
  write_run_html(s, {}, html);
  for (const auto* text : {&term, &md, &html}) {
    auto t = text->str();
    INFO(t);
    CHECK(t.find("Device health") != std::string::npos);
    CHECK(t.find("DEVICE LOST") != std::string::npos);
    CHECK(t.find("PCIe AER") != std::string::npos);
    CHECK(t.find("3 sentinel reading(s)") != std::string::npos);
    CHECK(t.find("not captured in 1 run(s)") != std::string::npos);
    CHECK(t.find("not responding") != std::string::npos);
  }
  auto j = to_json(s);
  CHECK(j["variants"][0]["runs"][0]["health"]["kernel"]["findings"][0]["label"] == "PCIe AER");
  CHECK(j["variants"][0]["runs"][0]["health"]["sentinels"][0]["count"] == 3);
  CHECK(j["variants"][0]["runs"][1]["health"]["device_lost"] == true);
}

TEST_CASE("every tool kind's kernel patterns are valid regular expressions") {
  for (const Adapter* a : tool_kinds())
    for (const auto& p : a->kernel_patterns()) {
      INFO(a->name() << ": " << p.regex);
      CHECK_FALSE(p.label.empty());
      CHECK_NOTHROW(boost::regex(p.regex));
    }
}
