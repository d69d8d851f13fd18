// The run pipeline: for each repeat, idle phase -> tool -> tail, with samplers running
// throughout; then parse, window, energy, metrics and (on the simulated bench) truth.
// Every file is written as soon as its content exists, so a crash loses nothing measured.
#include "harness/run/run.hpp"

#include <fmt/format.h>
#include <signal.h>

#include <cmath>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "adapters/registry.hpp"
#include "harness/analysis/energy.hpp"
#include "harness/process/process.hpp"
#include "harness/report/reporters.hpp"
#include "harness/run/environment.hpp"
#include "harness/run/sampler.hpp"
#include "harness/run/sim_bench.hpp"
#include "harness/run/status_line.hpp"
#include "probes/probe.hpp"
#include "probes/sim/load_model.hpp"
#include "probes/sim/sim_state.hpp"

namespace wb {

namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;

namespace {

std::string local_time(const char* format) {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

// Write to a temporary name and rename, so a reader never sees half a file.
void write_file(const fs::path& p, const std::string& text) {
  fs::path tmp = p;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    if (!out) throw std::runtime_error(fmt::format("{}: cannot write", tmp.string()));
    out << text;
  }
  fs::rename(tmp, p);
}

// Sleeps in small steps so Ctrl-C is honoured promptly; false when interrupted.
bool wait_for(double seconds, const std::atomic<bool>* stop) {
  auto until = clock_type::now() + std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double>(seconds));
  while (clock_type::now() < until) {
    if (stop && stop->load()) return false;
    std::this_thread::sleep_for(std::min(clock_type::duration(std::chrono::milliseconds(20)), until - clock_type::now()));
  }
  return true;
}

std::string describe_signal(int sig) { return fmt::format("signal {} ({})", sig, strsignal(sig)); }

struct Pipeline {
  const RunOptions& opt;
  fs::path results_dir;
  StatusLine* status = nullptr;
  std::vector<Sampler*> live_samplers;  // for the status line
  std::mutex live_mutex;

