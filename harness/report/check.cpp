// Regression verdicts and their reports.
#include "harness/report/check.hpp"

#include "harness/metrics/metric_table.hpp"
#include "harness/report/format.hpp"
#include "harness/report/svg.hpp"
#include "harness/report/table.hpp"
#include "harness/util/printable.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

namespace wb {

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::same:
      return "SAME";
    case Verdict::better:
      return "BETTER";
    case Verdict::worse:
      return "WORSE";
    case Verdict::ambiguous:
      return "AMBIGUOUS";
    case Verdict::missing:
      return "MISSING";
    case Verdict::added:
      return "ADDED";
  }
  return "?";
}

Tolerances default_tolerances() {
  Tolerances t;
  for (const auto& m : metric_table())
    if (m.default_tolerance_pct) t[m.key] = *m.default_tolerance_pct;
  return t;
}

Tolerances parse_tolerances(const std::string& text, Tolerances t) {
  std::stringstream ss(text);
  for (std::string item; std::getline(ss, item, ',');) {
    auto eq = item.find('=');
    std::string key = item.substr(0, eq), value = eq == std::string::npos ? "" : item.substr(eq + 1);
    if (!value.empty() && value.back() == '%') value.pop_back();
    if (!find_metric(key))
      throw std::invalid_argument(
          fmt::format("--tolerance '{}': unknown metric; expected one of {}", item, metric_keys()));
    double v = 0;
    try {
      std::size_t used = 0;
      v = std::stod(value, &used);
      if (used != value.size()) throw std::invalid_argument("");
    } catch (...) {
      throw std::invalid_argument(fmt::format("--tolerance '{}': expected metric=percent, e.g. fps=3%", item));
    }
    if (!std::isfinite(v) || v < 0)
      throw std::invalid_argument(fmt::format("--tolerance '{}': expected a finite percent, 0 or more", item));
    t[key] = v;
  }
  return t;
}

namespace {
// The figure a check compares and its interval half-width (a max aggregate has none).
struct Figure {
  std::optional<double> value, ci95;
};
Figure figure_of(const CompareRow& r, const std::string& key) {
  const Metric& m = *find_metric(key);
  const Stats& st = r.stat(key);
  return {aggregate_value(st, m), m.aggregate == Aggregate::mean_ci ? st.ci95 : std::nullopt};
}
}  // namespace

namespace {
const CompareRow* paired(const CompareRow& c, const std::vector<CompareRow>& baseline) {
  const CompareRow* b = nullptr;
  for (const auto& x : baseline)
    if (x.variant == c.variant) b = &x;
  return b;
}
}  // namespace

IdentityCheck check_identities(const std::vector<CompareRow>& current, const std::vector<CompareRow>& baseline) {
  IdentityCheck out;
  for (const auto& c : current) {
    const CompareRow* b = paired(c, baseline);
    if (!b) continue;
    auto d = compare_identities(c.identity, b->identity);
    for (const auto& m : d.mismatches) out.mismatches.push_back(c.variant + ": " + m);
    for (const auto& w : d.warnings) out.warnings.push_back(c.variant + ": " + w);
  }
  return out;
}

