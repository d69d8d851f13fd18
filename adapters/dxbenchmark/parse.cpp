// dxbenchmark output parsers, written from DEEPX-AI/dx_rt v3.1–v3.4 (cli/dxbenchmark/,
// lib/profiler.cpp): CSV header with irregular spaces, optional Firmware Version (only a
// pre-release lacks it), unquoted model names, fixed 2-decimal numbers; hand-written JSON;
// the profiler table of each version on stdout; profiler.json events.
#include "adapters/dxbenchmark/parse.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>
#include "harness/util/regex.hpp"

#include "adapters/text_util.hpp"
#include "harness/plugin/tool_kind.hpp"
#include "harness/util/json_text.hpp"

namespace wb::dxbenchmark {

using text::lines_of;
using text::to_number;
using text::trim;

namespace {

std::string strip_v(std::string s) {
  s = trim(s);
  if (!s.empty() && (s[0] == 'v' || s[0] == 'V')) s.erase(0, 1);
  return s;
}

// CV is SD/mean; the tool writes -1.00 when the mean is 0, meaning "not defined".
std::optional<double> cv_value(double v) { return v < 0 ? std::nullopt : std::optional<double>(v); }

}  // namespace

const ProfilerRow* StdoutInfo::row(const std::string& name) const {
  for (const auto& r : profiler)
    if (r.name == name) return &r;
  return nullptr;
}

namespace {

// "| a | b | c |" -> {"a", "b", "c", ""}: the cells between pipes, trimmed.
std::vector<std::string> table_cells(const std::string& line) {
  std::vector<std::string> cells;
  std::size_t pos = line.find('|');
  while (pos != std::string::npos) {
    std::size_t next = line.find('|', pos + 1);
    cells.push_back(trim(line.substr(pos + 1, next == std::string::npos ? std::string::npos : next - pos - 1)));
    pos = next;
  }
  return cells;
}

// "-----…" or "=====…" (v3.4 frames task sections with '=').
bool is_rule(const std::string& t) {
  return t.size() >= 10 &&
         (t.find_first_not_of('-') == std::string::npos || t.find_first_not_of('=') == std::string::npos);
}

}  // namespace

// Table layouts by version (DEEPX-AI/dx_rt lib/profiler.cpp `Show`): v3.1/v3.2 rows are
// "| name | min | max | avg | d1, d2, …" (at most 30 durations, then "..."), not closed by a pipe;
// v3.3 prints "| Device N |" sections with rows closed by " |"; v3.4 prints "| Task: t |" and
// "| Device N |" / "| CPU |" sections with a fifth "CoV (%)" column.
StdoutInfo parse_stdout(const std::string& text, const std::string& file) {
  StdoutInfo info;
  auto lines = lines_of(text);
  static const rx::regex version_re(
      R"(^(Runtime Framework Version|Device Driver Version|PCIe Driver Version):\s*(\S+)\s*$)");
  static const rx::regex model_re(R"(^=== Model File: (.*) ===\s*$)");
  bool in_table = false, has_cov = false, has_devices = false;
  std::string device, task;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& l = lines[i];
    std::string t = trim(l);
    rx::smatch m;
    if (rx::match(l, m, version_re)) {
      std::string key = m[1] == "Runtime Framework Version" ? "runtime"
                        : m[1] == "Device Driver Version"   ? "device_driver"
                                                            : "pcie_driver";
      info.versions[key] = strip_v(m[2]);
      continue;
    }
    if (rx::match(l, m, model_re)) {
      info.model_files.push_back(m[1]);
      continue;
    }
    if (l.find(kProfilerWrittenMarker) != std::string::npos) {
      info.profiler_line = i + 1;
      in_table = true;
      continue;
    }
    if (t.empty() || t[0] != '|') {
      // The table ends at the first line that is neither a rule nor a row.
      if (in_table && !is_rule(t) && !t.empty()) in_table = false;
      continue;
    }
    auto cells = table_cells(t);
    if (cells.empty()) continue;
    bool header = false;
    for (const auto& c : cells) header |= c.rfind("min (us)", 0) == 0;
    if (header) {
      in_table = true;
      for (const auto& c : cells) has_cov |= c.rfind("CoV", 0) == 0;
      continue;
    }
    if (!in_table) continue;
    std::size_t filled = 0;
    for (const auto& c : cells) filled += !c.empty();
    if (filled == 1 && !cells[0].empty()) {  // a section title
      const std::string& title = cells[0];
      if (title.rfind("Task:", 0) == 0) {
        task = trim(title.substr(5));
        device.clear();
      } else if (title.rfind("Device", 0) == 0 || title.rfind("CPU", 0) == 0) {
        device = title;
        has_devices = true;
      }
      continue;
    }
    if (cells.size() < 4)
      throw ParseError(
          fmt::format("{}:{}: profiler row: expected '| name | min | max | average |', found: '{}'", file, i + 1, t));
    ProfilerRow r;
    r.name = cells[0];
    r.device = device;
    r.task = task;
    auto mn = to_number(cells[1]), mx = to_number(cells[2]), avg = to_number(cells[3]);
    if (!mn || !mx || !avg)
      throw ParseError(
          fmt::format("{}:{}: profiler row '{}': expected three numbers (min, max, average in us), found: '{}'", file,
                      i + 1, r.name, t));
    r.min_us = *mn;
    r.max_us = *mx;
    r.avg_us = *avg;
    if (cells.size() > 4 && !cells[4].empty()) {
      if (has_cov) {
        r.cov_pct = to_number(cells[4]);
        if (!r.cov_pct)
          throw ParseError(fmt::format("{}:{}: profiler row '{}': expected the CoV (%) as a number, found '{}'", file,
                                       i + 1, r.name, cells[4]));
      } else {
        // "2031, 2992, …, ..." — durations each followed by ", ", then "..." past 30.
        std::stringstream ss(cells[4]);
        for (std::string item; std::getline(ss, item, ',');) {
          item = trim(item);
          if (item.empty()) continue;
          if (item == "...") {
            r.more_samples = true;
            continue;
          }
          auto v = to_number(item);
          if (!v)
            throw ParseError(
                fmt::format("{}:{}: profiler row '{}': expected durations in us separated by ', ', found '{}'", file,
                            i + 1, r.name, item));
          r.samples_us.push_back(*v);
        }
      }
    }
    if (r.name.rfind("dxbenchmark_", 0) == 0) {
      // Names are cut to 28 characters by v3.1/v3.2; the span includes model load and warm-up.
      info.span_model = r.name.substr(std::string("dxbenchmark_").size());
      info.load_to_end_s = r.max_us * 1e-6;
    }
    info.profiler.push_back(std::move(r));
  }
  if (!info.profiler.empty()) info.profiler_layout = has_cov ? "v3.4" : has_devices ? "v3.3" : "v3.1/v3.2";
  return info;
}

