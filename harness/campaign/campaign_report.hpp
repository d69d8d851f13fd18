// The tables a comparison article prints, from a campaign's summary and campaign.json: per
// model, throughput/power/efficiency per card (scope, published vs measured, utilisation);
// idle power with its state; module facts; and the pairs not run or refused, with why.
#pragma once
#include <ostream>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/report/compare.hpp"
#include "harness/report/summary.hpp"

namespace wb {

std::vector<Table> campaign_tables(const Summary& s, const nlohmann::json& meta);
// The same tables for a terminal: aligned, columns no card fills left out.
void write_campaign_terminal(const Summary& s, const nlohmann::json& meta, std::ostream& out);
// figures: (title, path relative to the folder) of the figures written beside campaign.md.
void write_campaign_markdown(const Summary& s, const nlohmann::json& meta, std::ostream& out,
                             const std::vector<std::pair<std::string, std::string>>& figures = {});

}  // namespace wb
