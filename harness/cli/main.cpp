// wattbench command line: argument parsing and subcommands; errors are caught here once.
#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <sstream>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "harness/campaign/campaign.hpp"
#include "harness/plugin/tool_kind.hpp"
#include "harness/config/config.hpp"
#include "harness/run/probe_check.hpp"
#include "harness/metrics/metric_table.hpp"
#include "harness/report/check.hpp"
#include "harness/report/compare.hpp"
#include "harness/report/html.hpp"
#include "harness/report/reporters.hpp"
#include "harness/run/run.hpp"
#include "harness/run/run_files.hpp"
#include "harness/run/summary_files.hpp"
#include "harness/util/checked_write.hpp"
#include "probes/probe.hpp"
#include "probes/sim/sim_params.hpp"
#include "harness/util/json_text.hpp"
#include "harness/util/local_time.hpp"
#include "harness/util/read_text.hpp"
#include "harness/util/printable.hpp"

namespace fs = std::filesystem;
using namespace wb;

namespace {

std::atomic<bool> g_stop{false};
void on_signal(int) { g_stop = true; }

void install_stop_handlers() {
  struct sigaction sa{};
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}


constexpr const char* kMainHelp = R"(wattbench — FPS/W of edge-AI accelerators from one YAML file

Usage: wattbench <command> [options]

Commands:
  run CONFIG       measure: idle power, the vendor tool under load, energy in the measured window
  campaign FILE    run every model of a catalog on every card of a bench, interleaved, and print
                   the article's tables (throughput, power, FPS/W, idle, module facts)
  validate CONFIG  check a config without running anything
  parse TOOL FILE… run a tool's output parser offline and print the result as JSON
  report DIR       recompute a results folder's summary from its raw files
  compare RESULT…  tables across results folders (efficiency, idle, published vs measured, sweeps)
  check RESULT     regression verdicts against a baseline results folder (exit 1 on WORSE)
  probes           list attached FT232H devices and hwmon sensors; --config CONFIG checks each probe
  monitor CONFIG   live readings (W, V, A, °C, rate) of the config's probes until Ctrl-C

Run 'wattbench <command> --help' for the options of a command.
Exit codes: 0 ok, 1 a measurement failed or was invalid, 2 bad usage or config,
3 (run, campaign) a device was lost: its health check failed and its remaining runs were skipped.
)";

constexpr const char* kRunHelp = R"(Usage: wattbench run CONFIG [--output DIR] [--set key.path=value]... [--dry-run]

Samples every probe from the start on one monotonic clock, measures idle power, runs the
vendor tool (argv, never a shell) and integrates energy over the tool's measured window.

Options:
  --output DIR            results folder for this run (default: <config output>/<time>-<name>);
                          it must not exist or must be empty
  --set key.path=value    override a config value, e.g. --set repeat=5
                          --set benchmark.args.time_s=10 --set probes.0.rate_hz=500
  --dry-run               print the resolved argv, working directory and probe settings; run nothing
  -h, --help              this help

Writes: config.yaml environment.json summary.json summary.md and, per run,
default/run-<k>/{tool.stdout.log, tool.stderr.log, tool.lines.tsv, tool-files/, power-<probe>.csv,
run.json, kernel.log, kernel-log.json, health.json (with health:), sim-truth.json (simulated bench)}.

Device health (config keys):
  kernel_log: {source: auto|kmsg|journalctl|file:PATH|off, patterns: [REGEX, ...]}
                          the kernel log over each run into kernel.log (default auto: /dev/kmsg,
                          else journalctl -k; said in the summary when neither can be read); lines
                          matching the tool's driver, PCIe AER/link and the given patterns are
                          reported as kernel findings
  health: {check: [ARGV...], recover: [ARGV...], timeout_s: 30, recover_timeout_s: 120}
                          check before each run (exit 0 = healthy); on failure recover, check again;
                          still failing: DEVICE LOST, the device's remaining runs are skipped
                          (status device-lost). recover also runs after a failed run.
Sentinel readings (a temperature outside -40…150 °C, exactly 0.0 W, an all-ones register) are
flagged in the trace, left out of every figure, and counted in a warning.

