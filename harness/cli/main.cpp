// wattbench command line: argument parsing and subcommands; errors are caught here once.
#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "harness/campaign/campaign.hpp"
#include "harness/campaign/campaign_report.hpp"
#include "harness/config/config.hpp"
#include "harness/figures/bar_figure.hpp"
#include "harness/init/bench_scan.hpp"
#include "harness/init/init_config.hpp"
#include "harness/metrics/metric_table.hpp"
#include "harness/plugin/bench_double.hpp"
#include "harness/plugin/probe.hpp"
#include "harness/plugin/tool_kind.hpp"
#include "harness/report/check.hpp"
#include "harness/report/compare.hpp"
#include "harness/report/export.hpp"
#include "harness/report/gate_input.hpp"
#include "harness/report/html.hpp"
#include "harness/report/references.hpp"
#include "harness/report/reporters.hpp"
#include "harness/report/trend.hpp"
#include "harness/run/folder_lock.hpp"
#include "harness/run/probe_check.hpp"
#include "harness/run/run.hpp"
#include "harness/run/run_files.hpp"
#include "harness/run/scratch_bench.hpp"
#include "harness/run/summary_files.hpp"
#include "harness/util/checked_write.hpp"
#include "harness/util/json_text.hpp"
#include "harness/util/local_time.hpp"
#include "harness/util/printable.hpp"
#include "harness/util/read_text.hpp"

namespace fs = std::filesystem;
using namespace wb;

namespace {

std::atomic<bool> g_stop{false};
void on_signal(int) { g_stop = true; }

void install_stop_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

constexpr const char* kMainHelp = R"(wattbench — FPS/W of edge-AI accelerators from one YAML file

Usage: wattbench <command> [options]
       wattbench --version

Commands:
  run CONFIG       measure: idle power, the vendor tool under load, energy in the measured window
  campaign FILE    run every model of a catalog on every card of a bench, interleaved, and print
                   the article's tables (throughput, power, FPS/W, idle, module facts)
  validate CONFIG  check a config without running anything
  init             write a config proposed from what is attached (FT232H + INA2xx, hwmon power
                   chips, accelerators on PCIe, vendor tools on PATH); the simulated bench if none
  parse TOOL FILE… run a tool's output parser offline and print the result as JSON
  report DIR       recompute a results folder's summary from its raw files
  compare RESULT…  tables across results folders (efficiency, idle, published vs measured, sweeps)
  check RESULT     regression verdicts against a baseline results folder (exit 1 on WORSE)
  probes           list attached FT232H devices and hwmon sensors; --config CONFIG checks each probe
  monitor CONFIG   live readings (W, V, A, °C, rate) of the config's probes until q or Ctrl-C

Run 'wattbench <command> --help' for the options of a command; each command takes only its own.
Exit codes: 0 ok, 1 a measurement failed or was invalid, 2 bad usage or config,
3 (run, campaign, report) a device was lost: its health check failed and its remaining runs were skipped.
)";

// One command's help: the usage line, what it does (before the generated option list) and
// what it writes and returns (after it). The man pages are made from the same text.
struct CommandDoc {
  const char* name;
  const char* summary;  // the man page's NAME line
  const char* usage;
  const char* description;
  const char* footer;
};