std::vector<CheckLine> check_rows(const std::vector<CompareRow>& current, const std::vector<CompareRow>& baseline,
                                  const Tolerances& tol, bool cross_identity) {
  std::vector<CheckLine> out;
  auto push = [&](CheckLine line) {
    for (const auto* rows : {&current, &baseline})
      for (const auto& r : *rows)
        if (line.label.empty() && r.variant == line.variant &&
            (!r.identity.card.product.empty() || !r.identity.model.id.empty()))
          line.label = identity_label(r.identity);
    if (cross_identity) {
      line.cross_identity = true;
      line.note = "cross-identity" + std::string(line.note.empty() ? "" : "; ") + line.note;
    }
    out.push_back(std::move(line));
  };
  // A variant the baseline has and the current result lacks was lost: it fails.
  for (const auto& b : baseline) {
    if (std::any_of(current.begin(), current.end(), [&](const CompareRow& c) { return c.variant == b.variant; }))
      continue;
    for (const auto& [metric, t] : tol) {
      CheckLine line;
      line.result = current.empty() ? b.result : current.front().result;
      line.variant = b.variant;
      line.metric = metric;
      line.tolerance_pct = t;
      line.baseline = figure_of(b, metric).value;
      line.current_missing = true;
      line.note = "variant absent from the current result";
      push(line);
    }
  }
  for (const auto& c : current) {
    const CompareRow* b = paired(c, baseline);
    // A refusal is a result: the same refusal again is no change, a new one a regression.
    if (b && (c.refused || b->refused)) {
      CheckLine line;
      line.result = c.result;
      line.variant = c.variant;
      line.metric = "tool_refusal";
      if (c.refused && b->refused) {
        line.verdict = Verdict::same;
        line.note = "refused by the tool in both: " + c.refusal +
                    (c.refusal == b->refusal ? "" : " (baseline: " + b->refusal + ")");
        push(line);
        continue;
      }
      if (c.refused) {
        line.verdict = Verdict::worse;
        line.note = "newly refused by the tool: " + c.refusal;
        push(line);
        continue;
      }
    }
    for (const auto& [metric, t] : tol) {
      CheckLine line;
      line.result = c.result;
      line.variant = c.variant;
      line.metric = metric;
      line.tolerance_pct = t;
      if (!b) {
        line.note = "no such variant in the baseline";
        push(line);
        continue;
      }
      const Figure cs = figure_of(c, metric), bs = figure_of(*b, metric);
      line.current = cs.value;
      line.baseline = bs.value;
      if (b->refused) {
        if (cs.value)
          line.verdict = Verdict::added;
        else
          line.current_missing = true;
        line.note = fmt::format("{}: the baseline's tool refused ({})",
                                cs.value ? "newly measured" : "no figure in the current result", b->refusal);
        push(line);
        continue;
      }
      if (!cs.value && !bs.value) {
        line.note = "measured on neither side";
        push(line);
        continue;
      }
      if (!cs.value) {
        line.current_missing = true;
        line.note = c.failed_runs
                        ? fmt::format("no figure in the current result: {} of {} run(s) failed or were invalid",
                                      c.failed_runs, c.runs)
                        : std::string("no figure in the current result");
        push(line);
        continue;
      }
      if (!bs.value || *bs.value == 0) {
        line.note = "no figure in the baseline";
        push(line);
        continue;
      }
      if (c.scope != b->scope && !cross_identity) {
        line.note = fmt::format("power scopes differ ({} vs {}): not comparable", c.scope, b->scope);
        push(line);
        continue;
      }
      double cm = *cs.value, bm = *bs.value, cc = cs.ci95.value_or(0), bc = bs.ci95.value_or(0);
      double sign = find_metric(metric)->higher_is_better ? 1 : -1;  // positive = better
      double d = (cm - bm) / bm * 100 * sign;
      double lo = ((cm - cc) - (bm + bc)) / bm * 100, hi = ((cm + cc) - (bm - bc)) / bm * 100;
      if (sign < 0) {
        std::swap(lo, hi);
        lo = -lo;
        hi = -hi;
      }
      line.delta_pct = d;
      line.delta_lo_pct = lo;
      line.delta_hi_pct = hi;
      if (hi < -t)
        line.verdict = Verdict::worse;
      else if (lo > t)
        line.verdict = Verdict::better;
      else if (lo >= -t && hi <= t)
        line.verdict = Verdict::same;
      else
        line.verdict = Verdict::ambiguous;
      if (find_metric(metric)->aggregate == Aggregate::max)
        line.note = "a maximum: no interval";
      else if (!cs.ci95 || !bs.ci95)
        line.note = "one side has a single run: no interval";
      push(line);
    }
  }
  return out;
}

bool line_fails(const CheckLine& l, bool strict) {
  return l.verdict == Verdict::worse || (strict && l.verdict == Verdict::ambiguous) ||
         (l.verdict == Verdict::missing && l.current_missing);
}

std::string check_gate_failure(const std::vector<CheckLine>& lines) {
  bool compared = std::any_of(lines.begin(), lines.end(), [](const CheckLine& l) {
    return l.verdict != Verdict::missing && l.verdict != Verdict::added;
  });
  return compared ? "" : "no metric could be compared with the baseline, so nothing was checked";
}

bool check_fails(const std::vector<CheckLine>& lines, bool strict) {
  return !check_gate_failure(lines).empty() ||
         std::any_of(lines.begin(), lines.end(), [&](const CheckLine& l) { return line_fails(l, strict); });
}