Exit codes: 0 all runs ok, 1 a run failed or was invalid, 2 bad usage or config, 3 a device lost.
)";

constexpr const char* kCampaignHelp = R"(Usage: wattbench campaign FILE [--output DIR] [--set key.path=value]... [--dry-run]

FILE names a model catalog, the models to run and the cards on the bench, each a run config
(its device, probes and tool):
  name: four-card-resnet50
  catalog: ../models/catalog.yaml       # model id -> per card or tool: benchmark.args
  models: [resnet50, yolov8s]
  cards:
    - {name: hailo8, config: ../hailo8-resnet50.yaml, facts: {pcie: Gen3 x2, rated_tops: 26}}
  repeat: 2                             # runs per model and card
  order: interleaved                    # interleaved (default) or grouped
  pause_s: 30                           # wait between runs, so heat does not carry over
  set: [phases.idle_s=5]                # applied to every card's config
Every model runs on every card; a model a card's tool refuses (it does not fit, an operator
is unsupported) is a result with the tool's reason and the campaign goes on; a model the
catalog has no artifact for on a card is listed as not run.

Options:
  --output DIR            results folder (default: <campaign dir>/<output>/<time>-<name>)
  --set key.path=value    override a value of the campaign file, e.g. --set repeat=3
  --dry-run               print each model × card's argv and probe settings; run nothing

Writes: the run folders (<model>.<card>/run-<k>/...), summary.json, campaign.json and
campaign.md (the tables). Exit 0 when every pair either measured or was refused by its tool.
A card whose config has a health: check that fails (after its recover command) is DEVICE LOST:
its remaining runs are skipped with the reason, the other cards go on, and the exit code is 3.
)";

constexpr const char* kValidateHelp = R"(Usage: wattbench validate CONFIG [--set key.path=value]...

Loads CONFIG with the same checks as 'run' (unknown keys, types, ranges, tool arguments) and
prints 'ok' or the first error as file:line:column: what was expected.
)";

constexpr const char* kParseHelp = R"(Usage: wattbench parse TOOL FILE... [--config CONFIG]

Runs TOOL's parser over FILEs (report files or captured stdout) and prints JSON.
For the generic tool the rules come from a config: --config CONFIG (each FILE is its stdout).
Tools: )";

constexpr const char* kProbesHelp = R"(Usage: wattbench probes [--config CONFIG] [--hwmon-root DIR]

Lists attached FTDI devices (with the device URL to put in a config) and hwmon sensors
(default root /sys/class/hwmon). With --config, opens every probe of CONFIG, reads it and
prints OK with a reading or FAIL with the reason; exit 1 if any fails.
)";

constexpr const char* kMonitorHelp = R"(Usage: wattbench monitor CONFIG [--csv DIR] [--duration S] [--set key.path=value]...

Shows live readings of every probe in CONFIG (W, V, A, °C, achieved rate) until Ctrl-C or
for S seconds. With --csv, logs every sample to DIR/power-<probe>.csv.
)";

constexpr const char* kReportHelp = R"(Usage: wattbench report RESULTDIR

Re-analyses every run under RESULTDIR from its raw files (tool logs and line times, the
tool's report files, power traces, probe descriptions) and rewrites run.json,
summary.json and summary.md; prints the result table. A crashed or interrupted run folder
gives the same numbers for the runs that finished.
)";

constexpr const char* kCompareHelp = R"(Usage: wattbench compare RESULT... [--format md|csv|json|html] [--sort COLUMN]
                         [--columns c1,c2,...] [--output FILE] [--trend]

Tables across results folders: efficiency (FPS, W, FPS/W with their 95 % CI and scope),
idle power (with the host's ASPM policy and the config's notes), published vs measured
(a cross-scope efficiency comparison is printed as not comparable), and one table per
sweep with its parameters as columns and its derived ratios.
Sort: descending by COLUMN (default fps_per_w); the columns are listed below.
--trend: dated results of one config in time order with FPS, W and FPS/W, each checked
against the previous one; exit 1 when one of them is WORSE.
)";

constexpr const char* kCheckHelp = R"(Usage: wattbench check RESULT (--baseline RESULT | --references FILE)
                       [--tolerance fps=3%,fps_per_w=5%] [--strict] [--junit FILE]

