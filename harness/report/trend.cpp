// Nightly history per identity: series, verdicts against the baseline and the point before,
// change points, the gate and its CSV/JSON/table forms.
#include "harness/report/trend.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>

#include "harness/analysis/change_points.hpp"
#include "harness/analysis/stats.hpp"
#include "harness/metrics/metric_table.hpp"
#include "harness/report/format.hpp"
#include "harness/util/json_or_null.hpp"

namespace wb {

namespace {
// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
long days_from_civil(long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

int rank(Verdict v, bool current_missing) {
  switch (v) {
    case Verdict::worse:
      return 5;
    case Verdict::missing:
      return current_missing ? 4 : 0;
    case Verdict::ambiguous:
      return 3;
    case Verdict::better:
      return 2;
    case Verdict::added:
      return 1;
    case Verdict::same:
      return 1;
  }
  return 0;
}

struct Judged {
  Verdict verdict = Verdict::missing;
  std::vector<std::string> failures;
};
Judged judge(const CompareRow& cur, const CompareRow& base, const Tolerances& tol, bool cross) {
  Judged j;
  int worst = -1;
  for (const auto& l : check_rows({cur}, {base}, tol, cross)) {
    int r = rank(l.verdict, l.current_missing);
    if (r > worst) {
      worst = r;
      j.verdict = l.verdict;
    }
    if (line_fails(l, false))
      j.failures.push_back(fmt::format("{} {}{}", l.metric, verdict_name(l.verdict),
                                       l.delta_pct      ? fmt::format(" ({:+.2f} %)", *l.delta_pct)
                                       : l.note.empty() ? ""
                                                        : " (" + l.note + ")"));
  }
  return j;
}

std::string series_key(const CompareRow& r) { return identity_key(r.identity) + "\x1f" + r.variant; }
std::string series_label(const CompareRow& r) {
  return identity_label(r.identity) + (r.variant == "default" ? "" : " · " + r.variant);
}

std::string fmt_pct(double x) { return fmt::format("{:+.1f} %", x); }
}  // namespace

std::optional<double> parse_created(const std::string& t) {
  int y, mo, d, h, mi, s, used = 0;
  if (std::sscanf(t.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &used) != 6) return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60 || y < 1970) return std::nullopt;
  std::string rest = t.substr(static_cast<std::size_t>(used));
  if (!rest.empty() && rest[0] == '.') {  // fractional seconds
    std::size_t k = 1;
    while (k < rest.size() && std::isdigit(static_cast<unsigned char>(rest[k]))) ++k;
    rest = rest.substr(k);
  }
  long offset = 0;
  if (rest == "Z") {
  } else if (rest.size() >= 5 && (rest[0] == '+' || rest[0] == '-')) {
    std::string digits;
    for (char c : rest.substr(1))
      if (c != ':') digits += c;
    if (digits.size() != 4 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
      return std::nullopt;
    offset = (std::stol(digits.substr(0, 2)) * 60 + std::stol(digits.substr(2))) * 60 * (rest[0] == '-' ? -1 : 1);
  } else if (!rest.empty()) {
    return std::nullopt;
  }
  double days = static_cast<double>(days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)));
  return days * 86400 + h * 3600 + mi * 60 + s - static_cast<double>(offset);
}

std::string created_date(const std::string& t) { return t.size() >= 16 ? t.substr(0, 10) + " " + t.substr(11, 5) : t; }

std::vector<std::string> trend_metrics(const Tolerances& tol) {
  std::vector<std::string> out;
  for (const auto& m : metric_table())
    if (tol.count(m.key)) out.push_back(m.key);
  return out;
}