std::string check_counts_line(const std::vector<CheckLine>& lines, bool strict) {
  std::map<Verdict, std::size_t> n;
  for (const auto& l : lines) ++n[l.verdict];
  std::string text = fmt::format("verdicts: {} SAME, {} BETTER, {} WORSE, {} AMBIGUOUS, {} MISSING", n[Verdict::same],
                                 n[Verdict::better], n[Verdict::worse], n[Verdict::ambiguous], n[Verdict::missing]);
  if (n[Verdict::added]) text += fmt::format(", {} ADDED", n[Verdict::added]);
  if (n[Verdict::ambiguous])
    text += fmt::format(
        " — {} AMBIGUOUS: the interval straddles a tolerance edge, neither a regression nor none is shown ({})",
        n[Verdict::ambiguous], strict ? "failed by --strict" : "--strict fails them; more repeats narrow the interval");
  if (std::any_of(lines.begin(), lines.end(), [](const CheckLine& l) { return l.cross_identity; }))
    text += "; every verdict is cross-identity (--allow-mismatch)";
  return text;
}

std::string xml_text(const std::string& s) { return svg::escape(printable(s)); }

void write_check_table(const std::vector<CheckLine>& lines, std::ostream& out) {
  // Columns as wide as their widest cell (a long variant name no longer shifts the rest).
  Table t{"", {"variant", "metric", "baseline", "current", "delta %", "delta interval %", "tol %", "verdict"}, {}, {}};
  for (const auto& l : lines) {
    auto v = [](const std::optional<double>& x) { return x ? fmt::format("{:.4g}", *x) : std::string("—"); };
    auto pct = [](double x) { return std::abs(x) < 1e6 ? fmt::format("{:+.2f}", x) : fmt::format("{:+.3g}", x); };
    std::string interval = l.delta_lo_pct ? fmt::format("[{}, {}]", pct(*l.delta_lo_pct), pct(*l.delta_hi_pct)) : "—";
    t.rows.push_back({printable(l.variant), printable(l.metric), v(l.baseline), v(l.current),
                      l.delta_pct ? pct(*l.delta_pct) : "—", interval, fmt::format("{:.1f}", l.tolerance_pct),
                      printable(std::string(verdict_name(l.verdict)) + (l.note.empty() ? "" : " (" + l.note + ")"))});
  }
  t.notes.push_back("delta: positive = better (for power and energy a drop counts as better)");
  std::ostringstream text;
  write_table_terminal(t, text);
  std::string s = text.str();
  out << s.substr(0, s.size() - 1);
}

void write_junit(const std::vector<CheckLine>& lines, bool strict, std::ostream& out) {
  std::size_t failures = 0, skipped = 0;
  for (const auto& l : lines) {
    failures += line_fails(l, strict);
    skipped += !line_fails(l, strict) && l.verdict == Verdict::ambiguous;
  }
  std::string gate = check_gate_failure(lines);
  failures += !gate.empty();
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuites><testsuite name=\"wattbench.check\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">\n",
                     lines.size() + !gate.empty(), failures, skipped);
  if (!gate.empty())
    out << "  <testcase classname=\"wattbench.check\" name=\"comparable\"><failure message=\"" << xml_text(gate)
        << "\"/></testcase>\n";
  for (const auto& l : lines) {
    out << fmt::format("  <testcase classname=\"{}.{}\" name=\"{}{}\">", xml_text(l.result), xml_text(l.variant),
                       xml_text(l.metric), l.label.empty() ? "" : xml_text(" (" + l.label + ")"));
    bool fail = line_fails(l, strict);
    std::string msg = fmt::format("{}: {} -> {} ({}% tolerance){}", verdict_name(l.verdict),
                                  l.baseline ? fmt::format("{:.4g}", *l.baseline) : "—",
                                  l.current ? fmt::format("{:.4g}", *l.current) : "—", l.tolerance_pct,
                                  l.note.empty() ? "" : "; " + l.note);
    if (l.delta_lo_pct)
      msg += fmt::format("; delta interval [{:+.3g}, {:+.3g}] % against ±{} %", *l.delta_lo_pct, *l.delta_hi_pct,
                         l.tolerance_pct);
    if (fail)
      out << "<failure message=\"" << xml_text(msg) << "\"/>";
    else if (l.verdict == Verdict::ambiguous)
      out << "<skipped message=\"" << xml_text(msg + " (neither a regression nor none is shown; --strict fails it)")
          << "\"/>";
    else
      out << "<system-out>" << xml_text(msg) << "</system-out>";
    out << "</testcase>\n";
  }
  out << "</testsuite></testsuites>\n";
}

}  // namespace wb
