// Regression verdicts and their reports.
#include "harness/report/check.hpp"
#include "harness/report/svg.hpp"

#include <fmt/format.h>

#include <cmath>
#include <sstream>

namespace wb {

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::same: return "SAME";
    case Verdict::better: return "BETTER";
    case Verdict::worse: return "WORSE";
    case Verdict::ambiguous: return "AMBIGUOUS";
    case Verdict::missing: return "MISSING";
  }
  return "?";
}

Tolerances default_tolerances() { return {{"fps", 3.0}, {"fps_per_w", 5.0}, {"power_w", 5.0}}; }

Tolerances parse_tolerances(const std::string& text, Tolerances t) {
  std::stringstream ss(text);
  for (std::string item; std::getline(ss, item, ',');) {
    auto eq = item.find('=');
    std::string key = item.substr(0, eq), value = eq == std::string::npos ? "" : item.substr(eq + 1);
    if (!value.empty() && value.back() == '%') value.pop_back();
    if (key != "fps" && key != "fps_per_w" && key != "power_w" && key != "j_per_inference" && key != "idle_power_w")
      throw std::invalid_argument(fmt::format("--tolerance '{}': unknown metric; expected fps, fps_per_w, power_w, j_per_inference or idle_power_w", item));
    double v = 0;
    try {
      std::size_t used = 0;
      v = std::stod(value, &used);
      if (used != value.size()) throw std::invalid_argument("");
    } catch (...) {
      throw std::invalid_argument(fmt::format("--tolerance '{}': expected metric=percent, e.g. fps=3%", item));
    }
    if (v < 0) throw std::invalid_argument(fmt::format("--tolerance '{}': must not be negative", item));
    t[key] = v;
  }
  return t;
}

namespace {
const Stats* metric_of(const CompareRow& r, const std::string& m) {
  if (m == "fps") return &r.fps;
  if (m == "fps_per_w") return &r.fps_per_w;
  if (m == "power_w") return &r.power_w;
  if (m == "j_per_inference") return &r.j_per_inference;
  if (m == "idle_power_w") return &r.idle_power_w;
  return nullptr;
}
bool higher_is_better(const std::string& m) { return m == "fps" || m == "fps_per_w"; }
}  // namespace

std::vector<CheckLine> check_rows(const std::vector<CompareRow>& current, const std::vector<CompareRow>& baseline,
                                  const Tolerances& tol) {
  std::vector<CheckLine> out;
  for (const auto& c : current) {
    const CompareRow* b = nullptr;
    for (const auto& x : baseline)
      if (x.variant == c.variant) b = &x;
    for (const auto& [metric, t] : tol) {
      CheckLine line;
      line.result = c.result;
      line.variant = c.variant;
      line.metric = metric;
      line.tolerance_pct = t;
      if (!b) {
        line.note = "no such variant in the baseline";
        out.push_back(line);
        continue;
      }
      const Stats *cs = metric_of(c, metric), *bs = metric_of(*b, metric);
      line.current = cs->mean;
      line.baseline = bs->mean;
      if (!cs->mean || !bs->mean || *bs->mean == 0) {
        line.note = "no figure on one side";
        out.push_back(line);
        continue;
      }
      if (c.scope != b->scope) {
        line.note = fmt::format("power scopes differ ({} vs {}): not comparable", c.scope, b->scope);
        out.push_back(line);
        continue;
      }
      double cm = *cs->mean, bm = *bs->mean, cc = cs->ci95.value_or(0), bc = bs->ci95.value_or(0);
      double sign = higher_is_better(metric) ? 1 : -1;  // positive = better
      double d = (cm - bm) / bm * 100 * sign;
      double lo = ((cm - cc) - (bm + bc)) / bm * 100, hi = ((cm + cc) - (bm - bc)) / bm * 100;
      if (sign < 0) std::swap(lo, hi), lo = -lo, hi = -hi;
      line.delta_pct = d;
      line.delta_lo_pct = lo;
      line.delta_hi_pct = hi;
      if (hi < -t) line.verdict = Verdict::worse;
      else if (lo > t) line.verdict = Verdict::better;
      else if (lo >= -t && hi <= t) line.verdict = Verdict::same;
      else line.verdict = Verdict::ambiguous;
      if (!cs->ci95 || !bs->ci95) line.note = "one side has a single run: no interval";
      out.push_back(line);
    }
  }
  return out;
}

void write_check_table(const std::vector<CheckLine>& lines, std::ostream& out) {
  out << fmt::format("{:<16} {:<16} {:>12} {:>12} {:>9} {:>20} {:>6}  {}\n", "variant", "metric", "baseline", "current",
                     "delta %", "delta interval %", "tol %", "verdict");
  for (const auto& l : lines) {
    auto v = [](const std::optional<double>& x) { return x ? fmt::format("{:.4g}", *x) : std::string("—"); };
    std::string interval = l.delta_lo_pct ? fmt::format("[{:+.2f}, {:+.2f}]", *l.delta_lo_pct, *l.delta_hi_pct) : "—";
    out << fmt::format("{:<16} {:<16} {:>12} {:>12} {:>9} {:>20} {:>6.1f}  {}{}\n", l.variant, l.metric, v(l.baseline), v(l.current),
                       l.delta_pct ? fmt::format("{:+.2f}", *l.delta_pct) : "—", interval, l.tolerance_pct, verdict_name(l.verdict),
                       l.note.empty() ? "" : " (" + l.note + ")");
  }
  out << "delta: positive = better (for power and energy a drop counts as better)\n";
}

void write_junit(const std::vector<CheckLine>& lines, bool strict, std::ostream& out) {
  auto xml = [](const std::string& s) { return svg::escape(s); };  // the same rules hold for XML
  std::size_t failures = 0;
  for (const auto& l : lines) failures += l.verdict == Verdict::worse || (strict && l.verdict == Verdict::ambiguous);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuites><testsuite name=\"wattbench.check\" tests=\"{}\" failures=\"{}\">\n", lines.size(), failures);
  for (const auto& l : lines) {
    out << fmt::format("  <testcase classname=\"{}.{}\" name=\"{}\">", xml(l.result), xml(l.variant), xml(l.metric));
    bool fail = l.verdict == Verdict::worse || (strict && l.verdict == Verdict::ambiguous);
    std::string msg = fmt::format("{}: {} -> {} ({}% tolerance){}", verdict_name(l.verdict),
                                  l.baseline ? fmt::format("{:.4g}", *l.baseline) : "—", l.current ? fmt::format("{:.4g}", *l.current) : "—",
                                  l.tolerance_pct, l.note.empty() ? "" : "; " + l.note);
    if (fail) out << "<failure message=\"" << xml(msg) << "\"/>";
    else out << "<system-out>" << xml(msg) << "</system-out>";
    out << "</testcase>\n";
  }
  out << "</testsuite></testsuites>\n";
}

}  // namespace wb
