// Summary assembly and files.
#include "harness/run/summary_files.hpp"

#include <fmt/format.h>

#include <ctime>
#include <sstream>

#include "harness/report/reporters.hpp"
#include "harness/run/analyze.hpp"
#include "harness/run/run_files.hpp"
#include "probes/probe.hpp"

namespace wb {

namespace fs = std::filesystem;

Summary new_summary(const Config& cfg, const fs::path& results_dir) {
  Summary s;
  s.name = cfg.name;
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S%z", &tm);
  s.created = buf;
  s.results_dir = results_dir.string();
  s.tool = cfg.benchmark.tool;
  s.device = {{"manufacturer", cfg.device.manufacturer}, {"accelerator", cfg.device.accelerator},
              {"form_factor", cfg.device.form_factor}, {"interface", cfg.device.interface}, {"notes", cfg.device.notes}};
  s.published = {cfg.published.fps, cfg.published.fps_per_w, cfg.published.power_w, cfg.published.scope, cfg.published.source};
  for (const auto& pc : cfg.probes) s.probes.push_back(make_probe(pc, ProbeContext{})->settings());
  s.baseline = cfg.baseline;
  for (const auto& v : cfg.variants) {
    s.variants.emplace_back();
    s.variants.back().id = v.id;
    s.variants.back().params = v.params;
  }
  return s;
}

void update_summary_files(Summary& s, const fs::path& results_dir) {
  for (auto& v : s.variants) compute_aggregates(v);
  compute_derived(s);
  write_file_atomic(results_dir / "summary.json", to_json(s).dump(2) + "\n");
  std::ostringstream md;
  write_markdown(s, md);
  write_file_atomic(results_dir / "summary.md", md.str());
}

Summary rebuild_summary(const fs::path& results_dir) {
  if (!fs::exists(results_dir / "config.yaml"))
    throw ConfigError(results_dir.string(), 0, 0, "not a wattbench results folder (no config.yaml)");
  Config cfg = load_config(results_dir / "config.yaml");
  Summary s = new_summary(cfg, results_dir);
  if (fs::exists(results_dir / "summary.json")) {  // keep when and how the runs were made
    auto old = read_json_file(results_dir / "summary.json");
    s.created = old.value("created", s.created);
    s.interrupted = old.value("interrupted", false);
  }
  for (std::size_t vi = 0; vi < cfg.variants.size(); ++vi)
    for (int k = 1;; ++k) {
      fs::path run_dir = results_dir / cfg.variants[vi].id / fmt::format("run-{}", k);
      if (!fs::is_directory(run_dir)) break;
      auto rec = analyze_run(*cfg.variants[vi].config, results_dir, run_dir, k);
      write_file_atomic(run_dir / "run.json", to_json(rec).dump(2) + "\n");
      s.variants[vi].runs.push_back(std::move(rec));
    }
  update_summary_files(s, results_dir);
  return s;
}

}  // namespace wb
