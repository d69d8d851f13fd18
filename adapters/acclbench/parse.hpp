// Parser for MemryX acclBench (memryx/MxAccl tools/acclBench/acclBench.cpp) stdout: the FPS
// table redrawn in place, the final "Average FPS ..." lines (labels differ by release), the
// In-To-Out latency table and the tool's own power/temperature table. Pure functions of text.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace wb::acclbench {

// Which release's labels the summary used (see parse.cpp for the sources).
enum class Format { sdk1_0, power_2025, latest };
std::string format_name(Format f);

struct StreamFps {
  int model = 0, stream = 0;
  double fps = 0;  // running mean of per-50-frame rates
};
struct DeviceReading {
  int device = 0;
  std::optional<double> power_w;  // 30-sample moving average; absent where the tool could not read it
  std::optional<double> temp_c;
};
struct ModelLatency {
  int model = 0;
  double latency_ms = 0;  // mean of 10 send/receive round trips, one frame in flight
};

struct Output {
  Format format = Format::latest;
  std::optional<double> fps_dfp, fps_per_stream;
  std::optional<double> power_dfp_w;    // summary line (sum over devices)
  std::vector<StreamFps> streams;       // the last FPS table drawn
  std::vector<DeviceReading> devices;   // the last device table drawn
  std::vector<ModelLatency> latencies;  // latest release only (--no_latency skips it)
  std::optional<int> dfp_chips;
};

// One log as a person saw it: ANSI codes and "\r" redraws removed.
std::string clean(const std::string& raw);
Output parse(const std::string& raw_stdout, const std::string& file);

// Live-line markers. The timed phase starts at accl->start(): the latest release prints
// "Benchmarking" just before it, older ones "Number of chips the dfp is compiled for" just
// after it (the latest prints that line earlier, in its latency step). It ends before the
// first "Average FPS" line (after the final table and accl->stop()).
bool is_benchmarking_line(const std::string& clean_line);
bool is_chips_line(const std::string& clean_line);
bool is_summary_line(const std::string& clean_line);

// The reason of an uncaught exception (libstdc++'s terminate handler on stderr): acclBench
// has no try/catch, so an unloadable DFP aborts with "what():  <reason>". Empty if none.
std::string abort_reason(const std::string& stderr_text);

}  // namespace wb::acclbench
