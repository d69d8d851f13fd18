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
    case Hint::joules_per_inference: return "J";
    case Hint::milliseconds: return "ms";
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
    case Hint::joules_per_inference: return 3;
    case Hint::milliseconds: return 2;
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

std::string format_stats(const Stats& s, Hint h) {
  if (!s.mean) return "—";
  if (h == Hint::joules_per_inference) {
    const char* prefix;
    double k = si_scale(*s.mean, &prefix);
    return s.ci95 ? fmt::format("{:.3f} ± {:.3f} {}J", *s.mean * k, *s.ci95 * k, prefix) : format_value(s.mean, h);
  }
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

std::optional<double> aggregate_value(const Stats& s, const Metric& m) { return m.aggregate == Aggregate::max ? s.max : s.mean; }

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