constexpr CommandDoc kDocs[] = {
    {"run", "measure FPS/W of one config on its bench",
     "wattbench run CONFIG [--output DIR] [--set key.path=value]... [--dry-run]",
     R"(Samples every probe from the start on one monotonic clock, measures idle power, runs the
vendor tool (argv, never a shell) and integrates energy over the tool's measured window.)",
     R"(Writes: config.yaml environment.json summary.json summary.md and, per run,
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

Methodology (config keys):
  benchmark.target_fps: N  pace the tool at N FPS in its own flag (hailortcli run2 --framerate,
                          acclBench --max_fps, benchmark_app -max_irate, benchmark_model
                          --run_frequency); invalid when the achieved rate misses N by more than
                          validity.rate_tolerance_pct (5). Swept as a matrix axis (null = unpaced),
                          the summary gets the idle-to-full load curve.
  slices: {slice_s, cold_s, sustained_s, throttle_pct}
                          FPS, W and temperatures per slice; cold vs sustained FPS/W; throttling.
  sustained: {min_duration_s: 1200, ...}
                          the same, and a shorter window makes the run invalid.
  probes[].meter: {kind: instantaneous|averaged|accumulator, window_s}
                          what one reading is, where the probe kind cannot know (command probes);
                          a window shorter than validity.min_averaging_periods (5) averaging
                          periods warns, shorter than invalid_averaging_periods (2) is invalid.

Exit codes: 0 all runs ok, 1 a run failed or was invalid, 2 bad usage or config, 3 a device lost.)"},
    {"campaign", "run every model of a catalog on every card of a bench",
     "wattbench campaign FILE [--output DIR | --resume DIR] [--set key.path=value]... [--dry-run]",
     R"(FILE names a model catalog, the models to run and the cards on the bench, each a run config
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
catalog has no artifact for on a card is listed as not run.)",
     R"(Writes: the run folders (<model>.<card>/run-<k>/...), summary.json, campaign.json and
campaign.md (the tables). Exit 0 when every pair either measured or was refused by its tool.
Only the tool's words about the model (an unsupported operator, a model that does not fit) make
a refusal; a device that cannot be opened, a crash or a link down is a failure of the card: its
health.recover runs and the exit code is 1. Every card's config (probes, tool arguments, sweep
values) is checked before the first run.
A card whose config has a health: check that fails (after its recover command) is DEVICE LOST:
its remaining runs are skipped with the reason, the other cards go on, and the exit code is 3.
The folder is the record: inputs/ holds the campaign file, the catalog and every card config
as used, and <model>.<card>/config.yaml each pair's config as run; `report` re-analyses from
those copies only. progress.json is written and synced after every run: a campaign killed
(kill -9, a reboot) says it did not finish (summary.json "finished": false, campaign.md, and
`report` exits 1), and `wattbench campaign FILE --resume DIR` runs only what is left (a run
cut short is kept aside as run-<k>.unfinished-<n>); each run records the invocation that made it.)"},
    {"validate", "check a config without running anything", "wattbench validate CONFIG [--set key.path=value]...",
     R"(Loads CONFIG with the same checks as 'run' (unknown keys, types, ranges, tool arguments) and
prints 'ok' or the first error as file:line:column: what was expected.)",
     "Exit codes: 0 valid, 2 bad usage or config."},
    {"init", "propose a config from what is attached", "wattbench init [--output FILE] [--force]",
     R"(Scans what is attached: FT232H adapters (each INA228/INA226/INA260 that answers at 0x40..0x4F,
by its ID registers; nothing is written to any chip), hwmon chips with power readings,
accelerators on PCIe (Hailo, Axelera, MemryX, NVIDIA by vendor ID; any other processing
accelerator by its class) and the vendor benchmark tools on PATH. Writes a commented config
with every guess marked TODO, and checks that it validates. With nothing to measure with
attached, it writes the simulated bench (the demo) and says so.)",
     "Exit codes: 0 written, 1 the proposal does not validate (a bug: please report it), 2 bad usage\n"
     "or FILE exists (use --force)."},
    {"parse", "run a tool's output parser offline", "wattbench parse TOOL FILE... [--config CONFIG]",
     R"(Runs TOOL's parser over FILEs (report files or captured stdout) and prints JSON.
For the generic tool the rules come from a config: --config CONFIG (each FILE is its stdout).)",
     ""},
    {"report", "recompute a results folder's summary from its raw files", "wattbench report RESULTDIR",
     R"(Re-analyses every run under RESULTDIR from its raw files (tool logs and line times, the
tool's report files, power traces, probe descriptions) and rewrites run.json,
summary.json and summary.md; prints the result table. A crashed or interrupted run folder
gives the same numbers for the runs that finished.)",
     "Exit codes: 0 every run ok, 1 a run failed, is missing or was interrupted, 2 bad usage, 3 a device was lost."},
    {"compare", "tables across results folders",
     "wattbench compare RESULT... [--format md|csv|json|html|bmf|openmetrics] [--sort COLUMN]\n"
     "                         [--columns c1,c2,...] [--output FILE] [--trend [--baseline RESULT] [--allow-mismatch]]\n"
     "                         [--figures DIR]",
     R"(Tables across results folders: efficiency (FPS, W, FPS/W with their 95 % CI and scope),
idle power (with the host's ASPM policy and the config's notes), published vs measured
(a cross-scope efficiency comparison is printed as not comparable), and one table per
sweep with its parameters as columns and its derived ratios.
--format bmf: Bencher Metric Format for `bencher run --adapter json --file FILE`, one
benchmark per identity (its latest result) with the measures fps, fps_per_w, power_w,
idle_power_w, j_per_inference (value; lower_value/upper_value from the 95 % interval where
there are repeats). --format openmetrics: the same as OpenMetrics gauges labelled with the
identity (GitLab metrics reports, a Prometheus Pushgateway).
Sort: descending by COLUMN (default fps_per_w); the columns are listed below.
--trend: nightly history, one series per identity (card, model, tool and its work arguments,
scope; never a chain across cards), ordered by creation time, each point with its date and
check's verdicts against the series' baseline (its first point, or --baseline's result of
the same identity) and against the point before. Change points (E-divisive means with a
t test, as Apache Otava/Hunter) name the night a shift began. Exit 1 only when the latest
point is WORSE than the baseline or sits in a segment worse than the one before it (beyond
the tolerance); the gate's verdict goes to stderr. Formats: md, csv, json, html (a chart
per metric over the dates, one line per series, the repeats' 95 % intervals).
--figures DIR: also writes the article figures into DIR: FPS, power, FPS/W, J/inference by
model and card and idle power per card, each as SVG, PNG and the CSV of its data.)",
     ""},
    {"check", "regression verdicts against a baseline results folder",
     "wattbench check RESULT (--baseline RESULT | --references FILE)\n"
     "                       [--tolerance fps=3%,fps_per_w=5%] [--strict] [--junit FILE] [--allow-mismatch]",
     R"(A verdict per metric and variant from the repeats' 95 % confidence intervals:
SAME (the delta interval lies within ±tolerance), BETTER or WORSE (it lies entirely beyond),
AMBIGUOUS (it straddles a tolerance edge: printed and counted, a JUnit <skipped>). Exit 1 on
any WORSE, and with --strict on any AMBIGUOUS. --junit writes JUnit XML for CI systems.
By default FPS, FPS/W, power, idle power and J/inference are checked, with the default
tolerances listed below; --tolerance changes or adds metrics.
Only like is judged against like: when the two results' identities (card, model and its hash,
tool and its work arguments, power scope) differ, check names the fields and exits 2;
--allow-mismatch judges them anyway and marks every verdict cross-identity. Another host,
tool version or driver is a warning with both values. A summary whose statistics are not
finite or do not follow from its runs is refused (exit 2). A tool's refusal is a result:
refused on both sides is SAME, newly refused is WORSE, newly measured is ADDED (not failed).
--references FILE: YAML list of {accelerator: NAME, baseline: DIR, tolerance: {fps: 3%}}
entries; the entry whose accelerator matches RESULT's device is used.)",
     ""},
    {"probes", "list attached FT232H devices and hwmon sensors, or check a config's probes",
     "wattbench probes [--config CONFIG] [--hwmon-root DIR]",
     R"(Lists attached FTDI devices (with the device URL to put in a config) and hwmon sensors
(default root /sys/class/hwmon). With --config, opens every probe of CONFIG, reads it and
prints OK with a reading or FAIL with the reason; exit 1 if any fails.)",
     ""},
    {"monitor", "live readings of a config's probes",
     "wattbench monitor CONFIG [--csv DIR] [--duration S] [--set key.path=value]...",
     R"(Shows live readings of every probe in CONFIG (W, V, A, °C, achieved rate) until q, Ctrl-C or
S seconds. On a terminal: a full-screen view, a row per channel with min / mean / max since
start and a sparkline; otherwise a line per probe every 0.5 s. With --csv, logs every sample
to DIR/power-<probe>.csv.)",
     ""},
};