A verdict per metric and variant from the repeats' 95 % confidence intervals:
SAME (the delta interval lies within ±tolerance), BETTER or WORSE (it lies entirely beyond),
AMBIGUOUS (it straddles a tolerance edge). Exit 1 on any WORSE, and with --strict on any
AMBIGUOUS. --junit writes JUnit XML for CI systems. The metrics and default tolerances
are listed below.
--references FILE: YAML list of {accelerator: NAME, baseline: DIR, tolerance: {fps: 3%}}
entries; the entry whose accelerator matches RESULT's device is used.
)";

fs::path self_dir() {
  std::error_code ec;
  auto p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::current_path() : p.parent_path();
}

struct Args {
  std::vector<std::string> positional;
  std::vector<std::string> sets;
  std::string output, config, hwmon_root = "/sys/class/hwmon", csv, format = "md", sort = "fps_per_w", columns, baseline,
      references, tolerance, junit;
  bool strict = false, trend = false;
  double duration = 0;
  bool dry_run = false, help = false;
};

Args parse_args(const std::vector<std::string>& argv, bool allow_run_options) {
  Args a;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& s = argv[i];
    auto value = [&](const std::string& opt) {
      if (i + 1 >= argv.size()) throw std::invalid_argument(opt + " needs a value");
      return argv[++i];
    };
    if (s == "-h" || s == "--help") a.help = true;
    else if (s == "--set") a.sets.push_back(value(s));
    else if (s.rfind("--set=", 0) == 0) a.sets.push_back(s.substr(6));
    else if (allow_run_options && s == "--output") a.output = value(s);
    else if (allow_run_options && s.rfind("--output=", 0) == 0) a.output = s.substr(9);
    else if (allow_run_options && s == "--dry-run") a.dry_run = true;
    else if (s == "--config") a.config = value(s);
    else if (s == "--format") a.format = value(s);
    else if (s == "--sort") a.sort = value(s);
    else if (s == "--columns") a.columns = value(s);
    else if (s == "--baseline") a.baseline = value(s);
    else if (s == "--references") a.references = value(s);
    else if (s == "--tolerance") a.tolerance = value(s);
    else if (s == "--junit") a.junit = value(s);
    else if (s == "--strict") a.strict = true;
    else if (s == "--trend") a.trend = true;
    else if (s == "--output" && !allow_run_options) a.output = value(s);
    else if (s == "--hwmon-root") a.hwmon_root = value(s);
    else if (s == "--csv") a.csv = value(s);
    else if (s == "--duration") {
      std::string v = value(s);
      try {
        a.duration = std::stod(v);
      } catch (...) {
        throw std::invalid_argument("--duration expects seconds, got '" + v + "'");
      }
    }
    else if (s.size() > 1 && s[0] == '-') throw std::invalid_argument("unknown option '" + s + "'");
    else a.positional.push_back(s);
  }
  return a;
}

Config load_checked(const std::string& path, const std::vector<std::string>& sets) {
  Config cfg = load_config(path, sets);
  if (cfg.sim) {
    try {
      sim::sim_params_from_json(*cfg.sim);
    } catch (const std::invalid_argument& e) {
      throw ConfigError(path, 0, 0, e.what());
    }
  }
  // Probe settings (calibration, ADC codes) are checked by building the probes unopened.
  for (const auto& pc : cfg.probes) {
    try {
      make_probe(pc, ProbeContext{});
    } catch (const std::exception& e) {
      throw ConfigError(path, 0, 0, fmt::format("probe {}: {}", pc.name, e.what()));
    }
  }
  return cfg;
}

int cmd_run(const std::vector<std::string>& argv) {
  Args a = parse_args(argv, true);
  if (a.help) return std::cout << kRunHelp, 0;
  if (a.positional.size() != 1) throw std::invalid_argument("run needs exactly one CONFIG (see wattbench run --help)");
  Config cfg = load_checked(a.positional[0], a.sets);
  RunOptions opt;
  opt.output = a.output;
  opt.dry_run = a.dry_run;
  opt.tools_dir = self_dir();
  opt.tty = ::isatty(STDOUT_FILENO);
  opt.stop_requested = &g_stop;
  install_stop_handlers();
  return run_benchmark(cfg, opt);
}