std::vector<TrendSeries> trend(const std::vector<CompareRow>& rows, const TrendOptions& opt) {
  std::vector<TrendSeries> out;
  std::map<std::string, std::size_t> index;
  for (const auto& r : rows) {
    auto when = parse_created(r.created);
    if (!when)
      throw std::invalid_argument(fmt::format(
          "{}/summary.json: created '{}' is not an ISO 8601 time; a trend needs each result's date", r.dir, r.created));
    auto [it, fresh] = index.emplace(series_key(r), out.size());
    if (fresh) {
      out.push_back({});
      out.back().key = series_key(r);
      out.back().label = series_label(r);
      out.back().metrics = trend_metrics(opt.tol);
    }
    TrendPoint p;
    p.row = &r;
    p.epoch_s = *when;
    out[it->second].points.push_back(p);
  }
  // Labels alike for other work (e.g. another batch size) get the work arguments.
  std::map<std::string, int> label_count;
  for (const auto& s : out) ++label_count[s.label];
  for (auto& s : out)
    if (label_count[s.label] > 1) s.label += " · " + s.points.front().row->identity.tool.work_args.dump();

  for (auto& s : out) {
    std::stable_sort(s.points.begin(), s.points.end(),
                     [](const TrendPoint& a, const TrendPoint& b) { return a.epoch_s < b.epoch_s; });
    const CompareRow& first = *s.points.front().row;
    s.baseline = &first;
    if (opt.baseline) {
      const CompareRow* match = nullptr;
      for (const auto& b : *opt.baseline)
        if (series_key(b) == s.key) match = &b;
      if (!match) {
        const CompareRow* nearest = nullptr;
        for (const auto& b : *opt.baseline)
          if (b.variant == first.variant) nearest = &b;
        if (!nearest && !opt.baseline->empty()) nearest = &opt.baseline->front();
        if (!nearest) throw std::invalid_argument("--baseline: the baseline result has no variants");
        if (!opt.allow_mismatch) {
          std::string fields;
          for (const auto& m : compare_identities(first.identity, nearest->identity).mismatches) fields += "\n  " + m;
          if (first.variant != nearest->variant)
            fields += fmt::format("\n  variant: {} vs {}", first.variant, nearest->variant);
          throw std::invalid_argument(
              fmt::format("--baseline {}: no result of the same work as the series {} (series vs baseline):{}\n"
                          "Name a baseline of the same identity, or pass --allow-mismatch to judge against it anyway "
                          "(cross-identity).",
                          nearest->dir, s.label, fields));
        }
        match = nearest;
        s.cross_identity = true;
      }
      s.baseline = match;
      s.external_baseline = true;
      for (const auto& w : compare_identities(first.identity, match->identity).warnings) s.warnings.push_back(w);
    }
    for (std::size_t i = 0; i < s.points.size(); ++i) {
      auto& p = s.points[i];
      if (s.external_baseline || i > 0) p.vs_baseline = judge(*p.row, *s.baseline, opt.tol, s.cross_identity).verdict;
      if (i > 0) {
        p.vs_previous = judge(*p.row, *s.points[i - 1].row, opt.tol, false).verdict;
        for (const auto& w : compare_identities(p.row->identity, s.points[i - 1].row->identity).warnings)
          p.notes.push_back("set-up changed: " + w);
      }
    }
    // Change points per gated metric, over the points that have the figure.
    for (const auto& key : s.metrics) {
      const Metric& m = *find_metric(key);
      std::vector<double> x, se;
      std::vector<std::size_t> at;
      for (std::size_t i = 0; i < s.points.size(); ++i) {
        const Stats& st = s.points[i].row->stat(key);
        auto v = aggregate_value(st, m);
        if (!v) continue;
        x.push_back(*v);
        se.push_back(st.ci95 && st.n >= 2 && m.aggregate == Aggregate::mean_ci ? *st.ci95 / student_t95(st.n - 1)
                                                                               : 0.0);
        at.push_back(i);
      }
      for (const auto& cp : change_points(x, se, opt.max_pvalue)) {
        TrendShift sh;
        sh.metric = key;
        sh.index = at[cp.index];
        sh.before = cp.mean_before;
        sh.after = cp.mean_after;
        sh.change_pct = cp.mean_before != 0 ? (cp.mean_after - cp.mean_before) / std::abs(cp.mean_before) * 100 : 0;
        sh.pvalue = cp.pvalue;
        sh.worse = m.higher_is_better ? cp.mean_after < cp.mean_before : cp.mean_after > cp.mean_before;
        s.shifts.push_back(sh);
        s.points[sh.index].notes.push_back(
            fmt::format("{} shift {} (p = {:.2g})", key, fmt_pct(sh.change_pct), sh.pvalue));
      }
    }
    // The gate: the latest point only.
    if (s.points.size() < 2 && !s.external_baseline) continue;
    const auto& last = s.points.back();
    for (const auto& f : judge(*last.row, *s.baseline, opt.tol, s.cross_identity).failures)
      s.failures.push_back(fmt::format("latest ({}) against the baseline ({}): {}", created_date(last.row->created),
                                       created_date(s.baseline->created), f));
    for (const auto& key : s.metrics) {
      std::vector<const TrendShift*> mine;
      for (const auto& sh : s.shifts)
        if (sh.metric == key) mine.push_back(&sh);
      if (mine.empty()) continue;
      const TrendShift& latest = *mine.back();  // the latest point's segment begins here
      if (!latest.worse) continue;
      // A drift is a run of worsening shifts: the latest segment against the one before the run.
      std::size_t k = mine.size() - 1;
      while (k > 0 && mine[k - 1]->worse) --k;
      const TrendShift& start = *mine[k];
      double tol = opt.tol.at(key);
      double total = start.before != 0 ? (latest.after - start.before) / std::abs(start.before) * 100 : 0;
      if (std::abs(total) < tol) continue;
      s.failures.push_back(
          fmt::format("{}: the latest segment is worse than the one before it ({} against a {:g} % tolerance); the "
                      "shift began on {} ({}): {:.4g} -> {:.4g}",
                      key, fmt_pct(total), tol, created_date(s.points[start.index].row->created),
                      s.points[start.index].row->dir, start.before, latest.after));
    }
  }
  return out;
}

