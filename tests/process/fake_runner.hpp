// A ProcessRunner that starts nothing: it replays a recorded tool's lines (a tool.lines.tsv)
// on the run clock, as the real runner would have stamped and logged them, then reports the
// exit it was told to. Drives the whole pipeline in unit tests without a subprocess.
#pragma once
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "harness/process/process.hpp"
#include "harness/run/run_files.hpp"

namespace wb::test {

class FakeRunner : public ProcessRunner {
 public:
  std::vector<TimedLine> lines;  // t_s relative to the tool's start
  double lifetime_s = 1.0;       // exit this long after the start (when not timed out)
  int exit_code = 0;
  int signal = 0;
  bool timed_out = false;
  std::string start_error;  // non-empty: the tool never started
  int runs = 0;
  ProcessSpec last_spec;

  static FakeRunner replaying(const std::filesystem::path& lines_tsv) {
    FakeRunner f;
    f.lines = read_lines_tsv(lines_tsv);
    if (!f.lines.empty()) f.lifetime_s = f.lines.back().t_s + 0.05;
    return f;
  }

  ProcessResult run(const ProcessSpec& spec, const std::function<void(const TimedLine&)>& on_line,
                    const std::atomic<bool>*) override {
    ++runs;
    last_spec = spec;
    ProcessResult r;
    auto now_s = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - spec.t0).count(); };
    if (!start_error.empty()) {
      r.start_error = start_error;
      return r;
    }
    r.started = true;
    r.start_s = now_s();
    std::ofstream out(spec.stdout_log), err(spec.stderr_log), tsv(spec.lines_log);
    tsv << "t_s\tstream\ttext\n";
    double end = timed_out ? spec.timeout_s : lifetime_s;
    for (const auto& l : lines) {
      if (l.t_s > end) break;
      sleep_until(spec, r.start_s + l.t_s);
      TimedLine stamped{r.start_s + l.t_s, l.stream, l.text};
      (l.stream == 2 ? err : out) << l.text << "\n";
      char t[32];
      std::snprintf(t, sizeof t, "%.6f", stamped.t_s);
      tsv << t << "\t" << l.stream << "\t" << l.text << "\n";
      if (on_line) on_line(stamped);
      if (spec.keep_lines) r.lines.push_back(stamped);
    }
    sleep_until(spec, r.start_s + end);
    r.end_s = now_s();
    r.timed_out = timed_out;
    if (timed_out)
      r.signal = 9;  // the group was killed
    else if (signal)
      r.signal = signal;
    else
      r.exit_code = exit_code;
    return r;
  }

 private:
  static void sleep_until(const ProcessSpec& spec, double t_s) {
    std::this_thread::sleep_until(
        spec.t0 + std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(t_s)));
  }
};

}  // namespace wb::test
