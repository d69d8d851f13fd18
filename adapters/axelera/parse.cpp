// Voyager SDK end-of-run output, from inference.py / inf_tracers.py / statistics.py (v1.2.5)
// as summarised in vendor-formats.md §3.1.
#include "adapters/axelera/parse.hpp"

#include <fmt/format.h>

#include <regex>

#include "adapters/adapter.hpp"
#include "adapters/hailortcli/parse.hpp"
#include "adapters/text_util.hpp"

namespace wb::axelera {

namespace {
// "46,012.8" -> 46012.8
std::optional<double> number_with_commas(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), ','), s.end());
  return text::to_number(s);
}

// "[12:00:01.234] INFO    : Metis : 2051.3fps", with -v "INFO    : inference: Metis : …".
const std::regex& tracer_re() {
  static const std::regex re(R"(^(?:\[[^\]]*\]\s*)?[A-Z]+\s*:\s*(?:[\w.]+:\s+)?(Core Temp|Metis|Host|CPU %|End-to-end|Jitter|Latency) : (\S+?)\s*(fps|°C|%|ms)\s*$)");
  return re;
}
}  // namespace

bool is_end_of_run_line(const std::string& line) {
  std::string l = hailortcli::strip_ansi(line);
  return std::regex_match(l, tracer_re()) || text::trim(l).rfind("=====", 0) == 0;
}

Output parse(const std::string& raw, const std::string& file) {
  Output o;
  auto lines = text::lines_of(hailortcli::strip_ansi(raw));
  static const std::regex row_re(R"(^\s*(?:└─\s*)?(Metis|Host)\s+([\d,]+)\s+([\d,.]+|n/a)\s*$)");
  static const std::regex e2e_re(R"(^End-to-end average measurement\s+([\d,.]+)\s*$)");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    std::smatch m;
    auto value = [&](const std::string& s) {
      auto v = number_with_commas(s);
      if (!v) throw ParseError(fmt::format("{}:{}: expected a number, found '{}' in: '{}'", file, i + 1, s, text::trim(l)));
      return *v;
    };
    if (std::regex_match(l, m, tracer_re())) {
      if (!o.first_result_line) o.first_result_line = i + 1;
      double v = value(m[2]);
      std::string title = m[1];
      if (title == "Metis") o.device_fps = v;
      else if (title == "Host") o.host_fps = v;
      else if (title == "End-to-end") o.system_fps = v;
      else if (title == "Core Temp") o.core_temp_c = v;
      else if (title == "CPU %") o.cpu_pct = v;
      else if (title == "Latency") o.latency_ms = v;
      else o.jitter_ms = v;
    } else if (std::regex_match(l, m, row_re)) {
      if (!o.first_result_line) o.first_result_line = i + 1;
      double lat = value(m[2]);
      std::optional<double> fps = m[3] == "n/a" ? std::nullopt : std::optional<double>(value(m[3]));
      if (m[1] == "Metis") o.device_latency_us = lat, o.device_fps = fps;
      else o.host_latency_us = lat, o.host_fps = fps;
    } else if (std::regex_match(l, m, e2e_re)) {
      o.system_fps = value(m[1]);
    }
  }
  if (!o.device_fps && !o.system_fps && !o.host_fps)
    throw ParseError(fmt::format("{}: no throughput found: expected end-of-run lines like 'INFO    : Metis : 2051.3fps' "
                                 "or the --show-stats table ('└─ Metis …', 'End-to-end average measurement …')",
                                 file));
  return o;
}

}  // namespace wb::axelera