const CommandDoc* find_doc(const std::string& name) {
  for (const auto& d : kDocs)
    if (name == d.name) return &d;
  return nullptr;
}

// Help = the usage line and explanation above, CLI11's option list, then the command's footer.
class HelpFormatter : public CLI::Formatter {
 public:
  std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const override {
    const CommandDoc* d = find_doc(app->get_name());
    if (!app->get_parent() || !d) return kMainHelp;
    std::string s = fmt::format("Usage: {}\n\n{}\n", d->usage, app->get_description());
    s += make_positionals(app);
    s += make_groups(app, mode);
    std::string footer = app->get_footer();
    while (!footer.empty() && footer.back() == '\n') footer.pop_back();
    if (!footer.empty()) s += "\n" + footer + "\n";
    (void)name;
    return s;
  }
};

fs::path self_dir() {
  std::error_code ec;
  auto p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::current_path() : p.parent_path();
}

// Fake tools: next to the binary in the build tree; <prefix>/libexec/wattbench when installed,
// so that they are never on PATH to shadow a real vendor tool.
fs::path tools_dir() {
  fs::path installed = self_dir().parent_path() / "libexec" / "wattbench";
  std::error_code ec;
  return fs::is_directory(installed, ec) ? installed : self_dir();
}

struct Args {
  std::vector<std::string> positional;
  std::vector<std::string> sets;
  std::string output, config, hwmon_root = "/sys/class/hwmon", csv, duration, format = "md", sort = "fps_per_w",
                              columns, figures, baseline, references, tolerance, junit, resume;
  bool strict = false, trend = false, allow_mismatch = false;
  double min_agreement = -1;  // compare --min-agreement; negative: each result's own
  bool dry_run = false;
  bool force = false, no_usb = false;
  std::string sysfs_root = "/sys";
};

double duration_seconds(const std::string& v) {
  if (v.empty()) return 0;
  try {
    std::size_t used = 0;
    double d = std::stod(v, &used);
    if (used == v.size() && d >= 0) return d;
  } catch (...) {
  }
  throw std::invalid_argument("--duration expects seconds, got '" + v + "'");
}

// The command line: one CLI11 subcommand per command, each with only the options it uses.
struct Cli {
  CLI::App app{"wattbench", "wattbench"};
  Args a;
  std::string single;              // the one positional of run, campaign, validate, report, monitor, check
  std::string tool;                // parse's TOOL
  std::vector<std::string> many;   // parse's FILE..., compare's RESULT...
  std::string man_command, shell;  // the hidden generators' arguments

  CLI::App* command(const char* name) {
    const CommandDoc* d = find_doc(name);
    CLI::App* sub = app.add_subcommand(name, d->description);
    sub->footer(d->footer);
    // Unknown arguments are kept, so that main can name them and the command that takes them.
    sub->allow_extras();
    return sub;
  }
  void add_set(CLI::App* sub) {
    sub->add_option("--set", a.sets,
                    "override a config value (repeatable), e.g. --set repeat=5\n--set benchmark.args.time_s=10 --set "
                    "probes.0.rate_hz=500")
        ->option_text("key.path=value")
        ->allow_extra_args(false);
  }
  void add_positional(CLI::App* sub, const char* name, const char* what) {
    sub->add_option(name, single, what)->type_name("");
  }

