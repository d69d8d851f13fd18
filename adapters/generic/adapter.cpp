// The generic adapter. Figures: fps, latency_ms, frames, duration_s, each
//   {regex: "...(number)...", stream: stdout|stderr}   last match in that stream
//   {file: name, regex: ...}                            last match in a file the tool wrote
//   {file: name.json, json_pointer: /a/b}               a JSON value (number or numeric string)
// with an optional scale. Window: start_marker/end_marker regexes on live lines, else
// duration_s ending at end_marker (or exit).
#include "adapters/generic/adapter.hpp"

#include <fmt/format.h>

#include "harness/util/regex.hpp"

#include "adapters/files.hpp"
#include "adapters/generic/terminal_text.hpp"
#include "adapters/text_util.hpp"
#include "harness/config/benchmark_config.hpp"
#include "harness/config/node.hpp"
#include "harness/config/yaml_json.hpp"
#include "harness/util/json_text.hpp"

namespace wb {

namespace fs = std::filesystem;

namespace {
const char* kFigures[] = {"fps", "latency_ms", "frames", "duration_s"};

void check_figure(const ConfigNode& f) {
  f.allow_only({"regex", "stream", "file", "json_pointer", "scale"});
  bool regex = f.has("regex"), pointer = f.has("json_pointer");
  if (regex == pointer) f.fail_here("give exactly one of regex (with one capture group) or json_pointer (with file)");
  if (pointer && !f.has("file")) f.fail("json_pointer", "a JSON pointer needs the file it points into");
  if (auto s = f.string("stream"); s && *s != "stdout" && *s != "stderr") f.fail("stream", "expected stdout or stderr");
  if (f.has("stream") && f.has("file")) f.fail("stream", "give stream or file, not both");
  if (auto file = f.string("file");
      file && (file->find("..") != std::string::npos || (!file->empty() && (*file)[0] == '/')))
    f.fail("file", "a file the tool writes in its working folder (no '..', not absolute)");
  if (regex) {
    try {
      rx::regex re(*f.string("regex"));
      if (re.mark_count() < 1) f.fail("regex", "needs a capture group around the number");
    } catch (const rx::error& e) {
      f.fail("regex", fmt::format("does not compile: {}", e.what()));
    }
  }
  if (pointer) {
    try {
      nlohmann::json::json_pointer p(*f.string("json_pointer"));
    } catch (const std::exception& e) {
      f.fail("json_pointer", e.what());
    }
  }
  f.number("scale");
}

std::optional<double> last_match(const std::string& text, const std::string& regex, const std::string& what) {
  rx::regex re(regex);
  std::optional<double> v;
  try {
    for (auto it = rx::sregex_iterator(text.begin(), text.end(), re, rx::kFlags); it != rx::sregex_iterator(); ++it)
      if (auto x = text::to_number((*it)[1])) v = x;
  } catch (const std::runtime_error& e) {  // Boost gave up backtracking: say so rather than guess
    throw ParseError(
        fmt::format("{}: the regex '{}' is too costly for this output ({}); anchor it or drop a leading .*", what,
                    regex, e.what()));
  }
  return v;
}

std::optional<double> extract(const nlohmann::json& spec, const fs::path& tool_dir, const std::string& out,
                              const std::string& err, const std::string& what) {
  std::optional<double> v;
  if (spec.contains("json_pointer")) {
    fs::path file = tool_dir / spec["file"].get<std::string>();
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(read_whole_file(file));
    } catch (const nlohmann::json::parse_error& e) {
      throw ParseError(fmt::format("{}: not valid JSON: {}", file.string(), e.what()));
    }
    nlohmann::json::json_pointer ptr(spec["json_pointer"].get<std::string>());
    if (!j.contains(ptr))
      throw ParseError(fmt::format("{}: {}: nothing at JSON pointer {}", file.string(), what, ptr.to_string()));
    const auto& x = j[ptr];
    if (x.is_number())
      v = x.get<double>();
    else if (x.is_string())
      v = text::to_number(x.get<std::string>());
    if (!v)
      throw ParseError(
          fmt::format("{}: {}: expected a number at {}, found {}", file.string(), what, ptr.to_string(), json_text(x)));
  } else {
    std::string source = spec.contains("file") ? read_whole_file(tool_dir / spec["file"].get<std::string>())
                         : spec.value("stream", "stdout") == "stderr" ? err
                                                                      : out;
    v = last_match(source, spec["regex"].get<std::string>(), what);
  }
  if (v && spec.contains("scale")) *v *= spec["scale"].get<double>();
  return v;
}

class GenericAdapter final : public Adapter {
 public:
  std::string name() const override { return "generic"; }
  std::string default_executable() const override { return ""; }
  WorkKeys work_keys() const override { return {{"model"}, {"argv"}}; }

