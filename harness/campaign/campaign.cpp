// YAML -> Campaign, and the campaign as variants of one run.
#include "harness/campaign/campaign.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <set>
#include <sstream>

#include "harness/config/config_error.hpp"
#include "harness/config/node.hpp"
#include "harness/config/yaml_json.hpp"
#include "harness/plugin/tool_kind.hpp"
#include "harness/util/read_text.hpp"

namespace wb {

namespace fs = std::filesystem;

namespace {
bool is_name(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; });
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
  YAML::Node root;
  try {
    root = YAML::Load(read_file_capped(path, kMaxConfigBytes));
  } catch (const FileReadError& e) {
    throw ConfigError(path.string(), 0, 0, "cannot open the campaign file: " + e.detail());
  } catch (const YAML::ParserException& e) {
    throw ConfigError(path.string(), e.mark.line + 1, e.mark.column + 1, fmt::format("YAML syntax error: {}", e.msg));
  }
  if (!root.IsMap()) throw ConfigError(path.string(), 1, 1, "expected a mapping with name, catalog, models and cards");
  for (const auto& o : overrides) apply_override(root, o);
  ConfigNode top(root, path.string(), "");
  top.allow_only({"name", "catalog", "models", "cards", "repeat", "order", "pause_s", "set", "output", "sim"});
  Campaign c;
  c.path = fs::absolute(path);
  fs::path dir = c.path.parent_path();
  c.name = top.require_string("name");
  if (!is_name(c.name)) top.fail("name", fmt::format("'{}': use letters, digits, '_' or '-' (it names the results folder)", c.name));
  c.catalog = load_catalog(dir / top.require_string("catalog"));
  auto models = top.string_list("models");
  if (!models || models->empty()) top.fail("models", "expected a list of model ids from the catalog");
  for (const auto& m : *models) {
    if (!c.catalog.models.count(m)) {
      std::string known;
      for (const auto& [id, _] : c.catalog.models) known += (known.empty() ? "" : ", ") + id;
      top.fail("models", fmt::format("'{}' is not in the catalog {} (it has: {})", m, c.catalog.path.string(), known));
    }
    c.models.push_back(m);
  }
  auto cards = top.mapping_list("cards");
  if (cards.empty()) top.fail("cards", "expected a list of cards, each {name, config, facts}");
  std::set<std::string> names;
  for (const auto& n : cards) {
    n.allow_only({"name", "config", "facts", "set"});
    CampaignCard card;
    card.name = n.require_string("name");
    if (!is_name(card.name)) n.fail("name", fmt::format("'{}': use letters, digits, '_' or '-' (it names result folders)", card.name));
    if (!names.insert(card.name).second) n.fail("name", fmt::format("card name '{}' is used twice", card.name));
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
    if (*o != "interleaved" && *o != "grouped") top.fail("order", "expected interleaved (A B A B) or grouped (A A B B)");
    c.order = *o;
  }
  if (auto p = top.number("pause_s")) c.pause_s = top.seconds("pause_s", *p, true);
  if (auto s = top.string_list("set")) c.sets = *s;
  if (auto o = top.string("output")) c.output = *o;
  if (top.has("sim")) {
    auto sim = top.mapping("sim");
    if (!sim) top.fail("sim", "expected model -> card -> simulation parameters");
    c.sim = yaml_to_json(sim->yaml());
    for (const auto& [model, by_card] : c.sim.items()) {
      if (!by_card.is_object()) sim->fail(model, "expected card -> simulation parameters");
      for (const auto& [card, params] : by_card.items())
        if (!names.count(card) || !params.is_object()) sim->fail(model, fmt::format("'{}': expected a card of this campaign with a mapping", card));
    }
  }
  return c;
}

