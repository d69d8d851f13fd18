// The seam between the harness and the vendor-tool plug-ins (adapters). A tool kind
// describes itself: name, its benchmark.args check, invocation, parse_run and window
// evidence; its fake tool is built next to it (cmake/wattbench_adapter.cmake). The root
// config keeps only the common benchmark fields and asks the registry about `tool:`. The one
// list of kinds is adapters/registry.cpp, joined by the linker, so nothing here includes a plug-in.
#pragma once
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/process/timed_line.hpp"

namespace wb {

class ConfigNode;
struct BenchmarkConfig;

// A parse failure: names the file and line and quotes what was expected and found.
class ParseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The tool said why it did nothing useful (some tools exit 0 on bad options): the run fails
// with the tool's own words. Only words about the model (an operator its compiler does not
// support, a model that does not fit, a file of the wrong format) make a refusal: a result of
// the model × card pair. Each adapter names those words from its tool's source; anything else
// (a device that cannot be opened, a link down, bad options) is a failure of the card or set-up.
class ToolError : public std::runtime_error {
 public:
  enum class Cause { card_or_setup, model };
  explicit ToolError(const std::string& what, Cause cause = Cause::card_or_setup)
      : std::runtime_error(what), m_cause(cause) {}
  bool model_refused() const { return m_cause == Cause::model; }

 private:
  Cause m_cause;
};

struct ToolResult {
  std::string tool;
  std::string model;
  std::optional<double> fps;
  std::optional<double> frames;
  std::optional<double> latency_mean_ms, latency_sd_ms;
  std::optional<double> device_time_mean_ms, device_time_sd_ms;  // e.g. NPU inference time
  std::optional<double> measured_s;                              // the tool's own timed-phase length
  // The timed phase on CLOCK_MONOTONIC seconds, where the tool recorded its own timestamps
  // (e.g. dxbenchmark's profiler.json); the analysis maps it onto the run clock.
  std::optional<double> steady_start_s, steady_end_s;
  // How far either window edge may be off (s) because the tool's evidence is approximate, and why.
  double window_uncertainty_s = 0;
  std::string window_note;
  std::map<std::string, std::string> versions;
  nlohmann::json extras = nlohmann::json::object();
  std::vector<std::string> sources;   // files the figures came from
  std::vector<std::string> warnings;  // doubts about the tool's figures, shown with the run
  // The tool's per-inference figure is latency, not a rate (paced runs): the FPS is frames
  // over the measured window, counted by the harness once the window is known.
  bool fps_over_window = false;
  // Rates the tool printed beside the delivered one (device-only, theoretical), by name: shown
  // with the run; benchmark.fps_source makes one the headline instead (docs/WINDOWS.md).
  std::map<std::string, double> other_fps;
};
nlohmann::json to_json(const ToolResult& r);

struct ToolInvocation {
  std::vector<std::string> args;  // argv[1..]
  bool live_lines = true;         // run under a pseudo-terminal so the tool line-buffers
  bool tty_stderr = false;        // stderr on a terminal too: the tool draws its progress there only on a tty
  std::optional<double> expected_s;
  nlohmann::json context = nlohmann::json::object();  // what the adapter's parser needs from the config
};

// Evidence for the measured window found in the tool's live output.
// A start without an end means: the timed phase starts there and lasts the tool's measured_s.
struct WindowEvidence {
  std::optional<double> marker_start_s, marker_end_s;  // bracketing markers, if the tool prints them
  std::optional<double> end_anchor_s;                  // first line after the timed phase
  std::string end_anchor_text;
  std::string detail;        // how the edges were found, when not plain marker lines
  double uncertainty_s = 0;  // how far an edge may be off (s)
};

// The tool's running count during its timed phase, where it prints one (progress bars,
// per-iteration lines): cumulative frames since the timed phase began, at a run-clock time.
struct ProgressPoint {
  double t_s = 0;
  double frames = 0;
};

// A kernel log line that tells of the tool's device or driver in trouble: a label for the
// summary and a regex (ECMAScript, searched) over the message text.
struct KernelPattern {
  std::string label, regex;
};

class Adapter {
 public:
  virtual ~Adapter() = default;
  virtual std::string name() const = 0;
  virtual std::string default_executable() const = 0;
  // Validates benchmark.args; throws ConfigError at the offending key.
  virtual void check_args(const ConfigNode& args) const = 0;
  // config_dir: relative paths in args resolve against it.
  virtual ToolInvocation invocation(const BenchmarkConfig& b, const std::filesystem::path& config_dir) const = 0;
  // Parses what the tool left: its working folder (files it wrote) and its stdout/stderr logs.
  // inv: how the tool was started (some tools report no duration of their own).
  virtual ToolResult parse_run(const std::filesystem::path& tool_dir, const std::filesystem::path& stdout_log,
                               const std::filesystem::path& stderr_log, const ToolInvocation& inv) const = 0;
  virtual WindowEvidence window_evidence(const std::vector<TimedLine>& lines, const ToolInvocation& inv) const = 0;
  // Progress over the timed phase, for FPS per time slice; empty where the tool prints none.
  virtual std::vector<ProgressPoint> progress(const std::vector<TimedLine>& lines, const ToolInvocation& inv) const {
    (void)lines;
    (void)inv;
    return {};
  }
  // The same where a tool records its per-iteration times in a file after the run rather than
  // printing them live: tool_dir is its working folder (as in parse_run). By default the lines alone.
  virtual std::vector<ProgressPoint> run_progress(const std::vector<TimedLine>& lines, const ToolInvocation& inv,
                                                  const std::filesystem::path& tool_dir) const {
    (void)tool_dir;
    return progress(lines, inv);
  }
  // `wattbench parse`: each file by its kind (recognised by name or content), as JSON.
  virtual nlohmann::json parse_files(const std::vector<std::filesystem::path>& files) const = 0;
  // The argv that caps the tool's rate at `fps` frames per second over all its streams
  // (benchmark.target_fps), or why it cannot (then args is empty). args: benchmark.args, for
  // options the cap depends on (streams, mode) or conflicts with (the tool's own cap).
  struct Pacing {
    std::vector<std::string> args;
    std::string problem;
  };
  virtual Pacing pacing(const ConfigNode& args, double fps) const {
    (void)args;
    (void)fps;
    return {{}, "has no option that caps its rate"};
  }
  // The benchmark.args keys that name the model artifact the tool loads (a file or a folder)
  // and those that change the work it does (batch, streams, API mode, cores, performance
  // mode): they make the result's identity (harness/identity), so gates compare like with like.
  struct WorkKeys {
    std::vector<std::string> model, work;
  };
  virtual WorkKeys work_keys() const { return {}; }
  // What its driver logs when the device wedges (harness/analysis/kernel_findings.hpp adds the
  // PCIe and kernel-wide ones); none by default.
  virtual std::vector<KernelPattern> kernel_patterns() const { return {}; }
};

// Defined by adapters/registry.cpp.
const std::vector<const Adapter*>& tool_kinds();
const Adapter* find_tool(const std::string& name);
std::string tool_names();  // "dxbenchmark, hailortcli, ..." for error messages

}  // namespace wb
