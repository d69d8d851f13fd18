// Campaign figures: the same rows compare reads, so a campaign and compare draw alike.
#include "harness/campaign/campaign_figures.hpp"

#include <iostream>

#include "harness/figures/bar_figure.hpp"
#include "harness/report/compare.hpp"
#include "harness/report/reporters.hpp"
#include "harness/run/summary_files.hpp"
#include "harness/util/printable.hpp"

namespace wb {

std::vector<std::pair<std::string, std::string>> write_campaign_figures(const Summary& s, const nlohmann::json& meta,
                                                                        const std::filesystem::path& results_dir) {
  std::vector<std::pair<std::string, std::string>> out;
  try {
    auto rows = rows_from_summary(to_json(s), nlohmann::json(), results_dir.string());
    std::vector<figures::Unrun> unrun;
    for (const auto& n : meta.value("not_run", nlohmann::json::array()))
      if (n.is_object())
        unrun.push_back({n.value("model", ""), n.value("card", ""), n.value("reason", "")});
    auto figs = figures::bar_figures(rows, unrun);
    figures::write_figures(figs, results_dir / "figures");
    for (const auto& f : figs) out.emplace_back(f.title, "figures/" + f.id + ".svg");
  } catch (const std::exception& e) {
    // The measurements are the record; a figure that cannot be drawn must not lose them.
    std::cerr << "wattbench: figures not written: " << printable(e.what()) << "\n";
  }
  return out;
}

}  // namespace wb