  // One run of one variant; `prefix` labels the status line ("run 3/8 · 224-npu").
  RunRecord execute(const Config& cfg, const std::string& variant, int k, const std::string& prefix);
};

RunRecord Pipeline::execute(const Config& cfg, const std::string& variant, int k, const std::string& prefix) {
  const Adapter& adapter = *find_adapter(cfg.benchmark.tool);
  RunRecord rec;
  rec.index = k;
  fs::path run_dir = results_dir / variant / fmt::format("run-{}", k);
  rec.dir = fs::relative(run_dir, results_dir).string();
  fs::path tool_dir = run_dir / "tool-files";
  fs::create_directories(tool_dir);

  // The simulated bench: the card's load model, driven by the fake tool's phase file.
  SimBench bench;
  if (uses_sim(cfg)) bench = make_sim_bench(cfg, run_dir, static_cast<unsigned>(k));
  sim::LoadModel* load = bench.load.get();

  ProbeContext ctx = probe_context(bench, run_dir, opt.tools_dir);
  std::vector<std::unique_ptr<Probe>> probes;
  try {
    for (const auto& pc : cfg.probes) {
      probes.push_back(make_probe(pc, ctx));
      probes.back()->open();
    }
  } catch (const std::exception& e) {
    rec.status = "failed";
    rec.reason = fmt::format("probe setup failed: {}", e.what());
    return rec;
  }

  auto t0 = clock_type::now();
  double t0_steady_s = std::chrono::duration<double>(t0.time_since_epoch()).count();
  std::vector<std::unique_ptr<Sampler>> samplers;
  for (auto& p : probes) {
    auto writer = std::make_unique<TraceCsvWriter>(run_dir / fmt::format("power-{}.csv", p->info().name), p->info());
    samplers.push_back(std::make_unique<Sampler>(*p, t0, std::move(writer)));
    samplers.back()->start();
  }
  {
    std::lock_guard lock(live_mutex);
    live_samplers.clear();
    for (auto& s : samplers) live_samplers.push_back(s.get());
  }
  auto stop_sampling = [&] {
    {
      std::lock_guard lock(live_mutex);
      live_samplers.clear();
    }
    for (auto& s : samplers) s->stop();
    for (auto& p : probes) p->close();
  };

  const auto* stop = opt.stop_requested;
  status->phase(prefix, "settle", cfg.phases.settle_s);
  bool ok = wait_for(cfg.phases.settle_s, stop);
  if (ok) {
    status->phase(prefix, "idle", cfg.phases.idle_s);
    ok = wait_for(cfg.phases.idle_s, stop);
  }
  if (!ok) {
    stop_sampling();
    rec.status = "failed";
    rec.reason = "interrupted during the idle phase";
    return rec;
  }

  auto exe = find_executable(cfg.benchmark.executable, {opt.tools_dir});
  if (!exe) {
    stop_sampling();
    rec.status = "failed";
    rec.reason = fmt::format("executable '{}' not found (looked in {} and PATH); set benchmark.executable",
                             cfg.benchmark.executable, opt.tools_dir.string());
    return rec;
  }
  ToolInvocation inv = adapter.invocation(cfg.benchmark, cfg.dir);
  ProcessSpec spec;
  spec.executable = *exe;
  spec.args = inv.args;
  spec.cwd = tool_dir;
  spec.env = cfg.benchmark.env;
  spec.env.insert(ctx.tool_env.begin(), ctx.tool_env.end());
  spec.pty = inv.live_lines;
  spec.timeout_s = cfg.benchmark.timeout_s;
  spec.stdout_log = run_dir / "tool.stdout.log";
  spec.stderr_log = run_dir / "tool.stderr.log";
  spec.lines_log = run_dir / "tool.lines.tsv";
  spec.t0 = t0;
  status->phase(prefix, "tool", inv.expected_s.value_or(0));
  ProcessResult proc = make_process_runner()->run(spec, nullptr, stop);
  rec.exit_code = proc.started && !proc.signal ? std::optional<int>(proc.exit_code) : std::nullopt;
  if (proc.signal) rec.signal = proc.signal;
  rec.timed_out = proc.timed_out;
  status->phase(prefix, "tail", cfg.phases.tail_s);
  wait_for(cfg.phases.tail_s, stop);
  stop_sampling();

  if (!proc.started) return rec.status = "failed", rec.reason = proc.start_error, rec;
  if (proc.interrupted) return rec.status = "failed", rec.reason = "interrupted while the tool ran", rec;
  if (proc.timed_out)
    return rec.status = "failed",
           rec.reason = fmt::format("tool timed out after {:g} s (benchmark.timeout_s); its process group was killed",
                                    cfg.benchmark.timeout_s),
           rec;
  if (proc.signal) return rec.status = "failed", rec.reason = "tool killed by " + describe_signal(proc.signal), rec;
  if (proc.exit_code != 0) {
    std::string last_err;
    for (const auto& l : proc.lines)
      if (l.stream == 2) last_err = l.text;
    return rec.status = "failed",
           rec.reason = fmt::format("tool exited with code {}{}", proc.exit_code,
                                    last_err.empty() ? "" : "; last stderr line: " + last_err),
           rec;
  }

  ToolResult tool;
  try {
    tool = adapter.parse_run(tool_dir, spec.stdout_log, spec.stderr_log, inv);
  } catch (const std::exception& e) {
    return rec.status = "failed", rec.reason = fmt::format("cannot parse the tool's output: {}", e.what()), rec;
  }
  write_file(run_dir / "tool-result.json", to_json(tool).dump(2) + "\n");
  rec.model = tool.model;
  rec.fps = tool.fps;
  rec.frames = tool.frames;
  rec.latency_mean_ms = tool.latency_mean_ms;
  rec.versions = tool.versions;
  rec.tool_extras = tool.extras;

  // The measured window: markers, else the tool's reported duration ending at the line that
  // follows its timed phase (or at exit).
  WindowEvidence ev = adapter.window_evidence(proc.lines, inv);
  Window w;
  if (ev.marker_start_s && ev.marker_end_s) {
    w = {*ev.marker_start_s, *ev.marker_end_s, "markers", "between the tool's start and end markers"};
  } else if (tool.measured_s) {
    double end = ev.end_anchor_s.value_or(proc.end_s);
    w = {end - *tool.measured_s, end, "reported-duration",
         fmt::format("{:.3f} s reported by the tool, ending at {}", *tool.measured_s,
                     ev.end_anchor_s ? fmt::format("'{}' (t={:.3f} s)", ev.end_anchor_text, end)
                                     : fmt::format("process exit (t={:.3f} s)", end))};
  } else {
    return rec.status = "invalid", rec.reason = "the tool reported no measured duration and printed no window markers", rec;
  }
  rec.window_start_s = w.start_s;
  rec.window_end_s = w.end_s;
  rec.window_s = w.length();
  rec.window_source = w.source;
  rec.window_detail = w.detail;
  if (w.start_s < proc.start_s)
    return rec.status = "invalid",
           rec.reason = fmt::format("window starts {:.3f} s before the tool started: the reported duration does not fit",
                                    proc.start_s - w.start_s),
           rec;

  Window idle_w{cfg.phases.settle_s, cfg.phases.settle_s + cfg.phases.idle_s, "idle", "after settle"};
  // The headline figures come from the first probe that measures power; others add rails or sensors.
  std::size_t primary = probes.size();
  for (std::size_t i = 0; i < probes.size() && primary == probes.size(); ++i)
    if (probes[i]->info().power_channel >= 0 || probes[i]->info().energy_channel >= 0) primary = i;
  if (primary == probes.size()) return rec.status = "invalid", rec.reason = "no probe measures power: no watts, no efficiency", rec;
  for (std::size_t i = 0; i < probes.size(); ++i) {
    const auto& info = probes[i]->info();
    auto samples = samplers[i]->samples();
    auto we = window_energy(samples, info, w);
    ProbeFigures pf;
    pf.probe = info.name;
    pf.rail = info.rail;
    pf.scope = info.scope;
    pf.method = we.method;
    pf.energy_j = we.energy_j;
    pf.power_w = we.mean_power_w;
    pf.trapezoid_energy_j = we.trapezoid_energy_j;
    pf.samples = we.samples;
    pf.invalid_samples = we.invalid_samples;
    pf.sample_rate_hz = we.sample_rate_hz;
    pf.fresh_rate_hz = we.fresh_rate_hz;
    pf.max_gap_s = we.max_gap_s;
    if (cfg.phases.idle_s > 0) pf.idle_power_w = window_energy(samples, info, idle_w).mean_power_w;
    if (we.gap_s > 0 || we.invalid_samples) {
      rec.degraded = true;
      rec.degraded_reason += fmt::format("{}probe {}: {:.3f} s without valid samples ({:.2f} % of the window), {} failed reads",
                                         rec.degraded_reason.empty() ? "" : "; ", info.name, we.gap_s,
                                         100.0 * we.gap_s / w.length(), we.invalid_samples);
    }
    if (we.invalid_samples)
      rec.warnings.push_back(fmt::format("probe {}: {} of {} samples in the window are invalid (read error or overflow)",
                                         info.name, we.invalid_samples, we.samples));
    for (int ch : info.temperature_channels) {
      auto span = temperature_span(samples, ch, w);
      if (span.start_c)
        rec.temps.push_back({info.name + "." + info.channels[static_cast<std::size_t>(ch)].name, *span.start_c, *span.end_c, *span.max_c});
    }
    bool has_power = info.power_channel >= 0 || info.energy_channel >= 0;
    if (!has_power) continue;  // a sensor-only probe (e.g. NPU temperatures)
    if (i == primary) {
      rec.probe = info.name;
      rec.rail = info.rail;
      rec.scope = info.scope;
      rec.samples = we.samples;
      rec.sample_rate_hz = we.sample_rate_hz;
      rec.fresh_rate_hz = we.fresh_rate_hz;
      rec.energy_method = we.method;
      if (!we.mean_power_w) return rec.status = "invalid", rec.reason = "no watts: " + we.problem, rec;
    }
    rec.probes.push_back(pf);
  }
  // The headline power: every probe of the first probe's scope, summed (several rails of one card).
  double energy = 0, idle = 0;
  bool idle_ok = true;
  std::size_t rails = 0;
  for (const auto& pf : rec.probes) {
    if (pf.scope != rec.scope) continue;
    if (!pf.energy_j)
      return rec.status = "invalid", rec.reason = fmt::format("no watts from probe {} (scope {})", pf.probe, pf.scope), rec;
    energy += *pf.energy_j;
    idle_ok = idle_ok && pf.idle_power_w.has_value();
    if (pf.idle_power_w) idle += *pf.idle_power_w;
    if (rails++) {
      rec.probe += "+" + pf.probe;
      rec.rail += " + " + pf.rail;
      rec.sample_rate_hz = std::min(rec.sample_rate_hz.value_or(0), pf.sample_rate_hz.value_or(0));
      rec.fresh_rate_hz = std::min(rec.fresh_rate_hz.value_or(0), pf.fresh_rate_hz.value_or(0));
      if (pf.method != rec.energy_method) rec.energy_method += "+" + pf.method;
    }
  }
  rec.energy_j = energy;
  rec.power_w = energy / w.length();
  if (idle_ok && cfg.phases.idle_s > 0) {
    rec.idle_power_w = idle;
    rec.dynamic_power_w = *rec.power_w - idle;
  }
  if (!rec.fps || !(*rec.fps > 0)) return rec.status = "invalid", rec.reason = "the tool reported no FPS", rec;
  rec.fps_per_w = *rec.fps / *rec.power_w;
  rec.j_per_inference = *rec.power_w / *rec.fps;

  if (load) {
    auto st = load->state();
    // The last measure phase and the mark (of any phase) that ends it.
    double m = NAN, td = NAN;
    for (const auto& mark : st.marks) {
      if (mark.phase == "measure") m = mark.t_s, td = NAN;
      else if (!std::isnan(m) && std::isnan(td)) td = mark.t_s;
    }
    if (!std::isnan(m) && !std::isnan(td) && st.frames && st.timed_s && td > m) {
      SimTruth t;
      t.window_start_s = m - t0_steady_s;
      t.window_end_s = td - t0_steady_s;
      t.energy_j = load->true_energy_j(m, td);
      t.mean_power_w = t.energy_j / (td - m);
      t.fps = static_cast<double>(*st.frames) / *st.timed_s;
      t.fps_per_w = t.fps / t.mean_power_w;
      rec.truth = t;
      rec.fps_per_w_error_pct = (*rec.fps_per_w / t.fps_per_w - 1.0) * 100.0;
      nlohmann::json tj = {{"window_start_s", t.window_start_s}, {"window_end_s", t.window_end_s},
                           {"energy_j", t.energy_j}, {"mean_power_w", t.mean_power_w}, {"fps", t.fps},
                           {"fps_per_w", t.fps_per_w}, {"frames", *st.frames}, {"timed_s", *st.timed_s},
                           {"note", "ground truth of the simulated bench: exact integral of the load model's power"}};
      write_file(run_dir / "sim-truth.json", tj.dump(2) + "\n");
    }
  }
  return rec;
}

}  // namespace

