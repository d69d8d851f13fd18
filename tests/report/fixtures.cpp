// Hand-set figures (not measured) so a golden file changes only when a reporter does.
#include "report/fixtures.hpp"

#include <cmath>

#include "harness/metrics/window_folds.hpp"

namespace wb::golden {

namespace {
RunRecord run(int index, double fps, double power_w, double idle_w, double window_s = 10.0) {
  RunRecord r;
  r.index = index;
  r.dir = "default/run-" + std::to_string(index);
  r.model = "ResNet50-1";
  r.fps = fps;
  r.frames = fps * window_s;
  r.latency_mean_ms = 1000.0 / fps * 4;
  r.power_w = power_w;
  r.energy_j = power_w * window_s;
  r.fps_per_w = fps / power_w;
  r.j_per_inference = power_w / fps;
  r.idle_power_w = idle_w;
  r.dynamic_power_w = power_w - idle_w;
  r.window_s = window_s;
  r.window_start_s = 5.0;
  r.window_end_s = 5.0 + window_s;
  r.window_source = "markers";
  r.window_detail = "'Start inference' … 'Inference done'";
  r.energy_method = "accumulator";
  r.probe = "m2_3v3";
  r.rail = "M.2 3.3 V";
  r.scope = "m2-rail";
  r.samples = static_cast<std::size_t>(window_s * 1000);
  r.sample_rate_hz = 1000;
  r.fresh_rate_hz = 950;
  r.power_uncertainty_pct = 0.52;
  r.uncertainty_detail = "m2_3v3: accuracy 0.5 %, sampling 0.150 %";
  r.temps.push_back({"npu.temp0_c", 47.0 + index * 0.1, 49.0 + index * 0.1, 49.5});
  r.versions = {{"runtime", "2.9.5"}};
  r.exit_code = 0;
  // A rippled window trace, so sample folds of the metric table have something to fold.
  WindowFolds folds;
  for (int k = 0; k < 200; ++k) folds.add(power_w * (1 + 0.04 * std::sin(0.37 * k + index)));
  r.window_folds = folds.values();
  // Host cost and the meter behind the energy (issue 17).
  r.tool_cpu_user_s = 1.25 + index * 0.01;
  r.tool_cpu_sys_s = 0.31;
  r.host_cpu_busy_pct = 23.4;
  r.host_cpu_cores = 16;
  ProbeFigures pf;
  pf.probe = "m2_3v3";
  pf.rail = r.rail;
  pf.scope = r.scope;
  pf.method = "accumulator";
  pf.energy_j = r.energy_j;
  pf.power_w = power_w;
  pf.meter_kind = "accumulator";
  pf.meter_basis = "INA228 ENERGY register (§7.3.2)";
  r.probes.push_back(pf);
  return r;
}

Summary base(const std::string& name) {
  Summary s;
  s.name = name;
  s.created = "2025-03-04T05:06:07+01:00";
  s.results_dir = "results/20250304-050607-" + name;
  s.tool = "dxbenchmark";
  s.device = {{"manufacturer", "DeepX"}, {"accelerator", "M1"}, {"form_factor", "M.2"}};
  return s;
}

// What run and report set per variant: the identity planned from the config (here from the
// folder's device and tool and the runs' model and scope) and the published figures.
void finish(Summary& s) {
  for (auto& v : s.variants) {
    auto device = [&](const char* key) { return s.device.count(key) ? s.device.at(key) : std::string(); };
    v.identity.card = {s.name, device("manufacturer"), device("accelerator"), device("form_factor"), "", ""};
    v.identity.tool.name = s.tool;
    if (!v.runs.empty()) {
      v.identity.model.id = v.runs.front().model;
      v.identity.scope = v.runs.front().scope;
    }
    v.identity.wattbench_version = "0.1.0";
    v.published = s.published;
    compute_aggregates(v);
  }
  compute_derived(s);
}

Summary cold_run() {
  Summary s = base("cold-run");
  s.published = {1067, 515, std::nullopt, "m2-rail", "vendor datasheet"};
  VariantRecord v;
  auto cold = run(1, 980.25, 4.802, 0.741);
  cold.cold = true;
  v.runs = {cold, run(2, 1009.5, 4.711, 0.742), run(3, 1008.3, 4.706, 0.739), run(4, 1010.7, 4.718, 0.744)};
  v.runs[1].idle_after_w = 0.745;
  v.runs[1].idle_drift_pct = 0.4;
  s.variants = {v};
  finish(s);
  return s;
}

Summary degraded_run() {
  Summary s = base("degraded-run");
  VariantRecord v;
  auto degraded = run(2, 1001.2, 4.73, 0.74);
  degraded.degraded = true;
  degraded.degraded_reason = "probe m2_3v3: 0.120 s without valid samples (1.20 % of the window), 3 failed reads";
  degraded.warnings.push_back("probe m2_3v3: 3 of 10000 samples in the window are invalid (read error or overflow)");
  RunRecord failed;
  failed.index = 3;
  failed.dir = "default/run-3";
  failed.status = RunStatus::failed;
  failed.reason = "the tool exited with status 3: 'device not found'";
  failed.exit_code = 3;
  auto first = run(1, 1005.4, 4.72, 0.74);
  first.tool_cpu_user_s.reset();
  first.tool_cpu_sys_s.reset();
  first.host_cpu_busy_pct.reset();
  first.probes[0].method = "trapezoid";
  first.probes[0].meter_kind = "averaged";
  first.probes[0].meter_window_s = 0.0505;
  first.probes[0].meter_basis = "Linux ina238.c with the ina228: ADC_CONFIG 0xFB6A, AVG 16 x 3 x 1052 us";
  first.probes[0].edge_smear_pct = 0.012;
  v.runs = {first, degraded, failed};
  s.variants = {v};
  finish(s);
  return s;
}

Summary sweep() {
  Summary s = base("sweep");
  s.tool = "benchmark_model";
  s.device = {{"manufacturer", "NXP"}, {"accelerator", "i.MX 8M Plus NPU"}, {"notes", "EVK, | fan on"}};
  s.baseline = {{"precision", "fp32"}};
  struct Point {
    const char* precision;
    int threads;
    double fps, power;
  };
  for (auto p : {Point{"fp32", 1, 41.2, 2.10}, Point{"int8", 1, 160.4, 2.45}, Point{"fp32", 4, 120.9, 3.05},
                 Point{"int8", 4, 301.7, 3.3}}) {
    VariantRecord v;
    v.id = std::string(p.precision) + "-t" + std::to_string(p.threads);
    v.params = {{"precision", p.precision}, {"threads", std::to_string(p.threads)}};
    for (int k = 1; k <= 3; ++k) {
      auto r = run(k, p.fps * (1 + 0.002 * (k - 2)), p.power * (1 - 0.001 * (k - 2)), 1.21);
      r.dir = v.id + "/run-" + std::to_string(k);
      r.model = "mobilenet_v2";
      r.probe = "board";
      r.rail = "5 V in";
      r.scope = "board";
      r.tool_extras = {{"delegation", {{"nodes_delegated", 82}, {"nodes_total", 88}, {"placement_ratio", 82.0 / 88}}}};
      v.runs.push_back(r);
    }
    s.variants.push_back(v);
  }
  finish(s);
  return s;
}

Summary cross_scope() {
  Summary s = base("cross-scope");
  s.device = {{"manufacturer", "Hailo"}, {"accelerator", "Hailo-8"}, {"form_factor", "M.2"}};
  s.tool = "hailortcli";
  s.published = {1400, 400, 2.5, "npu-silicon", "product brief"};
  VariantRecord v;
  v.runs = {run(1, 1210.0, 5.61, 1.02), run(2, 1206.5, 5.64, 1.03)};
  for (auto& r : v.runs) r.model = "resnet_v1_50";
  s.variants = {v};
  finish(s);
  return s;
}
}  // namespace

std::vector<NamedSummary> fixed_summaries() {
  return {
      {"cold-run", cold_run()}, {"degraded-run", degraded_run()}, {"sweep", sweep()}, {"cross-scope", cross_scope()}};
}

Summary regressed_sweep() {
  Summary s = sweep();
  s.created = "2025-03-05T05:06:07+01:00";
  auto& v = s.variants[1];  // int8-t1: 8 % slower at 6 % more power
  for (auto& r : v.runs) {
    r.fps = *r.fps * 0.92;
    r.power_w = *r.power_w * 1.06;
    r.fps_per_w = *r.fps / *r.power_w;
    r.j_per_inference = *r.power_w / *r.fps;
  }
  finish(s);
  return s;
}

}  // namespace wb::golden