  Cli() {
    app.formatter(std::make_shared<HelpFormatter>());
    app.get_formatter()->column_width(26);
    app.get_formatter()->label("Positionals", "Arguments");
    app.set_help_flag("-h,--help", "this help");
    app.set_version_flag("--version", std::string("wattbench ") + WB_VERSION, "print the version");
    app.require_subcommand(0, 1);

    auto* run = command("run");
    add_positional(run, "CONFIG", "the run config (YAML)");
    run->add_option(
           "--output", a.output,
           "results folder for this run (default: <config output>/<time>-<name>);\nit must not exist or must be empty")
        ->type_name("DIR");
    add_set(run);
    run->add_flag("--dry-run", a.dry_run, "print the resolved argv, working directory and probe settings; run nothing");

    auto* campaign = command("campaign");
    add_positional(campaign, "FILE", "the campaign file (YAML)");
    campaign->add_option("--output", a.output, "results folder (default: <campaign dir>/<output>/<time>-<name>)")
        ->type_name("DIR");
    campaign->add_option("--set", a.sets, "override a value of the campaign file (repeatable), e.g. --set repeat=3")
        ->option_text("key.path=value")
        ->allow_extra_args(false);
    campaign->add_flag("--dry-run", a.dry_run, "print each model × card's argv and probe settings; run nothing");
    campaign
        ->add_option("--resume", a.resume,
                     "continue the unfinished results folder DIR of this campaign: its finished runs are kept,\n"
                     "the rest run; refused when the campaign, catalog or a card config changed since")
        ->type_name("DIR");

    auto* validate = command("validate");
    add_positional(validate, "CONFIG", "the run config (YAML)");
    add_set(validate);

    auto* init = command("init");
    init->add_option("--output", a.output, "the config to write (default wattbench.yaml)")->type_name("FILE");
    init->add_flag("--force", a.force, "overwrite FILE if it exists");
    init->add_option("--sysfs-root", a.sysfs_root, "where sysfs is (default /sys; a copy for tests or containers)")
        ->type_name("DIR");
    init->add_flag("--no-usb", a.no_usb, "do not open FT232H adapters (another program holds them)");

    auto* parse = command("parse");
    parse->add_option("TOOL", tool, "the tool whose parser runs (listed below)")->type_name("");
    parse->add_option("FILE", many, "its report files or captured stdout")->type_name("");
    parse->add_option("--config", a.config, "take the generic tool's parsing rules from CONFIG")->type_name("CONFIG");
    add_set(parse);
    parse->footer([] { return "Tools: " + tool_names(); });

    auto* report = command("report");
    add_positional(report, "RESULTDIR", "a results folder written by run or campaign");

    auto* compare = command("compare");
    compare->add_option("RESULT", many, "results folders")->type_name("");
    compare
        ->add_option("--format", a.format, "output format: md (default), csv, json, html, bmf (Bencher) or openmetrics")
        ->type_name("md|csv|json|html|bmf|openmetrics");
    compare->add_option("--sort", a.sort, "sort column, descending (default fps_per_w)")->type_name("COLUMN");
    compare->add_option("--columns", a.columns, "the columns to print, comma-separated")->type_name("c1,c2,...");
    compare->add_option("--output", a.output, "write the table to FILE instead of stdout")->type_name("FILE");
    compare->add_flag("--trend", a.trend,
                      "nightly history: one series per identity, judged against its baseline and the night before");
    compare
        ->add_option("--baseline", a.baseline,
                     "--trend: judge every series against this result's row of the same identity")
        ->type_name("RESULT");
    compare->add_flag("--allow-mismatch", a.allow_mismatch,
                      "--trend: accept a --baseline of other work (cross-identity)");
    compare
        ->add_option(
            "--min-agreement", a.min_agreement,
            "rows whose outputs agree with the reference runtime less than this share (0..1) are not ranked by FPS/W "
            "(default: each result's own benchmark.args.min_agreement)")
        ->check(CLI::Range(0.0, 1.0));
    compare->add_option("--figures", a.figures, "write the figures (SVG, PNG, CSV) into DIR")->type_name("DIR");
    compare->footer([] {
      return fmt::format(
          "Columns: {}.\nExit codes: 0 written (--trend: every series' latest point passes), 1 --trend: a latest point "
          "is "
          "worse, 2 bad usage, a --baseline of other work, or statistics a gate cannot trust.",
          fmt::join(compare_columns(), ", "));
    });

    auto* check = command("check");
    add_positional(check, "RESULT", "the results folder to judge");
    check->add_option("--baseline", a.baseline, "the baseline results folder")->type_name("RESULT");
    check->add_option("--references", a.references, "per-device baselines (YAML list)")->type_name("FILE");
    check->add_option("--tolerance", a.tolerance, "per-metric tolerances, e.g. fps=3%,fps_per_w=5%")->type_name("LIST");
    check->add_flag("--strict", a.strict, "fail on AMBIGUOUS verdicts too");
    check->add_option("--junit", a.junit, "write the verdicts as JUnit XML to FILE")->type_name("FILE");
    check->add_flag("--allow-mismatch", a.allow_mismatch,
                    "judge results of different work anyway (verdicts marked cross-identity)");
    check->footer([] {
      std::vector<std::string> defaults;
      for (const auto& [k, t] : default_tolerances()) defaults.push_back(fmt::format("{} {:g} %", k, t));
      return fmt::format(
          "Metrics: {}.\nDefault tolerances: {}.\nExit codes: 0 passed, 1 a regression (WORSE, a lost figure or "
          "variant, a new refusal; AMBIGUOUS with --strict), 2 bad usage, a baseline of other work, or statistics a "
          "gate cannot trust.",
          metric_keys(), fmt::join(defaults, ", "));
    });

    auto* probes = command("probes");
    probes->add_option("--config", a.config, "open, read and judge every probe of CONFIG")->type_name("CONFIG");
    probes->add_option("--hwmon-root", a.hwmon_root, "where to list hwmon sensors (default /sys/class/hwmon)")
        ->type_name("DIR");
    add_set(probes);

    auto* monitor = command("monitor");
    add_positional(monitor, "CONFIG", "the run config whose probes are read");
    monitor->add_option("--csv", a.csv, "log every sample to DIR/power-<probe>.csv")->type_name("DIR");
    monitor->add_option("--duration", a.duration, "stop after S seconds (default: at Ctrl-C)")->type_name("S");
    add_set(monitor);

    // Build-time generators for the man pages and shell completion; not in the help.
    auto* man = app.add_subcommand("man", "print a man page (roff) made from a command's help")->group("");
    man->add_option("COMMAND", man_command);
    auto* completion = app.add_subcommand("completion", "print a shell completion script")->group("");
    completion->add_option("SHELL", shell)->required();
  }

