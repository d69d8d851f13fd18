// A campaign's article figures (harness/figures), rewritten beside campaign.md after every run.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/report/summary.hpp"

namespace wb {

// Writes <results>/figures/*.svg, .csv and .png from the summary, with the campaign's unrun
// pairs (campaign.json not_run) as empty slots. Returns the figures' (title, SVG path relative
// to results_dir); a figure that cannot be written is reported on stderr, never fails the run.
std::vector<std::pair<std::string, std::string>> write_campaign_figures(const Summary& s, const nlohmann::json& meta,
                                                                        const std::filesystem::path& results_dir);

// report.html's figures section: each figure of <results>/figures that exists, as an image
// with its PNG and CSV linked; "" when there is none.
std::string campaign_figures_html(const std::filesystem::path& results_dir);

}  // namespace wb