int cmd_campaign(const std::vector<std::string>& argv) {
  Args a = parse_args(argv, true);
  if (a.help) return std::cout << kCampaignHelp, 0;
  if (a.positional.size() != 1) throw std::invalid_argument("campaign needs exactly one FILE (see wattbench campaign --help)");
  Config cfg = plan_campaign(load_campaign(a.positional[0], a.sets));
  cfg.campaign_meta["overrides"] = a.sets;
  RunOptions opt;
  opt.output = a.output.empty() ? cfg.output / (local_time_now("%Y%m%d-%H%M%S") + "-" + cfg.name) : fs::path(a.output);
  opt.dry_run = a.dry_run;
  opt.tools_dir = self_dir();
  opt.tty = ::isatty(STDOUT_FILENO);
  opt.stop_requested = &g_stop;
  install_stop_handlers();
  int rc = run_benchmark(cfg, opt);
  if (a.dry_run) return rc;
  // The tables were written with the summary after each run; a refusal is a result, not a failure.
  std::cout << "\n" << printable(read_text_file(opt.output / "campaign.md")) << "\n\nCampaign tables: " << (opt.output / "campaign.md").string() << "\n";
  auto summary = read_json_file(opt.output / "summary.json");
  bool ok = !summary.value("interrupted", false);
  for (const auto& v : summary["variants"])
    for (const auto& r : v["runs"]) ok = ok && (r["status"] == "ok" || r.value("tool_refused", false));
  if (rc == kExitDeviceLost) return rc;
  return ok ? 0 : 1;
}

int cmd_validate(const std::vector<std::string>& argv) {
  Args a = parse_args(argv, false);
  if (a.help) return std::cout << kValidateHelp, 0;
  if (a.positional.size() != 1) throw std::invalid_argument("validate needs exactly one CONFIG");
  Config cfg = load_checked(a.positional[0], a.sets);
  require_tool_executables(cfg, self_dir());
  std::cout << fmt::format("ok: {} — {} {}, tool {}, {} probe(s), {} run(s)\n", a.positional[0], cfg.device.manufacturer,
                           cfg.device.accelerator, cfg.benchmark.tool, cfg.probes.size(), cfg.repeat);
  return 0;
}

int cmd_parse(const std::vector<std::string>& argv) {
  Args a = parse_args(argv, false);
  if (a.help) return std::cout << kParseHelp << tool_names() << "\n", 0;
  if (a.positional.size() < 2) throw std::invalid_argument("parse needs TOOL and at least one FILE");
  const Adapter* ad = find_tool(a.positional[0]);
  if (!ad) throw std::invalid_argument(fmt::format("unknown tool '{}'; expected one of: {}", a.positional[0], tool_names()));
  std::vector<fs::path> files(a.positional.begin() + 1, a.positional.end());
  if (!a.config.empty()) {
    // The tool's rules come from a config (the generic adapter): each FILE is taken as its stdout.
    Config cfg = load_checked(a.config, a.sets);
    if (cfg.benchmark.tool != ad->name())
      throw std::invalid_argument(fmt::format("{} runs tool '{}', not '{}'", a.config, cfg.benchmark.tool, ad->name()));
    auto inv = ad->invocation(cfg.benchmark, cfg.dir);
    nlohmann::json out = nlohmann::json::array();
    for (const auto& f : files)
      out.push_back({{"file", f.string()}, {"result", to_json(ad->parse_run(fs::absolute(f).parent_path(), f, "/dev/null", inv))}});
    std::cout << json_text(out, 2) << "\n";
    return 0;
  }
  std::cout << json_text(ad->parse_files(files), 2) << "\n";
  return 0;
}

int cmd_report(const std::vector<std::string>& argv) {
  Args a = parse_args(argv, false);
  if (a.help) return std::cout << kReportHelp, 0;
  if (a.positional.size() != 1) throw std::invalid_argument("report needs exactly one RESULTDIR");
  Summary s = rebuild_summary(a.positional[0]);
  std::ostringstream terminal;
  write_terminal(s, terminal);
  std::cout << printable(terminal.str());
  if (fs::path dir = a.positional[0]; fs::exists(dir / "campaign.md")) std::cout << "\n" << printable(read_text_file(dir / "campaign.md")) << "\n";
  bool ok = !s.interrupted && s.missing_runs == 0;
  for (const auto& v : s.variants)
    for (const auto& r : v.runs) ok = ok && r.status == "ok";
  return ok ? 0 : 1;
}

