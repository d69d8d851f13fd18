// The run pipeline: for each repeat, idle phase -> tool -> tail, with samplers running
// throughout; then parse, window, energy, metrics and (on the simulated bench) truth.
// Every file is written as soon as its content exists, so a crash loses nothing measured.
#include "harness/run/run.hpp"

#include <fmt/format.h>
#include <signal.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "harness/analysis/energy.hpp"
#include "harness/campaign/campaign_report.hpp"
#include "harness/plugin/probe.hpp"
#include "harness/plugin/tool_kind.hpp"
#include "harness/process/process.hpp"
#include "harness/report/reporters.hpp"
#include "harness/run/analyze.hpp"
#include "harness/run/environment.hpp"
#include "harness/run/folder_lock.hpp"
#include "harness/run/health.hpp"
#include "harness/run/host_cpu_probe.hpp"
#include "harness/run/kernel_log.hpp"
#include "harness/run/link_aspm.hpp"
#include "harness/run/progress.hpp"
#include "harness/run/resume.hpp"
#include "harness/run/run_files.hpp"
#include "harness/run/run_plan.hpp"
#include "harness/run/sampler.hpp"
#include "harness/run/scratch_bench.hpp"
#include "harness/run/status_line.hpp"
#include "harness/run/summary_files.hpp"
#include "harness/util/json_text.hpp"
#include "harness/util/local_time.hpp"
#include "harness/util/printable.hpp"
#include "harness/util/safe_name.hpp"
#include "harness/util/steady_seconds.hpp"

namespace wb {

namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;

namespace {

// Sleeps in small steps so Ctrl-C is honoured promptly; false when interrupted.
bool wait_for(double seconds, const std::atomic<bool>* stop) {
  auto until = clock_type::now() + steady_seconds(seconds);
  while (clock_type::now() < until) {
    if (stop && stop->load()) return false;
    std::this_thread::sleep_for(
        std::min(clock_type::duration(std::chrono::milliseconds(20)), until - clock_type::now()));
  }
  return true;
}

ProcessRecord record_of(const ProcessResult& r, double t0_steady_s, double timeout_s) {
  ProcessRecord p;
  p.started = r.started;
  p.start_error = r.start_error;
  if (r.started && !r.signal) p.exit_code = r.exit_code;
  if (r.signal) p.signal = r.signal;
  p.timed_out = r.timed_out;
  p.interrupted = r.interrupted;
  p.start_s = r.start_s;
  p.end_s = r.end_s;
  p.t0_steady_s = t0_steady_s;
  p.timeout_s = timeout_s;
  p.warnings = r.warnings;
  p.cpu_user_s = r.cpu_user_s;
  p.cpu_sys_s = r.cpu_sys_s;
  return p;
}

// Waits the pause, then until the cooldown channel reads below the limit (or max_wait_s);
// returns the whole wait.
double cool_down(const Config& cfg, const CooldownConfig& cd, const RunOptions& opt, StatusLine& status,
                 const std::string& prefix) {
  if (cd.pause_s > 0) {
    status.phase(prefix, "pause", cd.pause_s);
    wait_for(cd.pause_s, opt.stop_requested);
  }
  if (cd.channel.empty()) return cd.pause_s;
  auto dot = cd.channel.find('.');
  std::string probe_name = cd.channel.substr(0, dot), channel = cd.channel.substr(dot + 1);
  auto pc =
      std::find_if(cfg.probes.begin(), cfg.probes.end(), [&](const ProbeConfig& p) { return p.name == probe_name; });
  if (pc == cfg.probes.end()) {
    status.log(fmt::format("{}: cooldown: no probe named '{}'", prefix, probe_name));
    return 0;
  }
  ScratchBench scratch(cfg, "cooldown", opt.tools_dir);
  auto start = clock_type::now();
  double waited = 0;
  try {
    auto probe = make_probe(*pc, scratch.context());
    probe->open();
    const auto& ch = probe->info().channels;
    auto it = std::find_if(ch.begin(), ch.end(), [&](const ChannelInfo& c) { return c.name == channel; });
    if (it == ch.end()) throw std::runtime_error(fmt::format("probe {} has no channel {}", probe_name, channel));
    auto idx = static_cast<std::size_t>(it - ch.begin());
    status.phase(prefix, "cooldown", cd.max_wait_s);
    for (;;) {
      Sample s;
      probe->read(s);
      waited = std::chrono::duration<double>(clock_type::now() - start).count();
      if (is_present(s.values[idx]) && s.values[idx] <= cd.until_temp_c) break;
      if (waited >= cd.max_wait_s) {
        status.log(fmt::format("{}: cooldown: {} still {:.1f} °C after {:g} s (limit {:g} °C); going on", prefix,
                               cd.channel, s.values[idx], cd.max_wait_s, cd.until_temp_c));
        break;
      }
      if (!wait_for(std::max(0.2, 1.0 / probe->info().rate_hz), opt.stop_requested)) break;
    }
    probe->close();
  } catch (const std::exception& e) {
    status.log(fmt::format("{}: cooldown skipped: {}", prefix, e.what()));
  }
  return cd.pause_s + waited;
}

struct Pipeline {
  const RunOptions& opt;
  fs::path results_dir;
  StatusLine* status = nullptr;
  std::vector<Sampler*> live_samplers;  // for the status line
  std::mutex live_mutex;
  std::map<std::string, std::string> device_env;  // the simulated card the tool opens (sim_device_env)
  std::string device;                             // the card's name in a campaign, "" for one bench

