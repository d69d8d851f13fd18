// hailortcli parsers, from the rules in shared/reference/vendor-formats.md §1.
#include "adapters/hailortcli/parse.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>
#include "harness/util/printable.hpp"
#include "harness/util/regex.hpp"

#include "adapters/text_util.hpp"
#include "harness/plugin/tool_kind.hpp"
#include "harness/util/json_text.hpp"

namespace wb::hailortcli {

using text::lines_of;
using text::to_number;
using text::trim;

std::string strip_ansi(const std::string& s) { return strip_escapes(s); }

std::string visible_text(const std::string& line) {
  std::string l = strip_ansi(line);
  while (!l.empty() && l.back() == '\r') l.pop_back();
  // The progress thread erases lines with "\r": what follows the last one is what stays.
  if (auto cr = l.rfind('\r'); cr != std::string::npos) l = l.substr(cr + 1);
  return l;
}

namespace {

// "    Average power consumption: 2.48317 W", "\tMinimum chip temperature: 44.91 C" (run2 has a space).
bool parse_measurement_line(const std::string& l, DeviceMeasurements& d, const std::string& file, std::size_t line_no) {
  static const rx::regex re(R"(^\s*(Minimum|Average|Maximum) (power|current) consumption: (\S+) (W|mA)\s*$)");
  static const rx::regex temp_re(R"(^\s*(Minimum|Average|Maximum) chip temperature: ([^C\s]+) ?C\s*$)");
  rx::smatch m;
  std::optional<double>* slot = nullptr;
  std::string value;
  if (rx::match(l, m, re)) {
    bool power = m[2] == "power";
    std::string which = m[1];
    value = m[3];
    if (power)
      slot = which == "Minimum" ? &d.power_min_w : which == "Average" ? &d.power_avg_w : &d.power_max_w;
    else
      slot = which == "Minimum" ? &d.current_min_ma : which == "Average" ? &d.current_avg_ma : &d.current_max_ma;
  } else if (rx::match(l, m, temp_re)) {
    std::string which = m[1];
    value = m[2];
    slot = which == "Minimum" ? &d.temp_min_c : which == "Average" ? &d.temp_avg_c : &d.temp_max_c;
  } else {
    return false;
  }
  auto v = to_number(value);
  if (!v) throw ParseError(fmt::format("{}:{}: expected a number in: '{}'", file, line_no, trim(l)));
  *slot = *v;
  return true;
}

double hms_to_s(const std::string& hms) {
  int h = 0, m = 0, s = 0;
  if (std::sscanf(hms.c_str(), "%d:%d:%d", &h, &m, &s) != 3) return -1;
  return h * 3600.0 + m * 60.0 + s;
}

std::optional<double> opt_num(const std::vector<std::string>& cells, const std::vector<std::string>& header,
                              const std::string& col, const std::string& file, std::size_t line_no,
                              const std::string& line) {
  auto it = std::find(header.begin(), header.end(), col);
  if (it == header.end()) return std::nullopt;
  const std::string& cell = cells[static_cast<std::size_t>(it - header.begin())];
  if (trim(cell).empty()) return std::nullopt;  // empty when not measured
  auto v = to_number(cell);
  if (!v)
    throw ParseError(
        fmt::format("{}:{}: column '{}': expected a number, found '{}' in: '{}'", file, line_no, col, cell, line));
  return v;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else
      cur += c;
  }
  out.push_back(cur);
  return out;
}

struct Csv {
  std::vector<std::string> header;
  std::vector<std::pair<std::size_t, std::string>> rows;  // line number, text
};

Csv read_csv(const std::string& text, const std::string& file, const std::vector<std::string>& required) {
  auto lines = lines_of(text);
  while (!lines.empty() && trim(lines.back()).empty()) lines.pop_back();
  if (lines.empty()) throw ParseError(fmt::format("{}: empty file, expected a hailortcli CSV header", file));
  Csv c;
  c.header = split(lines[0], ',');
  for (auto& h : c.header) h = trim(h);
  for (const auto& r : required)
    if (std::find(c.header.begin(), c.header.end(), r) == c.header.end())
      throw ParseError(
          fmt::format("{}:1: expected column '{}' in the hailortcli CSV header, found: '{}'", file, r, lines[0]));
  for (std::size_t i = 1; i < lines.size(); ++i)
    if (!trim(lines[i]).empty()) c.rows.emplace_back(i + 1, lines[i]);
  if (c.rows.empty()) throw ParseError(fmt::format("{}: header only, expected a result row", file));
  return c;
}

}  // namespace