Config plan_campaign(const Campaign& c) {
  std::vector<Variant> variants;
  nlohmann::json not_run = nlohmann::json::array();
  nlohmann::json cards = nlohmann::json::array();
  std::vector<Config> bases;
  for (const auto& card : c.cards) {
    Config base = load_config(card.config, card_overrides(c, card));
    bases.push_back(base);
    nlohmann::json facts = card.facts;
    cards.push_back({{"name", card.name},
                     {"config", card.config.string()},
                     {"tool", base.benchmark.tool},
                     {"device", {{"manufacturer", base.device.manufacturer}, {"accelerator", base.device.accelerator},
                                 {"form_factor", base.device.form_factor}, {"interface", base.device.interface}, {"notes", base.device.notes}}},
                     {"published", {{"fps", or_null(base.published.fps)}, {"fps_per_w", or_null(base.published.fps_per_w)},
                                    {"power_w", or_null(base.published.power_w)}, {"scope", base.published.scope},
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
        not_run.push_back({{"model", model}, {"card", card.name},
                           {"reason", fmt::format("the catalog has no artifact for card {} or tool {}", card.name, tool)}});
        continue;
      }
      std::vector<std::string> sets = card_overrides(c, card);
      for (const auto& [k, v] : args->items()) sets.push_back(override_text("benchmark.args." + k, v));
      if (c.sim.contains(model) && c.sim[model].contains(card.name))
        for (const auto& [k, v] : c.sim[model][card.name].items()) sets.push_back(override_text("sim." + k, v));
      Config vc;
      try {
        vc = load_config(card.config, sets);
      } catch (const ConfigError& e) {
        throw ConfigError(c.path.string(), 0, 0, fmt::format("model {} on card {}: {}", model, card.name, e.what()));
      }
      if (vc.variants.size() != 1)
        throw ConfigError(card.config.string(), 0, 0, "a campaign card's config must be one bench, not a matrix sweep");
      // A card config's published figure is for the model it was written for: the pair whose
      // tool argv is the config's own.
      const Adapter& tool_kind = *find_tool(vc.benchmark.tool);
      if (tool_kind.invocation(vc.benchmark, vc.dir).args == tool_kind.invocation(bases[i].benchmark, bases[i].dir).args)
        cards[i]["published_model"] = model;
      variants.push_back({model + "." + card.name, {{"model", model}, {"card", card.name}}, vc.variants.front().config});
    }
  }
  if (variants.empty()) throw ConfigError(c.path.string(), 0, 0, "no model of the campaign has an artifact for any of its cards");
  Config cfg = *variants.front().config;
  cfg.name = c.name;
  cfg.variants = variants;
  cfg.repeat = c.repeat;
  cfg.order = c.order;
  cfg.output = c.path.parent_path() / c.output;
  cfg.until_ci_pct.reset();
  cfg.cooldown.reset();
  if (c.pause_s > 0) cfg.cooldown = CooldownConfig{c.pause_s, "", 0, 0};
  cfg.resolved_yaml = read_file_capped(c.path, kMaxConfigBytes);
  nlohmann::json models = nlohmann::json::array();
  for (const auto& m : c.models) {
    const auto& cm = c.catalog.models.at(m);
    models.push_back({{"id", m}, {"title", cm.title}, {"gop_per_frame", or_null(cm.gop_per_frame)}});
  }
  cfg.campaign_meta = {{"schema", "wattbench.campaign/1"}, {"campaign", c.path.string()}, {"sets", c.sets},
                       {"models", models},      {"cards", cards}, {"not_run", not_run}};
  return cfg;
}

Config campaign_config_of(const fs::path& results_dir) {
  nlohmann::json meta;
  try {
    meta = nlohmann::json::parse(read_file_capped(results_dir / "campaign.json", kMaxJsonFileBytes));
  } catch (const std::exception& e) {
    throw ConfigError((results_dir / "campaign.json").string(), 0, 0, fmt::format("unreadable: {}", e.what()));
  }
  std::string file = meta.value("campaign", "");
  if (file.empty() || !fs::exists(file))
    throw ConfigError((results_dir / "campaign.json").string(), 0, 0,
                      fmt::format("the campaign file '{}' it was made from is gone; re-analysis needs it", file));
  Config cfg = plan_campaign(load_campaign(file, meta.value("overrides", std::vector<std::string>{})));
  cfg.campaign_meta["overrides"] = meta.value("overrides", std::vector<std::string>{});
  return cfg;
}

}  // namespace wb