  // One run of one variant; `prefix` labels the status line ("run 3/8 · 224-npu").
  RunRecord execute(const Config& cfg, const std::string& variant, int k, const std::string& prefix);
};

RunRecord Pipeline::execute(const Config& cfg, const std::string& variant, int k, const std::string& prefix) {
  const Adapter& adapter = *find_tool(cfg.benchmark.tool);
  fs::path run_dir = results_dir / variant / fmt::format("run-{}", k);
  fs::path tool_dir = run_dir / "tool-files";
  fs::create_directories(tool_dir);
  // A failure before the tool ran is recorded like any other outcome, then analysed.
  auto fail = [&](const std::string& reason) {
    ProcessRecord p;
    p.failure = reason;
    write_file_atomic(run_dir / "process.json", json_text(to_json(p), 2) + "\n");
    return analyze_run(cfg, results_dir, run_dir, k);
  };

  // The link's ASPM state for this run, set before the idle phase and put back when the run
  // ends (the destructor covers every early return).
  LinkSysfs sysfs;
  std::unique_ptr<AspmSetting> aspm;
  if (!cfg.device.pcie.empty()) {
    try {
      sysfs = link_sysfs(cfg, results_dir, device);
      aspm = set_link_aspm(cfg, sysfs);
    } catch (const AspmError& e) {
      return fail(e.what());
    }
    write_file_atomic(run_dir / kAspmFile, json_text(to_json(aspm->record()), 2) + "\n");
  }

  // The simulated bench (null on a real one): the card's load model, driven by the fake tool's phase file.
  std::unique_ptr<BenchDouble> bench;
  try {
    bench = make_bench_double(cfg, run_dir, static_cast<unsigned>(k), aspm ? sysfs.root : fs::path());
  } catch (const std::exception& e) {
    return fail(fmt::format("simulated bench setup failed: {}", e.what()));
  }
  ProbeContext ctx{run_dir, bench.get(), opt.tools_dir,
                   bench ? bench->tool_env() : std::map<std::string, std::string>{}};
  std::vector<std::unique_ptr<Probe>> probes;
  try {
    for (const auto& pc : cfg.probes) {
      probes.push_back(make_probe(pc, ctx));
      probes.back()->open();
    }
  } catch (const std::exception& e) {
    return fail(fmt::format("probe setup failed: {}", e.what()));
  }
  // The config's `meter:` declaration goes into the file the analysis reads.
  auto write_probe_file = [&](const Probe& p) {
    const auto& pc = *std::find_if(cfg.probes.begin(), cfg.probes.end(),
                                   [&](const ProbeConfig& c) { return c.name == p.info().name; });
    write_file_atomic(run_dir / fmt::format("probe-{}.json", p.info().name),
                      json_text(to_json(with_declared_meter(p.info(), pc)), 2) + "\n");
  };
  for (const auto& p : probes) write_probe_file(*p);

  auto t0 = clock_type::now();
  double t0_steady_s = std::chrono::duration<double>(t0.time_since_epoch()).count();
  KernelLogCapture kernel_log(cfg.kernel_log, results_dir, run_dir, t0);
  std::vector<std::unique_ptr<Sampler>> samplers;
  for (auto& p : probes) {
    auto writer = std::make_unique<TraceCsvWriter>(run_dir / fmt::format("power-{}.csv", p->info().name), p->info());
    samplers.push_back(std::make_unique<Sampler>(*p, t0, std::move(writer)));
    samplers.back()->start();
  }
  // The host's CPU counters, for its load over the window (host cost); none where unreadable.
  std::unique_ptr<Probe> host_cpu = make_host_cpu_probe();
  std::unique_ptr<Sampler> host_sampler;
  if (host_cpu) {
    host_sampler = std::make_unique<Sampler>(
        *host_cpu, t0, std::make_unique<TraceCsvWriter>(run_dir / kHostCpuTrace, host_cpu->info()));
    host_sampler->start();
  }
  {
    std::lock_guard lock(live_mutex);
    live_samplers.clear();
    for (auto& s : samplers) live_samplers.push_back(s.get());
  }
  std::vector<std::string> hung;  // probes whose read never returned
  auto stop_sampling = [&] {
    {
      std::lock_guard lock(live_mutex);
      live_samplers.clear();
    }
    if (host_sampler && !host_sampler->stop()) {
      (void)host_sampler.release();
      (void)host_cpu.release();
    }
    for (std::size_t i = 0; i < samplers.size(); ++i) {
      if (samplers[i]->stop()) continue;
      // Its thread is still inside the probe's read: both must outlive it.
      hung.push_back(samplers[i]->hung());
      (void)samplers[i].release();
      (void)probes[i].release();
    }
    for (auto& p : probes) {
      if (!p) continue;
      p->close();
      // Closing may add what the probe found out (e.g. samples the instrument logged but never sent).
      if (!p->info().warnings.empty()) write_probe_file(*p);
    }
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
    return fail("interrupted during the idle phase");
  }

  auto exe = find_executable(cfg.benchmark.executable, {opt.tools_dir});
  if (!exe) {
    stop_sampling();
    return fail(fmt::format("executable '{}' not found (looked in {} and PATH); set benchmark.executable",
                            cfg.benchmark.executable, opt.tools_dir.string()));
  }
  ToolInvocation inv = adapter.invocation(cfg.benchmark, cfg.dir);
  write_file_atomic(run_dir / "invocation.json", json_text(to_json(inv), 2) + "\n");
  ProcessSpec spec;
  spec.executable = *exe;
  spec.args = inv.args;
  spec.cwd = tool_dir;
  spec.env = cfg.benchmark.env;
  spec.env.insert(ctx.tool_env.begin(), ctx.tool_env.end());
  spec.env.insert(device_env.begin(), device_env.end());
  spec.pty = inv.live_lines;
  spec.pty_stderr = inv.tty_stderr;
  spec.timeout_s = cfg.benchmark.timeout_s;
  spec.stdout_log = run_dir / "tool.stdout.log";
  spec.stderr_log = run_dir / "tool.stderr.log";
  spec.lines_log = run_dir / "tool.lines.tsv";
  spec.keep_lines = false;  // analysis reads tool.lines.tsv; a line flood must not pile up here
  spec.t0 = t0;
  status->phase(prefix, "tool", inv.expected_s.value_or(0));
  std::unique_ptr<ProcessRunner> real;
  ProcessRunner& runner = opt.runner ? *opt.runner : *(real = make_process_runner());
  ProcessResult proc = runner.run(spec, nullptr, stop);
  status->phase(prefix, "tail", cfg.phases.tail_s);
  if (wait_for(cfg.phases.tail_s, stop)) {
    status->phase(prefix, "idle after", cfg.phases.idle_after_s);
    // A little past the phase, so its end has samples on both sides to interpolate between.
    wait_for(cfg.phases.idle_after_s + 0.05, stop);
  }
  stop_sampling();
  kernel_log.stop();

  ProcessRecord record = record_of(proc, t0_steady_s, cfg.benchmark.timeout_s);
  if (aspm) {
    if (auto e = aspm->restore(); !e.empty()) record.write_errors.push_back("ASPM: " + e);
    write_file_atomic(run_dir / kAspmFile, json_text(to_json(aspm->record()), 2) + "\n");
  }
  for (const auto& s : samplers)
    if (s)
      if (auto e = s->trace_error(); !e.empty()) record.write_errors.push_back("trace cut short: " + e);
  for (const auto& h : hung) record.write_errors.push_back("trace cut short: " + h);
  write_file_atomic(run_dir / "process.json", json_text(to_json(record), 2) + "\n");
  if (bench) bench->write_truth(t0_steady_s, cfg.sustained.cold_s, cfg.sustained.sustained_s);
  return analyze_run(cfg, results_dir, run_dir, k);
}

}  // namespace

namespace {
// environment.json: the host, and the card's link as its sysfs shows it (a simulated card's
// from its fake tree, not whatever the host has at that address) with each variant's ASPM
// request tried and read back; throws ConfigError where the kernel refuses one.
nlohmann::json environment_with_link(const Config& cfg, const fs::path& results_dir) {
  auto env = snapshot_environment("/", cfg.device.pcie);
  if (auto a = try_link_aspm(cfg, results_dir); !a.empty()) env["aspm"] = a;
  if (uses_sim(cfg) && !cfg.device.pcie.empty()) {
    auto sysfs = link_sysfs(cfg, results_dir, device_of(cfg.variants.front()));
    env["pcie"] = snapshot_environment(sysfs.root, cfg.device.pcie)["pcie"];
    env["pcie"]["simulated"] = true;
  }
  return env;
}
}  // namespace

void require_tool_executables(const Config& cfg, const fs::path& tools_dir) {
  for (const auto& v : cfg.variants) {
    const auto& exe = v.config->benchmark.executable;
    if (find_executable(exe, {tools_dir})) continue;
    throw ConfigError(
        cfg.path.string(), 0, 0,
        fmt::format("{}benchmark.executable '{}': no such executable file ({}); set benchmark.executable",
                    v.id == "default" ? "" : "variant " + v.id + ": ", exe,
                    exe.find('/') != std::string::npos ? "as a path"
                                                       : fmt::format("looked in {} and on PATH", tools_dir.string())));
  }
}

namespace {
void print_dry_run(const Config& cfg, const RunOptions& opt) {
  for (const auto& v : cfg.variants) {
    const Config& vc = *v.config;
    auto inv = find_tool(vc.benchmark.tool)->invocation(vc.benchmark, vc.dir);
    auto exe = find_executable(vc.benchmark.executable, {opt.tools_dir});
    std::cout << "variant " << v.id << (v.params.empty() ? "" : " " + json_text(v.params)) << "\n";
    std::cout << "  executable: " << (exe ? exe->string() : vc.benchmark.executable + " (NOT FOUND)")
              << "\n  argv: " << vc.benchmark.executable;
    for (const auto& a : inv.args) std::cout << " " << a;
    std::cout << "\n";
  }
  std::cout << "cwd: <results>/<variant>/run-<k>/tool-files; pseudo-terminal for live lines; timeout "
            << cfg.benchmark.timeout_s << " s\n";
  std::cout << fmt::format("phases: settle {:g} s, idle {:g} s, tool, settle {:g} s, idle after {:g} s; repeat {}\n",
                           cfg.phases.settle_s, cfg.phases.idle_s, cfg.phases.tail_s, cfg.phases.idle_after_s,
                           cfg.repeat);
  for (const auto& pc : cfg.probes) {
    auto probe = make_unopened_probe(pc);
    std::cout << "probe " << pc.name << ": " << json_text(probe->settings()) << "\n";
  }
}

// The results folder, refused before anything is written where a link or a name from a file
// would lead elsewhere.
fs::path checked_results_dir(const Config& cfg, const RunOptions& opt) {
  fs::path results_dir =
      opt.output.empty() ? cfg.output / (local_time_now("%Y%m%d-%H%M%S") + "-" + cfg.name) : opt.output;
  // Never write through a symlink: a linked results folder could point anywhere.
  for (fs::path p = results_dir; !p.empty() && p != p.parent_path(); p = p.parent_path()) {
    if (fs::is_symlink(fs::symlink_status(p)))
      throw ConfigError(
          results_dir.string(), 0, 0,
          fmt::format("'{}' is a symbolic link; refusing to write results through it (give the real path)",
                      p.string()));
    if (opt.output.empty() && p == cfg.output) break;  // the configured root itself may be a link the user chose
  }
  // Names from files become folders below: refuse before anything is written.
  for (const auto& v : cfg.variants)
    if (auto why = unsafe_name_reason(v.id); !why.empty() && v.id != "default")
      throw ConfigError(cfg.path.string(), 0, 0,
                        fmt::format("variant '{}' cannot name a folder: {}", printable(v.id), why));
  for (const auto& [rel, text] : cfg.record_files)
    for (const auto& part : fs::path(rel))
      if (auto why = unsafe_name_reason(part.string()); !why.empty())
        throw ConfigError(cfg.path.string(), 0, 0,
                          fmt::format("record file '{}' cannot be written: {}", printable(rel), why));
  if (opt.resume && !fs::is_directory(results_dir))
    throw ConfigError(results_dir.string(), 0, 0, "nothing to resume: no such results folder");
  return results_dir;
}

// A fresh folder gets the config, its recorded files and the environment; a resumed one the
// environment of this invocation. Returns the progress so far (none for a fresh folder).
Progress open_results_folder(const Config& cfg, const RunOptions& opt, const fs::path& results_dir) {
  if (opt.resume) {
    Progress progress = resumable_progress(cfg, results_dir);
    auto env = environment_with_link(cfg, results_dir);
    write_file_atomic(results_dir / fmt::format("environment-invocation-{}.json", progress.invocations.size() + 1),
                      json_text(env, 2) + "\n");
    return progress;
  }
  for (const auto& e : fs::directory_iterator(results_dir))
    if (e.path().filename() != FolderLock::kFileName)
      throw ConfigError(
          results_dir.string(), 0, 0,
          "results folder exists and is not empty; refusing to overwrite it (--resume continues an unfinished one)");
  write_file_atomic(results_dir / "config.yaml", cfg.resolved_yaml);
  for (const auto& [rel, text] : cfg.record_files) {
    fs::create_directories((results_dir / rel).parent_path());
    write_file_atomic(results_dir / rel, text);
  }
  if (!cfg.campaign_meta.is_null())
    write_file_atomic(results_dir / "campaign.json", json_text(cfg.campaign_meta, 2) + "\n");
  auto env = environment_with_link(cfg, results_dir);
  write_file_atomic(results_dir / "environment.json", json_text(env, 2) + "\n");
  return {};
}

// The plan's runs in one results folder: each slot's cooldown, health check and run, the
// summary and progress written after each, and the cards found lost skipped from then on.
class RunSlots {
 public:
  RunSlots(const Config& cfg, const RunOptions& opt, fs::path results_dir, Progress progress)
      : m_cfg(cfg),
        m_opt(opt),
        m_results_dir(std::move(results_dir)),
        m_summary(new_summary(cfg, m_results_dir)),
        m_progress(std::move(progress)),
        m_pipe{opt, m_results_dir, nullptr, {}, {}, {}, {}},
        m_status(opt.tty, [this]() { return live_reading(); }) {
    m_pipe.status = &m_status;
  }