int cmd_compare(const std::vector<std::string>& argv) {
  Args a = parse_args(argv, false);
  if (a.help) return std::cout << kCompareHelp << fmt::format("Columns: {}.\n", fmt::join(compare_columns(), ", ")), 0;
  if (a.positional.empty()) throw std::invalid_argument("compare needs at least one RESULT folder");
  std::vector<CompareRow> rows;
  for (const auto& dir : a.positional) {
    auto r = load_compare_rows(dir);
    rows.insert(rows.end(), r.begin(), r.end());
  }
  CompareOptions opt;
  opt.sort = a.sort;
  if (!a.columns.empty()) {
    std::stringstream ss(a.columns);
    for (std::string c; std::getline(ss, c, ',');) {
      if (std::find(compare_columns().begin(), compare_columns().end(), c) == compare_columns().end())
        throw std::invalid_argument(fmt::format("--columns: unknown column '{}'; expected: {}", c, fmt::join(compare_columns(), ", ")));
      opt.columns.push_back(c);
    }
  }
  std::ostringstream out;
  if (a.trend) {
    auto points = trend(rows);
    if (a.format == "html") write_trend_html(points, out);
    else if (a.format == "json") {
      nlohmann::json j = compare_json(rows);
      for (std::size_t i = 0; i < points.size(); ++i) j["rows"][i]["vs_previous"] = points[i].verdict;
      out << json_text(j, 2) << "\n";
    } else {
      write_table_markdown(trend_table(points), out);
    }
    bool flagged = false;
    for (const auto& p : points) flagged = flagged || p.verdict == "WORSE";
    if (a.output.empty()) std::cout << printable(out.str());
    else write_output_file(a.output, printable(out.str()));
    return flagged ? 1 : 0;
  }
  sort_rows(rows, opt.sort);
  if (a.format == "md") write_compare_markdown(rows, opt, out);
  else if (a.format == "csv") write_compare_csv(rows, out);
  else if (a.format == "json") out << json_text(compare_json(rows), 2) << "\n";
  else if (a.format == "html") write_compare_html(rows, opt, out);
  else throw std::invalid_argument(fmt::format("--format {}: expected md, csv, json or html", a.format));
  if (a.output.empty()) std::cout << printable(out.str());
  else write_output_file(a.output, printable(out.str()));
  return 0;
}