namespace {

// Collects the NPU Task events of profiler.json without building the whole document: the file
// is one compact line of {"<event name>":[{"start":ns,"end":ns},…],…}, ~15 MB for 30 s.
struct ProfileEvent {
  std::string task, device;
  double start_ns = 0, end_ns = 0;
};

class NpuTaskCollector : public nlohmann::json::json_sax_t {
 public:
  std::vector<ProfileEvent> events;
  std::string scheme;
  bool top_level_object = false;

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t v) override { return number(static_cast<double>(v)); }
  bool number_unsigned(number_unsigned_t v) override { return number(static_cast<double>(v)); }
  bool number_float(number_float_t v, const string_t&) override { return number(v); }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override {
    if (m_depth == 0) top_level_object = true;
    if (m_depth == 2) {
      m_start.reset();
      m_end.reset();
    }
    ++m_depth;
    return true;
  }
  bool end_object() override {
    --m_depth;
    if (m_depth == 2 && m_wanted && m_start && m_end) events.push_back({m_task, m_device, *m_start, *m_end});
    return true;
  }
  bool start_array(std::size_t) override {
    ++m_depth;
    return true;
  }
  bool end_array() override {
    --m_depth;
    return true;
  }
  bool key(string_t& k) override {
    if (m_depth == 1)
      select(k);
    else if (m_depth == 3)
      m_field = k;
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) override {
    error_position = position;
    error = e.what();
    return false;
  }
  std::size_t error_position = 0;
  std::string error;

