// A campaign: the cards on a bench (each a run config with its tool and probes) × the models
// of a catalog, run in one command, interleaved, with a pause between runs. A model a card's
// tool refuses is a result with the tool's reason; a model the catalog has nothing for on a
// card is listed as not run.
#pragma once
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/campaign/catalog.hpp"
#include "harness/config/config.hpp"

namespace wb {

struct CampaignCard {
  std::string name;
  std::filesystem::path config;  // absolute
  // Module facts printed in the article's tables (pcie, sram, lpddr, fan, aspm, rated_tops, ...).
  std::map<std::string, std::string> facts;
  std::optional<double> rated_tops;
  std::vector<std::string> sets;  // applied to this card's config only (its tool's own args)
};

struct Campaign {
  std::filesystem::path path;
  std::string name;
  ModelCatalog catalog;
  std::vector<std::string> models;
  std::vector<CampaignCard> cards;
  int repeat = 1;
  std::string order = "interleaved";
  double pause_s = 0;             // between runs, so one card's heat does not meet the next run
  std::vector<std::string> sets;  // applied to every card's config
  // A sweep axis over the cards' link ASPM (device.aspm per pair: "resnet50.hailo8.aspm-off");
  // empty: each card as its config sets it.
  std::vector<std::string> aspm;
  std::filesystem::path output = "results";
  nlohmann::json sim = nlohmann::json::object();  // simulated cards: model -> card -> sim params
};

// Throws ConfigError naming file:line:column. overrides: --set on the campaign file itself.
Campaign load_campaign(const std::filesystem::path& path, const std::vector<std::string>& overrides = {});

// The campaign as one run config whose variants are model × card ("resnet50.hailo8"), each
// the card's config with the catalog's args; campaign_meta describes cards and models for
// the report (and lists the pairs not run).
Config plan_campaign(const Campaign& c);

// The plan of the campaign that made a results folder (its campaign.json names the file and
// the --set overrides), for re-analysis; throws ConfigError when the file is gone.
Config campaign_config_of(const std::filesystem::path& results_dir);

}  // namespace wb