  std::vector<CLI::App*> commands() {
    return app.get_subcommands([](CLI::App* s) { return !s->get_group().empty(); });
  }
};

// An argument the chosen command does not take: name it, and the commands that do take it.
void reject_extras(Cli& cli, CLI::App* sub) {
  auto rest = sub->remaining();
  if (rest.empty()) return;
  std::string cmd = sub->get_name();
  for (const auto& r : rest) {
    if (r.size() < 2 || r[0] != '-') continue;
    std::string opt = r.substr(0, r.find('='));
    std::vector<std::string> takers;
    for (auto* other : cli.commands())
      if (other != sub && other->get_option_no_throw(opt)) takers.push_back(other->get_name());
    if (takers.empty())
      throw std::invalid_argument(fmt::format("{}: unknown option '{}' (see wattbench {} --help)", cmd, opt, cmd));
    throw std::invalid_argument(fmt::format("{} does not take {} (an option of {}; see wattbench {} --help)", cmd, opt,
                                            fmt::join(takers, ", "), cmd));
  }
  throw std::invalid_argument(
      fmt::format("{}: unexpected argument '{}' (see wattbench {} --help)", cmd, rest.front(), cmd));
}

// roff for man(1): the help text verbatim in a no-fill block, so the page says what --help says.
std::string roff_escape(const std::string& text) {
  std::string out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::string l;
    for (char c : line) l += c == '\\' ? std::string("\\e") : std::string(1, c);
    if (!l.empty() && (l[0] == '.' || l[0] == '\'')) l = "\\&" + l;
    out += l + "\n";
  }
  return out;
}

int cmd_man(Cli& cli) {
  std::string page = "wattbench", summary = "FPS/W of edge-AI accelerators from one YAML file", help = kMainHelp;
  if (!cli.man_command.empty()) {
    const CommandDoc* d = find_doc(cli.man_command);
    if (!d) throw std::invalid_argument(fmt::format("man: unknown command '{}'", cli.man_command));
    page = "wattbench-" + cli.man_command;
    summary = d->summary;
    help = cli.app.get_subcommand(cli.man_command)->help();
  }
  std::string upper = page;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::cout << fmt::format(".TH {} 1 \"\" \"wattbench {}\" \"User Commands\"\n.SH NAME\n{} \\- {}\n", upper, WB_VERSION,
                           page, roff_escape(summary).substr(0, roff_escape(summary).size() - 1));
  std::cout << ".SH DESCRIPTION\n.nf\n" << roff_escape(help) << ".fi\n";
  if (cli.man_command.empty()) {
    std::cout << ".SH SEE ALSO\n";
    for (std::size_t i = 0; i < std::size(kDocs); ++i)
      std::cout << ".BR wattbench-" << kDocs[i].name << " (1)" << (i + 1 < std::size(kDocs) ? ",\n" : "\n");
  }
  return 0;
}

// tool_names() is "a, b, c"; completion wants words.
std::string tool_words() {
  std::string s = tool_names();
  s.erase(std::remove(s.begin(), s.end(), ','), s.end());
  return s;
}

// Bash completion from the command table: commands first, then each command's own options.
int cmd_completion(Cli& cli) {
  if (cli.shell != "bash" && cli.shell != "zsh")
    throw std::invalid_argument(fmt::format("completion: expected bash or zsh, got '{}'", cli.shell));
  // zsh runs the bash function through its bashcompinit layer: one completion logic for both.
  if (cli.shell == "zsh")
    std::cout << "#compdef wattbench\n# zsh completion for wattbench; generated by 'wattbench completion zsh'\n"
                 "autoload -U +X bashcompinit && bashcompinit\n";
  std::vector<std::string> names;
  std::string cases;
  for (auto* sub : cli.commands()) {
    names.push_back(sub->get_name());
    std::vector<std::string> opts;
    for (const auto* o : sub->get_options([](const CLI::Option* o) { return o->nonpositional(); })) {
      for (const auto& s : o->get_snames()) opts.push_back("-" + s);
      for (const auto& l : o->get_lnames()) opts.push_back("--" + l);
    }
    cases += fmt::format("      {}) opts=\"{}\" ;;\n", sub->get_name(), fmt::join(opts, " "));
  }
  std::cout << fmt::format(R"(# bash completion for wattbench; generated by 'wattbench completion {}'
_wattbench() {{
  local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD-1]}} opts=""
  COMPREPLY=()
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "{} --help --version" -- "$cur"))
    return
  fi
  case "$prev" in
    --format) COMPREPLY=($(compgen -W "md csv json html" -- "$cur")); return ;;
    --set|--sort|--columns|--tolerance|--duration) return ;;
  esac
  if [[ $cur == -* ]]; then
    case "${{COMP_WORDS[1]}}" in
{}    esac
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  elif [ "${{COMP_WORDS[1]}}" = parse ] && [ "$COMP_CWORD" -eq 2 ]; then
    COMPREPLY=($(compgen -W "{}" -- "$cur"))
  fi
}}
complete -o default -F _wattbench wattbench
)",
                           cli.shell, fmt::join(names, " "), cases, tool_words());
  return 0;
}

// What load_config leaves to the plug-ins that open things: the simulator's own block of
// `sim:` (it parses it, on a scratch bench) and each probe's settings (calibration, ADC codes),
// checked by building the probes unopened; for every variant, so a sweep value or a campaign
// card that is wrong is found before the first run.
void check_settings(const Config& cfg, const std::string& origin) {
  for (const auto& v : cfg.variants) {
    const Config& vc = *v.config;
    std::string where = v.id == "default" ? origin : fmt::format("{} (variant {})", origin, v.id);
    std::unique_ptr<ScratchBench> scratch;
    try {
      scratch = std::make_unique<ScratchBench>(vc, "check", tools_dir());
    } catch (const std::exception& e) {
      throw ConfigError(where, 0, 0, e.what());
    }
    for (const auto& pc : vc.probes) {
      try {
        make_probe(pc, scratch->context());
      } catch (const std::exception& e) {
        throw ConfigError(where, 0, 0, fmt::format("probe {}: {}", pc.name, e.what()));
      }
    }
  }
}

