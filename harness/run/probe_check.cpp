// Probe listing, checking and live monitoring.
#include "harness/run/probe_check.hpp"
#include "harness/monitor/monitor_lines.hpp"
#include "harness/monitor/reading_format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "harness/monitor/curses_view.hpp"
#include "harness/plugin/probe.hpp"
#include "harness/run/sampler.hpp"
#include "harness/run/scratch_bench.hpp"

namespace wb {

namespace fs = std::filesystem;

void list_attached(std::ostream& out, const fs::path& hwmon_root) {
  ScanOptions opt;
  opt.hwmon_root = hwmon_root;
  // Kinds on one transport share its scan: list each once.
  std::vector<void (*)(std::ostream&, const ScanOptions&)> done;
  for (const auto* kind : probe_kinds()) {
    if (!kind->scan || std::find(done.begin(), done.end(), kind->scan) != done.end()) continue;
    done.push_back(kind->scan);
    kind->scan(out, opt);
  }
}

namespace {
std::string reading_line(const ProbeInfo& info, const Sample& s, double rate) {
  std::string line = fmt::format("{:<12}", info.name);
  if (s.flags & kFlagReadError) return line + " read error: " + s.error;
  for (std::size_t i = 0; i < info.channels.size() && i < s.values.size(); ++i) {
    const auto& ch = info.channels[i];
    if (ch.quantity == Quantity::energy) continue;
    line += is_present(s.values[i])
                ? fmt::format("  {:>9} {}", reading_text(s.values[i], ch.unit), ch.unit == "degC" ? "°C" : ch.unit)
                : fmt::format("  {:>9} {}", "—", ch.unit == "degC" ? "°C" : ch.unit);
  }
  // No rate yet (fewer than two samples): unknown, not 0.
  return line + (rate > 0 ? fmt::format("  {:6.0f} Hz", rate) : fmt::format("  {:>6} Hz", "—"));
}
}  // namespace

int check_probes(const Config& cfg, const fs::path& tools_dir, std::ostream& out) {
  ScratchBench scratch(cfg, "probes", tools_dir);
  int failures = 0;
  for (const auto& pc : cfg.probes) {
    try {
      auto p = make_probe(pc, scratch.context());
      p->open();
      // Enough reads to see a conversion complete on the slowest sane settings.
      Sample last;
      std::size_t valid = 0;
      auto t0 = std::chrono::steady_clock::now();
      int reads = p->info().rate_hz < 20 ? 2 : 20;  // slow probes (commands) need not be read 20 times
      for (int i = 0; i < reads; ++i) {
        Sample s;
        p->read(s);
        bool any = false;
        for (double v : s.values) any = any || is_present(v);
        if (any) {
          ++valid;
          last = s;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      double rate = reads / std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (!valid) throw std::runtime_error("opened, but 20 reads gave no reading");
      out << "OK    " << reading_line(p->info(), last, rate) << "\n";
      p->close();
    } catch (const std::exception& e) {
      ++failures;
      out << "FAIL  " << pc.name << ": " << e.what() << "\n";
    }
  }
  return failures ? 1 : 0;
}

int monitor_probes(const Config& cfg, const MonitorOptions& opt, std::ostream& out) {
  ScratchBench scratch(cfg, "monitor", opt.tools_dir);
  if (!opt.csv_dir.empty()) fs::create_directories(opt.csv_dir);
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::unique_ptr<Probe>> probes;  // after the bench, before the samplers: destroyed in between
  for (const auto& pc : cfg.probes) {
    probes.push_back(make_probe(pc, scratch.context()));
    probes.back()->open();
  }
  std::vector<ProbeInfo> infos;
  for (const auto& p : probes) infos.push_back(p->info());
  LiveBoard board(infos);  // before the samplers, which feed it until they stop
  std::vector<std::unique_ptr<Sampler>> samplers;
  for (std::size_t i = 0; i < probes.size(); ++i) {
    std::unique_ptr<TraceCsvWriter> writer;
    if (!opt.csv_dir.empty())
      writer = std::make_unique<TraceCsvWriter>(opt.csv_dir / fmt::format("power-{}.csv", infos[i].name), infos[i]);
    samplers.push_back(std::make_unique<Sampler>(*probes[i], t0, std::move(writer)));
    if (opt.tty) samplers.back()->set_observer([&board, i](const Sample& s) { board.add(i, s); });
    samplers.back()->start();
  }
  bool shown = false;
  if (opt.tty) {
    CursesViewOptions view;
    view.screen.title = cfg.name;
    if (!opt.csv_dir.empty()) view.screen.note = "logging every sample to " + opt.csv_dir.string();
    view.t0 = t0;
    view.duration_s = opt.duration_s;
    view.stop = opt.stop;
    shown = run_curses_view(board, view);
  }
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
  // Not a terminal: CSV with a header and a time stamp per line (harness/monitor/monitor_lines.hpp).
  if (!shown && !opt.tty) out << monitor_csv_header(infos) << "\n" << std::flush;
  while (!shown && !(opt.stop && opt.stop->load()) && (opt.duration_s <= 0 || elapsed() < opt.duration_s)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    if (!opt.tty) {
      std::vector<std::optional<Sample>> latest;
      std::vector<double> rates;
      for (const auto& s : samplers) latest.push_back(s->latest()), rates.push_back(s->recent_rate_hz());
      out << monitor_csv_line(monitor_timestamp(), infos, latest, rates) << "\n" << std::flush;
      continue;
    }
    // A terminal curses cannot drive: a line per probe, redrawn in place.
    std::string block;
    for (const auto& s : samplers)
      if (auto latest = s->latest()) block += reading_line(s->probe().info(), *latest, s->recent_rate_hz()) + "\n";
    out << "\033[" << samplers.size() << "F\033[J" << block << std::flush;
  }
  for (std::size_t i = 0; i < samplers.size(); ++i) {
    if (samplers[i]->stop()) continue;
    out << "warning: " << samplers[i]->hung() << "\n";
    (void)samplers[i].release();  // its thread is still inside the probe's read
    (void)probes[i].release();
  }
  if (!opt.csv_dir.empty()) out << "logged to " << opt.csv_dir.string() << "\n";
  return 0;
}

}  // namespace wb