RunOutput parse_run_stdout(const std::string& raw, const std::string& file) {
  RunOutput out;
  auto lines = lines_of(raw);
  bool in_result = false, in_total = false;
  std::string group;
  DeviceMeasurements* dev = nullptr;
  static const rx::regex group_re(R"(^\s*Network group: (.+?)\s*$)");
  static const rx::regex network_re(R"(^\s*Network: (.+?)\s*$)");
  static const rx::regex kv_re(
      R"(^\s*(Frames count|Duration|FPS|Send Rate|Recv Rate|HW Latency|Overall Latency): (\S+)( .*)?$)");
  static const rx::regex device_re(R"(^\s*Device: (.+?)\s*$)");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string l = visible_text(lines[i]);
    rx::smatch m;
    if (trim(l) == "> Inference result:") {
      in_result = true;
      out.result_line = i + 1;
      continue;
    }
    if (!in_result) continue;
    if (rx::match(l, m, group_re)) {
      group = m[1];
      out.networks.push_back({group, group, {}, {}, {}, {}, {}, {}, {}});
      dev = nullptr;
      in_total = false;
    } else if (rx::match(l, m, network_re)) {
      // Multi-network groups list "  Network: <ng>/<net>" blocks under the group line: the
      // networks carry the figures, so an empty group entry gives way to them.
      if (!out.networks.empty() && !out.networks.back().fps && !out.networks.back().frames &&
          !out.networks.back().hw_latency_ms)
        out.networks.pop_back();
      out.networks.push_back({m[1], group, {}, {}, {}, {}, {}, {}, {}});
      dev = nullptr;
      in_total = false;
    } else if (text::trim(l) == "Total bandwidth:") {
      in_total = true;  // the rates that follow are the group's total, not a network's
    } else if (rx::match(l, m, device_re)) {
      out.devices.push_back({});
      dev = &out.devices.back();
      dev->device = m[1];
    } else if (dev && parse_measurement_line(l, *dev, file, i + 1)) {
    } else if (!in_total && rx::match(l, m, kv_re)) {
      if (out.networks.empty()) out.networks.push_back({});
      auto& n = out.networks.back();
      std::string key = m[1], value = m[2];
      if (key == "Duration") {
        double s = hms_to_s(value);
        if (s < 0) throw ParseError(fmt::format("{}:{}: expected Duration HH:MM:SS, found '{}'", file, i + 1, value));
        n.duration_s = s;
        continue;
      }
      auto v = to_number(value);
      if (!v && value != "NaN")
        throw ParseError(
            fmt::format("{}:{}: '{}': expected a number, found '{}' in: '{}'", file, i + 1, key, value, trim(l)));
      if (key == "Frames count")
        n.frames = v;
      else if (key == "FPS")
        n.fps = v;
      else if (key == "Send Rate")
        n.send_mbps = v;
      else if (key == "Recv Rate")
        n.recv_mbps = v;
      else if (key == "HW Latency")
        n.hw_latency_ms = v;
      else
        n.overall_latency_ms = v;
    }
  }
  if (!out.result_line)
    throw ParseError(
        fmt::format("{}: no '> Inference result:' block: the run did not finish (see the tool's stderr)", file));
  if (out.networks.empty())
    throw ParseError(fmt::format("{}:{}: '> Inference result:' has no network results", file, *out.result_line));
  return out;
}

bool is_hef_dir_header(const std::string& line) {
  std::string l = visible_text(line);
  return l.rfind("Inferring ", 0) == 0 && l.size() > 11 && l.back() == ':';
}

std::vector<HefBlock> split_hef_dir_stdout(const std::string& raw) {
  std::vector<HefBlock> out;
  auto lines = lines_of(raw);
  const std::string stars(80, '*');
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string l = visible_text(lines[i]);
    // run_command_hefs_dir (run_command.cpp v4.23.0 L1351-1381): 80 '*', then "Inferring <full_path>:".
    if (is_hef_dir_header(l) && i > 0 && trim(visible_text(lines[i - 1])) == stars) {
      if (!out.empty())
        out.back().text.resize(out.back().text.size() - std::min(out.back().text.size(), stars.size() + 1));
      out.push_back({l.substr(10, l.size() - 11), i + 1, ""});
      continue;
    }
    if (!out.empty()) out.back().text += lines[i] + "\n";
  }
  return out;
}