 private:
  bool number(double v) {
    if (m_depth == 3 && m_wanted) {
      if (m_field == "start")
        m_start = v;
      else if (m_field == "end")
        m_end = v;
    }
    return true;
  }
  // "NPU Task[Job_12][npu_0][Req_1034]" (v3.1/v3.2), "NPU Task[Device_0][Job_12][npu_0][Req_1034]"
  // (v3.3), "NPU Task[npu_0][Device_0][Job_17]" (v3.4): the task is the group that names no
  // device, job or request.
  void select(const std::string& name) {
    m_wanted = name.rfind("NPU Task[", 0) == 0;
    if (!m_wanted) return;
    m_task.clear();
    m_device.clear();
    bool has_req = false;
    for (std::size_t open = name.find('['); open != std::string::npos; open = name.find('[', open + 1)) {
      std::size_t close = name.find(']', open);
      if (close == std::string::npos) break;
      std::string group = name.substr(open + 1, close - open - 1);
      if (group.rfind("Device_", 0) == 0)
        m_device = group;
      else if (group.rfind("Req_", 0) == 0)
        has_req = true;
      else if (group.rfind("Job_", 0) != 0 && m_task.empty())
        m_task = group;
    }
    std::string s = has_req ? (m_device.empty() ? "v3.1/v3.2" : "v3.3") : "v3.4";
    if (scheme.empty()) scheme = s;
  }
  int m_depth = 0;
  bool m_wanted = false;
  std::string m_task, m_device, m_field;
  std::optional<double> m_start, m_end;
};

}  // namespace

// From DEEPX-AI/dx_rt cli/dxbenchmark/core/src/runner.cpp `Runner::Run`: `warmup` synchronous
// Run() calls, then the timed RunAsync loop; lib/profiler.cpp records one "NPU Task" event per
// inference and NPU task with std::chrono::steady_clock (CLOCK_MONOTONIC on Linux) nanoseconds.
// Sorted by start, the first warmup × tasks events are the warm-up runs.
TimedLoop parse_profile(const std::string& text, const std::string& file, long warmup_runs) {
  NpuTaskCollector c;
  bool ok = nlohmann::json::sax_parse(text, &c);
  if (!ok) {
    std::size_t line =
        1 +
        static_cast<std::size_t>(std::count(
            text.begin(), text.begin() + static_cast<std::ptrdiff_t>(std::min(c.error_position, text.size())), '\n'));
    throw ParseError(fmt::format("{}:{}: not valid JSON (truncated profiler.json?): {}", file, line, c.error));
  }
  if (!c.top_level_object) throw ParseError(fmt::format("{}: expected a JSON object of profiler events", file));
  if (c.events.empty())
    throw ParseError(
        fmt::format("{}: no \"NPU Task[…]\" events with start and end times: not a dxbenchmark profiler.json, "
                    "or the run did no inference",
                    file));
  TimedLoop loop;
  loop.key_scheme = c.scheme;
  loop.events = c.events.size();
  std::map<std::string, std::size_t> per_task, per_task_device;
  for (const auto& e : c.events) ++per_task[e.task], ++per_task_device[e.task + "/" + e.device];
  loop.npu_tasks = per_task.size();
  // v3.4 keeps a slot per job id, and job ids cycle through 1024: a full set means the oldest
  // jobs (warm-up and the first timed ones) were overwritten.
  if (loop.key_scheme == "v3.4")
    for (const auto& [k, n] : per_task_device) loop.complete = loop.complete && n < 1024;
  std::sort(c.events.begin(), c.events.end(),
            [](const ProfileEvent& a, const ProfileEvent& b) { return a.start_ns < b.start_ns; });
  std::size_t skip = loop.complete ? static_cast<std::size_t>(std::max(0L, warmup_runs)) * loop.npu_tasks : 0;
  if (skip >= c.events.size())
    throw ParseError(fmt::format(
        "{}: {} NPU Task events, not more than the {} warm-up runs × {} NPU task(s): no timed inference recorded", file,
        c.events.size(), warmup_runs, loop.npu_tasks));
  loop.warmup_events = skip;
  for (std::size_t i = 1; i < skip; ++i)
    if (c.events[i].start_ns < c.events[i - 1].end_ns) loop.warmup_sequential = false;
  loop.first_start_s = c.events[skip].start_ns * 1e-9;
  double last = 0;
  for (std::size_t i = skip; i < c.events.size(); ++i) last = std::max(last, c.events[i].end_ns);
  loop.last_end_s = last * 1e-9;
  loop.inferences = (c.events.size() - skip) / loop.npu_tasks;
  return loop;
}

