// Campaign tables.
#include "harness/campaign/campaign_report.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>

#include "harness/campaign/method_block.hpp"
#include "harness/pci/link_control.hpp"
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

// Every pair of model × card (one per ASPM state of a sweep); {nullptr} when none ran.
std::vector<const VariantRecord*> variants_of(const Summary& s, const std::string& model, const std::string& card) {
  std::vector<const VariantRecord*> out;
  for (const auto& v : s.variants)
    if (v.params.value("model", "") == model && v.params.value("card", "") == card) out.push_back(&v);
  if (out.empty()) out.push_back(nullptr);
  return out;
}

// The pair's first variant (the first ASPM state of a sweep), nullptr when none ran.
const VariantRecord* find_variant(const Summary& s, const std::string& model, const std::string& card) {
  return variants_of(s, model, card).front();
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

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : sep) + x;
  return out;
}

// Same card: the same accelerator and form factor in the cards' device blocks.
bool same_card(const nlohmann::json& a, const nlohmann::json& b) {
  return a["device"].value("accelerator", "") == b["device"].value("accelerator", "") &&
         a["device"].value("form_factor", "") == b["device"].value("form_factor", "") &&
         !a["device"].value("accelerator", "").empty();
}

std::string ratio(std::optional<double> infer, std::optional<double> vendor) {
  if (!infer || !vendor || *vendor == 0) return "—";
  return fmt::format("{:.4f} ({:+.2f} %)", *infer / *vendor, (*infer / *vendor - 1) * 100);
}

// wattbench-infer beside the vendor's own tool on the same card and model: FPS, W and FPS/W of
// each and infer ÷ vendor. Pairs: a card whose tool is infer and another card of the same device.
std::optional<Table> parity_table(const Summary& s, const nlohmann::json& meta, const nlohmann::json& model) {
  std::string id = model["id"];
  Table t;
  t.title = fmt::format("{} — parity: wattbench-infer beside the vendor tool", model.value("title", id));
  t.headers = {"Card",      "Vendor tool", "FPS (vendor)",   "FPS (infer)",   "FPS ratio",  "W (vendor)",
               "W (infer)", "W ratio",     "FPS/W (vendor)", "FPS/W (infer)", "FPS/W ratio"};
  for (const auto& ic : meta["cards"]) {
    if (ic["tool"] != "infer") continue;
    for (const auto& vc : meta["cards"]) {
      if (vc["tool"] == "infer" || !same_card(ic, vc)) continue;
      const VariantRecord* iv = find_variant(s, id, ic["name"]);
      const VariantRecord* vv = find_variant(s, id, vc["name"]);
      std::string label =
          fmt::format("{} / {}", campaign_card_label(s, vc["name"]), campaign_card_label(s, ic["name"]));
      if (!iv || !vv || !any_ok(*iv) || !any_ok(*vv)) {
        t.rows.push_back({label, vc["tool"].get<std::string>(), "—", "—", "—", "—", "—", "—", "—", "—", "—"});
        t.notes.push_back(fmt::format(
            "{}: {}", label,
            !iv || !any_ok(*iv) ? "infer: " + why_not(iv) : vc["tool"].get<std::string>() + ": " + why_not(vv)));
        continue;
      }
      t.rows.push_back({label, vc["tool"].get<std::string>(), cell(*vv, "fps"), cell(*iv, "fps"),
                        ratio(mean_of(*iv, "fps"), mean_of(*vv, "fps")), cell(*vv, "power_w"), cell(*iv, "power_w"),
                        ratio(mean_of(*iv, "power_w"), mean_of(*vv, "power_w")), cell(*vv, "fps_per_w"),
                        cell(*iv, "fps_per_w"), ratio(mean_of(*iv, "fps_per_w"), mean_of(*vv, "fps_per_w"))});
      if (ok_scope(*iv) != ok_scope(*vv))
        t.notes.push_back(fmt::format(
            "{}: the two measured different power scopes ({} and {}): the W and FPS/W ratios compare unlike things",
            label, ok_scope(*vv), ok_scope(*iv)));
    }
  }
  if (t.rows.empty()) return std::nullopt;
  t.notes.push_back(
      "Ratio: infer ÷ vendor tool, each the mean over its ok runs; the same card, model and power probe, the frames "
      "counted by each program its own way (wattbench-infer: receives between its own CLOCK_MONOTONIC stamps).");
  return t;
}

// An FPS/W that must not be ranked: the runs' outputs agree too little with the reference runtime.
std::string agreement_problem(const VariantRecord& v) {
  for (const auto& r : v.runs) {
    if (r.status != RunStatus::ok || !r.tool_extras.contains("accuracy")) continue;
    const auto& a = r.tool_extras["accuracy"];
    if (a.value("below_min_agreement", false) == true)
      return fmt::format("not ranked: top-1 agreement {:.1f} % < {:.1f} %", 100 * a.value("top1_agreement", 0.0),
                         100 * a.value("min_agreement", 0.0));
  }
  return "";
}

}  // namespace