RunOutput parse_run_csv(const std::string& text, const std::string& file) {
  auto csv = read_csv(text, file, {"net_name", "status", "fps"});
  RunOutput out;
  for (const auto& [no, line] : csv.rows) {
    auto cells = split(line, ',');
    if (cells.size() < 3) throw ParseError(fmt::format("{}:{}: truncated row: '{}'", file, no, line));
    if (trim(cells[1]) != "0")
      throw ParseError(
          fmt::format("{}:{}: network '{}' failed: status {} ({})", file, no, cells[0], cells[1], cells[2]));
    if (cells.size() != csv.header.size())
      throw ParseError(fmt::format("{}:{}: expected {} values as in the header, found {}: '{}'", file, no,
                                   csv.header.size(), cells.size(), line));
    NetworkResult n;
    n.name = n.group = cells[0];  // one row per network group; fps is the mean over its networks
    n.fps = opt_num(cells, csv.header, "fps", file, no, line);
    n.frames = opt_num(cells, csv.header, "num_of_frames", file, no, line);
    n.send_mbps = opt_num(cells, csv.header, "send_rate", file, no, line);
    n.recv_mbps = opt_num(cells, csv.header, "recv_rate", file, no, line);
    n.hw_latency_ms = opt_num(cells, csv.header, "hw_latency", file, no, line);
    n.overall_latency_ms = opt_num(cells, csv.header, "overall_latency", file, no, line);
    if (!n.fps) throw ParseError(fmt::format("{}:{}: column 'fps' is empty in: '{}'", file, no, line));
    out.networks.push_back(n);
    DeviceMeasurements d;
    d.power_min_w = opt_num(cells, csv.header, "min_power", file, no, line);
    d.power_avg_w = opt_num(cells, csv.header, "average_power", file, no, line);
    d.power_max_w = opt_num(cells, csv.header, "max_power", file, no, line);
    d.current_min_ma = opt_num(cells, csv.header, "min_current", file, no, line);
    d.current_avg_ma = opt_num(cells, csv.header, "average_current", file, no, line);
    d.current_max_ma = opt_num(cells, csv.header, "max_current", file, no, line);
    d.temp_min_c = opt_num(cells, csv.header, "min_temp", file, no, line);
    d.temp_avg_c = opt_num(cells, csv.header, "average_temp", file, no, line);
    d.temp_max_c = opt_num(cells, csv.header, "max_temp", file, no, line);
    if (d.power_avg_w || d.current_avg_ma || d.temp_avg_c) out.devices.push_back(d);
  }
  return out;
}

bool is_hw_only_phase_banner(const std::string& l) {
  std::string t = trim(strip_ansi(l));
  return t == "Measuring FPS in HW-only mode" || t == "Measuring FPS in hw_only mode";  // v4.19+, v4.10-v4.18
}

bool is_streaming_phase_banner(const std::string& l) {
  std::string t = trim(strip_ansi(l));
  return t == "Measuring FPS (and Power on supported platforms) in streaming mode" ||
         t == "Measuring FPS and Power in streaming mode" || t == "Measuring FPS in streaming mode";
}

bool is_latency_phase_banner(const std::string& l) { return trim(strip_ansi(l)) == "Measuring HW Latency"; }

bool is_run2_timer_row(const std::string& l) {
  static const rx::regex re(R"(^\[[=> ]*\]\s*\d+% -?\d+:\d+:\d+\s*$)");
  return rx::match(visible_text(l), re);
}

std::optional<ProgressLine> parse_progress_line(const std::string& line) {
  // inference_progress.cpp NetworkProgressBar::get_progress_text (v4.6 .. v5.2 alike).
  static const rx::regex re(
      R"(^Network (.+?): (\d+)% \| (\d+)(?:/(\d+))? \| (?:FPS: (\S+)|HW Latency: (\S+)(?: ms)?) \| ETA: -?\d+:\d+:\d+\s*$)");
  rx::smatch m;
  std::string l = visible_text(line);
  if (!rx::match(l, m, re)) return std::nullopt;
  ProgressLine p;
  p.network = m[1];
  p.percent = static_cast<unsigned>(std::stoul(m[2]));
  p.count = std::stod(m[3]);
  if (m[4].matched) p.total = std::stod(m[4]);
  if (m[5].matched) {
    p.fps = to_number(m[5]);
    if (!p.fps) return std::nullopt;  // "nan"/"inf" at elapsed 0: no evidence
  }
  if (m[6].matched) p.hw_latency_ms = to_number(m[6]);  // "NaN" before the first measurement
  return p;
}