  int run_all() {
    m_status.start();
    const std::vector<PlannedRun> plan = plan_runs(m_cfg);
    // Written and synced before the first run and after every run: a kill leaves a folder that
    // says it did not finish, and which runs are done.
    m_progress.planned_runs = plan.size();
    m_progress.finished = false;
    m_progress.invocations.push_back({static_cast<int>(m_progress.invocations.size()) + 1,
                                      local_time_now("%Y-%m-%dT%H:%M:%S%z"),
                                      "",
                                      m_opt.resume,
                                      {}});
    std::vector<bool> done = m_opt.resume ? keep_finished(plan) : std::vector<bool>(plan.size(), false);
    write_progress(m_results_dir, m_progress);
    apply_progress(m_summary, m_progress);
    std::cout << printable(fmt::format("wattbench: {} · {} variant(s) × {} run(s) · results in {}\n", m_cfg.name,
                                       m_cfg.variants.size(), m_cfg.repeat, m_results_dir.string()));
    std::cout.flush();
    for (std::size_t i = 0; i < plan.size() && !m_summary.interrupted; ++i) {
      if (stop_requested()) {
        m_summary.interrupted = true;
        break;
      }
      if (done[i]) continue;
      const auto& [vi, k, dir] = plan[i];
      execute_slot(vi, k,
                   fmt::format("run {}/{}{}", i + 1, plan.size(),
                               m_cfg.variants[vi].id == "default" ? "" : " · " + m_cfg.variants[vi].id));
    }
    run_until_ci();
    m_status.stop();
    m_progress.finished = !m_summary.interrupted;
    m_progress.invocations.back().ended = local_time_now("%Y-%m-%dT%H:%M:%S%z");
    write_progress(m_results_dir, m_progress);
    apply_progress(m_summary, m_progress);
    update_summary_files(m_summary, m_results_dir);
    write_html_report(m_summary, m_results_dir);
    std::ostringstream terminal;
    write_terminal(m_summary, terminal);
    if (!m_cfg.campaign_meta.is_null()) {
      terminal << "\n";
      write_campaign_terminal(m_summary, m_cfg.campaign_meta, terminal);
    }
    std::cout << printable(terminal.str());
    std::cout << "Results: " << m_results_dir.string() << "\n";
    return exit_code_of(m_summary, m_opt.refusal_is_result);
  }