std::string tool_error(const std::string& stdout_text, const std::string& stderr_text) {
  // dxbenchmark.cpp: option errors print "Error: <what>" and exit 0; its own checks print "[ERR] …"
  // or a sentence and exit 1 or -1 (runner.cpp: "Either time or loops must be greater than zero.").
  for (const auto* text : {&stderr_text, &stdout_text})
    for (const auto& l : lines_of(*text)) {
      std::string t = trim(l);
      if (t.rfind("Error:", 0) == 0 || t.rfind("[ERR]", 0) == 0 || t.rfind("[Error]", 0) == 0 ||
          t == "Either loops or time duration must be specified." || t == "Model directory is required" ||
          t == "Either time or loops must be greater than zero.")
        return t;
    }
  return "";
}

std::vector<ModelResult> parse_csv(const std::string& text, const std::string& file) {
  auto lines = lines_of(text);
  while (!lines.empty() && trim(lines.back()).empty()) lines.pop_back();
  if (lines.empty()) throw ParseError(fmt::format("{}: empty file, expected a dxbenchmark CSV header", file));
  std::vector<std::string> header;
  {
    std::stringstream ss(lines[0]);
    for (std::string c; std::getline(ss, c, ',');) header.push_back(trim(c));
  }
  auto col = [&](const std::string& name, bool required) -> std::optional<std::size_t> {
    auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) {
      if (required)
        throw ParseError(
            fmt::format("{}:1: expected column '{}' in the dxbenchmark CSV header, found: '{}'", file, name, lines[0]));
      return std::nullopt;
    }
    return static_cast<std::size_t>(it - header.begin());
  };
  auto c_model = *col("Model Name", true), c_fps = *col("FPS", true);
  auto c_rt = col("Runtime Version", false), c_fw = col("Firmware Version", false);
  auto c_dd = col("Device Driver Version", false), c_pd = col("PCIe Driver Version", false);
  auto c_npu_m = col("NPU Inference Time Mean", false), c_npu_sd = col("NPU Inference Time SD", false);
  auto c_npu_cv = col("NPU Inference Time CV", false);
  auto c_lat_m = col("Latency Mean", false), c_lat_sd = col("Latency SD", false), c_lat_cv = col("Latency CV", false);

  std::vector<ModelResult> rows;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (trim(l).empty()) continue;
    std::vector<std::string> cells;
    {
      std::stringstream ss(l);
      for (std::string c; std::getline(ss, c, ',');) cells.push_back(c);
      if (!l.empty() && l.back() == ',') cells.push_back("");
    }
    // Model names are written unquoted; a name with commas spills into extra cells.
    if (cells.size() > header.size()) {
      std::size_t extra = cells.size() - header.size();
      for (std::size_t k = 0; k < extra; ++k) cells[c_model] += "," + cells[c_model + 1 + k];
      cells.erase(cells.begin() + static_cast<std::ptrdiff_t>(c_model + 1),
                  cells.begin() + static_cast<std::ptrdiff_t>(c_model + 1 + extra));
    }
    if (cells.size() != header.size())
      throw ParseError(
          fmt::format("{}:{}: expected {} comma-separated values as in the header, found {} (truncated row?): '{}'",
                      file, i + 1, header.size(), cells.size(), l));
    auto number = [&](std::size_t c) {
      auto v = to_number(cells[c]);
      if (!v)
        throw ParseError(fmt::format("{}:{}: column '{}': expected a number, found '{}' in: '{}'", file, i + 1,
                                     header[c], trim(cells[c]), l));
      return *v;
    };
    auto opt_number = [&](std::optional<std::size_t> c) -> std::optional<double> {
      if (!c) return std::nullopt;
      return number(*c);
    };
    ModelResult r;
    r.model = trim(cells[c_model]);
    if (r.model.empty()) throw ParseError(fmt::format("{}:{}: column 'Model Name' is empty in: '{}'", file, i + 1, l));
    r.fps = number(c_fps);
    if (r.fps < 0)
      throw ParseError(fmt::format("{}:{}: column 'FPS': expected a non-negative number, found '{}'", file, i + 1,
                                   trim(cells[c_fps])));
    r.npu_mean_ms = opt_number(c_npu_m);
    r.npu_sd_ms = opt_number(c_npu_sd);
    if (auto v = opt_number(c_npu_cv)) r.npu_cv = cv_value(*v);
    r.latency_mean_ms = opt_number(c_lat_m);
    r.latency_sd_ms = opt_number(c_lat_sd);
    if (auto v = opt_number(c_lat_cv)) r.latency_cv = cv_value(*v);
    auto ver = [&](std::optional<std::size_t> c, const char* key) {
      if (c && !trim(cells[*c]).empty()) r.versions[key] = strip_v(cells[*c]);
    };
    ver(c_rt, "runtime");
    ver(c_fw, "firmware");
    ver(c_dd, "device_driver");
    ver(c_pd, "pcie_driver");
    rows.push_back(std::move(r));
  }
  if (rows.empty()) throw ParseError(fmt::format("{}: header only, expected at least one result row", file));
  return rows;
}

