// Summary assembly and files.
#include "harness/run/summary_files.hpp"

#include <fmt/format.h>

#include <map>
#include <sstream>

#include "harness/campaign/campaign.hpp"
#include "harness/campaign/campaign_figures.hpp"
#include "harness/campaign/campaign_report.hpp"
#include "harness/campaign/method_block.hpp"
#include "harness/plugin/probe.hpp"
#include "harness/report/html.hpp"
#include "harness/report/reporters.hpp"
#include "harness/report/summary_schema.hpp"
#include "harness/run/analyze.hpp"
#include "harness/run/identity_of.hpp"
#include "harness/run/progress.hpp"
#include "harness/run/run_files.hpp"
#include "harness/trace/downsample.hpp"
#include "harness/trace/trace_csv.hpp"
#include "harness/util/json_text.hpp"
#include "harness/util/local_time.hpp"
#include "harness/util/printable.hpp"

namespace wb {

namespace fs = std::filesystem;

Summary new_summary(const Config& cfg, const fs::path& results_dir) {
  Summary s;
  s.name = cfg.name;
  s.created = local_time_now("%Y-%m-%dT%H:%M:%S%z");
  s.results_dir = results_dir.string();
  const bool campaign = !cfg.campaign_meta.is_null();
  // A campaign's variants are other cards with other tools: no folder-wide device or tool.
  if (!campaign) {
    s.tool = cfg.benchmark.tool;
    s.device = {{"manufacturer", cfg.device.manufacturer},
                {"accelerator", cfg.device.accelerator},
                {"form_factor", cfg.device.form_factor},
                {"interface", cfg.device.interface},
                {"notes", cfg.device.notes}};
    s.published = {cfg.published.fps, cfg.published.fps_per_w, cfg.published.power_w, cfg.published.scope,
                   cfg.published.source};
  }
  for (const auto& pc : cfg.probes) {
    auto settings = make_unopened_probe(pc)->settings();
    settings["name"] = pc.name;  // ties the entry to the runs' probes[] (its meter)
    s.probes.push_back(settings);
  }
  s.baseline = cfg.baseline;
  nlohmann::json env;
  if (fs::is_regular_file(results_dir / "environment.json")) {
    try {
      env = read_json_file(results_dir / "environment.json");
    } catch (const std::exception&) {
    }
  }
  for (const auto& v : cfg.variants) {
    VariantRecord rec;
    rec.id = v.id;
    rec.params = v.params;
    rec.identity = recorded_identity(results_dir, v, env);
    const auto& pub = v.config->published;
    // A card config's published figure is for the model it was written for (campaign.json's published_model).
    bool applies = !campaign;
    if (campaign)
      for (const auto& card : cfg.campaign_meta.value("cards", nlohmann::json::array()))
        applies = applies || (card.value("name", "") == v.params.value("card", "") &&
                              card.value("published_model", "") == v.params.value("model", "") &&
                              !v.params.value("model", "").empty());
    if (applies) rec.published = {pub.fps, pub.fps_per_w, pub.power_w, pub.scope, pub.source};
    s.variants.push_back(std::move(rec));
  }
  if (auto progress = read_progress(results_dir)) apply_progress(s, *progress);
  return s;
}

void apply_progress(Summary& s, const Progress& p) {
  s.finished = p.finished;
  s.planned_runs = p.planned_runs;
  s.invocations = to_json(p)["invocations"];
  for (auto& v : s.variants)
    for (auto& r : v.runs) r.invocation = p.invocation_of(r.dir);
}

void update_summary_files(Summary& s, const fs::path& results_dir) {
  for (auto& v : s.variants) {
    compute_aggregates(v);
    complete_identity(v);
  }
  compute_derived(s);
  compute_load_curves(s);
  write_file_atomic(results_dir / "summary.json", json_text(to_json(s), 2) + "\n");
  std::ostringstream md;
  write_markdown(s, md);
  write_file_atomic(results_dir / "summary.md", printable(md.str()));
  // A campaign's article tables follow its summary, run by run.
  if (fs::exists(results_dir / "campaign.json")) {
    std::ostringstream tables;
    auto meta = read_json_file(results_dir / "campaign.json");
    auto figures = write_campaign_figures(s, meta, results_dir);
    write_campaign_markdown(s, meta, tables, figures);
    write_file_atomic(results_dir / "campaign.md", printable(tables.str()));
  }
}

namespace {
std::vector<RunPlots> run_plots(const Summary& s, const fs::path& results_dir) {
  std::vector<RunPlots> plots;
  for (const auto& v : s.variants)
    for (const auto& r : v.runs) {
      fs::path run_dir = results_dir / r.dir;
      RunPlots p;
      p.variant = v.id;
      p.index = r.index;
      if (r.idle_start_s) p.bands.push_back({*r.idle_start_s, *r.idle_end_s, "idle", "#bbbbbb"});
      if (r.tool_start_s) p.bands.push_back({*r.tool_start_s, *r.tool_end_s, "tool", "#cfe2ff"});
      if (r.window_start_s) p.bands.push_back({*r.window_start_s, *r.window_end_s, "measured window", "#b7e4b7"});
      for (const auto& e : fs::directory_iterator(run_dir)) {
        std::string name = e.path().filename().string();
        if (name.rfind("probe-", 0) != 0 || e.path().extension() != ".json") continue;
        ProbeInfo info;
        try {
          info = probe_info_from_json(read_json_file(e.path()));
        } catch (const std::exception&) {
          continue;
        }
        fs::path trace = run_dir / fmt::format("power-{}.csv", info.name);
        if (!fs::exists(trace)) continue;
        std::vector<int> chans;
        if (info.power_channel >= 0) chans.push_back(info.power_channel);
        for (int t : info.temperature_channels) chans.push_back(t);
        if (chans.empty()) continue;
        // Two streaming passes: the time span and length, then the plot data; a long trace
        // never sits in memory whole.
        double t0 = 0, t1 = 0;
        std::size_t samples = 0;
        for_each_sample(
            trace,
            [&](const Sample& smp) {
              t1 = smp.t_s;
              ++samples;
            },
            std::vector<std::size_t>{});
        std::vector<TracePlotData> ds(chans.size(), TracePlotData(t0, t1, samples));
        auto note = [&](std::string& plot_note) {  // a long trace's note wins over a short one's
          if (ds.front().full_resolution() && !plot_note.empty()) return;
          plot_note = ds.front().full_resolution()
                          ? "full resolution: every sample"
                          : fmt::format("min/max of {} columns ({} samples in {}): zoom shows each column's extremes",
                                        TracePlotData::kZoomColumns, samples, trace.filename().string());
        };
        if (info.power_channel >= 0) note(p.power_resolution);
        if (!info.temperature_channels.empty()) note(p.temperature_resolution);
        const std::vector<std::size_t> plotted(chans.begin(), chans.end());
        for_each_sample(
            trace,
            [&](const Sample& smp) {
              if (smp.flags & (kFlagReadError | kFlagOverflow | kFlagSentinel)) return;
              for (std::size_t i = 0; i < chans.size(); ++i)
                if (static_cast<std::size_t>(chans[i]) < smp.values.size())
                  ds[i].add(smp.t_s, smp.values[static_cast<std::size_t>(chans[i])]);
            },
            plotted);
        for (std::size_t i = 0; i < chans.size(); ++i) {
          const auto& ch = info.channels[static_cast<std::size_t>(chans[i])];
          svg::Series series{info.name + "." + ch.name, ch.quantity == Quantity::temperature ? "°C" : ch.unit,
                             ds[i].points()};
          (ch.quantity == Quantity::temperature ? p.temperature : p.power).push_back(std::move(series));
        }
      }
      plots.push_back(std::move(p));
    }
  return plots;
}
}  // namespace

void write_html_report(const Summary& s, const fs::path& results_dir) {
  std::ostringstream html;
  try {
    write_run_html(s, run_plots(s, results_dir), html);
  } catch (const std::exception& e) {
    // The old page would still show figures the summary no longer holds: replace it.
    std::ostringstream failed;
    write_failed_html(s, printable(e.what()), failed);
    write_file_atomic(results_dir / "report.html", printable(failed.str()));
    throw std::runtime_error(fmt::format("{}: report failed: {}", (results_dir / "report.html").string(), e.what()));
  }
  std::string page = html.str();
  // A campaign's page opens with its method and figures, where an article reader looks first.
  if (fs::exists(results_dir / "campaign.json")) {
    std::ostringstream method;
    write_method_html(method_block(s, read_json_file(results_dir / "campaign.json")), method);
    if (auto at = page.find("</h1>\n"); at != std::string::npos)
      page.insert(at + 6, method.str() + campaign_figures_html(results_dir));
  }
  write_file_atomic(results_dir / "report.html", printable(page));
}

Summary rebuild_summary(const fs::path& results_dir) {
  if (!fs::exists(results_dir / "config.yaml"))
    throw ConfigError(results_dir.string(), 0, 0, "not a wattbench results folder (no config.yaml)");
  // A campaign's variants are other configs (its cards'): planned again from the campaign file.
  Config cfg = fs::exists(results_dir / "campaign.json") ? campaign_config_of(results_dir)
                                                         : load_config(results_dir / "config.yaml");
  Summary s = new_summary(cfg, results_dir);
  fs::path old_path = results_dir / "summary.json";
  if (fs::exists(old_path)) {  // keep when and how the runs were made
    // An emptied (full disk) or damaged summary is rebuilt like a missing one, with a word on why.
    try {
      auto old = read_json_file(old_path);
      check_summary_types(old, old_path.string());
      s.created = old.value("created", s.created);
      s.interrupted = old.value("interrupted", false);
    } catch (const std::exception& e) {
      s.warnings.push_back(
          fmt::format("{}; rebuilt from the run folders (its date and interrupted flag are lost)", e.what()));
    }
  }
  for (std::size_t vi = 0; vi < cfg.variants.size(); ++vi) {
    // Listed, not counted up to the first gap: a lost run-2 must not hide run-3.
    std::map<int, fs::path> found;
    fs::path variant_dir = results_dir / cfg.variants[vi].id;
    if (fs::is_directory(variant_dir))
      for (const auto& e : fs::directory_iterator(variant_dir)) {
        std::string name = e.path().filename().string();
        if (!e.is_directory() || name.rfind("run-", 0) != 0) continue;
        std::size_t used = 0;
        int k = 0;
        try {
          k = std::stoi(name.substr(4), &used);
        } catch (const std::exception&) {
          continue;
        }
        if (used == name.size() - 4 && k > 0 && name == fmt::format("run-{}", k)) found[k] = e.path();
      }
    std::vector<std::string> missing;
    int next = 1;
    for (const auto& [k, run_dir] : found) {
      for (; next < k; ++next) missing.push_back(fmt::format("run-{}", next));
      next = k + 1;
      auto rec = analyze_run(*cfg.variants[vi].config, results_dir, run_dir, k);
      write_file_atomic(run_dir / "run.json", json_text(to_json(rec), 2) + "\n");
      s.variants[vi].runs.push_back(std::move(rec));
    }
    s.missing_runs += missing.size();
    for (const auto& m : missing)
      s.warnings.push_back(
          fmt::format("{}/{} is missing (its folder is gone); the other runs are kept", cfg.variants[vi].id, m));
  }
  if (auto progress = read_progress(results_dir)) apply_progress(s, *progress);
  update_summary_files(s, results_dir);
  write_html_report(s, results_dir);
  return s;
}

std::vector<CompareRow> load_compare_rows(const fs::path& dir) {
  if (!fs::exists(dir / "summary.json"))
    throw ConfigError(dir.string(), 0, 0, "not a wattbench results folder (no summary.json)");
  auto summary = read_json_file(dir / "summary.json");
  check_summary_types(summary, (dir / "summary.json").string());
  if (summary.value("schema", "") != "wattbench.summary/1")
    throw ConfigError((dir / "summary.json").string(), 0, 0, "expected schema wattbench.summary/1");
  nlohmann::json env;
  if (fs::exists(dir / "environment.json")) env = read_json_file(dir / "environment.json");
  return rows_from_summary(summary, env, dir.string());
}

}  // namespace wb
