// Campaign figures: the same rows compare reads, so a campaign and compare draw alike.
#include "harness/campaign/campaign_figures.hpp"

#include <iostream>
#include <set>

#include "harness/figures/bar_figure.hpp"
#include "harness/figures/overlay_figure.hpp"
#include "harness/figures/png.hpp"
#include "harness/report/compare.hpp"
#include "harness/report/reporters.hpp"
#include "harness/report/svg.hpp"
#include "harness/run/run_files.hpp"
#include "harness/run/summary_files.hpp"
#include "harness/trace/trace_csv.hpp"
#include "harness/util/checked_write.hpp"
#include "harness/util/printable.hpp"
#include "harness/util/safe_name.hpp"

namespace wb {

namespace {
bool safe_relative(const std::string& rel) {
  std::filesystem::path p(rel);
  if (p.empty() || p.is_absolute()) return false;
  for (const auto& part : p)
    if (!unsafe_name_reason(part.string()).empty()) return false;
  return true;
}

// The first ok run's power over its measured window, downsampled; empty where it cannot be read.
figures::OverlaySeries window_trace(const VariantRecord& v, const std::filesystem::path& results_dir) {
  figures::OverlaySeries out;
  for (const auto& r : v.runs) {
    if (r.status != RunStatus::ok || !r.window_start_s || !r.window_end_s || !(*r.window_end_s > *r.window_start_s))
      continue;
    // Names from the summary become paths only when they are plain names.
    if (!safe_relative(r.dir) || !unsafe_name_reason(r.probe).empty()) continue;
    auto run_dir = results_dir / r.dir;
    auto info = probe_info_from_json(read_json_file(run_dir / ("probe-" + r.probe + ".json")));
    if (info.power_channel < 0) continue;
    double t0 = *r.window_start_s, t1 = *r.window_end_s;
    MinMaxDownsampler ds(t0, t1, 400);
    auto ch = static_cast<std::size_t>(info.power_channel);
    for_each_sample(
        run_dir / ("power-" + r.probe + ".csv"),
        [&](const Sample& smp) {
          if (smp.t_s < t0 || smp.t_s > t1 || (smp.flags & (kFlagReadError | kFlagOverflow | kFlagSentinel)) ||
              ch >= smp.values.size())
            return;
          ds.add(smp.t_s, smp.values[ch]);
        },
        std::vector<std::size_t>{ch});
    for (auto [t, w] : ds.points()) out.points.emplace_back(t - t0, w);
    out.run = r.dir;
    return out;
  }
  return out;
}

void write_overlays(const Summary& s, const figures::BarFigure& cards, const std::filesystem::path& results_dir,
                    std::vector<std::pair<std::string, std::string>>& written) {
  for (const auto& model : cards.groups) {
    if (!unsafe_name_reason(model).empty()) continue;
    figures::OverlayFigure f;
    f.id = "power_over_time_" + model;
    f.title = "Power over the measured window: " + model;
    std::set<std::string> scopes;
    for (std::size_t c = 0; c < cards.card_ids.size(); ++c) {
      std::size_t before = f.series.size();
      for (const auto& v : s.variants) {
        if (v.params.value("model", "") != model || v.params.value("card", "") != cards.card_ids[c]) continue;
        auto series = window_trace(v, results_dir);
        if (series.points.empty()) continue;
        series.card_id = cards.card_ids[c];
        series.card_label = cards.cards[c];
        series.colour = c;
        if (!v.identity.scope.empty()) scopes.insert(v.identity.scope);
        f.series.push_back(std::move(series));
      }
      if (f.series.size() == before) f.missing.push_back(cards.cards[c]);
    }
    if (f.series.empty()) continue;
    f.axis = scopes.size() == 1 ? "Power (W, scope: " + *scopes.begin() + ")" : "Power (W, scopes differ per card)";
    auto dir = results_dir / "figures";
    std::string svg_text = printable(figures::overlay_svg(f));
    write_file_atomic(dir / (f.id + ".svg"), svg_text);
    write_file_atomic(dir / (f.id + ".csv"), printable(figures::overlay_csv(f)));
    auto tmp = dir / ("." + f.id + ".png.tmp");
    figures::render_png(svg_text, tmp);
    std::filesystem::rename(tmp, dir / (f.id + ".png"));
    written.emplace_back(f.title, "figures/" + f.id + ".svg");
  }
}
}  // namespace

std::vector<std::pair<std::string, std::string>> write_campaign_figures(const Summary& s, const nlohmann::json& meta,
                                                                        const std::filesystem::path& results_dir) {
  std::vector<std::pair<std::string, std::string>> out;
  try {
    auto rows = rows_from_summary(to_json(s), nlohmann::json(), results_dir.string());
    std::vector<figures::Unrun> unrun;
    for (const auto& n : meta.value("not_run", nlohmann::json::array()))
      if (n.is_object()) unrun.push_back({n.value("model", ""), n.value("card", ""), n.value("reason", "")});
    auto figs = figures::bar_figures(rows, unrun);
    figures::write_figures(figs, results_dir / "figures");
    for (const auto& f : figs) out.emplace_back(f.title, "figures/" + f.id + ".svg");
    if (!figs.empty()) write_overlays(s, figs.front(), results_dir, out);
  } catch (const std::exception& e) {
    // The measurements are the record; a figure that cannot be drawn must not lose them.
    std::cerr << "wattbench: figures not written: " << printable(e.what()) << "\n";
  }
  return out;
}

std::string campaign_figures_html(const std::filesystem::path& results_dir) {
  std::string out;
  auto titles = figures::figure_titles();
  if (std::filesystem::is_directory(results_dir / "figures"))
    for (const auto& e : std::filesystem::directory_iterator(results_dir / "figures")) {
      auto name = e.path().filename().string();
      if (name.rfind("power_over_time_", 0) == 0 && e.path().extension() == ".svg" && unsafe_name_reason(name).empty())
        titles.emplace_back(e.path().stem().string(),
                            "Power over the measured window: " + e.path().stem().string().substr(16));
    }
  for (const auto& [id, title] : titles) {
    if (!std::filesystem::exists(results_dir / "figures" / (id + ".svg"))) continue;
    // The static SVG file itself, not inlined: the page shows what an article would paste.
    out += "<figure data-figure=\"" + svg::escape(id) + "\"><img src=\"figures/" + id + ".svg\" alt=\"" +
           svg::escape(title) + "\" style=\"max-width:100%;height:auto\"><figcaption>" + svg::escape(title) +
           " — <a href=\"figures/" + id + ".png\">PNG</a>, <a href=\"figures/" + id +
           ".csv\">CSV</a></figcaption></figure>\n";
  }
  return out.empty() ? out : "<section id=\"figures\"><h2>Figures</h2>\n" + out + "</section>\n";
}

}  // namespace wb
