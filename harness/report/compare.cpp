// Compare tables: efficiency, idle power, published vs measured, sweeps.
#include "harness/report/compare.hpp"
#include "harness/pci/link_control.hpp"
#include "harness/report/sweep_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "harness/metrics/metric_table.hpp"
#include "harness/report/format.hpp"
#include "harness/report/versus_published.hpp"
#include "harness/util/csv_cell.hpp"
#include "harness/util/json_text.hpp"

namespace wb {

namespace {
std::optional<double> opt_num(const nlohmann::json& j, const char* k) {
  if (!j.is_object() || !j.contains(k) || !j[k].is_number()) return std::nullopt;
  return j[k].get<double>();
}

std::string with_ci(const CompareRow& r, const char* key) { return format_aggregate(r.stat(key), *find_metric(key)); }

struct Column {
  std::string key, header;
  std::function<std::string(const CompareRow&)> text;
  std::function<std::optional<double>(const CompareRow&)> number;
};

const std::vector<Column>& columns() {
  static const std::vector<Column> cols = [] {
    std::vector<Column> c{
        {"manufacturer", "Manufacturer", [](const CompareRow& r) { return r.manufacturer; }, nullptr},
        {"accelerator", "Accelerator", [](const CompareRow& r) { return r.accelerator; }, nullptr},
        {"model", "Model", [](const CompareRow& r) { return r.model; }, nullptr},
        {"variant", "Variant", [](const CompareRow& r) { return r.variant; }, nullptr},
    };
    for (const auto& m : metric_table())
      c.push_back({m.key, metric_header(m), [&m](const CompareRow& r) { return format_aggregate(r.stat(m.key), m); },
                   [&m](const CompareRow& r) { return aggregate_value(r.stat(m.key), m); }});
    c.push_back({"latency_ms", "Latency (ms)",
                 [](const CompareRow& r) { return format_value(r.latency_ms, Hint::milliseconds); },
                 [](const CompareRow& r) { return r.latency_ms; }});
    c.push_back({"agreement", "Top-1 agreement",
                 [](const CompareRow& r) {
                   return r.agreement ? fmt::format("{:.1f} %", 100 * *r.agreement) : std::string("—");
                 },
                 [](const CompareRow& r) { return r.agreement; }});
    c.push_back({"scope", "Scope", [](const CompareRow& r) { return r.scope; }, nullptr});
    c.push_back({"runs", "Runs",
                 [](const CompareRow& r) {
                   return r.failed_runs ? fmt::format("{} ({} failed)", r.runs, r.failed_runs) : std::to_string(r.runs);
                 },
                 [](const CompareRow& r) { return std::optional<double>(static_cast<double>(r.runs)); }});
    c.push_back({"tool", "Tool", [](const CompareRow& r) { return r.tool; }, nullptr});
    return c;
  }();
  return cols;
}

const Column* find_column(const std::string& key) {
  for (const auto& c : columns())
    if (c.key == key) return &c;
  return nullptr;
}

std::vector<const Column*> efficiency_columns(const CompareOptions& opt) {
  std::vector<std::string> keys = opt.columns;
  if (keys.empty()) {
    keys = {"manufacturer", "accelerator", "model", "variant"};
    for (const auto& m : metric_table())
      if (m.show & kCompare) keys.push_back(m.key);
    keys.insert(keys.end(), {"scope", "runs"});
  }
  std::vector<const Column*> out;
  for (const auto& k : keys) out.push_back(find_column(k));
  return out;
}

std::string published_comparison(const CompareRow& r) {
  auto vs = versus_published(r.stat("fps_per_w").mean, r.published_fps_per_w, r.scope, r.published_scope);
  if (vs.other_scope)
    return fmt::format("not comparable: published at {} scope, measured at {}", r.published_scope, r.scope);
  return vs.ratio ? fmt::format("{:.1f} %", *vs.ratio * 100) : "—";
}
}  // namespace

const std::vector<std::string>& compare_columns() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> k;
    for (const auto& c : columns()) k.push_back(c.key);
    return k;
  }();
  return keys;
}

const Stats& CompareRow::stat(const std::string& key) const {
  static const Stats empty;
  auto it = aggregate.find(key);
  return it == aggregate.end() ? empty : it->second;
}

