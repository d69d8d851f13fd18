// Campaign tables.
#include "harness/campaign/campaign_report.hpp"

#include <fmt/format.h>

#include <cmath>

#include "harness/campaign/method_block.hpp"
#include "harness/report/format.hpp"
#include "harness/report/reporters.hpp"
#include "harness/report/versus_published.hpp"

namespace wb {

namespace {

std::string cell(const VariantRecord& v, const std::string& key) {
  auto it = v.aggregate.find(key);
  return it == v.aggregate.end() ? "—" : format_aggregate(it->second, *find_metric(key));
}

std::optional<double> mean_of(const VariantRecord& v, const std::string& key) {
  auto it = v.aggregate.find(key);
  return it == v.aggregate.end() ? std::nullopt : it->second.mean;
}

std::optional<double> number(const nlohmann::json& j, const char* key) {
  return j.contains(key) && j[key].is_number() ? std::optional<double>(j[key].get<double>()) : std::nullopt;
}

std::string fact(const nlohmann::json& card, const char* key) {
  const auto& f = card["facts"];
  return f.contains(key) ? f[key].get<std::string>() : "—";
}

const VariantRecord* find_variant(const Summary& s, const std::string& model, const std::string& card) {
  for (const auto& v : s.variants)
    if (v.params.value("model", "") == model && v.params.value("card", "") == card) return &v;
  return nullptr;
}

bool any_ok(const VariantRecord& v) {
  return std::any_of(v.runs.begin(), v.runs.end(), [](const RunRecord& r) { return r.status == RunStatus::ok; });
}

// The power scope the pair's ok runs measured (every run of a card shares its probes).
std::string ok_scope(const VariantRecord& v) {
  std::string scope = "—";
  for (const auto& r : v.runs)
    if (r.status == RunStatus::ok) scope = r.scope;
  return scope;
}

// Why a pair has no figures: refused by the tool, failed, or not run.
std::string why_not(const VariantRecord* v) {
  if (!v || v->runs.empty()) return "not run";
  const auto& r = v->runs.back();
  return (r.tool_refused ? "refused by the tool: " : std::string(run_status_name(r.status)) + ": ") + r.reason;
}

}  // namespace

std::vector<Table> campaign_tables(const Summary& s, const nlohmann::json& meta) {
  std::vector<Table> tables;
  for (const auto& model : meta["models"]) {
    std::string id = model["id"];
    auto gop = number(model, "gop_per_frame");
    Table t;
    t.title = fmt::format("{} — throughput, power and efficiency", model.value("title", id));
    t.headers = {"Card", "Tool", "FPS", "Power (W)", "Scope", "FPS/W", "Published FPS/W", "Measured vs published", "Utilisation"};
    for (const auto& card : meta["cards"]) {
      std::string name = card["name"], label = campaign_card_label(s, name);
      const VariantRecord* v = find_variant(s, id, name);
      std::vector<std::string> row{label, card["tool"].get<std::string>()};
      if (!v || !any_ok(*v)) {
        row.insert(row.end(), {"—", "—", "—", "—", "—", "—", "—"});
        t.rows.push_back(row);
        t.notes.push_back(fmt::format("{}: {}", label, why_not(v)));
        continue;
      }
      std::string scope = ok_scope(*v);
      // Published figures are for the model the card's config was written for.
      const auto& pub = card.value("published_model", "") == id ? card["published"] : nlohmann::json::object();
      auto pub_eff = number(pub, "fps_per_w");
      std::string pub_scope = pub.value("scope", "");
      auto eff = mean_of(*v, "fps_per_w"), fps = mean_of(*v, "fps");
      // One number format for measured and published figures (the metric's own).
      std::string published = pub_eff ? fmt::format("{} ({})", format_value(pub_eff, Hint::fps_per_watt), pub_scope) : "—";
      std::string versus = "—";
      auto vs = versus_published(eff, pub_eff, scope, pub_scope);
      if (vs.ratio) versus = fmt::format("{:.2f}× ({:+.1f} %)", *vs.ratio, (*vs.ratio - 1) * 100);
      else if (vs.other_scope) versus = fmt::format("not comparable ({} vs {})", scope, pub_scope);
      std::string util = "—";
      if (gop && fps && number(card, "rated_tops"))
        util = fmt::format("{:.0f} % of {:g} TOPS", *gop * *fps / 1000 / *number(card, "rated_tops") * 100, *number(card, "rated_tops"));
      row.insert(row.end(), {cell(*v, "fps"), cell(*v, "power_w"), scope, cell(*v, "fps_per_w"), published, versus, util});
      t.rows.push_back(row);
    }
    t.notes.push_back("Measured vs published: measured ÷ published, only where both are for the same scope; \"—\" where the card's "
                      "config gives no published figure for this model.");
    if (gop) t.notes.push_back(fmt::format("Utilisation: {:g} GOP per frame × FPS against the card's rated TOPS; a low figure "
                                           "points at an under-driven card (host, batch, PCIe) as much as at the silicon.", *gop));
    tables.push_back(t);
  }

  Table idle;
  idle.title = "Idle power";
  idle.headers = {"Card", "Idle (W)", "Scope", "ASPM", "Fan", "Notes"};
  for (const auto& card : meta["cards"]) {
    std::string name = card["name"], idle_w = "—", scope = "—";
    for (const auto& model : meta["models"])
      if (const auto* v = find_variant(s, model["id"], name); v && any_ok(*v) && idle_w == "—")
        idle_w = cell(*v, "idle_power_w"), scope = ok_scope(*v);
    idle.rows.push_back({campaign_card_label(s, name), idle_w, scope, fact(card, "aspm"), fact(card, "fan"), card["device"].value("notes", "")});
  }
  tables.push_back(idle);

  Table facts;
  facts.title = "Module facts (from the campaign's config)";
  facts.headers = {"Card", "Accelerator", "Form factor", "PCIe", "SRAM", "LPDDR", "Rated TOPS"};
  for (const auto& card : meta["cards"])
    facts.rows.push_back({card["name"].get<std::string>(), card["device"].value("accelerator", ""),
                          card["device"].value("form_factor", ""), fact(card, "pcie"), fact(card, "sram"),
                          fact(card, "lpddr"), number(card, "rated_tops") ? fmt::format("{:g}", *number(card, "rated_tops")) : "—"});
  for (const auto& n : meta["not_run"])
    facts.notes.push_back(fmt::format("Not run: {} on {}: {}", n["model"].get<std::string>(), n["card"].get<std::string>(),
                                      n["reason"].get<std::string>()));
  tables.push_back(facts);
  return tables;
}

void write_campaign_markdown(const Summary& s, const nlohmann::json& meta, std::ostream& out,
                             const std::vector<std::pair<std::string, std::string>>& figures) {
  out << "# " << markdown_escape(s.name) << "\n\n";
  if (auto note = unfinished_note(s); !note.empty()) out << "**" << markdown_escape(note) << "**\n\n";
  write_method_markdown(method_block(s, meta), out);
  for (const auto& t : campaign_tables(s, meta)) {
    write_table_markdown(t, out);
    out << "\n";
  }
  if (!figures.empty()) {
    out << "## Figures\n\nSVG for the page, PNG beside each, and the figure's data as CSV (same name).\n\n";
    for (const auto& [title, file] : figures) out << fmt::format("- [{}]({})\n", markdown_escape(title), file);
    out << "\n";
  }
  // A resumed campaign says which runs came from which invocation.
  if (s.invocations.size() > 1 || !s.finished) {
    out << "## Runs by invocation\n\n";
    for (const auto& inv : s.invocations) {
      std::string runs;
      for (const auto& r : inv.value("runs", nlohmann::json::array())) runs += (runs.empty() ? "" : ", ") + r.get<std::string>();
      out << fmt::format("- Invocation {} ({}{}{}): {}\n", inv.value("number", 0), inv.value("resumed", false) ? "resumed " : "started ",
                         inv.value("started", ""), inv.value("ended", "").empty() ? ", did not end" : ", ended " + inv.value("ended", ""),
                         markdown_escape(runs.empty() ? "no run finished" : runs));
    }
    out << "\n";
  }
}

}  // namespace wb