 private:
  bool stop_requested() const { return m_opt.stop_requested && m_opt.stop_requested->load(); }

  LiveReading live_reading() {
    LiveReading r;
    std::lock_guard lock(m_pipe.live_mutex);
    if (m_pipe.live_samplers.empty()) return r;
    auto* s = m_pipe.live_samplers.front();
    r.rate_hz = s->recent_rate_hz();
    int ch = s->probe().info().power_channel;
    if (auto latest = s->latest(); latest && ch >= 0 && static_cast<std::size_t>(ch) < latest->values.size() &&
                                   is_present(latest->values[static_cast<std::size_t>(ch)]))
      r.watts = latest->values[static_cast<std::size_t>(ch)];
    return r;
  }

  // --resume: the runs a killed invocation finished are analysed again; what it left unfinished
  // is kept aside, out of the summary's way.
  std::vector<bool> keep_finished(const std::vector<PlannedRun>& plan) {
    std::vector<bool> done(plan.size(), false);
    std::size_t kept = 0;
    for (std::size_t i = 0; i < plan.size(); ++i) {
      auto [vi, k, dir] = plan[i];
      const auto& variant = m_cfg.variants[vi];
      fs::path run_dir = m_results_dir / dir;
      if (run_finished(run_dir)) {
        done[i] = true;
        ++kept;
        m_summary.variants[vi].runs.push_back(analyze_run(*variant.config, m_results_dir, run_dir, k));
      } else if (fs::exists(fs::symlink_status(run_dir))) {
        fs::path aside = run_dir;
        for (int n = m_progress.invocations.back().number - 1; fs::exists(fs::symlink_status(aside)); ++n)
          aside = run_dir.parent_path() / fmt::format("run-{}.unfinished-{}", k, n);
        fs::rename(run_dir, aside);
        m_status.log(fmt::format("{}: unfinished run kept as {}", (variant.id + "/" + run_dir.filename().string()),
                                 fs::relative(aside, m_results_dir).string()));
      }
    }
    std::cout << printable(fmt::format("wattbench: resuming {} · {} of {} run(s) already done\n",
                                       m_results_dir.string(), kept, plan.size()));
    return done;
  }