Stats stats_from_json(const nlohmann::json& j) {
  Stats s;
  if (!j.is_object()) return s;
  s.n = j.value("n", std::size_t{0});
  s.mean = opt_num(j, "mean");
  s.sd = opt_num(j, "sd");
  s.cv = opt_num(j, "cv");
  s.ci95 = opt_num(j, "ci95");
  s.min = opt_num(j, "min");
  s.max = opt_num(j, "max");
  s.median = opt_num(j, "median");
  return s;
}

std::vector<CompareRow> rows_from_summary(const nlohmann::json& s, const nlohmann::json& env, const std::string& dir) {
  std::vector<CompareRow> rows;
  for (const auto& v : s.value("variants", nlohmann::json::array())) {
    CompareRow r;
    r.result = s.value("name", "");
    r.dir = dir;
    r.created = s.value("created", "");
    r.tool = s.value("tool", "");
    r.variant = v.value("id", "default");
    r.params = v.value("params", nlohmann::json::object());
    const auto& d = s.value("device", nlohmann::json::object());
    r.manufacturer = d.value("manufacturer", "");
    r.accelerator = d.value("accelerator", "");
    r.form_factor = d.value("form_factor", "");
    r.notes = d.value("notes", "");
    r.aspm_policy = env.is_object() && env.contains("aspm_policy") && env["aspm_policy"].is_string()
                        ? env["aspm_policy"].get<std::string>()
                        : "";
    const auto& agg = v.value("aggregate", nlohmann::json::object());
    if (agg.is_object())
      for (auto it = agg.begin(); it != agg.end(); ++it) r.aggregate[it.key()] = stats_from_json(it.value());
    r.derived = v.value("derived", nlohmann::json::object());
    std::size_t refused_runs = 0;
    std::map<std::string, std::vector<double>> columns;  // metric key -> the warm ok runs' values
    std::map<std::string, std::size_t> carried;          // metric key -> warm ok runs that have the key
    std::size_t warm_ok = 0;
    for (const auto& run : v.value("runs", nlohmann::json::array())) {
      ++r.runs;
      if (!run.is_object()) continue;
      if (run.value("status", "") != "ok") {
        ++r.failed_runs;
        if (run.contains("tool_refused") && run["tool_refused"] == true) {
          ++refused_runs;
          if (r.refusal.empty() && run.contains("reason") && run["reason"].is_string())
            r.refusal = run["reason"].get<std::string>();
        }
        r.tool_refused =
            run.contains("tool_refused") && run["tool_refused"].is_boolean() && run["tool_refused"].get<bool>();
        r.failure = run.contains("reason") && run["reason"].is_string() ? run["reason"].get<std::string>() : "";
        continue;
      }
      if (!(run.contains("cold") && run["cold"] == true)) {
        ++warm_ok;
        for (const auto& m : metric_table()) {
          if (!run.contains(m.key)) continue;
          ++carried[m.key];
          if (run[m.key].is_number()) columns[m.key].push_back(run[m.key].get<double>());
        }
      }
      if (r.model.empty()) r.model = run.value("model", "");
      if (r.scope.empty()) r.scope = run.value("scope", "");
      if (r.probe.empty()) r.probe = run.value("probe", "");
      if (!r.latency_ms) r.latency_ms = opt_num(run, "latency_mean_ms");
      const auto& acc = run.value("tool_extras", nlohmann::json::object()).value("accuracy", nlohmann::json::object());
      if (auto top1 = opt_num(acc, "top1_agreement")) r.agreement = std::min(r.agreement.value_or(1.0), *top1);
      if (auto min = opt_num(acc, "min_agreement")) r.min_agreement = std::max(r.min_agreement.value_or(0.0), *min);
      const auto& del =
          run.value("tool_extras", nlohmann::json::object()).value("delegation", nlohmann::json::object());
      if (r.placement.empty() && del.contains("nodes_delegated") && del["nodes_delegated"].is_number() &&
          del.contains("nodes_total") && del["nodes_total"].is_number())
        r.placement = fmt::format("{}/{}", del["nodes_delegated"].get<int>(), del["nodes_total"].get<int>());
    }
    r.refused = r.runs > 0 && refused_runs == r.runs;
    for (const auto& [key, n] : carried)
      if (n == warm_ok) r.from_runs[key] = describe(columns[key]);
    // The variant's identity; a field it leaves empty (an older or partial summary) is taken
    // from the folder's device and tool, so a missing identity never makes two cards alike.
    if (v.contains("identity") && v["identity"].is_object()) r.identity = identity_from_json(v["identity"]);
    // What the link ran in, as read back (environment.json's aspm block holds the same record);
    // only without one the host's global policy, said to be that.
    r.aspm = !r.identity.aspm.state.empty() ? aspm_state_label(r.identity.aspm.state)
             : !r.aspm_policy.empty()       ? "host policy " + r.aspm_policy
                                            : "";
    auto fill = [](std::string& field, const std::string& fallback) {
      if (field.empty()) field = fallback;
    };
    fill(r.identity.card.id, r.result);
    fill(r.identity.card.vendor, r.manufacturer);
    fill(r.identity.card.product, r.accelerator);
    fill(r.identity.card.form_factor, r.form_factor);
    fill(r.identity.model.id, r.model);
    fill(r.identity.tool.name, r.tool);
    fill(r.identity.scope, r.scope);
    r.manufacturer = r.identity.card.vendor;
    r.accelerator = r.identity.card.product;
    r.form_factor = r.identity.card.form_factor;
    r.tool = r.identity.tool.name;
    r.model = r.identity.model.id;
    r.scope = r.identity.scope;
    // A variant's own published figures (a campaign's card for its model), else the folder's.
    const auto& pub = v.contains("published") && v["published"].is_object()
                          ? v["published"]
                          : s.value("published", nlohmann::json::object());
    r.published_fps = opt_num(pub, "fps");
    r.published_fps_per_w = opt_num(pub, "fps_per_w");
    r.published_scope = pub.value("scope", "");
    r.published_source = pub.value("source", "");
    rows.push_back(std::move(r));
  }
  return rows;
}