int cmd_check(const std::vector<std::string>& argv) {
  Args a = parse_args(argv, false);
  if (a.help) {
    std::vector<std::string> defaults;
    for (const auto& [k, t] : default_tolerances()) defaults.push_back(fmt::format("{} {:g} %", k, t));
    std::cout << kCheckHelp << fmt::format("Metrics: {}.\nDefault tolerances: {}.\n", metric_keys(), fmt::join(defaults, ", "));
    return 0;
  }
  if (a.positional.size() != 1) throw std::invalid_argument("check needs exactly one RESULT folder");
  if (a.baseline.empty() == a.references.empty()) throw std::invalid_argument("check needs --baseline RESULT or --references FILE");
  auto current = load_compare_rows(a.positional[0]);
  Tolerances tol = default_tolerances();
  fs::path baseline_dir = a.baseline;
  if (!a.references.empty()) {
    // Per-device baselines: the entry whose accelerator matches this result's device.
    YAML::Node refs;
    try {
      refs = YAML::LoadFile(a.references);
    } catch (const YAML::Exception& e) {
      throw ConfigError(a.references, e.mark.line + 1, e.mark.column + 1, e.msg);
    }
    if (!refs.IsSequence()) throw ConfigError(a.references, 1, 1, "expected a list of {accelerator, baseline, tolerance}");
    std::string accel = current.empty() ? "" : current.front().accelerator;
    for (const auto& r : refs) {
      if (!r.IsMap() || !r["accelerator"] || !r["baseline"])
        throw ConfigError(a.references, r.Mark().line + 1, r.Mark().column + 1, "each entry needs accelerator and baseline");
      if (r["accelerator"].as<std::string>() != accel) continue;
      baseline_dir = r["baseline"].as<std::string>();
      if (baseline_dir.is_relative()) baseline_dir = fs::path(a.references).parent_path() / baseline_dir;
      if (r["tolerance"])
        for (auto it = r["tolerance"].begin(); it != r["tolerance"].end(); ++it) {
          auto m = it->second.Mark();
          try {
            if (!it->first.IsScalar() || !it->second.IsScalar()) throw std::invalid_argument("expected metric: percent");
            tol = parse_tolerances(it->first.Scalar() + "=" + it->second.Scalar(), tol);
          } catch (const std::invalid_argument& e) {
            throw ConfigError(a.references, m.line + 1, m.column + 1, fmt::format("tolerance: {}", e.what()));
          }
        }
    }
    if (baseline_dir.empty()) throw ConfigError(a.references, 0, 0, fmt::format("no reference for accelerator '{}'", accel));
  }
  if (!a.tolerance.empty()) tol = parse_tolerances(a.tolerance, tol);
  auto lines = check_rows(current, load_compare_rows(baseline_dir), tol);
  std::cout << "baseline: " << baseline_dir.string() << "\n";
  write_check_table(lines, std::cout);
  if (!a.junit.empty()) {
    std::ostringstream j;
    write_junit(lines, a.strict, j);
    write_output_file(a.junit, j.str());
  }
  bool fail = check_fails(lines, a.strict);
  std::string gate = check_gate_failure(lines);
  std::cout << (fail ? "check: FAILED" + (gate.empty() ? std::string() : ": " + gate) + "\n" : "check: passed\n");
  return fail ? 1 : 0;
}

int cmd_probes(const std::vector<std::string>& argv) {
  Args a = parse_args(argv, false);
  if (a.help) return std::cout << kProbesHelp, 0;
  if (!a.positional.empty()) throw std::invalid_argument("probes takes no positional arguments (use --config CONFIG)");
  list_attached(std::cout, a.hwmon_root);
  if (a.config.empty()) return 0;
  std::cout << "\nprobes of " << a.config << ":\n";
  return check_probes(load_checked(a.config, a.sets), self_dir(), std::cout);
}

int cmd_monitor(const std::vector<std::string>& argv) {
  Args a = parse_args(argv, false);
  if (a.help) return std::cout << kMonitorHelp, 0;
  if (a.positional.size() != 1) throw std::invalid_argument("monitor needs exactly one CONFIG");
  Config cfg = load_checked(a.positional[0], a.sets);
  MonitorOptions opt;
  opt.csv_dir = a.csv;
  opt.duration_s = a.duration;
  opt.tools_dir = self_dir();
  opt.tty = ::isatty(STDOUT_FILENO);
  opt.stop = &g_stop;
  install_stop_handlers();
  return monitor_probes(cfg, opt, std::cout);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
    std::cout << kMainHelp;
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    std::cout << "wattbench 0.1.0\n";
    return 0;
  }
  std::string cmd = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  try {
    if (cmd == "run") return cmd_run(rest);
    if (cmd == "campaign") return cmd_campaign(rest);
    if (cmd == "validate") return cmd_validate(rest);
    if (cmd == "parse") return cmd_parse(rest);
    if (cmd == "probes") return cmd_probes(rest);
    if (cmd == "report") return cmd_report(rest);
    if (cmd == "compare") return cmd_compare(rest);
    if (cmd == "check") return cmd_check(rest);
    if (cmd == "monitor") return cmd_monitor(rest);
    std::cerr << "wattbench: unknown command '" << cmd << "'\n\n" << kMainHelp;
    return 2;
  } catch (const ConfigError& e) {
    std::cerr << "wattbench: " << printable(e.what()) << "\n";
    return 2;
  } catch (const std::invalid_argument& e) {
    std::cerr << "wattbench: " << printable(e.what()) << "\n";
    return 2;
  } catch (const ParseError& e) {
    std::cerr << "wattbench: " << printable(e.what()) << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "wattbench: " << printable(e.what()) << "\n";
    return 1;
  }
}