Config load_checked(const std::string& path, const std::vector<std::string>& sets) {
  Config cfg = load_config(path, sets);
  check_settings(cfg, path);
  return cfg;
}

int cmd_run(const Args& a) {
  if (a.positional.size() != 1) throw std::invalid_argument("run needs exactly one CONFIG (see wattbench run --help)");
  Config cfg = load_checked(a.positional[0], a.sets);
  RunOptions opt;
  opt.output = a.output;
  opt.dry_run = a.dry_run;
  opt.tools_dir = tools_dir();
  opt.tty = ::isatty(STDOUT_FILENO);
  opt.stop_requested = &g_stop;
  install_stop_handlers();
  return run_benchmark(cfg, opt);
}

int cmd_campaign(const Args& a) {
  if (a.positional.size() != 1)
    throw std::invalid_argument("campaign needs exactly one FILE (see wattbench campaign --help)");
  if (!a.resume.empty() && !a.output.empty())
    throw std::invalid_argument("campaign takes --output or --resume, not both");
  Config cfg = plan_campaign(load_campaign(a.positional[0], a.sets));
  check_settings(cfg, a.positional[0]);
  cfg.campaign_meta["overrides"] = a.sets;
  RunOptions opt;
  opt.refusal_is_result = true;  // a model its tool refused is a result of the campaign
  opt.resume = !a.resume.empty();
  opt.output = opt.resume         ? fs::path(a.resume)
               : a.output.empty() ? cfg.output / (local_time_now("%Y%m%d-%H%M%S") + "-" + cfg.name)
                                  : fs::path(a.output);
  opt.dry_run = a.dry_run;
  opt.tools_dir = tools_dir();
  opt.tty = ::isatty(STDOUT_FILENO);
  opt.stop_requested = &g_stop;
  install_stop_handlers();
  int rc = run_benchmark(cfg, opt);
  if (a.dry_run) return rc;
  // The tables were written with the summary after each run; a refusal is a result, not a failure.
  // The tables were printed aligned with the run's summary; the Markdown is for the article.
  std::cout << "Campaign tables: " << (opt.output / "campaign.md").string() << "\n";
  return rc;
}

int cmd_validate(const Args& a) {
  if (a.positional.size() != 1) throw std::invalid_argument("validate needs exactly one CONFIG");
  Config cfg = load_checked(a.positional[0], a.sets);
  require_tool_executables(cfg, tools_dir());
  std::cout << fmt::format("ok: {} — {} {}, tool {}, {} probe(s), {} run(s)\n", a.positional[0],
                           cfg.device.manufacturer, cfg.device.accelerator, cfg.benchmark.tool, cfg.probes.size(),
                           cfg.repeat);
  return 0;
}

int cmd_parse(const Args& a) {
  if (a.positional.size() < 2) throw std::invalid_argument("parse needs TOOL and at least one FILE");
  const Adapter* ad = find_tool(a.positional[0]);
  if (!ad)
    throw std::invalid_argument(fmt::format("unknown tool '{}'; expected one of: {}", a.positional[0], tool_names()));
  std::vector<fs::path> files(a.positional.begin() + 1, a.positional.end());
  if (!a.config.empty()) {
    // The tool's rules come from a config (the generic adapter): each FILE is taken as its stdout.
    Config cfg = load_checked(a.config, a.sets);
    if (cfg.benchmark.tool != ad->name())
      throw std::invalid_argument(fmt::format("{} runs tool '{}', not '{}'", a.config, cfg.benchmark.tool, ad->name()));
    auto inv = ad->invocation(cfg.benchmark, cfg.dir);
    nlohmann::json out = nlohmann::json::array();
    for (const auto& f : files)
      out.push_back({{"file", f.string()},
                     {"result", to_json(ad->parse_run(fs::absolute(f).parent_path(), f, "/dev/null", inv))}});
    std::cout << json_text(out, 2) << "\n";
    return 0;
  }
  std::cout << json_text(ad->parse_files(files), 2) << "\n";
  return 0;
}

int cmd_report(const Args& a) {
  if (a.positional.size() != 1) throw std::invalid_argument("report needs exactly one RESULTDIR");
  fs::path dir = a.positional[0];
  if (auto st = fs::status(dir); !fs::is_directory(st))
    throw ConfigError(dir.string(), 0, 0,
                      fs::exists(st) ? "not a results folder (not a folder at all)" : "no such results folder");
  // A run still writing there holds its lock: its files are not ours to rewrite yet.
  std::string lock_note;
  FolderLock lock(dir, lock_note);
  Summary s = rebuild_summary(a.positional[0]);
  std::ostringstream terminal;
  write_terminal(s, terminal);
  std::cout << printable(terminal.str());
  if (fs::is_regular_file(dir / "campaign.json")) {
    std::ostringstream tables;
    write_campaign_terminal(s, read_json_file(dir / "campaign.json"), tables);
    std::cout << "\n" << printable(tables.str()) << "Campaign tables: " << (dir / "campaign.md").string() << "\n";
  }
  if (!s.finished)
    std::cout << fmt::format(
        "report: {} did not finish: {} of {} planned runs are done; continue it with --resume\n", a.positional[0],
        [&] {
          std::size_t n = 0;
          for (const auto& v : s.variants) n += v.runs.size();
          return n;
        }(),
        s.planned_runs);
  // In a campaign a model its tool refused is a result (as `campaign` exits), not a failure.
  return exit_code_of(s, fs::exists(dir / "campaign.json"));
}

