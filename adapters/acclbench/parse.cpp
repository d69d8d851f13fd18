// acclBench stdout, from memryx/MxAccl tools/acclBench/acclBench.cpp in three releases:
// - sdk1_0: commit 6c62fe3 ("SDK 1.0 release"): FPS table with 2 decimals; summary
//   "\rAverage FPS per stream : " / "\rAverage FPS for DFP    : " + value + "\033[m" (std::fixed
//   left on by display_fps, so 2 decimals); no power, no latency.
// - power_2025: the 2025 MPL release with --power/--set_freq/--frame_limit (seen in the code
//   index, commit not pinned): FPS 1 decimal, "Device  Temp (C)" or "Device  Power (W)  Temp (C)"
//   table, summary "\rAverage FPS per stream : ", "\rAverage FPS for DFP    : ",
//   "\rPower for DFP          : <x.x> W"; an unreadable sensor shows 0.
// - latest: commit 5a80a1c ("Copyright (c) 2025-2026"): latency step first ("In-To-Out Latency
//   Results", "%10d%20s" where the 20 pads the colour code, value fixed 3 decimals), "Benchmarking"
//   before accl->start(), optional Pressure column, summary "Average FPS per stream    : " (only
//   with >1 stream), "Average FPS for DFP       : ", "Average Power for DFP (W) : ", values
//   wrapped in \033[92m/\033[96m ... \033[0m; an unreadable sensor shows -1000 mW (-1.0 W).
#include "adapters/acclbench/parse.hpp"

#include <fmt/format.h>

#include "adapters/generic/terminal_text.hpp"
#include "adapters/text_util.hpp"
#include "harness/plugin/tool_kind.hpp"
#include "harness/util/regex.hpp"

