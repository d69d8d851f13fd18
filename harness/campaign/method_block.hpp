// The method block an article prints above its tables: when, on what host, with which
// versions, meter and rate, scope, window rule, repeats, order and pause, and the number
// format, from the campaign's summary and campaign.json (what was recorded, never assumed).
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/report/summary.hpp"

namespace wb {

struct MethodItem {
  std::string label, text;
};
std::vector<MethodItem> method_block(const Summary& s, const nlohmann::json& meta);
void write_method_markdown(const std::vector<MethodItem>& items, std::ostream& out);
void write_method_html(const std::vector<MethodItem>& items, std::ostream& out);

// A campaign card's product name from its variants' identity ("Hailo Hailo-8 (M.2 2280 M)");
// the card's name where no variant knows its product.
std::string campaign_card_label(const Summary& s, const std::string& card);

}  // namespace wb