int cmd_compare(const Args& a) {
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
        throw std::invalid_argument(
            fmt::format("--columns: unknown column '{}'; expected: {}", c, fmt::join(compare_columns(), ", ")));
      opt.columns.push_back(c);
    }
  }
  std::ostringstream out;
  if (a.trend) {
    require_gate_input(rows);
    TrendOptions topt;
    std::vector<CompareRow> base;
    if (!a.baseline.empty()) {
      base = load_compare_rows(a.baseline);
      require_gate_input(base);
      topt.baseline = &base;
    }
    topt.allow_mismatch = a.allow_mismatch;
    auto series = trend(rows, topt);
    if (a.format == "html")
      write_trend_html(series, out);
    else if (a.format == "json")
      out << json_text(trend_json(series), 2) << "\n";
    else if (a.format == "csv")
      write_trend_csv(series, out);
    else if (a.format == "md") {
      for (const auto& t : trend_tables(series)) write_table_markdown(t, out);
    } else
      throw std::invalid_argument(fmt::format("--trend --format {}: expected md, csv, json or html", a.format));
    if (a.output.empty())
      std::cout << printable(out.str());
    else
      write_output_file(a.output, printable(out.str()));
    // The gate's verdict on stderr, so that CSV and JSON on stdout stay parseable.
    std::cerr << printable(trend_status(series)) << "\n";
    return trend_fails(series) ? 1 : 0;
  }
  if (!a.baseline.empty() || a.allow_mismatch)
    throw std::invalid_argument("compare: --baseline and --allow-mismatch go with --trend");
  if (a.format == "bmf" || a.format == "openmetrics") {
    // Figures for other servers' gates: refused when they cannot be trusted, as a gate refuses them.
    require_gate_input(rows);
    if (a.format == "bmf")
      out << json_text(bmf_json(rows), 2) << "\n";
    else
      write_openmetrics(rows, out);
    if (a.output.empty())
      std::cout << out.str();
    else
      write_output_file(a.output, out.str());
    return 0;
  }
  // Figures keep the folders' order (cards and models as first met), not the table's sort.
  const auto folder_order = rows;
  if (a.min_agreement >= 0) opt.min_agreement = a.min_agreement;
  sort_rows(rows, opt.sort, opt);
  if (a.format == "md")
    write_compare_markdown(rows, opt, out);
  else if (a.format == "csv")
    write_compare_csv(rows, out);
  else if (a.format == "json")
    out << json_text(compare_json(rows), 2) << "\n";
  else if (a.format == "html")
    write_compare_html(rows, opt, out);
  else
    throw std::invalid_argument(fmt::format("--format {}: expected md, csv, json, html, bmf or openmetrics", a.format));
  if (!a.figures.empty()) figures::write_figures(figures::bar_figures(folder_order), a.figures);
  if (a.output.empty())
    std::cout << printable(out.str());
  else
    write_output_file(a.output, printable(out.str()));
  return 0;
}

int cmd_check(const Args& a) {
  if (a.positional.size() != 1) throw std::invalid_argument("check needs exactly one RESULT folder");
  if (a.baseline.empty() == a.references.empty())
    throw std::invalid_argument("check needs --baseline RESULT or --references FILE");
  auto current = load_compare_rows(a.positional[0]);
  Tolerances tol = default_tolerances();
  fs::path baseline_dir = a.baseline;
  if (!a.references.empty()) {
    // Per-device baselines: the entry whose accelerator matches this result's device.
    auto choice = choose_reference(fs::path(a.references), current.empty() ? "" : current.front().accelerator, tol);
    baseline_dir = choice.baseline;
    tol = choice.tolerances;
  }
  if (!a.tolerance.empty()) tol = parse_tolerances(a.tolerance, tol);
  auto baseline = load_compare_rows(baseline_dir);
  require_gate_input(current);
  require_gate_input(baseline);
  // Verdicts only between like and like: other work is refused unless the user accepts it.
  auto ids = check_identities(current, baseline);
  if (!ids.mismatches.empty() && !a.allow_mismatch) {
    std::string fields;
    for (const auto& m : ids.mismatches) fields += "\n  " + m;
    throw std::invalid_argument(fmt::format(
        "check: {} and the baseline {} did not measure the same work (current vs baseline):{}\n"
        "Compare like with like, or pass --allow-mismatch to judge them anyway (every verdict marked cross-identity).",
        a.positional[0], baseline_dir.string(), fields));
  }
  std::ostringstream text;
  text << "baseline: " << baseline_dir.string() << "\n";
  for (const auto& m : ids.mismatches) text << "warning: cross-identity (--allow-mismatch): " << m << "\n";
  for (const auto& w : ids.warnings) text << "warning: same work, another set-up (current vs baseline): " << w << "\n";
  auto lines = check_rows(current, baseline, tol, !ids.mismatches.empty());
  write_check_table(lines, text);
  if (!a.junit.empty()) {
    std::ostringstream j;
    write_junit(lines, a.strict, j);
    write_output_file(a.junit, j.str());
  }
  bool fail = check_fails(lines, a.strict);
  std::string gate = check_gate_failure(lines);
  text << check_counts_line(lines, a.strict) << "\n";
  text << (fail ? "check: FAILED" + (gate.empty() ? std::string() : ": " + gate) + "\n" : "check: passed\n");
  std::cout << printable(text.str());
  return fail ? 1 : 0;
}

