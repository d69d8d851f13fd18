// What every vendor-tool adapter provides: argv, output parsing and window evidence.
#pragma once
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace wb {

class ConfigNode;
struct BenchmarkConfig;

// A parse failure: names the file and line and quotes what was expected and found.
class ParseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ToolResult {
  std::string tool;
  std::string model;
  std::optional<double> fps;
  std::optional<double> frames;
  std::optional<double> latency_mean_ms, latency_sd_ms;
  std::optional<double> device_time_mean_ms, device_time_sd_ms;  // e.g. NPU inference time
  std::optional<double> measured_s;  // the tool's own timed-phase length
  std::map<std::string, std::string> versions;
  nlohmann::json extras = nlohmann::json::object();
  std::vector<std::string> sources;  // files the figures came from
};
nlohmann::json to_json(const ToolResult& r);

struct TimedLine {
  double t_s = 0;  // run-relative steady seconds
  int stream = 1;  // 1 stdout, 2 stderr
  std::string text;
};

struct ToolInvocation {
  std::vector<std::string> args;  // argv[1..]
  bool live_lines = true;         // run under a pseudo-terminal so the tool line-buffers
  std::optional<double> expected_s;
  nlohmann::json context = nlohmann::json::object();  // what the adapter's parser needs from the config
};

// Evidence for the measured window found in the tool's live output.
struct WindowEvidence {
  std::optional<double> marker_start_s, marker_end_s;  // bracketing markers, if the tool prints them
  std::optional<double> end_anchor_s;                   // first line after the timed phase
  std::string end_anchor_text;
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
  // `wattbench parse`: each file by its kind (recognised by name or content), as JSON.
  virtual nlohmann::json parse_files(const std::vector<std::filesystem::path>& files) const = 0;
};

}  // namespace wb
