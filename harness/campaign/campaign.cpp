// YAML -> Campaign, and the campaign as variants of one run.
#include "harness/campaign/campaign.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "harness/config/config_error.hpp"
#include "harness/config/node.hpp"
#include "harness/config/yaml_file.hpp"
#include "harness/config/yaml_json.hpp"
#include "harness/pci/link_control.hpp"
#include "harness/plugin/tool_kind.hpp"
#include "harness/util/printable.hpp"
#include "harness/util/safe_name.hpp"

namespace wb {

namespace fs = std::filesystem;

namespace {
std::string where(const ConfigNode& n, const std::string& key) {
  auto m = n.yaml()[key].Mark();
  return m.line >= 0 ? fmt::format("{}:{}:{}", n.file(), m.line + 1, m.column + 1) : n.file();
}

nlohmann::json or_null(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

// The overrides every run of a card gets: the campaign's, then the card's own.
std::vector<std::string> card_overrides(const Campaign& c, const CampaignCard& card) {
  std::vector<std::string> sets = c.sets;
  sets.insert(sets.end(), card.sets.begin(), card.sets.end());
  return sets;
}

// key=value with the value as YAML: strings quoted (JSON strings are YAML), so a path with ':' stays a string.
std::string override_text(const std::string& key, const nlohmann::json& v) { return key + "=" + v.dump(); }
}  // namespace

Campaign load_campaign(const fs::path& path, const std::vector<std::string>& overrides) {
  YAML::Node root = load_yaml_file(path, "campaign file");
  if (!root.IsMap()) throw ConfigError(path.string(), 1, 1, "expected a mapping with name, catalog, models and cards");
  for (const auto& o : overrides) apply_override(root, o);
  ConfigNode top(root, path.string(), "");
  top.allow_only({"name", "catalog", "models", "cards", "repeat", "order", "pause_s", "set", "output", "sim", "aspm"});
  Campaign c;
  c.path = fs::absolute(path);
  fs::path dir = c.path.parent_path();
  c.name = top.require_string("name");
  if (auto why = unsafe_name_reason(c.name); !why.empty())
    top.fail("name", fmt::format("'{}': {} (it names the results folder)", printable(c.name), why));
  c.catalog = load_catalog(dir / top.require_string("catalog"));
  auto models = top.string_list("models");
  if (!models || models->empty()) top.fail("models", "expected a list of model ids from the catalog");
  for (std::size_t i = 0; i < models->size(); ++i) {
    const std::string& m = (*models)[i];
    for (std::size_t j = 0; j < i; ++j)
      if ((*models)[j] == m) {
        auto first = root["models"][j].Mark(), again = root["models"][i].Mark();
        throw ConfigError(
            c.path.string(), again.line + 1, again.column + 1,
            fmt::format("model '{}' is listed twice (first at line {}); each model × card pair runs once per repeat",
                        printable(m), first.line + 1));
      }
    if (!c.catalog.models.count(m)) {
      std::string known;
      for (const auto& [id, _] : c.catalog.models) known += (known.empty() ? "" : ", ") + id;
      top.fail("models",
               fmt::format("'{}' is not in the catalog {} (it has: {})", printable(m), c.catalog.path.string(), known));
    }
    c.models.push_back(m);
  }
  auto cards = top.mapping_list("cards");
  if (cards.empty()) top.fail("cards", "expected a list of cards, each {name, config, facts}");
  std::map<std::string, std::string> names;  // card name -> where it was first given
  for (const auto& n : cards) {
    n.allow_only({"name", "config", "facts", "set"});
    CampaignCard card;
    card.name = n.require_string("name");
    if (auto why = unsafe_name_reason(card.name); !why.empty())
      n.fail("name", fmt::format("'{}': {} (it names result folders)", printable(card.name), why));
    if (auto [first, fresh] = names.emplace(card.name, where(n, "name")); !fresh)
      n.fail("name", fmt::format("card name '{}' is used twice (first at {})", card.name, first->second));
    card.config = (dir / n.require_string("config")).lexically_normal();
    if (!fs::exists(card.config)) n.fail("config", fmt::format("{}: no such file", card.config.string()));
    if (auto f = n.mapping("facts")) {
      for (auto it = f->yaml().begin(); it != f->yaml().end(); ++it) {
        auto key = it->first.as<std::string>();
        if (!it->second.IsScalar()) f->fail(key, "expected a scalar fact (text or number)");
        card.facts[key] = it->second.Scalar();
      }
      if (auto t = f->number("rated_tops")) card.rated_tops = f->positive("rated_tops", *t);
    }
    if (auto s = n.string_list("set")) card.sets = *s;
    c.cards.push_back(card);
  }
  if (auto r = top.integer("repeat")) {
    if (*r < 1 || *r > 1000) top.fail("repeat", "expected 1..1000");
    c.repeat = static_cast<int>(*r);
  }
  if (auto o = top.string("order")) {
    if (*o != "interleaved" && *o != "grouped")
      top.fail("order", "expected interleaved (A B A B) or grouped (A A B B)");
    c.order = *o;
  }
  if (auto p = top.number("pause_s")) c.pause_s = top.seconds("pause_s", *p, true);
  if (auto s = top.string_list("set")) c.sets = *s;
  if (top.has("aspm")) {
    auto states = top.string_list("aspm");
    if (!states || states->empty()) top.fail("aspm", "expected a list of ASPM states, e.g. [l1, \"off\"]");
    for (const auto& a : *states) {
      if (std::find(kAspmRequests.begin(), kAspmRequests.end(), a) == kAspmRequests.end())
        top.fail("aspm", fmt::format("'{}': expected l1, l0s-l1, off or default", printable(a)));
      if (std::find(c.aspm.begin(), c.aspm.end(), a) != c.aspm.end())
        top.fail("aspm", fmt::format("'{}' is listed twice", a));
      c.aspm.push_back(a);
    }
  }
  if (auto o = top.string("output")) c.output = *o;
  if (top.has("sim")) {
    auto sim = top.mapping("sim");
    if (!sim) top.fail("sim", "expected model -> card -> simulation parameters");
    c.sim = yaml_to_json(sim->yaml());
    for (const auto& [model, by_card] : c.sim.items()) {
      if (!by_card.is_object()) sim->fail(model, "expected card -> simulation parameters");
      for (const auto& [card, params] : by_card.items())
        if (!names.count(card) || !params.is_object())
          sim->fail(model, fmt::format("'{}': expected a card of this campaign with a mapping", card));
    }
  }
  return c;
}

Config plan_campaign(const Campaign& c) {
  std::vector<Variant> variants;
  nlohmann::json not_run = nlohmann::json::array();
  nlohmann::json cards = nlohmann::json::array();
  std::vector<Config> bases;
  // The folder is the record: the files as used, and each pair's config as run.
  std::map<std::string, std::string> record;
  record["inputs/campaign.yaml"] = read_yaml_text(c.path, "campaign file");
  record["inputs/catalog.yaml"] = read_yaml_text(c.catalog.path, "model catalog");
  for (const auto& card : c.cards) {
    record["inputs/cards/" + card.name + ".yaml"] = read_yaml_text(card.config, "card config");
    Config base = load_config(card.config, card_overrides(c, card));
    bases.push_back(base);
    nlohmann::json facts = card.facts;
    cards.push_back({{"name", card.name},
                     {"config", card.config.string()},
                     {"tool", base.benchmark.tool},
                     {"device",
                      {{"manufacturer", base.device.manufacturer},
                       {"accelerator", base.device.accelerator},
                       {"form_factor", base.device.form_factor},
                       {"interface", base.device.interface},
                       {"notes", base.device.notes}}},
                     {"published",
                      {{"fps", or_null(base.published.fps)},
                       {"fps_per_w", or_null(base.published.fps_per_w)},
                       {"power_w", or_null(base.published.power_w)},
                       {"scope", base.published.scope},
                       {"source", base.published.source}}},
                     {"facts", facts},
                     {"rated_tops", or_null(card.rated_tops)}});
  }
  for (const auto& model : c.models) {
    for (std::size_t i = 0; i < c.cards.size(); ++i) {
      const auto& card = c.cards[i];
      const std::string tool = cards[i]["tool"];
      auto args = c.catalog.args(model, card.name, tool);
      if (!args) {
        not_run.push_back(
            {{"model", model},
             {"card", card.name},
             {"reason", fmt::format("the catalog has no artifact for card {} or tool {}", card.name, tool)}});
        continue;
      }
      std::vector<std::string> base_sets = card_overrides(c, card);
      for (const auto& [k, v] : args->items()) base_sets.push_back(override_text("benchmark.args." + k, v));
      if (c.sim.contains(model) && c.sim[model].contains(card.name))
        for (const auto& [k, v] : c.sim[model][card.name].items()) base_sets.push_back(override_text("sim." + k, v));
      // One pair per ASPM state of the campaign's axis, or the one pair.
      std::vector<std::string> states = c.aspm.empty() ? std::vector<std::string>{""} : c.aspm;
      for (const auto& state : states) {
        std::vector<std::string> sets = base_sets;
        if (!state.empty()) sets.push_back(override_text("device.aspm", state));
        Config vc;
        try {
          vc = load_config(card.config, sets);
        } catch (const ConfigError& e) {
          throw ConfigError(c.path.string(), 0, 0, fmt::format("model {} on card {}: {}", model, card.name, e.what()));
        }
        if (vc.variants.size() != 1)
          throw ConfigError(card.config.string(), 0, 0,
                            "a campaign card's config must be one bench, not a matrix sweep");
        // A card config's published figure is for the model it was written for: the pair whose
        // tool argv is the config's own.
        const Adapter& tool_kind = *find_tool(vc.benchmark.tool);
        if (tool_kind.invocation(vc.benchmark, vc.dir).args ==
            tool_kind.invocation(bases[i].benchmark, bases[i].dir).args)
          cards[i]["published_model"] = model;
        std::string id = model + "." + card.name + (state.empty() ? "" : ".aspm-" + state);
        record[id + "/config.yaml"] = vc.resolved_yaml;
        nlohmann::json params = {{"model", model}, {"card", card.name}};
        if (!state.empty()) params["aspm"] = state;
        variants.push_back({id, params, vc.variants.front().config});
      }
    }
  }
  if (variants.empty())
    throw ConfigError(c.path.string(), 0, 0, "no model of the campaign has an artifact for any of its cards");
  Config cfg = *variants.front().config;
  cfg.name = c.name;
  cfg.variants = variants;
  cfg.repeat = c.repeat;
  cfg.order = c.order;
  cfg.output = c.path.parent_path() / c.output;
  cfg.until_ci_pct.reset();
  cfg.cooldown.reset();
  if (c.pause_s > 0) cfg.cooldown = CooldownConfig{c.pause_s, "", 0, 0};
  cfg.resolved_yaml = record["inputs/campaign.yaml"];
  cfg.record_files = record;
  nlohmann::json models = nlohmann::json::array();
  for (const auto& m : c.models) {
    const auto& cm = c.catalog.models.at(m);
    models.push_back({{"id", m}, {"title", cm.title}, {"gop_per_frame", or_null(cm.gop_per_frame)}});
  }
  nlohmann::json pairs = nlohmann::json::array();
  for (const auto& v : variants) {
    pairs.push_back({{"id", v.id}, {"model", v.params["model"]}, {"card", v.params["card"]}});
    if (v.params.contains("aspm")) pairs.back()["aspm"] = v.params["aspm"];
  }
  cfg.campaign_meta = {
      {"schema", "wattbench.campaign/1"},
      {"campaign", c.path.string()},
      {"sets", c.sets},
      {"models", models},
      {"cards", cards},
      {"not_run", not_run},
      {"variants", pairs},
      {"plan", {{"name", c.name}, {"repeat", c.repeat}, {"order", c.order}, {"pause_s", c.pause_s}, {"aspm", c.aspm}}}};
  return cfg;
}

Config campaign_config_of(const fs::path& results_dir) {
  fs::path meta_path = results_dir / "campaign.json";
  nlohmann::json meta;
  try {
    meta = nlohmann::json::parse(read_yaml_text(meta_path, "campaign record"));
  } catch (const ConfigError&) {
    throw;
  } catch (const std::exception& e) {
    throw ConfigError(meta_path.string(), 0, 0, fmt::format("unreadable: {}", e.what()));
  }
  const auto& pairs = meta.value("variants", nlohmann::json());
  const auto& plan = meta.value("plan", nlohmann::json());
  if (!pairs.is_array() || pairs.empty() || !plan.is_object())
    throw ConfigError(
        meta_path.string(), 0, 0,
        "it lists no variants and plan: a campaign folder from before the record was kept (re-run the campaign)");
  // Each pair from its config as run, kept in the folder: never from the original files, which
  // may have been edited or moved since.
  std::vector<Variant> variants;
  for (const auto& p : pairs) {
    if (!p.is_object() || !p.contains("id") || !p["id"].is_string())
      throw ConfigError(meta_path.string(), 0, 0, "variants: expected {id, model, card} entries");
    std::string id = p["id"].get<std::string>();
    if (auto why = unsafe_name_reason(id); !why.empty())
      throw ConfigError(meta_path.string(), 0, 0, fmt::format("variant '{}': {}", printable(id), why));
    Config vc = load_config(results_dir / id / "config.yaml");
    nlohmann::json params = {{"model", p.value("model", "")}, {"card", p.value("card", "")}};
    if (p.contains("aspm") && p["aspm"].is_string()) params["aspm"] = p["aspm"];
    variants.push_back({id, params, vc.variants.front().config});
  }
  Config cfg = *variants.front().config;
  cfg.name = plan.value("name", cfg.name);
  cfg.variants = variants;
  cfg.repeat = plan.value("repeat", 1);
  cfg.order = plan.value("order", std::string("interleaved"));
  cfg.until_ci_pct.reset();
  cfg.cooldown.reset();
  if (double pause = plan.value("pause_s", 0.0); pause > 0) cfg.cooldown = CooldownConfig{pause, "", 0, 0};
  cfg.resolved_yaml = read_yaml_text(results_dir / "inputs" / "campaign.yaml", "campaign file (copy)");
  cfg.campaign_meta = meta;
  return cfg;
}

}  // namespace wb
