// Value formatting by hint.
#include "harness/report/format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace wb {

const char* unit_of(Hint h) {
  switch (h) {
    case Hint::fps:
      return "FPS";
    case Hint::watts:
      return "W";
    case Hint::fps_per_watt:
      return "FPS/W";
    case Hint::joules:
      return "J";
    case Hint::celsius:
      return "°C";
    case Hint::seconds:
      return "s";
    case Hint::ratio:
      return "%";
    case Hint::hertz:
      return "Hz";
    case Hint::joules_per_inference:
      return "J";
    case Hint::milliseconds:
      return "ms";
  }
  return "";
}

static int decimals(Hint h, double v) {
  switch (h) {
    case Hint::fps:
      return std::abs(v) >= 100 ? 1 : 2;
    case Hint::watts:
      return 3;
    case Hint::fps_per_watt:
      return std::abs(v) >= 100 ? 1 : 2;
    case Hint::joules:
      return 4;
    case Hint::celsius:
      return 1;
    case Hint::seconds:
      return 3;
    case Hint::ratio:
      return 1;
    case Hint::hertz:
      return 0;
    case Hint::joules_per_inference:
      return 3;
    case Hint::milliseconds:
      return 2;
  }
  return 3;
}

// J per inference spans µJ to J across accelerators: one SI prefix chosen from the value.
static double si_scale(double j, const char** prefix) {
  double a = std::abs(j);
  *prefix = a >= 1 ? "" : a >= 1e-3 ? "m" : "µ";
  return a >= 1 ? 1 : a >= 1e-3 ? 1e3 : 1e6;
}

std::string format_value(std::optional<double> v, Hint h) {
  if (!v || std::isnan(*v)) return "—";
  if (h == Hint::joules_per_inference) {
    const char* prefix;
    double k = si_scale(*v, &prefix);
    return fmt::format("{:.3f} {}J", *v * k, prefix);
  }
  double x = h == Hint::ratio ? *v * 100.0 : *v;
  return fmt::format("{:.{}f}", x, decimals(h, *v));
}

int uncertainty_decimals(double u) {
  if (!(u > 0) || !std::isfinite(u)) return 0;
  double e = std::floor(std::log10(u));
  int sig = u / std::pow(10.0, e) < 3 - 1e-9 ? 2 : 1;  // 0.3 / 0.1 is 2.9999999999999996
  return static_cast<int>(-e) + sig - 1;
}

std::string with_uncertainty(double mean, double u, int fallback_decimals) {
  int d = u > 0 && std::isfinite(u) ? std::min(uncertainty_decimals(u), 9) : fallback_decimals;
  if (d >= 0) return fmt::format("{:.{}f} ± {:.{}f}", mean, d, u, d);
  // The uncertainty is in the tens or more: the mean rounded to that place too ("1230 ± 60").
  double step = std::pow(10.0, -d);
  return fmt::format("{:.0f} ± {:.0f}", std::round(mean / step) * step, std::round(u / step) * step);
}

std::string format_stats(const Stats& s, Hint h) {
  if (!s.mean) return "—";
  if (!s.ci95) return format_value(s.mean, h);
  // One policy for every output: the mean to the digit of its uncertainty.
  if (h == Hint::joules_per_inference) {
    const char* prefix;
    double k = si_scale(*s.mean, &prefix);
    return with_uncertainty(*s.mean * k, *s.ci95 * k, 3) + " " + prefix + "J";
  }
  double scale = h == Hint::ratio ? 100.0 : 1.0;
  return with_uncertainty(*s.mean * scale, *s.ci95 * scale, decimals(h, *s.mean));
}

std::string markdown_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|' || c == '*' || c == '_' || c == '`' || c == '<' || c == '>' || c == '[' || c == ']' || c == '\\')
      out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out;
}

std::optional<double> aggregate_value(const Stats& s, const Metric& m) {
  return m.aggregate == Aggregate::max ? s.max : s.mean;
}

std::string format_aggregate(const Stats& s, const Metric& m) {
  return m.aggregate == Aggregate::max ? format_value(s.max, m.hint) : format_stats(s, m.hint);
}

std::string format_aggregate_with_unit(const Stats& s, const Metric& m) {
  if (!aggregate_value(s, m)) return "—";
  std::string text = format_aggregate(s, m) + (*m.unit ? std::string(" ") + m.unit : "");
  return m.aggregate == Aggregate::max && s.n > 1 ? fmt::format("{} (max of {})", text, s.n) : text;
}

std::string metric_header(const Metric& m) { return *m.unit ? fmt::format("{} ({})", m.label, m.unit) : m.label; }

}  // namespace wb
