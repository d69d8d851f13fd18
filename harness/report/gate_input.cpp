// Gate input checks: a summary's aggregates against themselves and against its runs.
#include "harness/report/gate_input.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "harness/metrics/metric_table.hpp"

namespace wb {

namespace {
// Equal up to the rounding of a JSON round trip and of summing in another order.
bool close(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(std::abs(a), std::abs(b)) + 1e-12; }

std::string show(const std::optional<double>& v) { return v ? fmt::format("{:.6g}", *v) : std::string("null"); }
}  // namespace

std::vector<std::string> gate_input_problems(const CompareRow& r) {
  std::vector<std::string> out;
  for (const auto& [key, st] : r.aggregate) {
    if (!find_metric(key)) continue;  // only what a gate reads
    std::string where = fmt::format("variants[{}].aggregate.{}", r.variant, key);
    const std::pair<const char*, const std::optional<double>*> fields[] = {
        {"mean", &st.mean}, {"sd", &st.sd},   {"cv", &st.cv},        {"ci95", &st.ci95},
        {"min", &st.min},   {"max", &st.max}, {"median", &st.median}};
    bool finite = true;
    for (const auto& [name, v] : fields)
      if (*v && !std::isfinite(**v)) {
        out.push_back(fmt::format("{}.{} is not a finite number", where, name));
        finite = false;
      }
    if (!finite) continue;
    if ((st.sd && *st.sd < 0) || (st.ci95 && *st.ci95 < 0))
      out.push_back(fmt::format("{}: a negative sd or ci95", where));
    if (st.mean && ((st.min && *st.min > *st.mean && !close(*st.min, *st.mean)) ||
                    (st.max && *st.max < *st.mean && !close(*st.max, *st.mean))))
      out.push_back(
          fmt::format("{}: mean {} outside [min {}, max {}]", where, show(st.mean), show(st.min), show(st.max)));
    if (st.ci95 && st.n < 2)
      out.push_back(fmt::format("{}: ci95 {} from n = {} (an interval needs two runs)", where, show(st.ci95), st.n));
    if (st.mean && st.n == 0) out.push_back(fmt::format("{}: mean {} from n = 0 runs", where, show(st.mean)));
    if (st.ci95 && !st.sd) out.push_back(fmt::format("{}: ci95 {} without the sd it comes from", where, show(st.ci95)));
    if (st.ci95 && st.sd && st.n >= 2) {
      double expect = student_t95(st.n - 1) * *st.sd / std::sqrt(static_cast<double>(st.n));
      if (!close(expect, *st.ci95) && std::abs(expect - *st.ci95) > 1e-6 * std::abs(expect))
        out.push_back(fmt::format("{}: ci95 {} does not follow from sd {} and n = {} (t·sd/√n = {})", where,
                                  show(st.ci95), show(st.sd), st.n, show(expect)));
    }
    auto it = r.from_runs.find(key);
    if (it == r.from_runs.end()) continue;  // the runs do not carry this figure (an older summary)
    const Stats& fr = it->second;
    auto differs = [](const std::optional<double>& a, const std::optional<double>& b) {
      return a.has_value() != b.has_value() || (a && !close(*a, *b));
    };
    if (st.n != fr.n || differs(st.mean, fr.mean) || differs(st.ci95, fr.ci95) || differs(st.max, fr.max))
      out.push_back(fmt::format(
          "{} (n = {}, mean {}, ci95 {}, max {}) does not follow from its runs (n = {}, mean {}, ci95 {}, max {})",
          where, st.n, show(st.mean), show(st.ci95), show(st.max), fr.n, show(fr.mean), show(fr.ci95), show(fr.max)));
  }
  return out;
}

void require_gate_input(const std::vector<CompareRow>& rows) {
  std::vector<std::string> problems;
  std::string dir;
  for (const auto& r : rows) {
    auto p = gate_input_problems(r);
    if (!p.empty() && dir.empty()) dir = r.dir;
    if (!p.empty() && r.dir == dir) problems.insert(problems.end(), p.begin(), p.end());
  }
  if (problems.empty()) return;
  std::string text;
  for (std::size_t i = 0; i < problems.size() && i < 5; ++i) text += "\n  " + problems[i];
  if (problems.size() > 5) text += fmt::format("\n  … and {} more", problems.size() - 5);
  throw std::invalid_argument(
      fmt::format("{}/summary.json: statistics a gate cannot trust (run 'wattbench report {}' to recompute them from "
                  "the run files):{}",
                  dir, dir, text));
}

}  // namespace wb