int run_benchmark(const Config& cfg, const RunOptions& opt) {
  if (opt.dry_run) {
    for (const auto& v : cfg.variants) {
      const Config& vc = *v.config;
      auto inv = find_adapter(vc.benchmark.tool)->invocation(vc.benchmark, vc.dir);
      auto exe = find_executable(vc.benchmark.executable, {opt.tools_dir});
      std::cout << "variant " << v.id << (v.params.empty() ? "" : " " + v.params.dump()) << "\n";
      std::cout << "  executable: " << (exe ? exe->string() : vc.benchmark.executable + " (NOT FOUND)") << "\n  argv: "
                << vc.benchmark.executable;
      for (const auto& a : inv.args) std::cout << " " << a;
      std::cout << "\n";
    }
    std::cout << "cwd: <results>/<variant>/run-<k>/tool-files; pseudo-terminal for live lines; timeout "
              << cfg.benchmark.timeout_s << " s\n";
    std::cout << fmt::format("phases: settle {:g} s, idle {:g} s, tool, tail {:g} s; repeat {}\n", cfg.phases.settle_s,
                             cfg.phases.idle_s, cfg.phases.tail_s, cfg.repeat);
    for (const auto& pc : cfg.probes) {
      auto probe = make_probe(pc, ProbeContext{});
      std::cout << "probe " << pc.name << ": " << probe->settings().dump() << "\n";
    }
    return 0;
  }

  fs::path results_dir = opt.output.empty() ? cfg.output / (local_time("%Y%m%d-%H%M%S") + "-" + cfg.name) : opt.output;
  if (fs::exists(results_dir) && !fs::is_empty(results_dir))
    throw ConfigError(results_dir.string(), 0, 0, "results folder exists and is not empty; refusing to overwrite it");
  fs::create_directories(results_dir);
  write_file(results_dir / "config.yaml", cfg.resolved_yaml);
  write_file(results_dir / "environment.json", snapshot_environment().dump(2) + "\n");

  Summary summary;
  summary.name = cfg.name;
  summary.created = local_time("%Y-%m-%dT%H:%M:%S%z");
  summary.results_dir = results_dir.string();
  summary.tool = cfg.benchmark.tool;
  summary.device = {{"manufacturer", cfg.device.manufacturer}, {"accelerator", cfg.device.accelerator},
                    {"form_factor", cfg.device.form_factor}, {"interface", cfg.device.interface}};
  summary.published = {cfg.published.fps, cfg.published.fps_per_w, cfg.published.power_w, cfg.published.scope,
                       cfg.published.source};
  for (const auto& pc : cfg.probes) summary.probes.push_back(make_probe(pc, ProbeContext{})->settings());
  summary.baseline = cfg.baseline;
  for (const auto& v : cfg.variants) {
    summary.variants.emplace_back();
    summary.variants.back().id = v.id;
    summary.variants.back().params = v.params;
  }

  Pipeline pipe{opt, results_dir, nullptr, {}, {}};
  StatusLine status(opt.tty, [&pipe]() {
    LiveReading r;
    std::lock_guard lock(pipe.live_mutex);
    if (pipe.live_samplers.empty()) return r;
    auto* s = pipe.live_samplers.front();
    r.rate_hz = s->recent_rate_hz();
    int ch = s->probe().info().power_channel;
    if (auto latest = s->latest(); latest && ch >= 0 && static_cast<std::size_t>(ch) < latest->values.size() &&
                                   is_present(latest->values[static_cast<std::size_t>(ch)]))
      r.watts = latest->values[static_cast<std::size_t>(ch)];
    return r;
  });
  pipe.status = &status;
  status.start();
  // The run plan: grouped (A A B B) or interleaved (A B A B) so drift favours no variant.
  std::vector<std::pair<std::size_t, int>> plan;
  if (cfg.order == "interleaved") {
    for (int k = 1; k <= cfg.repeat; ++k)
      for (std::size_t v = 0; v < cfg.variants.size(); ++v) plan.push_back({v, k});
  } else {
    for (std::size_t v = 0; v < cfg.variants.size(); ++v)
      for (int k = 1; k <= cfg.repeat; ++k) plan.push_back({v, k});
  }
  std::cout << fmt::format("wattbench: {} · {} variant(s) × {} run(s) · results in {}\n", cfg.name, cfg.variants.size(),
                           cfg.repeat, results_dir.string());
  std::cout.flush();

  for (std::size_t i = 0; i < plan.size(); ++i) {
    if (opt.stop_requested && opt.stop_requested->load()) {
      summary.interrupted = true;
      break;
    }
    auto [vi, k] = plan[i];
    const auto& variant = cfg.variants[vi];
    std::string prefix = fmt::format("run {}/{}{}", i + 1, plan.size(), variant.id == "default" ? "" : " · " + variant.id);
    auto& record = summary.variants[vi];
    record.runs.push_back(pipe.execute(*variant.config, variant.id, k, prefix));
    const auto& rec = record.runs.back();
    write_file(results_dir / rec.dir / "run.json", to_json(rec).dump(2) + "\n");
    if (rec.status != "ok") status.log(fmt::format("{}: {}: {}", prefix, rec.status, rec.reason));
    compute_aggregates(record);
    compute_derived(summary);
    if (opt.stop_requested && opt.stop_requested->load()) summary.interrupted = true;
    write_file(results_dir / "summary.json", to_json(summary).dump(2) + "\n");
    std::ostringstream md;
    write_markdown(summary, md);
    write_file(results_dir / "summary.md", md.str());
  }
  status.stop();
  write_terminal(summary, std::cout);
  std::cout << "Results: " << results_dir.string() << "\n";
  bool all_ok = !summary.interrupted;
  for (const auto& v : summary.variants)
    for (const auto& r : v.runs) all_ok &= r.status == "ok";
  return all_ok ? 0 : 1;
}

}  // namespace wb
