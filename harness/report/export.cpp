// BMF and OpenMetrics writers.
#include "harness/report/export.hpp"

#include <fmt/format.h>

#include <map>

#include "harness/metrics/metric_table.hpp"
#include "harness/report/trend.hpp"
#include "harness/util/printable.hpp"

namespace wb {

namespace {
// The measures exported, with OpenMetrics family names (a unit is the name's suffix).
struct Measure {
  const char* key;     // metric table key = BMF measure slug
  const char* family;  // OpenMetrics name without the unit
  const char* unit;    // "" when dimensionless
  const char* help;
};
constexpr Measure kMeasures[] = {
    {"fps", "wattbench_fps", "", "Inferences per second, mean over repeats."},
    {"fps_per_w", "wattbench_fps_per_watt", "", "Inferences per second per watt, mean over repeats."},
    {"power_w", "wattbench_power", "watts", "Mean power over the measured window at the result's scope."},
    {"idle_power_w", "wattbench_idle_power", "watts", "Mean idle power before the tool ran."},
    {"j_per_inference", "wattbench_energy_per_inference", "joules", "Energy per inference."},
};

std::string label_value(const std::string& s) {
  std::string out;
  for (char c : printable(s)) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}
}  // namespace

std::vector<ExportRow> export_rows(const std::vector<CompareRow>& rows) {
  std::map<std::string, const CompareRow*> latest;
  std::vector<std::string> order;
  for (const auto& r : rows) {
    std::string key = identity_key(r.identity) + "\x1f" + r.variant;
    auto it = latest.find(key);
    if (it == latest.end()) {
      latest[key] = &r;
      order.push_back(key);
      continue;
    }
    auto a = parse_created(r.created), b = parse_created(it->second->created);
    if (a && (!b || *a >= *b)) it->second = &r;
  }
  std::vector<ExportRow> out;
  std::map<std::string, int> seen;
  for (const auto& key : order) {
    const CompareRow& r = *latest[key];
    out.push_back({&r, printable(identity_label(r.identity) + (r.variant == "default" ? "" : " · " + r.variant))});
  }
  for (const auto& e : out) ++seen[e.name];
  for (auto& e : out)
    if (seen[e.name] > 1) e.name += " · " + e.row->identity.tool.work_args.dump() + " · " + e.row->scope;
  return out;
}

nlohmann::json bmf_json(const std::vector<CompareRow>& rows) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& e : export_rows(rows)) {
    nlohmann::json measures = nlohmann::json::object();
    for (const auto& m : kMeasures) {
      const Stats& st = e.row->stat(m.key);
      if (!st.mean) continue;
      nlohmann::json v = {{"value", *st.mean}};
      if (st.n >= 2 && st.ci95) {
        v["lower_value"] = *st.mean - *st.ci95;
        v["upper_value"] = *st.mean + *st.ci95;
      }
      measures[m.key] = v;
    }
    out[e.name] = measures;
  }
  return out;
}

void write_openmetrics(const std::vector<CompareRow>& rows, std::ostream& out) {
  auto exported = export_rows(rows);
  std::vector<std::string> labels;
  for (const auto& e : exported) {
    const auto& id = e.row->identity;
    std::vector<std::pair<const char*, std::string>> kv{{"benchmark", e.name},
                                                        {"card", id.card.id},
                                                        {"vendor", id.card.vendor},
                                                        {"product", id.card.product},
                                                        {"form_factor", id.card.form_factor},
                                                        {"model", id.model.id},
                                                        {"model_sha256", id.model.sha256},
                                                        {"tool", id.tool.name},
                                                        {"tool_version", id.tool.version},
                                                        {"work_args", id.tool.work_args.dump()},
                                                        {"scope", e.row->scope},
                                                        {"variant", e.row->variant},
                                                        {"result", e.row->result}};
    std::string l;
    for (const auto& [k, v] : kv) l += fmt::format("{}{}=\"{}\"", l.empty() ? "" : ",", k, label_value(v));
    labels.push_back(l);
  }
  for (bool ci : {false, true})
    for (const auto& m : kMeasures) {
      std::string name = std::string(m.family) + (ci ? "_ci95" : "") + (*m.unit ? std::string("_") + m.unit : "");
      out << "# TYPE " << name << " gauge\n";
      if (*m.unit) out << "# UNIT " << name << " " << m.unit << "\n";
      out << "# HELP " << name << " "
          << (ci ? std::string("Half-width of the 95 % confidence interval over repeats: ") : "") << m.help << "\n";
      for (std::size_t i = 0; i < exported.size(); ++i) {
        const Stats& st = exported[i].row->stat(m.key);
        std::optional<double> v = ci ? (st.n >= 2 ? st.ci95 : std::nullopt) : st.mean;
        if (v) out << fmt::format("{}{{{}}} {}\n", name, labels[i], fmt::format("{:.17g}", *v));
      }
    }
  out << "# EOF\n";
}

}  // namespace wb