  // until_ci_pct: more repeats, up to max_repeat, until FPS/W's 95 % CI is tight enough.
  void run_until_ci() {
    if (!m_cfg.until_ci_pct) return;
    for (std::size_t vi = 0; vi < m_cfg.variants.size() && !m_summary.interrupted; ++vi)
      for (int k = m_cfg.repeat + 1;
           k <= m_cfg.max_repeat && !m_summary.interrupted && !m_lost.count(device_of(m_cfg.variants[vi])); ++k) {
        const auto& st = m_summary.variants[vi].aggregate["fps_per_w"];
        if (st.ci95 && st.mean && *st.ci95 / *st.mean * 100 <= *m_cfg.until_ci_pct) break;
        if (stop_requested()) {
          m_summary.interrupted = true;
          break;
        }
        execute_slot(vi, k, fmt::format("extra run {} (until CI ≤ {:g} %)", k, *m_cfg.until_ci_pct));
      }
  }

  void note_finished_run(const RunRecord& rec) {
    m_progress.invocations.back().runs.push_back(rec.dir);
    write_progress(m_results_dir, m_progress);
    apply_progress(m_summary, m_progress);
  }

  // A lost device's run is recorded, not made: a folder with the verdict, then analysed as any other.
  void record_lost(std::size_t vi, int k, const std::string& prefix, RunHealth h, const std::string& why) {
    const auto& variant = m_cfg.variants[vi];
    const fs::path run_dir = m_results_dir / variant.id / fmt::format("run-{}", k);
    h.device = device_of(variant);
    h.device_lost = true;
    fs::create_directories(run_dir);
    write_health_file(run_dir, h, why);
    ProcessRecord p;
    p.failure = why;
    write_file_atomic(run_dir / "process.json", json_text(to_json(p), 2) + "\n");
    m_summary.variants[vi].runs.push_back(analyze_run(*variant.config, m_results_dir, run_dir, k));
    const auto& rec = m_summary.variants[vi].runs.back();
    write_file_atomic(m_results_dir / rec.dir / "run.json", json_text(to_json(rec), 2) + "\n");
    m_status.log(fmt::format("{}: DEVICE LOST: {}", prefix, why));
    note_finished_run(rec);
    update_summary_files(m_summary, m_results_dir);
  }