// The shipped demo, the simulated bench's source: installed, or in the source tree beside build/.
fs::path demo_config() {
  for (const fs::path& p : {self_dir().parent_path() / "share/wattbench/configs/demo.yaml",
                            self_dir().parent_path().parent_path() / "configs/demo.yaml"})
    if (fs::exists(p)) return p;
  throw std::runtime_error("cannot find the demo config (share/wattbench/configs/demo.yaml beside the installation)");
}

int cmd_init(const Args& a) {
  fs::path out = a.output.empty() ? "wattbench.yaml" : a.output;
  if (fs::exists(out) && !a.force)
    throw std::invalid_argument(fmt::format("init: {} exists; --force overwrites it", out.string()));
  BenchScanOptions opt;
  opt.sysfs_root = a.sysfs_root;
  opt.usb = !a.no_usb;
  if (const char* path = std::getenv("PATH")) opt.path = path;
  ProposedConfig p = propose_config(scan_bench(opt), demo_config());
  std::cout << "Found:\n";
  for (const auto& line : p.found) std::cout << "  " << printable(line) << "\n";
  if (p.found.empty()) std::cout << "  nothing\n";
  write_file_atomic(out, p.yaml);
  try {
    load_config(out);
  } catch (const ConfigError& e) {
    std::cerr << "wattbench: the proposed config does not validate: " << printable(e.what()) << "\n";
    return 1;
  }
  if (p.simulated)
    std::cout << fmt::format("Nothing to measure with is attached: wrote the SIMULATED bench to {}.\n", out.string());
  else
    std::cout << fmt::format("Wrote {}: check every TODO (shunt, rail, model), then\n", out.string());
  std::cout << fmt::format("  wattbench validate {0}\n  wattbench run {0}\n", out.string());
  return 0;
}

int cmd_probes(const Args& a) {
  if (!a.positional.empty()) throw std::invalid_argument("probes takes no positional arguments (use --config CONFIG)");
  list_attached(std::cout, a.hwmon_root);
  if (a.config.empty()) return 0;
  std::cout << "\nprobes of " << a.config << ":\n";
  return check_probes(load_checked(a.config, a.sets), tools_dir(), std::cout);
}

int cmd_monitor(const Args& a) {
  if (a.positional.size() != 1) throw std::invalid_argument("monitor needs exactly one CONFIG");
  Config cfg = load_checked(a.positional[0], a.sets);
  MonitorOptions opt;
  opt.csv_dir = a.csv;
  opt.duration_s = duration_seconds(a.duration);
  opt.tools_dir = tools_dir();
  opt.tty = ::isatty(STDOUT_FILENO);
  opt.stop = &g_stop;
  install_stop_handlers();
  return monitor_probes(cfg, opt, std::cout);
}

// The positionals each command reads, in Args' one list.
Args resolved_args(const Cli& cli, const std::string& cmd) {
  Args a = cli.a;
  if (cmd == "parse") {
    if (!cli.tool.empty()) a.positional.push_back(cli.tool);
    a.positional.insert(a.positional.end(), cli.many.begin(), cli.many.end());
  } else if (cmd == "compare") {
    a.positional = cli.many;
  } else if (!cli.single.empty()) {
    a.positional.push_back(cli.single);
  }
  return a;
}

}  // namespace

int main(int argc, char** argv) {
  wb::install_bench_double(&wb::simulated_bench);  // the simulator, linked into this executable only
  // A closed stdin/stdout/stderr would hand its number to the next file opened (a trace, a
  // lock): /dev/null holds the place.
  for (int fd = 0; fd <= 2; ++fd)
    if (::fcntl(fd, F_GETFD) == -1) ::open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "help") {
    std::cout << kMainHelp;
    return args.empty() ? 2 : 0;
  }
  const std::string& cmd = args[0];
  bool is_command = find_doc(cmd) || cmd == "man" || cmd == "completion";
  if (!is_command && cmd[0] != '-') {
    std::cerr << "wattbench: unknown command '" << printable(cmd) << "'\n\n" << kMainHelp;
    return 2;
  }
  try {
    Cli cli;
    try {
      cli.app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
      std::cout << cli.app.help();
      return 0;
    } catch (const CLI::CallForVersion& e) {
      std::cout << e.what() << "\n";
      return 0;
    } catch (const CLI::ParseError& e) {
      std::string see = is_command ? "wattbench " + cmd + " --help" : "wattbench --help";
      std::cerr << "wattbench" << (is_command ? " " + cmd : "") << ": " << printable(e.what()) << " (see " << see
                << ")\n";
      return 2;
    }
    auto chosen = cli.app.get_subcommands();
    if (chosen.empty()) {
      std::cerr << kMainHelp;
      return 2;
    }
    reject_extras(cli, chosen.front());
    if (cmd == "man") return cmd_man(cli);
    if (cmd == "completion") return cmd_completion(cli);
    Args a = resolved_args(cli, cmd);
    if (cmd == "run") return cmd_run(a);
    if (cmd == "campaign") return cmd_campaign(a);
    if (cmd == "validate") return cmd_validate(a);
    if (cmd == "init") return cmd_init(a);
    if (cmd == "parse") return cmd_parse(a);
    if (cmd == "probes") return cmd_probes(a);
    if (cmd == "report") return cmd_report(a);
    if (cmd == "compare") return cmd_compare(a);
    if (cmd == "check") return cmd_check(a);
    if (cmd == "monitor") return cmd_monitor(a);
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