namespace wb::acclbench {

std::string format_name(Format f) {
  switch (f) {
    case Format::sdk1_0:
      return "sdk1.0";
    case Format::power_2025:
      return "2025-power";
    case Format::latest:
      return "latest";
  }
  return "?";
}

std::string clean(const std::string& raw) { return term::clean(raw); }

bool is_benchmarking_line(const std::string& l) { return text::trim(l) == "Benchmarking"; }
bool is_chips_line(const std::string& l) {
  std::string t = text::trim(l);
  return t.rfind("Number of chips the dfp is compiled for", 0) == 0 ||
         t.rfind("Number of chips used per device", 0) == 0;
}
bool is_summary_line(const std::string& l) { return text::trim(l).rfind("Average FPS ", 0) == 0; }

std::string abort_reason(const std::string& err) {
  static const rx::regex re(R"(terminate called after throwing an instance of '([^']+)'\s*\n\s*what\(\):\s*([^\n]*))");
  rx::smatch m;
  if (!rx::search(err, m, re)) return "";
  return text::trim(m[2]);
}

namespace {
enum class Table { none, fps, device, latency };

std::vector<std::string> fields(const std::string& l) {
  std::vector<std::string> f;
  std::stringstream ss(l);
  for (std::string w; ss >> w;) f.push_back(w);
  return f;
}
}  // namespace

Output parse(const std::string& raw, const std::string& file) {
  Output o;
  auto lines = text::lines_of(clean(raw));
  static const rx::regex label_re(
      R"(^(Average FPS per stream|Average FPS for DFP|Average Power for DFP \(W\)|Power for DFP)\s*:\s*(\S+)(?: (W))?\s*$)");
  static const rx::regex chips_re(R"(^Number of chips (?:the dfp is compiled for|used per device)\s*=\s*(\d+))");
  Table table = Table::none;
  bool header_seen = false, has_power_col = false, benchmarking = false, latency_block = false;
  std::vector<StreamFps> fps_rows;
  std::vector<DeviceReading> dev_rows;
  bool saw_fps_summary_pad7 = false, latest_label = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string l = text::trim(lines[i]);
    auto number = [&](const std::string& s, const std::string& what) {
      auto v = text::to_number(s);
      if (!v)
        throw ParseError(fmt::format("{}:{}: {}: expected a number, found '{}' in: '{}'", file, i + 1, what, s, l));
      return *v;
    };
    rx::smatch m;
    auto f = fields(l);
    // Table headers (setw-padded, so compare their words).
    if (f.size() == 3 && f[0] == "Model" && f[1] == "Stream" && f[2] == "FPS") {
      table = Table::fps;
      header_seen = true;
      fps_rows.clear();
      continue;
    }
    if (!f.empty() && f[0] == "Device" && l.find("Temp (C)") != std::string::npos) {
      table = Table::device;
      has_power_col = l.find("Power (W)") != std::string::npos;
      dev_rows.clear();
      continue;
    }
    if (l == "In-To-Out Latency Results") {
      latency_block = true;
      table = Table::none;
      continue;
    }
    if (latency_block && f.size() == 3 && f[0] == "Model" && f[1] == "Latency" && f[2] == "(ms)") {
      table = Table::latency;
      o.latencies.clear();
      continue;
    }
    if (!l.empty() && l.find_first_not_of('-') == std::string::npos) continue;  // the dashes under a header
    if (l == "Benchmarking") benchmarking = true;
    if (rx::search(l, m, chips_re)) o.dfp_chips = static_cast<int>(number(m[1], "chip count"));
    if (rx::match(l, m, label_re)) {
      std::string label = m[1];
      double v = number(m[2], label);
      if (label == "Average FPS per stream")
        o.fps_per_stream = v;
      else if (label == "Average FPS for DFP") {
        o.fps_dfp = v;
        saw_fps_summary_pad7 = l.rfind("Average FPS for DFP       :", 0) == 0;
      } else if (label == "Average Power for DFP (W)") {
        o.power_dfp_w = v > 0 ? std::optional<double>(v) : std::nullopt;
        latest_label = true;
      } else {
        if (m[3] != "W")
          throw ParseError(fmt::format("{}:{}: expected 'Power for DFP : <x.x> W', found '{}'", file, i + 1, l));
        o.power_dfp_w = v > 0 ? std::optional<double>(v) : std::nullopt;  // 0: the sensor could not be read
      }
      table = Table::none;
      continue;
    }
    if (f.empty()) {
      if (table == Table::latency) table = Table::none;
      continue;
    }
    switch (table) {
      case Table::fps:
        if (f.size() != 3) {
          table = Table::none;
          break;
        }
        fps_rows.push_back({static_cast<int>(number(f[0], "model index")), static_cast<int>(number(f[1], "stream")),
                            number(f[2], "stream FPS")});
        o.streams = fps_rows;
        break;
      case Table::device: {
        std::size_t want = has_power_col ? 3 : 2;
        if (f.size() != want && f.size() != want + 1) {  // + Pressure (--pressure)
          table = Table::none;
          break;
        }
        DeviceReading d;
        d.device = static_cast<int>(number(f[0], "device id"));
        if (has_power_col) {
          double w = number(f[1], "device power (W)");
          if (w > 0) d.power_w = w;  // -1.0 (latest) or 0.0 (2025): no reading
          d.temp_c = number(f[2], "device temperature (C)");
        } else {
          d.temp_c = number(f[1], "device temperature (C)");
        }
        dev_rows.push_back(d);
        o.devices = dev_rows;
        break;
      }
      case Table::latency:
        if (f.size() != 2)
          throw ParseError(
              fmt::format("{}:{}: latency table: expected '<model> <latency ms>', found '{}'", file, i + 1, l));
        o.latencies.push_back({static_cast<int>(number(f[0], "model index")), number(f[1], "latency (ms)")});
        break;
      case Table::none:
        break;
    }
  }
  if (!o.fps_dfp)
    throw ParseError(
        fmt::format("{}: no 'Average FPS for DFP : <fps>' line: acclBench did not finish its benchmark (or this is "
                    "not acclBench output){}",
                    file, header_seen ? "; the FPS table was drawn, so the run was cut short" : ""));
  {
    if (latest_label || benchmarking || latency_block || saw_fps_summary_pad7)
      o.format = Format::latest;
    else if (raw.find("Temp (C)") != std::string::npos || raw.find("Power for DFP") != std::string::npos)
      o.format = Format::power_2025;
    else
      o.format = Format::sdk1_0;
  }
  return o;
}

}  // namespace wb::acclbench
