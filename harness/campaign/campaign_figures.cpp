// Campaign figures: the same rows compare reads, so a campaign and compare draw alike.
#include "harness/campaign/campaign_figures.hpp"

#include <iostream>

#include "harness/figures/bar_figure.hpp"
#include "harness/report/compare.hpp"
#include "harness/report/reporters.hpp"
#include "harness/report/svg.hpp"
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

std::string campaign_figures_html(const std::filesystem::path& results_dir) {
  std::string out;
  for (const auto& [id, title] : figures::figure_titles()) {
    if (!std::filesystem::exists(results_dir / "figures" / (id + ".svg"))) continue;
    // The static SVG file itself, not inlined: the page shows what an article would paste.
    out += "<figure data-figure=\"" + svg::escape(id) + "\"><img src=\"figures/" + id + ".svg\" alt=\"" + svg::escape(title) +
           "\" style=\"max-width:100%;height:auto\"><figcaption>" + svg::escape(title) + " — <a href=\"figures/" + id +
           ".png\">PNG</a>, <a href=\"figures/" + id + ".csv\">CSV</a></figcaption></figure>\n";
  }
  return out.empty() ? out : "<section id=\"figures\"><h2>Figures</h2>\n" + out + "</section>\n";
}

}  // namespace wb