bool trend_fails(const std::vector<TrendSeries>& series) {
  return std::any_of(series.begin(), series.end(), [](const TrendSeries& s) { return !s.failures.empty(); });
}

std::string trend_status(const std::vector<TrendSeries>& series) {
  std::size_t points = 0;
  for (const auto& s : series) points += s.points.size();
  if (!trend_fails(series)) return fmt::format("trend: passed ({} series, {} points)", series.size(), points);
  std::string text = "trend: FAILED";
  for (const auto& s : series)
    for (const auto& f : s.failures) text += "\n  " + s.label + ": " + f;
  return text;
}

std::vector<Table> trend_tables(const std::vector<TrendSeries>& series) {
  std::vector<Table> out;
  for (const auto& s : series) {
    Table t{"Trend: " + s.label, {"Date", "Result"}, {}, {}};
    for (const auto& key : s.metrics) t.headers.push_back(metric_header(*find_metric(key)));
    for (const char* h : {"vs baseline", "vs previous", "Notes"}) t.headers.push_back(h);
    for (const auto& p : s.points) {
      std::vector<std::string> cells{created_date(p.row->created), p.row->dir};
      for (const auto& key : s.metrics) cells.push_back(format_aggregate(p.row->stat(key), *find_metric(key)));
      bool is_base = !s.external_baseline && p.row == s.baseline;
      cells.push_back(is_base                                                        ? "baseline"
                      : p.vs_baseline == Verdict::missing && &p == &s.points.front() ? "—"
                                                                                     : verdict_name(p.vs_baseline));
      cells.push_back(&p == &s.points.front() ? "—" : verdict_name(p.vs_previous));
      std::string notes;
      for (const auto& n : p.notes) notes += (notes.empty() ? "" : "; ") + n;
      cells.push_back(notes.empty() ? "—" : notes);
      t.rows.push_back(cells);
    }
    t.notes.push_back(
        fmt::format("Baseline: {} ({}){}.", s.external_baseline ? "--baseline " + s.baseline->dir : "the first point",
                    created_date(s.baseline->created), s.cross_identity ? ", cross-identity (--allow-mismatch)" : ""));
    for (const auto& w : s.warnings) t.notes.push_back("Same work, another set-up than the baseline: " + w);
    t.notes.push_back(s.failures.empty() ? std::string("Gate: passed.") : "Gate: FAILED: " + [&] {
      std::string x;
      for (const auto& f : s.failures) x += (x.empty() ? "" : "; ") + f;
      return x;
    }());
    out.push_back(t);
  }
  if (!out.empty())
    out.back().notes.push_back(
        "Verdicts as `check` gives them (95 % intervals, the default tolerances); shifts are change points (E-divisive "
        "means with a t test, "
        "p < 0.05, as Apache Otava/Hunter); the gate judges the latest point only.");
  return out;
}

