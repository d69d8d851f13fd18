// Value formatting by hint.
#include "harness/report/format.hpp"

#include <fmt/format.h>

#include <cmath>

namespace wb {

const char* unit_of(Hint h) {
  switch (h) {
    case Hint::fps: return "FPS";
    case Hint::watts: return "W";
    case Hint::fps_per_watt: return "FPS/W";
    case Hint::joules: return "J";
    case Hint::celsius: return "°C";
    case Hint::seconds: return "s";
    case Hint::ratio: return "%";
    case Hint::hertz: return "Hz";
  }
  return "";
}

static int decimals(Hint h, double v) {
  switch (h) {
    case Hint::fps: return std::abs(v) >= 100 ? 1 : 2;
    case Hint::watts: return 3;
    case Hint::fps_per_watt: return std::abs(v) >= 100 ? 1 : 2;
    case Hint::joules: return 4;
    case Hint::celsius: return 1;
    case Hint::seconds: return 3;
    case Hint::ratio: return 1;
    case Hint::hertz: return 0;
  }
  return 3;
}

std::string format_value(std::optional<double> v, Hint h) {
  if (!v || std::isnan(*v)) return "—";
  double x = h == Hint::ratio ? *v * 100.0 : *v;
  return fmt::format("{:.{}f}", x, decimals(h, *v));
}

std::string format_stats(const Stats& s, Hint h) {
  if (!s.mean) return "—";
  std::string out = format_value(s.mean, h);
  // The CI is printed with the mean's precision so the two line up.
  if (s.ci95) out += fmt::format(" ± {:.{}f}", h == Hint::ratio ? *s.ci95 * 100 : *s.ci95, decimals(h, *s.mean));
  return out;
}

std::string markdown_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|' || c == '*' || c == '_' || c == '`' || c == '<' || c == '>' || c == '[' || c == ']' || c == '\\') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out;
}

std::string format_energy_per_inference(std::optional<double> j) {
  if (!j) return "—";
  if (*j >= 1) return fmt::format("{:.3f} J", *j);
  if (*j >= 1e-3) return fmt::format("{:.3f} mJ", *j * 1e3);
  return fmt::format("{:.3f} µJ", *j * 1e6);
}

}  // namespace wb