  void check_args(const ConfigNode& a) const override {
    a.allow_only(
        {"argv", "fps", "latency_ms", "frames", "duration_s", "start_marker", "end_marker", "live_lines", "model"});
    if (!a.string_list("argv")) a.fail_here("generic needs argv: the tool's arguments as a list (no shell)");
    if (!a.has("fps"))
      a.fail_here(
          "generic needs fps: where the throughput is ({regex: ..., stream: stdout} or {file: x.json, json_pointer: "
          "/fps})");
    for (const char* k : kFigures)
      if (auto f = a.mapping(k)) check_figure(*f);
    for (const char* k : {"start_marker", "end_marker"})
      if (auto r = a.string(k)) {
        try {
          rx::regex re(*r);
        } catch (const rx::error& e) {
          a.fail(k, fmt::format("does not compile: {}", e.what()));
        }
      }
    if (a.has("start_marker") && !a.has("end_marker")) a.fail("start_marker", "needs an end_marker too");
    if (!a.has("start_marker") && !a.has("duration_s"))
      a.fail_here("generic needs a window: start_marker + end_marker, or duration_s (ending at end_marker or exit)");
    a.boolean("live_lines");
    a.string("model");
  }

  ToolInvocation invocation(const BenchmarkConfig& b, const fs::path& config_dir) const override {
    ConfigNode a(b.args, "(config)", "benchmark.args");
    ToolInvocation inv;
    // The tool runs in its own folder; "{config_dir}" in an argument names paths beside the config.
    const auto argv = a.string_list("argv").value_or(std::vector<std::string>{});
    for (std::string arg : argv) {
      for (auto pos = arg.find("{config_dir}"); pos != std::string::npos; pos = arg.find("{config_dir}"))
        arg.replace(pos, 12, config_dir.string());
      inv.args.push_back(arg);
    }
    inv.args.insert(inv.args.end(), b.extra_args.begin(), b.extra_args.end());
    inv.live_lines = a.boolean("live_lines").value_or(true);
    inv.context = yaml_to_json(b.args);
    return inv;
  }

  ToolResult parse_run(const fs::path& tool_dir, const fs::path& stdout_log, const fs::path& stderr_log,
                       const ToolInvocation& inv) const override {
    // Regexes see what a terminal would show: no escapes, no stale progress redraws.
    std::string out = term::clean(read_tool_log(stdout_log)), err = term::clean(read_tool_log(stderr_log));
    ToolResult t;
    t.tool = "generic";
    t.model = inv.context.value("model", "");
    auto get = [&](const char* k) -> std::optional<double> {
      if (!inv.context.contains(k)) return std::nullopt;
      return extract(inv.context[k], tool_dir, out, err, k);
    };
    t.fps = get("fps");
    if (!t.fps)
      throw ParseError(fmt::format("{}: fps: the regex '{}' matched nothing", stdout_log.string(),
                                   inv.context["fps"].value("regex", "")));
    t.latency_mean_ms = get("latency_ms");
    t.frames = get("frames");
    t.measured_s = get("duration_s");
    t.sources = {stdout_log.string()};
    return t;
  }

  WindowEvidence window_evidence(const std::vector<TimedLine>& lines, const ToolInvocation& inv) const override {
    WindowEvidence w;
    std::optional<rx::regex> start, end;
    if (inv.context.contains("start_marker")) start = rx::regex(inv.context["start_marker"].get<std::string>());
    if (inv.context.contains("end_marker")) end = rx::regex(inv.context["end_marker"].get<std::string>());
    for (const auto& raw : lines) {
      // The runner already split on \r; a line may still carry colour and cursor escapes.
      std::string text = term::strip_ansi(raw.text);
      if (start && !w.marker_start_s && rx::search(text, *start)) {
        w.marker_start_s = raw.t_s;
      } else if (end && !w.end_anchor_s && (!start || w.marker_start_s) && rx::search(text, *end)) {
        w.end_anchor_s = raw.t_s;
        w.end_anchor_text = text;
        if (start) w.marker_end_s = raw.t_s;
      }
    }
    if (!w.marker_end_s) w.marker_start_s.reset();
    return w;
  }

  nlohmann::json parse_files(const std::vector<fs::path>&) const override {
    throw ParseError(
        "generic: the rules for its figures live in a config: wattbench parse generic --config CONFIG FILE...");
  }
};

}  // namespace

const Adapter& generic_adapter() {
  static const GenericAdapter adapter;
  return adapter;
}

}  // namespace wb