BenchmarkOutput parse_benchmark_stdout(const std::string& raw, const std::string& file) {
  BenchmarkOutput out;
  auto lines = lines_of(raw);
  for (auto& l : lines) l = visible_text(l);
  std::size_t summary = 0;
  for (std::size_t i = 0; i + 2 < lines.size() && !summary; ++i)
    if (trim(lines[i]) == "=======" && trim(lines[i + 1]) == "Summary" && trim(lines[i + 2]) == "=======")
      summary = i + 3;
  if (!summary)
    throw ParseError(fmt::format("{}: no '=======/Summary/=======' block: the benchmark did not finish", file));
  // 4.x: the streaming phase's progress lines; the last one per network is its final frame.
  bool streaming = false;
  for (std::size_t i = 0; i < summary; ++i) {
    if (is_hw_only_phase_banner(lines[i]) || is_latency_phase_banner(lines[i]))
      streaming = false;
    else if (is_streaming_phase_banner(lines[i])) {
      streaming = true;
      out.streaming_final.clear();
    } else if (auto p = streaming ? parse_progress_line(lines[i]) : std::nullopt) {
      auto it = std::find_if(out.streaming_final.begin(), out.streaming_final.end(),
                             [&](const ProgressLine& x) { return x.network == p->network; });
      if (it == out.streaming_final.end())
        out.streaming_final.push_back(*p);
      else
        *it = *p;
    }
  }
  // 4.x (benchmark_command.cpp): per group "FPS     (hw_only) = v" then continuation lines
  // "        (streaming) = v", "Latency (hw) = v ms"; then "Device <id>:" + "  Power in
  // streaming mode (average) = v W". Pre-4.6: no Device line, unindented Power lines.
  // 5.x (run2_command.cpp run2_benchmark): "<ng>: FPS: v", "<id>:", "  power: mean=v min=v max=v".
  static const rx::regex kv_re(R"(^\s*([^(\s][^(]*?)?\s*\(([^)]*)\)\s*=\s*(\S+)(\s+\S+)?\s*$)");
  static const rx::regex v5_fps_re(R"(^(.+): FPS: (\S+)\s*$)");
  static const rx::regex v5_meas_re(R"(^\s*(power|current|temperature): mean=(\S+) min=(\S+) max=(\S+)\s*$)");
  static const rx::regex device_re(R"(^\s*(?:Device )?([^:=\s][^=]*?):\s*$)");
  std::string last_key;
  DeviceMeasurements* dev = nullptr;
  for (std::size_t i = summary; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (trim(l).empty()) continue;
    rx::smatch m;
    auto number = [&](const std::string& s) {
      auto v = to_number(s);
      if (!v) throw ParseError(fmt::format("{}:{}: expected a number, found '{}' in: '{}'", file, i + 1, s, trim(l)));
      return *v;
    };
    if (rx::match(l, m, v5_fps_re)) {
      out.v5 = true;
      BenchmarkGroup g;
      g.name = trim(m[1]);
      g.fps_streaming = number(m[2]);
      out.groups.push_back(g);
    } else if (rx::match(l, m, v5_meas_re)) {
      if (!dev) {
        out.devices.push_back({});
        dev = &out.devices.back();
      }
      double mean = number(m[2]), mn = number(m[3]), mx = number(m[4]);
      if (m[1] == "power") {
        dev->power_avg_w = mean;
        dev->power_min_w = mn;
        dev->power_max_w = mx;
      } else if (m[1] == "current") {
        dev->current_avg_ma = mean;
        dev->current_min_ma = mn;
        dev->current_max_ma = mx;
      } else {
        dev->temp_avg_c = mean;
        dev->temp_min_c = mn;
        dev->temp_max_c = mx;
      }
    } else if (rx::match(l, m, kv_re)) {
      std::string key = trim(m[1]);
      if (!key.empty()) last_key = key;
      std::string sub = m[2];
      double v = number(m[3]);
      if (last_key == "FPS" && sub == "hw_only") {
        out.groups.push_back({});
        out.groups.back().fps_hw_only = v;
      } else if (last_key.find("Power in streaming mode") != std::string::npos) {
        if (!dev) {
          out.devices.push_back({});
          dev = &out.devices.back();
        }
        if (sub == "average")
          dev->power_avg_w = v;
        else if (sub == "max")
          dev->power_max_w = v;
      } else {
        if (out.groups.empty()) out.groups.push_back({});  // "(streaming)" without a hw_only line
        auto& g = out.groups.back();
        if (last_key == "FPS" && sub == "streaming")
          g.fps_streaming = v;
        else if (last_key == "Latency" && sub == "hw")
          g.hw_latency_ms = v;
        else if (last_key == "Latency" && sub == "overall")
          g.overall_latency_ms = v;
      }
    } else if (rx::match(l, m, device_re)) {
      out.devices.push_back({});
      dev = &out.devices.back();
      dev->device = trim(m[1]);
    }
  }
  if (out.groups.empty() || std::none_of(out.groups.begin(), out.groups.end(),
                                         [](const BenchmarkGroup& g) { return g.fps_streaming.has_value(); }))
    throw ParseError(fmt::format(
        "{}:{}: the Summary block has no streaming FPS line ('        (streaming) = <v>' or '<group>: FPS: <v>')", file,
        summary));
  return out;
}

