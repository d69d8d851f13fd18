// Hostile files (issue 13): a full disk, concurrent writers, summary.json with wrong types and
// a shuffled trace must give a clear error naming the file, never a cut file or a false figure.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "file_text.hpp"
#include "harness/run/run_files.hpp"
#include "harness/run/summary_files.hpp"
#include "harness/trace/trace_csv.hpp"
#include "harness/util/checked_write.hpp"

using namespace wb;
namespace fs = std::filesystem;

namespace {
fs::path scratch(const std::string& name) {
  fs::path d = fs::temp_directory_path() / fmt::format("wattbench-hostile-{}-{}", name, ::getpid());
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

using test::slurp;

ProbeInfo two_channels() {
  ProbeInfo info;
  info.channels = {{"power_w", "W", Quantity::power}, {"energy_j", "J", Quantity::energy}};
  return info;
}
}  // namespace

TEST_CASE("write_file_atomic: a write cut short by a size limit keeps the good file and names the path") {
  auto dir = scratch("fsize");
  fs::path target = dir / "summary.json";
  const std::string good = "{\"good\": true}\n";
  write_file_atomic(target, good);
  const std::string big(64 * 1024, 'x');
  // A child with a file size limit below the new text: its writes fail (EFBIG) part way.
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::signal(SIGXFSZ, SIG_IGN);
    rlimit lim{static_cast<rlim_t>(big.size() / 2), static_cast<rlim_t>(big.size() / 2)};
    ::setrlimit(RLIMIT_FSIZE, &lim);
    try {
      write_file_atomic(target, big);
    } catch (const std::exception& e) {
      _exit(std::string(e.what()).find(target.string()) != std::string::npos ? 0 : 2);
    }
    _exit(1);  // no error: the failure went unnoticed
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE(WIFEXITED(status));
  CHECK_MESSAGE(WEXITSTATUS(status) == 0, "1: no error raised, 2: error without the path");
  CHECK(slurp(target) == good);
  std::size_t leftovers = 0;
  for (const auto& e : fs::directory_iterator(dir)) leftovers += e.path().filename() != "summary.json";
  CHECK(leftovers == 0);  // no temporary left behind
  fs::remove_all(dir);
}

TEST_CASE("write_all to a full device says 'disk full: <path>'") {
  int fd = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
  REQUIRE(fd >= 0);
  CHECK_THROWS_WITH(write_all(fd, "some bytes", "/results/summary.json"), "disk full: /results/summary.json");
  ::close(fd);
}

TEST_CASE("a trace writer on a full disk records 'disk full' instead of cutting the trace silently") {
  ProbeInfo info = two_channels();
  TraceCsvWriter w("/dev/full", info);
  for (int i = 0; i < 100; ++i) w.write({i * 0.001, {4.5, 0.01 * i}, 0, ""});
  w.flush();
  CHECK(w.error().find("disk full: /dev/full") != std::string::npos);
}

TEST_CASE("write_file_atomic: concurrent writers of one file never collide on the temporary") {
  auto dir = scratch("concurrent");
  fs::path target = dir / "summary.json";
  const std::string a(4096, 'a'), b(4096, 'b');
  std::atomic<int> failures{0};
  auto writer = [&](const std::string& text) {
    for (int i = 0; i < 200; ++i) {
      try {
        write_file_atomic(target, text);
      } catch (const std::exception&) {
        ++failures;
      }
    }
  };
  std::thread t1(writer, a), t2(writer, b);
  t1.join();
  t2.join();
  CHECK(failures == 0);
  std::string final_text = slurp(target);
  CHECK((final_text == a || final_text == b));
  fs::remove_all(dir);
}

TEST_CASE("summary.json with a string where a number belongs: the error names the file and the JSON path") {
  auto dir = scratch("types");
  nlohmann::json s = {{"schema", "wattbench.summary/1"},
                      {"name", "x"},
                      {"variants",
                       {{{"id", "default"},
                         {"runs", nlohmann::json::array()},
                         {"aggregate", {{"fps_per_w", {{"n", 2}, {"mean", "214.9"}}}}}}}}};
  std::ofstream(dir / "summary.json") << s.dump(2);
  std::string expected =
      (dir / "summary.json").string() + ": variants[0].aggregate.fps_per_w.mean: expected number, got string";
  CHECK_THROWS_WITH(load_compare_rows(dir), doctest::Contains(expected.c_str()));
  // A string where text belongs is fine; a number where text belongs is named too.
  s["variants"][0]["aggregate"]["fps_per_w"]["mean"] = 214.9;
  s["name"] = 7;
  std::ofstream(dir / "summary.json") << s.dump(2);
  CHECK_THROWS_WITH(load_compare_rows(dir), doctest::Contains(": name: expected string, got number"));
  // Run fields of every metric row are checked, a newer row (peak power) too.
  s["name"] = "x";
  s["variants"][0]["runs"] = {{{"index", 1}, {"status", "ok"}, {"peak_power_w", "5.1"}}};
  std::ofstream(dir / "summary.json") << s.dump(2);
  CHECK_THROWS_WITH(load_compare_rows(dir),
                    doctest::Contains("variants[0].runs[0].peak_power_w: expected number, got string"));
  fs::remove_all(dir);
}

TEST_CASE("a time-reversed trace is refused with file:line and what was expected") {
  auto dir = scratch("reversed");
  fs::path p = dir / "power-x.csv";
  std::ofstream(p) << "t_s,power_w,flags,error\n0.001,4.5,0,\n0.002,4.6,0,\n0.0015,4.7,0,\n";
  std::string expected = p.string() + ":4: t_s 0.0015 is earlier than the sample before it";
  CHECK_THROWS_WITH(read_trace_csv(p), doctest::Contains(expected.c_str()));
  // Equal stamps stay allowed (an instrument may log two samples in one tick).
  std::ofstream(p) << "t_s,power_w,flags,error\n0.001,4.5,0,\n0.001,4.6,0,\n0.002,4.7,0,\n";
  CHECK(read_trace_csv(p).samples.size() == 3);
  fs::remove_all(dir);
}