std::string unranked_reason(const CompareRow& r, const CompareOptions& opt) {
  if (!r.agreement) return "";
  double min = opt.min_agreement ? *opt.min_agreement : r.min_agreement.value_or(0.99);
  if (*r.agreement >= min) return "";
  return fmt::format("not ranked: top-1 agreement {:.1f} % < {:.1f} %", 100 * *r.agreement, 100 * min);
}

void sort_rows(std::vector<CompareRow>& rows, const std::string& key, const CompareOptions& opt) {
  const Column* c = find_column(key);
  if (!c) throw std::invalid_argument(fmt::format("--sort {}: unknown column", key));
  std::stable_sort(rows.begin(), rows.end(), [&](const CompareRow& a, const CompareRow& b) {
    bool ua = !unranked_reason(a, opt).empty(), ub = !unranked_reason(b, opt).empty();
    if (ua != ub) return ub;  // ranked rows first
    if (c->number) {
      auto x = c->number(a), y = c->number(b);
      if (x && y) return *x > *y;
      return x.has_value() && !y.has_value();  // missing figures last
    }
    return c->text(a) < c->text(b);
  });
}

std::vector<Table> compare_tables(const std::vector<CompareRow>& rows, const CompareOptions& opt) {
  std::vector<Table> tables;
  Table eff{"Efficiency", {}, {}, {}};
  auto cols = efficiency_columns(opt);
  // Results with an output-agreement check show it by default, before the scope.
  if (opt.columns.empty() &&
      std::any_of(rows.begin(), rows.end(), [](const CompareRow& r) { return r.agreement.has_value(); }))
    cols.insert(std::find(cols.begin(), cols.end(), find_column("scope")), find_column("agreement"));
  for (const auto* c : cols) eff.headers.push_back(c->header);
  for (const auto& r : rows) {
    std::vector<std::string> cells;
    auto why = unranked_reason(r, opt);
    // Every per-energy figure is FPS/W in other units: none of them ranks either.
    for (const auto* c : cols)
      cells.push_back(!why.empty() &&
                              (c->key == "fps_per_w" || c->key == "inferences_per_j" || c->key == "j_per_inference")
                          ? why
                          : c->text(r));
    eff.rows.push_back(cells);
    if (!why.empty())
      eff.notes.push_back(
          fmt::format("{} {} ({}): FPS/W {} — its outputs differ from the reference runtime's; its speed is not "
                      "the same work.",
                      r.accelerator, r.variant, r.tool, why));
  }
  std::set<std::string> scopes;
  for (const auto& r : rows) scopes.insert(r.scope);
  if (scopes.size() > 1)
    eff.notes.push_back(
        fmt::format("Power scopes differ between rows ({}): FPS/W figures of different scopes are not comparable.",
                    fmt::join(scopes, ", ")));
  tables.push_back(eff);

  Table idle{"Idle power", {"Manufacturer", "Accelerator", "Idle (W)", "Scope", "ASPM", "Notes"}, {}, {}};
  std::set<std::string> seen;
  for (const auto& r : rows) {
    // One line per card and ASPM state of a results folder: a campaign's cards each have their own idle.
    if (!seen.insert(r.dir + "\n" + card_label(r.identity) + "\n" + r.identity.card.id + "\n" + r.identity.aspm.state)
             .second)
      continue;
    // A config note that states an ASPM state is the typed fact a read-back state replaces.
    bool typed_aspm = !r.identity.aspm.state.empty() && r.notes.rfind("ASPM", 0) == 0;
    idle.rows.push_back({r.manufacturer, r.accelerator, with_ci(r, "idle_power_w"), r.scope,
                         r.aspm.empty() ? "—" : r.aspm, r.notes.empty() || typed_aspm ? "—" : r.notes});
  }
  tables.push_back(idle);

  Table pub{"Published vs measured",
            {"Accelerator", "Variant", "FPS measured", "FPS published", "FPS ratio", "FPS/W measured", "measured scope",
             "FPS/W published", "published scope", "FPS/W ratio"},
            {},
            {}};
  for (const auto& r : rows)
    if (r.published_fps || r.published_fps_per_w) {
      auto fps = r.stat("fps").mean;
      auto fps_vs = versus_published(fps, r.published_fps);
      pub.rows.push_back({r.accelerator, r.variant, format_value(fps, find_metric("fps")->hint),
                          r.published_fps ? fmt::format("{:g}", *r.published_fps) : "—",
                          fps_vs.ratio ? fmt::format("{:.1f} %", *fps_vs.ratio * 100) : "—",
                          format_value(r.stat("fps_per_w").mean, find_metric("fps_per_w")->hint), r.scope,
                          r.published_fps_per_w ? fmt::format("{:g}", *r.published_fps_per_w) : "—",
                          r.published_scope.empty() ? "—" : r.published_scope, published_comparison(r)});
    }
  if (!pub.rows.empty()) tables.push_back(pub);

  // Sweeps: one table per results folder with variants, parameters as columns.
  std::map<std::string, std::vector<const CompareRow*>> sweeps;
  for (const auto& r : rows)
    if (!r.params.empty()) sweeps[r.dir].push_back(&r);
  for (auto& [dir, vs] : sweeps) {
    Table t{"Sweep: " + vs.front()->result, {}, {}, {}};
    std::vector<std::string> axis_names = axes_in_matrix_order(vs.front()->params, vs.front()->variant);
    // Rows in the order of the sweep's axes, as the source's table has them, not by a metric.
    std::stable_sort(vs.begin(), vs.end(), [&](const CompareRow* a, const CompareRow* b) {
      return params_before(a->params, b->params, axis_names);
    });
    bool npu = false;
    for (const auto* r : vs)
      for (auto it = r->params.begin(); it != r->params.end(); ++it)
        npu = npu || (it.value().is_string() && it.value() == "npu");
    std::set<std::string> derived_keys;
    for (const auto* r : vs)
      for (auto it = r->derived.begin(); it != r->derived.end(); ++it) derived_keys.insert(it.key());
    t.headers = axis_names;
    for (const auto& m : metric_table())
      if (m.show & kSweep) t.headers.push_back(metric_header(m));
    for (const char* x : {"Latency (ms)", npu ? "Operators on NPU" : "Operators on accelerator"})
      t.headers.push_back(x);
    for (const auto& k : derived_keys) t.headers.push_back(derived_header(k));
    for (const auto* r : vs) {
      std::vector<std::string> cells;
      for (const auto& a : axis_names) cells.push_back(r->params.value(a, ""));
      for (const auto& m : metric_table())
        if (m.show & kSweep) cells.push_back(format_aggregate(r->stat(m.key), m));
      cells.push_back(format_value(r->latency_ms, Hint::milliseconds));
      cells.push_back(r->placement.empty() || runs_on_cpu(r->params, r->identity.tool.work_args) ? "—" : r->placement);
      for (const auto& k : derived_keys)
        cells.push_back(r->derived.contains(k) && r->derived[k].is_number() ? ratio_text(k, r->derived[k].get<double>())
                                                                            : "—");
      t.rows.push_back(cells);
    }
    tables.push_back(t);
  }
  return tables;
}