std::vector<ModelResult> parse_json(const std::string& text, const std::string& file) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    std::size_t line =
        1 + static_cast<std::size_t>(std::count(
                text.begin(), text.begin() + static_cast<std::ptrdiff_t>(std::min(e.byte, text.size())), '\n'));
    throw ParseError(fmt::format("{}:{}: not valid JSON (truncated file?): {}", file, line, e.what()));
  }
  auto where = [&](const std::string& key) {
    // Best effort line for messages: first occurrence of the key in the text.
    auto pos = text.find("\"" + key + "\"");
    std::size_t line = pos == std::string::npos
                           ? 0
                           : 1 + static_cast<std::size_t>(
                                     std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
    return line ? fmt::format("{}:{}", file, line) : file;
  };
  if (!j.is_object() || !j.contains("results") || !j["results"].is_array())
    throw ParseError(
        fmt::format("{}: expected an object with a \"results\" list (dxbenchmark JSON report)", where("results")));
  std::map<std::string, std::string> versions;
  auto ver = [&](const char* key, const char* name) {
    if (j.contains(key) && j[key].is_string()) versions[name] = strip_v(j[key].get<std::string>());
  };
  ver("Runtime Version", "runtime");
  ver("Firmware Version", "firmware");
  ver("Device Driver Version", "device_driver");
  ver("PCIe Driver Version", "pcie_driver");
  std::vector<ModelResult> rows;
  for (const auto& item : j["results"]) {
    ModelResult r;
    r.versions = versions;
    if (!item.is_object() || !item.contains("Model Name") || !item["Model Name"].is_string())
      throw ParseError(fmt::format("{}: each result needs a string \"Model Name\"", where("results")));
    r.model = item["Model Name"].get<std::string>();
    if (!item.contains("FPS") || !item["FPS"].is_number())
      throw ParseError(fmt::format("{}: result '{}': expected a number for \"FPS\", found {}", where("FPS"), r.model,
                                   item.contains("FPS") ? json_text(item["FPS"]) : "nothing"));
    r.fps = item["FPS"].get<double>();
    auto stat = [&](const char* group, std::optional<double>& mean, std::optional<double>& sd,
                    std::optional<double>& cv) {
      if (!item.contains(group)) return;
      const auto& g = item[group];
      auto get = [&](const char* k) -> std::optional<double> {
        if (!g.contains(k)) return std::nullopt;
        if (!g[k].is_number())
          throw ParseError(fmt::format("{}: result '{}': \"{}\".\"{}\": expected a number, found {}", where(group),
                                       r.model, group, k, json_text(g[k])));
        return g[k].get<double>();
      };
      mean = get("mean");
      sd = get("sd");
      if (auto v = get("cv")) cv = cv_value(*v);
    };
    stat("NPU Inference Time", r.npu_mean_ms, r.npu_sd_ms, r.npu_cv);
    stat("Latency", r.latency_mean_ms, r.latency_sd_ms, r.latency_cv);
    rows.push_back(std::move(r));
  }
  if (rows.empty())
    throw ParseError(fmt::format("{}: \"results\" is empty, expected at least one model", where("results")));
  return rows;
}

}  // namespace wb::dxbenchmark