std::vector<Table> campaign_tables(const Summary& s, const nlohmann::json& meta) {
  std::vector<Table> tables;
  for (const auto& model : meta["models"]) {
    std::string id = model["id"];
    auto gop = number(model, "gop_per_frame");
    Table t;
    t.title = fmt::format("{} — throughput, power and efficiency", model.value("title", id));
    t.headers = {"Card",       "Tool", "FPS", "Power (W)", "Scope", "FPS/W", "Published FPS/W", "Measured vs published",
                 "Utilisation"};
    for (const auto& card : meta["cards"])
      for (const VariantRecord* v : variants_of(s, id, card["name"])) {
        std::string name = card["name"], label = campaign_card_label(s, name);
        // An ASPM sweep's pairs: one row per state, named by the state read back.
        if (v && v->params.contains("aspm"))
          label += " · ASPM " + (v->identity.aspm.state.empty() ? "unknown" : aspm_state_label(v->identity.aspm.state));
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
        // A published figure has no interval: printed with the digits its vendor gave ("515", as
        // the headline and compare print it), not padded to the measured figure's resolution.
        std::string published = pub_eff ? fmt::format("{:g} ({})", *pub_eff, pub_scope) : "—";
        std::string versus = "—";
        auto vs = versus_published(eff, pub_eff, scope, pub_scope);
        if (vs.ratio)
          versus = fmt::format("{:.2f}× ({:+.1f} %)", *vs.ratio, (*vs.ratio - 1) * 100);
        else if (vs.other_scope)
          versus = fmt::format("not comparable ({} vs {})", scope, pub_scope);
        std::string util = "—";
        if (gop && fps && number(card, "rated_tops"))
          util = fmt::format("{:.0f} % of {:g} TOPS", *gop * *fps / 1000 / *number(card, "rated_tops") * 100,
                             *number(card, "rated_tops"));
        auto unranked = agreement_problem(*v);
        if (!unranked.empty()) {
          versus = "—";
          t.notes.push_back(
              fmt::format("{}: FPS/W {} — its outputs differ from the reference runtime's", label, unranked));
        }
        row.insert(row.end(), {cell(*v, "fps"), cell(*v, "power_w"), scope,
                               unranked.empty() ? cell(*v, "fps_per_w") : unranked, published, versus, util});
        t.rows.push_back(row);
      }
    t.notes.push_back(
        "Measured vs published: measured ÷ published, only where both are for the same scope; \"—\" where the card's "
        "config gives no published figure for this model.");
    if (gop)
      t.notes.push_back(
          fmt::format("Utilisation: {:g} GOP per frame × FPS against the card's rated TOPS; a low figure "
                      "points at an under-driven card (host, batch, PCIe) as much as at the silicon.",
                      *gop));
    tables.push_back(t);
    if (auto parity = parity_table(s, meta, model)) tables.push_back(*parity);
  }

  // Idle: one row per card and ASPM state as read back from the link's register for the runs
  // (a card's idle does not depend on the model it later runs: the first model's figure stands).
  Table idle;
  idle.title = "Idle power";
  idle.headers = {"Card", "Idle (W)", "Scope", "ASPM (read back)", "Fan", "Notes"};
  std::vector<std::string> unread;
  for (const auto& card : meta["cards"]) {
    std::string name = card["name"];
    std::vector<std::string> states;  // read-back states in the order first measured
    std::map<std::string, const VariantRecord*> first;
    for (const auto& model : meta["models"])
      for (const auto& v : s.variants)
        if (v.params.value("model", "") == model["id"] && v.params.value("card", "") == name && any_ok(v)) {
          const std::string& st = v.identity.aspm.state;
          if (first.emplace(st, &v).second) states.push_back(st);
        }
    if (states.empty()) {
      states.push_back("");
      first[""] = nullptr;
    }
    for (const auto& st : states) {
      const VariantRecord* v = first[st];
      std::string aspm = st.empty() ? "—" : aspm_state_label(st);
      if (st.empty() && card["facts"].contains("aspm"))
        unread.push_back(fmt::format("{} (stated: {})", name, fact(card, "aspm")));
      // A config note that states an ASPM state is the typed fact the read-back replaces.
      std::string notes = card["device"].value("notes", "");
      if (!st.empty() && notes.rfind("ASPM", 0) == 0) notes.clear();
      idle.rows.push_back({campaign_card_label(s, name), v ? cell(*v, "idle_power_w") : "—", v ? ok_scope(*v) : "—",
                           aspm, fact(card, "fan"), notes});
    }
  }
  if (!unread.empty())
    idle.notes.push_back(
        fmt::format("ASPM not read back for {}: the card's config names no device.pcie, so wattbench could not "
                    "set or read its link (the campaign's facts are not a measurement).",
                    join(unread, ", ")));
  tables.push_back(idle);

  Table facts;
  facts.title = "Module facts (from the campaign's config)";
  facts.headers = {"Card", "Accelerator", "Form factor", "PCIe", "SRAM", "LPDDR", "Rated TOPS"};
  for (const auto& card : meta["cards"])
    facts.rows.push_back({card["name"].get<std::string>(), card["device"].value("accelerator", ""),
                          card["device"].value("form_factor", ""), fact(card, "pcie"), fact(card, "sram"),
                          fact(card, "lpddr"),
                          number(card, "rated_tops") ? fmt::format("{:g}", *number(card, "rated_tops")) : "—"});
  for (const auto& n : meta["not_run"])
    facts.notes.push_back(fmt::format("Not run: {} on {}: {}", n["model"].get<std::string>(),
                                      n["card"].get<std::string>(), n["reason"].get<std::string>()));
  tables.push_back(facts);
  return tables;
}

void write_campaign_terminal(const Summary& s, const nlohmann::json& meta, std::ostream& out) {
  for (const auto& t : campaign_tables(s, meta)) write_table_terminal(t, out);
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
      for (const auto& r : inv.value("runs", nlohmann::json::array()))
        runs += (runs.empty() ? "" : ", ") + r.get<std::string>();
      out << fmt::format("- Invocation {} ({}{}{}): {}\n", inv.value("number", 0),
                         inv.value("resumed", false) ? "resumed " : "started ", inv.value("started", ""),
                         inv.value("ended", "").empty() ? ", did not end" : ", ended " + inv.value("ended", ""),
                         markdown_escape(runs.empty() ? "no run finished" : runs));
    }
    out << "\n";
  }
}

}  // namespace wb