void write_trend_csv(const std::vector<TrendSeries>& series, std::ostream& out) {
  auto cell = [](const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string o = "\"";
    for (char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
    return o + "\"";
  };
  auto n = [](const std::optional<double>& v) { return v ? fmt::format("{:.9g}", *v) : std::string(); };
  std::vector<std::string> metrics = series.empty() ? std::vector<std::string>{} : series.front().metrics;
  out << "series,variant,date,created,result,dir";
  for (const auto& k : metrics) out << "," << k << "," << k << "_ci95";
  out << ",vs_baseline,vs_previous,is_baseline,shifts\n";
  for (const auto& s : series)
    for (const auto& p : s.points) {
      out << fmt::format("{},{},{},{},{},{}", cell(s.label), cell(p.row->variant), cell(created_date(p.row->created)),
                         cell(p.row->created), cell(p.row->result), cell(p.row->dir));
      for (const auto& k : metrics) {
        const Metric& m = *find_metric(k);
        const Stats& st = p.row->stat(k);
        out << "," << n(aggregate_value(st, m)) << "," << (m.aggregate == Aggregate::mean_ci ? n(st.ci95) : "");
      }
      std::string shifts;
      for (const auto& sh : s.shifts)
        if (&s.points[sh.index] == &p)
          shifts += fmt::format("{}{} {:+.2f}%", shifts.empty() ? "" : "; ", sh.metric, sh.change_pct);
      bool first = &p == &s.points.front();
      out << fmt::format(",{},{},{},{}\n", first && !s.external_baseline ? "" : verdict_name(p.vs_baseline),
                         first ? "" : verdict_name(p.vs_previous),
                         !s.external_baseline && p.row == s.baseline ? "true" : "false", cell(shifts));
    }
}

nlohmann::json trend_json(const std::vector<TrendSeries>& series) {
  nlohmann::json all = nlohmann::json::array();
  for (const auto& s : series) {
    nlohmann::json points = nlohmann::json::array();
    for (const auto& p : s.points) {
      bool first = &p == &s.points.front();
      nlohmann::json metrics = nlohmann::json::object();
      for (const auto& k : s.metrics) metrics[k] = to_json(p.row->stat(k));
      points.push_back({{"created", p.row->created},
                        {"date", created_date(p.row->created)},
                        {"result", p.row->result},
                        {"dir", p.row->dir},
                        {"metrics", metrics},
                        {"vs_baseline", first && !s.external_baseline ? nlohmann::json(nullptr)
                                                                      : nlohmann::json(verdict_name(p.vs_baseline))},
                        {"vs_previous", first ? nlohmann::json(nullptr) : nlohmann::json(verdict_name(p.vs_previous))},
                        {"notes", p.notes}});
    }
    nlohmann::json shifts = nlohmann::json::array();
    for (const auto& sh : s.shifts)
      shifts.push_back({{"metric", sh.metric},
                        {"index", sh.index},
                        {"created", s.points[sh.index].row->created},
                        {"dir", s.points[sh.index].row->dir},
                        {"before", sh.before},
                        {"after", sh.after},
                        {"change_pct", sh.change_pct},
                        {"pvalue", sh.pvalue},
                        {"worse", sh.worse}});
    const CompareRow& id_row = *s.points.front().row;
    all.push_back({{"label", s.label},
                   {"variant", id_row.variant},
                   {"identity", to_json(id_row.identity)},
                   {"baseline",
                    {{"dir", s.baseline->dir},
                     {"created", s.baseline->created},
                     {"external", s.external_baseline},
                     {"cross_identity", s.cross_identity}}},
                   {"points", points},
                   {"shifts", shifts},
                   {"warnings", s.warnings},
                   {"failures", s.failures},
                   {"passed", s.failures.empty()}});
  }
  return {{"schema", "wattbench.trend/1"}, {"series", all}, {"passed", !trend_fails(series)}};
}

}  // namespace wb