BenchmarkOutput parse_benchmark_csv(const std::string& text, const std::string& file) {
  auto csv = read_csv(text, file, {"net_name", "fps"});
  BenchmarkOutput out;
  // One row per network group, in the Summary's order (print_benchmark_csv); the power triple
  // belongs to the streaming phase and repeats on every row.
  for (const auto& [no, line] : csv.rows) {
    auto cells = split(line, ',');
    if (cells.size() != csv.header.size())
      throw ParseError(fmt::format("{}:{}: expected {} values as in the header, found {}: '{}'", file, no,
                                   csv.header.size(), cells.size(), line));
    BenchmarkGroup g;
    g.name = cells[0];
    g.fps_streaming = opt_num(cells, csv.header, "fps", file, no, line);
    g.fps_hw_only = opt_num(cells, csv.header, "hw_only_fps", file, no, line);
    g.frames = opt_num(cells, csv.header, "num_of_frames", file, no, line);
    g.frames_hw_only = opt_num(cells, csv.header, "num_of_frames_hw_only", file, no, line);
    g.hw_latency_ms = opt_num(cells, csv.header, "hw_latency", file, no, line);
    g.overall_latency_ms = opt_num(cells, csv.header, "overall_latency", file, no, line);
    if (!g.fps_streaming) throw ParseError(fmt::format("{}:{}: column 'fps' is empty", file, no));
    out.groups.push_back(g);
    if (out.devices.empty()) {
      DeviceMeasurements d;
      d.power_min_w = opt_num(cells, csv.header, "min_power", file, no, line);
      d.power_avg_w = opt_num(cells, csv.header, "average_power", file, no, line);
      d.power_max_w = opt_num(cells, csv.header, "max_power", file, no, line);
      if (d.power_avg_w) out.devices.push_back(d);
    }
  }
  return out;
}

RunOutput parse_run2_stdout(const std::string& raw, const std::string& file) {
  RunOutput out;
  auto lines = lines_of(raw);
  // A network row: "<name>: fps: <x>[ | <x> TOPS][ | hw latency: <x> ms][ | overall latency: <x> ms]";
  // with latency measurement the fps field may be absent.
  static const rx::regex row_re(R"(^([^\s:\[][^:]*?):\s+(.*)$)");
  static const rx::regex field_re(R"(^(fps|hw latency|overall latency): (\S+)( ms)?$)");
  static const rx::regex dev_re(R"(^Measurements for device (.+?)\s*$)");
  DeviceMeasurements* dev = nullptr;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string l = visible_text(lines[i]);
    rx::smatch m;
    if (rx::match(l, m, dev_re)) {
      std::string id = m[1];
      auto d = std::find_if(out.devices.begin(), out.devices.end(),
                            [&](const DeviceMeasurements& x) { return x.device == id; });
      if (d == out.devices.end()) {
        out.devices.push_back({});
        d = out.devices.end() - 1;
        d->device = id;
      }
      dev = &*d;
      continue;
    }
    if (dev && parse_measurement_line(l, *dev, file, i + 1)) continue;
    if (!rx::match(l, m, row_re)) continue;
    std::string name = text::trim(m[1]);
    NetworkResult row{name, name, {}, {}, {}, {}, {}, {}, {}};
    bool any = false;
    std::stringstream fields(m[2].str());
    for (std::string f; std::getline(fields, f, '|');) {
      rx::smatch fm;
      std::string field = text::trim(f);
      if (!rx::match(field, fm, field_re)) continue;
      auto v = to_number(fm[2]);
      if (!v && fm[2] != "NaN")
        throw ParseError(fmt::format("{}:{}: '{}': expected a number, found '{}' in: '{}'", file, i + 1, fm[1].str(),
                                     fm[2].str(), l));
      any = true;
      if (fm[1] == "fps")
        row.fps = v;
      else if (fm[1] == "hw latency")
        row.hw_latency_ms = v;
      else
        row.overall_latency_ms = v;
    }
    if (!any) continue;
    // The live view redraws every second; the last frame holds the final numbers.
    auto it =
        std::find_if(out.networks.begin(), out.networks.end(), [&](const NetworkResult& n) { return n.name == name; });
    if (it == out.networks.end())
      out.networks.push_back(row);
    else
      *it = row;
  }
  if (out.networks.empty())
    throw ParseError(fmt::format("{}: no '<network>: fps: <value>' row: run2 printed no result", file));
  return out;
}