  // The health check before a run: "" when healthy (or none is configured), else why not.
  // `checked` gets the commands run.
  std::string check_health(const HealthConfig& health, const HealthContext& hctx, const std::string& device,
                           const std::string& prefix, RunHealth& checked) {
    m_status.phase(prefix, "health check", health.timeout_s);
    fs::create_directories(hctx.cwd);
    if (check_device(health, hctx, checked.commands)) {
      write_health_file(hctx.cwd, checked, "");
      return "";
    }
    const auto& c = checked.commands.back();
    return fmt::format("{}health check failed{}: {}", device.empty() ? "" : "card " + device + ": ",
                       health.recover.empty() ? "" : " after the recovery command",
                       c.timed_out        ? fmt::format("timed out after {:g} s", health.timeout_s)
                       : c.output.empty() ? fmt::format("exit {}", c.exit_code.value_or(-1))
                                          : c.output);
  }

  void execute_slot(std::size_t vi, int k, const std::string& prefix) {
    const auto& variant = m_cfg.variants[vi];
    const std::string device = device_of(variant);
    const fs::path run_dir = m_results_dir / variant.id / fmt::format("run-{}", k);
    m_pipe.device = device;
    m_pipe.device_env = bench_device_env(*variant.config, m_results_dir, device);
    HealthContext hctx{run_dir, m_opt.tools_dir, m_pipe.device_env, nullptr, m_opt.stop_requested};
    if (auto it = m_lost.find(device); it != m_lost.end()) return record_lost(vi, k, prefix, {}, it->second);
    std::optional<double> waited;
    // Every run after the first waits, whichever variant ran before it.
    bool first = std::all_of(m_summary.variants.begin(), m_summary.variants.end(),
                             [](const VariantRecord& v) { return v.runs.empty(); });
    if (m_cfg.cooldown && !first) waited = cool_down(*variant.config, *m_cfg.cooldown, m_opt, m_status, prefix);
    const auto& health = variant.config->health;
    RunHealth checked;
    checked.device = device;
    if (health) {
      std::string why = check_health(*health, hctx, device, prefix, checked);
      if (stop_requested()) {
        m_summary.interrupted = true;  // a check cut short by Ctrl-C says nothing about the device
        return;
      }
      if (!why.empty()) {
        m_lost[device] = fmt::format("skipped: {} (found at {}/run-{})", why, variant.id, k);
        return record_lost(vi, k, prefix, checked, why);
      }
    }
    auto& record = m_summary.variants[vi];
    record.runs.push_back(m_pipe.execute(*variant.config, variant.id, k, prefix));
    auto& rec = record.runs.back();
    rec.cooldown_wait_s = waited;
    // A run that failed (not a model the tool refused) may have left the device wedged: recover now.
    if (health && !health->recover.empty() && rec.status == RunStatus::failed && !rec.tool_refused &&
        !m_summary.interrupted) {
      m_status.phase(prefix, "recover", health->recover_timeout_s);
      checked.commands.push_back(
          run_health_command("recover-after-failure", health->recover, health->recover_timeout_s, hctx));
      write_health_file(run_dir, checked, "");
      rec.health.commands = checked.commands;
    }
    if (rec.status != RunStatus::ok)
      m_status.log(fmt::format("{}: {}: {}", prefix, run_status_name(rec.status), rec.reason));
    write_file_atomic(m_results_dir / rec.dir / "run.json", json_text(to_json(rec), 2) + "\n");
    if (stop_requested()) m_summary.interrupted = true;
    if (run_finished(m_results_dir / rec.dir)) note_finished_run(rec);  // not a run Ctrl-C cut short
    update_summary_files(m_summary, m_results_dir);
  }

  const Config& m_cfg;
  const RunOptions& m_opt;
  fs::path m_results_dir;
  Summary m_summary;
  Progress m_progress;
  Pipeline m_pipe;
  StatusLine m_status;
  std::map<std::string, std::string> m_lost;  // cards found lost (device -> why): their remaining runs skipped
};
}  // namespace

int run_benchmark(const Config& cfg, const RunOptions& opt) {
  if (opt.dry_run) {
    print_dry_run(cfg, opt);
    return 0;
  }
  require_tool_executables(cfg, opt.tools_dir);
  fs::path results_dir = checked_results_dir(cfg, opt);
  fs::create_directories(results_dir);
  // Claimed before the emptiness check: of two runs started into one folder, one gets it.
  std::string lock_note;
  FolderLock lock(results_dir, lock_note);
  if (!lock_note.empty()) std::cout << "wattbench: " << results_dir.string() << ": " << lock_note << "\n";
  Progress progress = open_results_folder(cfg, opt, results_dir);
  return RunSlots(cfg, opt, results_dir, std::move(progress)).run_all();
}

}  // namespace wb