void write_compare_markdown(const std::vector<CompareRow>& rows, const CompareOptions& opt, std::ostream& out) {
  for (const auto& t : compare_tables(rows, opt)) write_table_markdown(t, out);
}

void write_compare_csv(const std::vector<CompareRow>& rows, std::ostream& out) {
  // Every metric of the table with its 95 % CI (empty for a max aggregate), in table order.
  std::string metric_header;
  for (const auto& m : metric_table()) metric_header += fmt::format("{},{}_ci95,", m.key, m.key);
  out << "result,variant,params,manufacturer,accelerator,model,tool,scope," << metric_header
      << "latency_ms,placement,runs,failed_runs,published_fps,published_fps_per_w,published_scope\n";
  auto n = [](const std::optional<double>& v) { return v ? fmt::format("{:.9g}", *v) : std::string(); };
  for (const auto& r : rows) {
    std::string metrics;
    for (const auto& m : metric_table()) {
      const auto& st = r.stat(m.key);
      metrics += fmt::format("{},{},", n(aggregate_value(st, m)), m.aggregate == Aggregate::mean_ci ? n(st.ci95) : "");
    }
    out << fmt::format("{},{},{},{},{},{},{},{},{}{},{},{},{},{},{},{}\n", csv_cell(r.result), csv_cell(r.variant),
                       csv_cell(json_text(r.params)), csv_cell(r.manufacturer), csv_cell(r.accelerator),
                       csv_cell(r.model), csv_cell(r.tool), csv_cell(r.scope), metrics, n(r.latency_ms),
                       csv_cell(r.placement), r.runs, r.failed_runs, n(r.published_fps), n(r.published_fps_per_w),
                       csv_cell(r.published_scope));
  }
}