RunOutput parse_run2_json(const std::string& text, const std::string& file, std::optional<double>* time_to_run_s) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw ParseError(fmt::format("{}: not valid JSON (truncated?): {}", file, e.what()));
  }
  if (!j.is_object() || !j.contains("network_groups") || !j["network_groups"].is_array())
    throw ParseError(fmt::format("{}: expected a run2 stats object with \"network_groups\"", file));
  // run2 writes numbers as strings ("1371.880342", "2.470512 W"): read the leading number.
  auto lead = [&](const nlohmann::json& v, const std::string& what) -> double {
    if (v.is_number()) return v.get<double>();
    if (v.is_string()) {
      std::string s = v.get<std::string>();
      auto first = s.substr(0, s.find(' '));
      if (auto x = to_number(first)) return *x;
    }
    throw ParseError(
        fmt::format("{}: {}: expected a number (or a string starting with one), found {}", file, what, json_text(v)));
  };
  RunOutput out;
  for (const auto& g : j["network_groups"]) {
    NetworkResult n;
    n.name = n.group = g.value("name", "");
    // NetworkLiveTrack::push_json_impl writes "FPS" only when measuring FPS: --measure-latency
    // (and --measure-overall-latency) send one frame at a time and leave it out.
    if (g.contains("FPS")) n.fps = lead(g["FPS"], "FPS");
    if (g.contains("hw_latency")) n.hw_latency_ms = lead(g["hw_latency"], "hw_latency");
    if (g.contains("overall_latency")) n.overall_latency_ms = lead(g["overall_latency"], "overall_latency");
    if (!n.fps && !n.hw_latency_ms && !n.overall_latency_ms)
      throw ParseError(
          fmt::format("{}: network group '{}' has none of \"FPS\", \"hw_latency\", \"overall_latency\"", file, n.name));
    out.networks.push_back(n);
  }
  if (j.contains("devices") && j["devices"].is_array()) {
    for (const auto& d : j["devices"]) {
      DeviceMeasurements m;
      m.device = d.value("device_id", "");
      auto triple = [&](const char* key, std::optional<double>& mn, std::optional<double>& avg,
                        std::optional<double>& mx) {
        if (!d.contains(key)) return;
        const auto& t = d[key];
        if (t.contains("min")) mn = lead(t["min"], std::string(key) + ".min");
        if (t.contains("average")) avg = lead(t["average"], std::string(key) + ".average");
        if (t.contains("max")) mx = lead(t["max"], std::string(key) + ".max");
      };
      triple("power", m.power_min_w, m.power_avg_w, m.power_max_w);
      triple("current", m.current_min_ma, m.current_avg_ma, m.current_max_ma);
      triple("temperature", m.temp_min_c, m.temp_avg_c, m.temp_max_c);
      out.devices.push_back(m);
    }
  }
  if (time_to_run_s && j.contains("time_to_run")) *time_to_run_s = lead(j["time_to_run"], "time_to_run");
  if (out.networks.empty()) throw ParseError(fmt::format("{}: \"network_groups\" is empty", file));
  return out;
}

}  // namespace wb::hailortcli
