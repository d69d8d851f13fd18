// dxbenchmark output parsers, written from the format rules (vendor-formats.md §2.1):
// CSV header with irregular spaces, optional Firmware Version (v3.1 has none), unquoted
// model names, fixed 2-decimal numbers; hand-written JSON; profiler table on stdout.
#include "adapters/dxbenchmark/parse.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "adapters/adapter.hpp"
#include "adapters/text_util.hpp"

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

StdoutInfo parse_stdout(const std::string& text, const std::string& file) {
  StdoutInfo info;
  auto lines = lines_of(text);
  static const std::regex version_re(R"(^(Runtime Framework Version|Device Driver Version|PCIe Driver Version):\s*(\S+)\s*$)");
  static const std::regex model_re(R"(^=== Model File: (.*) ===\s*$)");
  // | <name right-aligned> | <min> | <max> | <avg> |  (rows end with "| ")
  static const std::regex row_re(R"(^\s*\|\s*(.*?)\s*\|\s*(\S+)\s*\|\s*(\S+)\s*\|\s*(\S+)\s*\|\s*$)");
  bool in_table = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& l = lines[i];
    std::smatch m;
    if (std::regex_match(l, m, version_re)) {
      std::string key = m[1] == "Runtime Framework Version" ? "runtime"
                        : m[1] == "Device Driver Version"   ? "device_driver"
                                                            : "pcie_driver";
      info.versions[key] = strip_v(m[2]);
    } else if (std::regex_match(l, m, model_re)) {
      info.model_files.push_back(m[1]);
    } else if (l.find(kProfilerWrittenMarker) != std::string::npos) {
      info.profiler_line = i + 1;
      in_table = true;
    } else if (in_table && std::regex_match(l, m, row_re)) {
      std::string name = m[1];
      if (name == "Name") continue;  // header row
      auto mn = to_number(m[2]), mx = to_number(m[3]), avg = to_number(m[4]);
      if (!mn || !mx || !avg)
        throw ParseError(fmt::format("{}:{}: profiler row '{}': expected three numbers (min, max, average in us), found: '{}'",
                                     file, i + 1, name, l));
      info.profiler[name] = {*mn, *mx, *avg};
      if (name.rfind("dxbenchmark_", 0) == 0) {
        // Names are cut to 28 characters by the tool; the row's value is the timed phase in µs.
        info.benchmark_model = name.substr(std::string("dxbenchmark_").size());
        info.benchmark_s = *mx * 1e-6;
      }
    }
  }
  return info;
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
        throw ParseError(fmt::format("{}:1: expected column '{}' in the dxbenchmark CSV header, found: '{}'", file,
                                     name, lines[0]));
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
      throw ParseError(fmt::format("{}:{}: expected {} comma-separated values as in the header, found {} (truncated row?): '{}'",
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
    if (r.fps < 0) throw ParseError(fmt::format("{}:{}: column 'FPS': expected a non-negative number, found '{}'", file, i + 1, trim(cells[c_fps])));
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
    std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(std::min(e.byte, text.size())), '\n'));
    throw ParseError(fmt::format("{}:{}: not valid JSON (truncated file?): {}", file, line, e.what()));
  }
  auto where = [&](const std::string& key) {
    // Best effort line for messages: first occurrence of the key in the text.
    auto pos = text.find("\"" + key + "\"");
    std::size_t line = pos == std::string::npos ? 0 : 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
    return line ? fmt::format("{}:{}", file, line) : file;
  };
  if (!j.is_object() || !j.contains("results") || !j["results"].is_array())
    throw ParseError(fmt::format("{}: expected an object with a \"results\" list (dxbenchmark JSON report)", where("results")));
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
                                   item.contains("FPS") ? item["FPS"].dump() : "nothing"));
    r.fps = item["FPS"].get<double>();
    auto stat = [&](const char* group, std::optional<double>& mean, std::optional<double>& sd, std::optional<double>& cv) {
      if (!item.contains(group)) return;
      const auto& g = item[group];
      auto get = [&](const char* k) -> std::optional<double> {
        if (!g.contains(k)) return std::nullopt;
        if (!g[k].is_number())
          throw ParseError(fmt::format("{}: result '{}': \"{}\".\"{}\": expected a number, found {}", where(group), r.model,
                                       group, k, g[k].dump()));
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
  if (rows.empty()) throw ParseError(fmt::format("{}: \"results\" is empty, expected at least one model", where("results")));
  return rows;
}

}  // namespace wb::dxbenchmark