nlohmann::json compare_json(const std::vector<CompareRow>& rows) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : rows) {
    nlohmann::json j = {
        {"result", r.result},
        {"dir", r.dir},
        {"variant", r.variant},
        {"params", r.params},
        {"manufacturer", r.manufacturer},
        {"accelerator", r.accelerator},
        {"model", r.model},
        {"tool", r.tool},
        {"scope", r.scope},
        {"latency_ms", r.latency_ms ? nlohmann::json(*r.latency_ms) : nlohmann::json(nullptr)},
        {"placement", r.placement},
        {"derived", r.derived},
        {"aspm_policy", r.aspm_policy},
        {"aspm", r.aspm},
        {"notes", r.notes},
        {"identity", to_json(r.identity)},
        {"runs", r.runs},
        {"failed_runs", r.failed_runs},
        {"published",
         {{"fps", r.published_fps ? nlohmann::json(*r.published_fps) : nlohmann::json(nullptr)},
          {"fps_per_w", r.published_fps_per_w ? nlohmann::json(*r.published_fps_per_w) : nlohmann::json(nullptr)},
          {"scope", r.published_scope},
          {"comparison", published_comparison(r)}}}};
    for (const auto& m : metric_table()) j[m.key] = to_json(r.stat(m.key));
    // Only where a result checked its outputs (tool infer), so other rows read as before.
    if (r.agreement)
      j["agreement"] = {{"top1", *r.agreement},
                        {"min_agreement", r.min_agreement ? nlohmann::json(*r.min_agreement) : nlohmann::json(nullptr)},
                        {"unranked_reason", unranked_reason(r, CompareOptions{})}};
    out.push_back(j);
  }
  return {{"schema", "wattbench.compare/1"}, {"rows", out}};
}

}  // namespace wb
