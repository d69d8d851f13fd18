// Lays out the live monitor's rows.
#include "harness/monitor/screen_layout.hpp"
#include "harness/monitor/reading_format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace wb {

std::size_t display_width(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

namespace {
// Byte length of the first `cols` code points of s.
std::size_t prefix_bytes(std::string_view s, std::size_t cols) {
  std::size_t i = 0, seen = 0;
  for (; i < s.size(); ++i) {
    bool starts = (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
    if (starts && seen++ == cols) break;
  }
  return i;
}
}  // namespace

std::string fit(std::string_view s, std::size_t width, bool utf8, bool right_align) {
  std::size_t w = display_width(s);
  if (w > width) {
    if (width == 0) return {};
    return std::string(s.substr(0, prefix_bytes(s, width - 1))) + (utf8 ? "…" : "~");
  }
  std::string pad(width - w, ' ');
  return right_align ? pad + std::string(s) : std::string(s) + pad;
}

namespace {

constexpr std::size_t kGap = 2, kNumber = 10, kUnit = 3, kRate = 9, kMinSpark = 8, kMinName = 6;
const char* kUnknownText = "—";  // unknown is shown as unknown, never as 0

std::string number(std::optional<double> v, const std::string& unit, bool utf8) {
  if (!v) return utf8 ? kUnknownText : "-";
  return reading_text(*v, unit);
}

std::string unit_text(const std::string& unit, bool utf8) {
  if (unit == "degC" || unit == "C") return utf8 ? "°C" : "C";
  return unit;
}

struct Columns {
  bool min_max = true, rate = true, mean = true;
  std::size_t name = 0, spark = 0;
};

std::size_t fixed_width(const Columns& c) {
  std::size_t w = c.name + kGap + kNumber + 1 + kUnit;  // name, value and unit always stay
  if (c.min_max) w += 2 * (kGap + kNumber);
  if (c.mean) w += kGap + kNumber;
  if (c.rate) w += kGap + kRate;
  return w;
}

Columns choose_columns(std::size_t name_width, std::size_t width) {
  Columns c;
  c.name = name_width;
  auto fits = [&] { return fixed_width(c) <= width; };
  if (fixed_width(c) + kGap + kMinSpark <= width) {
    c.spark = width - fixed_width(c) - kGap;
    return c;
  }
  if (!fits()) c.min_max = false;
  if (!fits()) c.rate = false;
  if (!fits()) c.mean = false;
  if (!fits()) c.name = std::max(kMinName, name_width - std::min(name_width, fixed_width(c) - width));
  return c;
}

std::string row(const Columns& c, const std::string& name, const std::string& value, const std::string& unit,
                const std::string& lo, const std::string& mean, const std::string& hi, const std::string& rate,
                const std::string& spark, bool utf8) {
  std::string r = fit(name, c.name, utf8);
  r += std::string(kGap, ' ') + fit(value, kNumber, utf8, true) + " " + fit(unit, kUnit, utf8);
  if (c.min_max) r += std::string(kGap, ' ') + fit(lo, kNumber, utf8, true);
  if (c.mean) r += std::string(kGap, ' ') + fit(mean, kNumber, utf8, true);
  if (c.min_max) r += std::string(kGap, ' ') + fit(hi, kNumber, utf8, true);
  if (c.rate) r += std::string(kGap, ' ') + fit(rate, kRate, utf8, true);
  if (c.spark) r += std::string(kGap, ' ') + fit(spark, c.spark, utf8);
  return r;
}

}  // namespace

std::vector<std::string> layout_screen(const MonitorScreen& screen, std::span<const ProbeStats> probes,
                                       std::size_t width, std::size_t height) {
  std::vector<std::string> lines;
  if (height == 0 || width == 0) return lines;
  const bool utf8 = screen.utf8;
  std::size_t name_width = std::string_view("channel").size();
  for (const auto& p : probes)
    for (const auto& ch : p.info.channels) {
      // An accumulator's min/mean/max and sparkline say nothing (it only grows): the power row shows it.
      if (ch.quantity == Quantity::energy) continue;
      name_width = std::max(name_width, display_width(p.info.name) + 1 + display_width(ch.name));
    }
  name_width = std::min<std::size_t>(name_width, 28);
  Columns c = choose_columns(name_width, width);

  lines.push_back(fit(fmt::format("wattbench monitor  {}  elapsed {:.1f} s  {} probe{}  q quits", screen.title,
                                  screen.elapsed_s, probes.size(), probes.size() == 1 ? "" : "s"),
                      width, utf8));
  if (height == 1) return lines;
  lines.push_back(fit(row(c, "channel", "value", "", "min", "mean", "max", "rate", "history", utf8), width, utf8));

  std::vector<std::string> body;
  for (const auto& p : probes) {
    auto rate = p.rate_hz();
    std::string rate_text = rate ? fmt::format("{:.0f} Hz", *rate) : std::string(utf8 ? kUnknownText : "-");
    for (std::size_t i = 0; i < p.info.channels.size() && i < p.channels.size(); ++i) {
      const auto& ch = p.info.channels[i];
      if (ch.quantity == Quantity::energy) continue;
      const auto& st = p.channels[i];
      bool error = !p.last_error.empty();
      std::string value = error ? "error" : number(st.last(), ch.unit, utf8);
      std::string spark = error ? p.last_error : sparkline(st.history(), c.spark, utf8);
      body.push_back(
          fit(row(c, p.info.name + "." + ch.name, value, unit_text(ch.unit, utf8), number(st.min(), ch.unit, utf8),
                  number(st.mean(), ch.unit, utf8), number(st.max(), ch.unit, utf8), rate_text, spark, utf8),
              width, utf8));
    }
  }
  std::size_t room = height - lines.size();
  if (room == 0 && !body.empty()) {
    // Two rows: the header and, instead of the column titles, what is hidden.
    lines.back() = fit(fmt::format("{} channels: enlarge the terminal", body.size()), width, utf8);
    return lines;
  }
  if (body.size() > room) {
    std::size_t shown = room - 1;
    lines.insert(lines.end(), body.begin(), body.begin() + static_cast<std::ptrdiff_t>(shown));
    lines.push_back(fit(fmt::format("{} more channels: enlarge the terminal", body.size() - shown), width, utf8));
    return lines;
  }
  lines.insert(lines.end(), body.begin(), body.end());
  if (!screen.note.empty() && lines.size() + 2 <= height) {
    lines.emplace_back();
    lines.push_back(fit(screen.note, width, utf8));
  }
  return lines;
}

}  // namespace wb
