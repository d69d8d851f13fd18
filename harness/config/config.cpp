// YAML -> Config with validation.
#include "harness/config/config.hpp"
#include "harness/pci/link_control.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "harness/config/matrix.hpp"
#include "harness/config/yaml_file.hpp"
#include "harness/config/yaml_guard.hpp"
#include "harness/plugin/tool_kind.hpp"
#include "harness/util/printable.hpp"
#include "harness/util/read_text.hpp"
#include "harness/util/regex.hpp"
#include "harness/util/safe_name.hpp"

namespace wb {

nlohmann::json yaml_to_json(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: {
      auto j = nlohmann::json::object();
      for (auto it = n.begin(); it != n.end(); ++it) j[it->first.as<std::string>()] = yaml_to_json(it->second);
      return j;
    }
    case YAML::NodeType::Sequence: {
      auto j = nlohmann::json::array();
      for (const auto& item : n) j.push_back(yaml_to_json(item));
      return j;
    }
    case YAML::NodeType::Scalar: {
      if (n.Tag() == "!") return n.Scalar();  // quoted in the source: keep as text
      long long i;
      double d;
      bool b;
      if (YAML::convert<long long>::decode(n, i)) return i;
      if (YAML::convert<double>::decode(n, d)) return d;
      if (YAML::convert<bool>::decode(n, b)) return b;
      return n.Scalar();
    }
    default:
      return nullptr;
  }
}

void set_path(YAML::Node& root, const std::string& key, const YAML::Node& value, const std::string& origin) {
  std::vector<std::string> parts;
  std::stringstream ss(key);
  for (std::string p; std::getline(ss, p, '.');) {
    if (p.empty()) throw ConfigError(origin, 0, 0, fmt::format("'{}': empty component in key path", key));
    parts.push_back(p);
  }
  if (parts.empty()) throw ConfigError(origin, 0, 0, "empty key path");
  auto prefix = [&](std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += (i ? "." : "") + parts[i];
    return out.empty() ? std::string("(top level)") : out;
  };
  // Walk with reset() so each step refers to the child node, not an assignment target.
  YAML::Node cur;
  cur.reset(root);
  // Digits only: stoul would read "-1" as 18446744073709551615.
  auto index_of = [&](std::size_t i) {
    const std::string& part = parts[i];
    std::size_t n = cur.size();
    std::string range = n ? fmt::format("0..{}", n - 1) : std::string("none: it is empty");
    bool digits = part.find_first_not_of("0123456789") == std::string::npos;
    if (!digits)
      throw ConfigError(
          origin, 0, 0,
          fmt::format("'{}' is a list of {} item(s): '{}' is not an index (expected {})", prefix(i), n, part, range));
    if (part.size() > 18 || std::stoull(part) >= n)
      throw ConfigError(origin, 0, 0,
                        fmt::format("'{}' is a list of {} item(s): index {} is out of range (expected {})", prefix(i),
                                    n, part, range));
    return static_cast<std::size_t>(std::stoull(part));
  };
  // A scalar has no keys: say which part of the path is one, not yaml-cpp's internals.
  auto no_scalar = [&](std::size_t i) {
    if (cur.IsScalar())
      throw ConfigError(origin, 0, 0,
                        fmt::format("'{}' is a scalar ('{}'), so '{}' cannot set '{}' inside it", prefix(i),
                                    cur.Scalar(), key, parts[i]));
  };
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    no_scalar(i);
    YAML::Node next;
    if (cur.IsSequence()) {
      next.reset(cur[index_of(i)]);
    } else {
      if (!cur[parts[i]].IsDefined() || cur[parts[i]].IsNull()) cur[parts[i]] = YAML::Node(YAML::NodeType::Map);
      next.reset(cur[parts[i]]);
    }
    cur.reset(next);
  }
  no_scalar(parts.size() - 1);
  if (cur.IsSequence())
    cur[index_of(parts.size() - 1)] = value;
  else
    cur[parts.back()] = value;
}

void apply_override(YAML::Node& root, const std::string& text) {
  std::string origin = fmt::format("--set '{}'", text);
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) throw ConfigError(origin, 0, 0, "expected key.path=value");
  std::string key = text.substr(0, eq), value = text.substr(eq + 1);
  YAML::Node parsed;
  try {
    parsed = YAML::Load(value);
  } catch (const YAML::Exception& e) {
    throw ConfigError(origin, 0, 0, fmt::format("value is not valid YAML: {}", e.msg));
  }
  guard_yaml_tree(parsed, origin);
  try {
    set_path(root, key, parsed, origin);
  } catch (const YAML::Exception& e) {
    throw ConfigError(origin, 0, 0, fmt::format("cannot set '{}': {}", key, e.msg));
  }
}

namespace {

void parse_device(const ConfigNode& n, DeviceConfig& d) {
  n.allow_only({"manufacturer", "accelerator", "form_factor", "interface", "notes", "pcie", "aspm"});
  d.pcie = n.string("pcie").value_or("");
  static const rx::regex bdf(R"(^[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]$)");
  if (!d.pcie.empty() && !rx::match(d.pcie, bdf))
    n.fail("pcie", fmt::format("'{}': expected a PCI address like 0000:01:00.0", d.pcie));
  // YAML 1.1 reads a bare `off` as false: take the word as written.
  if (n.has("aspm")) {
    const YAML::Node& a = n.child("aspm");
    d.aspm = a.IsScalar() ? a.Scalar() : "";
    if (std::find(kAspmRequests.begin(), kAspmRequests.end(), d.aspm) == kAspmRequests.end())
      n.fail("aspm", fmt::format("'{}': expected l1, l0s-l1, off or default", printable(d.aspm)));
    if (d.aspm != "default" && d.pcie.empty())
      n.fail("aspm", fmt::format("{} needs device.pcie, the card's PCI address (e.g. 0000:01:00.0): the setting and "
                                 "its read-back are per link",
                                 d.aspm));
  }
  d.manufacturer = n.require_string("manufacturer");
  d.accelerator = n.require_string("accelerator");
  d.form_factor = n.string("form_factor").value_or("");
  d.interface = n.string("interface").value_or("");
  d.notes = n.string("notes").value_or("");
}

std::string check_scope(const ConfigNode& n, const std::string& key) {
  std::string s = n.require_string(key);
  if (std::find(kScopes.begin(), kScopes.end(), s) == kScopes.end())
    n.fail(key, fmt::format("unknown power scope '{}'; expected one of: m2-rail, board, npu-silicon, soc, host", s));
  return s;
}

void parse_published(const ConfigNode& n, PublishedFigures& p) {
  n.allow_only({"fps", "fps_per_w", "power_w", "scope", "source"});
  p.fps = n.number("fps");
  p.fps_per_w = n.number("fps_per_w");
  p.power_w = n.number("power_w");
  if (p.fps) n.positive("fps", *p.fps);
  if (p.fps_per_w) n.positive("fps_per_w", *p.fps_per_w);
  if (p.power_w) n.positive("power_w", *p.power_w);
  if ((p.fps_per_w || p.power_w) && !n.has("scope"))
    n.fail_here("published power or efficiency needs 'scope' (which rail the vendor measured)");
  if (n.has("scope")) p.scope = check_scope(n, "scope");
  p.source = n.string("source").value_or("");
}

// `meter: {kind, window_s}`: what one power reading of the probe is (harness/trace/sample.hpp).
MeterInfo parse_meter(const ConfigNode& m) {
  m.allow_only({"kind", "window_s"});
  std::string kind = m.require_string("kind");
  auto k = meter_kind_from_name(kind);
  if (!k) m.fail("kind", fmt::format("unknown meter kind '{}'; expected instantaneous, averaged or accumulator", kind));
  MeterInfo meter{*k, 0, "declared in the config"};
  if (*k == MeterKind::averaged) {
    if (!m.has("window_s")) m.fail_here("an averaged meter needs window_s (the span one reading averages over, in s)");
    meter.window_s = m.seconds("window_s", m.require_number("window_s"), false);
  } else if (m.has("window_s")) {
    m.fail("window_s", fmt::format("only an averaged meter has an averaging window; this one is {}", kind));
  }
  return meter;
}

void parse_probe(const ConfigNode& n, ProbeConfig& p) {
  p.kind = n.require_string("kind");
  const ProbeKind* kind = find_probe_kind(p.kind);
  if (!kind) n.fail("kind", fmt::format("unknown probe kind '{}'; expected one of: {}", p.kind, probe_kind_names()));
  p.name = n.require_string("name");
  if (auto a = n.number("accuracy_pct")) p.accuracy_pct = n.in_range("accuracy_pct", *a, 0, 100, " %");
  if (n.has("meter")) {
    if (!n.child("meter").IsMap())
      n.fail("meter", "expected a mapping {kind: instantaneous | averaged | accumulator, window_s}");
    p.meter = parse_meter(*n.mapping("meter"));
  }
  for (char c : p.name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-')
      n.fail("name", fmt::format("'{}': use letters, digits, '_' or '-' (it names files and channels)", p.name));
  if (p.name.empty() || p.name.size() > kMaxProbeName)
    n.fail("name", fmt::format("{} characters: expected 1 to {} (it names files and CSV columns)", p.name.size(),
                               kMaxProbeName));
  if (kind->needs_rail) {
    p.rail = n.require_string("rail");
    p.scope = check_scope(n, "scope");
  } else {
    p.rail = n.string("rail").value_or("");
    if (n.has("scope")) p.scope = check_scope(n, "scope");
  }
  if (kind->has_rate) {
    if (auto r = n.number("rate_hz")) p.rate_hz = n.positive("rate_hz", *r);
    if (p.rate_hz > 20000)
      n.fail("rate_hz", fmt::format("{} Hz is beyond what any supported probe can deliver (max 20000)", p.rate_hz));
    // Its period 1/rate_hz must be a duration the clocks hold (1e-10 Hz overflowed into a busy loop).
    n.in_range("rate_hz", p.rate_hz, kMinRateHz, 20000, " Hz");
  }
  p.settings = kind->parse(n, p);
}

void parse_benchmark(const ConfigNode& n, BenchmarkConfig& b) {
  n.allow_only({"tool", "executable", "args", "extra_args", "env", "timeout_s", "trim_start_s", "trim_end_s",
                "target_fps", "fps_source"});
  if (auto v = n.number("trim_start_s")) b.trim_start_s = n.seconds("trim_start_s", *v, true);
  if (auto v = n.number("trim_end_s")) b.trim_end_s = n.seconds("trim_end_s", *v, true);
  b.tool = n.require_string("tool");
  const Adapter* adapter = find_tool(b.tool);
  if (!adapter) n.fail("tool", fmt::format("unknown tool '{}'; expected one of: {}", b.tool, tool_names()));
  b.executable = n.string("executable").value_or(adapter->default_executable());
  b.args = n.has("args") ? n.child("args") : YAML::Node(YAML::NodeType::Map);
  ConfigNode args(b.args, n.file(), n.path() + ".args");
  adapter->check_args(args);
  if (auto fps = n.number("target_fps")) {
    b.target_fps = n.positive("target_fps", *fps);
    if (auto p = adapter->pacing(args, *fps); !p.problem.empty())
      n.fail("target_fps", fmt::format("{}: {}", b.tool, p.problem));
  }
  if (auto src = n.string("fps_source")) {
    if (src->empty() || src->size() > 32 ||
        src->find_first_not_of("abcdefghijklmnopqrstuvwxyz_0123456789") != std::string::npos)
      n.fail(
          "fps_source",
          fmt::format("'{}': expected delivered or the name of a rate the tool prints (device, hw_only, ...)", *src));
    b.fps_source = *src;
    if (b.fps_source != "delivered" && b.target_fps)
      n.fail("fps_source",
             "a paced run (target_fps) is judged by the rate it delivered: leave fps_source at delivered");
  }
  b.extra_args = n.string_list("extra_args").value_or(std::vector<std::string>{});
  if (auto env = n.mapping("env")) {
    for (auto it = env->yaml().begin(); it != env->yaml().end(); ++it) {
      if (!it->second.IsScalar()) env->fail(it->first.as<std::string>(), "expected a string value");
      b.env[it->first.as<std::string>()] = it->second.Scalar();
    }
  }
  if (auto t = n.number("timeout_s")) b.timeout_s = n.seconds("timeout_s", *t, false);
}

void parse_phases(const ConfigNode& n, PhasesConfig& p) {
  n.allow_only({"settle_s", "idle_s", "tail_s", "idle_after_s"});
  if (auto v = n.number("idle_after_s")) p.idle_after_s = n.seconds("idle_after_s", *v, true);
  if (auto v = n.number("settle_s")) p.settle_s = n.seconds("settle_s", *v, true);
  if (auto v = n.number("idle_s")) p.idle_s = n.seconds("idle_s", *v, true);
  if (auto v = n.number("tail_s")) p.tail_s = n.seconds("tail_s", *v, true);
}

}  // namespace

namespace {

Config parse_root(const YAML::Node& root, const std::filesystem::path& path) {
  Config cfg;
  cfg.path = path;
  cfg.dir = std::filesystem::absolute(path).parent_path();
  YAML::Emitter emitter;
  emitter << root;
  cfg.resolved_yaml = std::string(emitter.c_str()) + "\n";

  ConfigNode top(root, path.string(), "");
  top.allow_only({"name", "device", "published", "probes", "benchmark", "phases", "repeat", "output", "sim", "matrix",
                  "validity", "cold_run", "until_ci_pct", "max_repeat", "cooldown", "sustained", "slices", "kernel_log",
                  "health"});
  if (top.has("kernel_log")) parse_kernel_log(top, "kernel_log", cfg.kernel_log);
  if (top.has("health")) {
    if (!top.child("health").IsMap())
      top.fail("health", "expected a mapping {check, recover, timeout_s, recover_timeout_s}");
    parse_health(*top.mapping("health"), cfg.health.emplace());
  }
  if (auto v = top.number("until_ci_pct")) cfg.until_ci_pct = top.in_range("until_ci_pct", *v, 0, 100, " %", false);
  if (auto v = top.integer("max_repeat")) {
    if (*v < 2 || *v > 1000) top.fail("max_repeat", "expected 2..1000");
    cfg.max_repeat = static_cast<int>(*v);
  }
  if (auto c = top.mapping("cooldown")) {
    c->allow_only({"pause_s", "channel", "until_temp_c", "max_wait_s"});
    CooldownConfig cd;
    if (auto p = c->number("pause_s")) cd.pause_s = c->seconds("pause_s", *p, true);
    if (!c->has("pause_s") || c->has("channel")) {
      cd.channel = c->require_string("channel");
      if (cd.channel.find('.') == std::string::npos) c->fail("channel", "expected probe.channel, e.g. npu.npu0_temp_c");
      cd.until_temp_c = c->require_number("until_temp_c");
    }
    if (auto w = c->number("max_wait_s")) cd.max_wait_s = c->seconds("max_wait_s", *w, false);
    cfg.cooldown = cd;
  }
  if (auto v = top.mapping("validity")) {
    v->allow_only({"min_window_s", "min_samples", "max_gap_pct", "edge_step_pct", "rate_tolerance_pct",
                   "min_averaging_periods", "invalid_averaging_periods"});
    if (auto x = v->number("min_window_s")) cfg.validity.min_window_s = v->seconds("min_window_s", *x, true);
    if (auto x = v->integer("min_samples")) {
      if (*x < 2) v->fail("min_samples", "must be 2 or more");
      cfg.validity.min_samples = static_cast<std::size_t>(*x);
    }
    if (auto x = v->number("max_gap_pct")) cfg.validity.max_gap_pct = v->in_range("max_gap_pct", *x, 0, 100, " %");
    if (auto x = v->number("edge_step_pct"))
      cfg.validity.edge_step_pct = v->in_range("edge_step_pct", *x, 0, 1000, " %", false);
    if (auto x = v->number("rate_tolerance_pct"))
      cfg.validity.rate_tolerance_pct = v->in_range("rate_tolerance_pct", *x, 0, 100, " %", false);
    if (auto x = v->number("min_averaging_periods"))
      cfg.validity.min_averaging_periods = v->in_range("min_averaging_periods", *x, 0, 1e6, "", false);
    if (auto x = v->number("invalid_averaging_periods"))
      cfg.validity.invalid_averaging_periods = v->in_range("invalid_averaging_periods", *x, 0, 1e6, "");
    if (cfg.validity.invalid_averaging_periods > cfg.validity.min_averaging_periods)
      v->fail("invalid_averaging_periods",
              fmt::format("{:g} is above min_averaging_periods {:g}: the warning must come first",
                          cfg.validity.invalid_averaging_periods, cfg.validity.min_averaging_periods));
  }
  // `slices:` tunes the slicing of every run; `sustained:` also makes the minimum duration a rule.
  for (const char* key : {"slices", "sustained"}) {
    auto v = top.mapping(key);
    if (!v) continue;
    bool sustained = std::string(key) == "sustained";
    if (sustained)
      v->allow_only({"min_duration_s", "slice_s", "cold_s", "sustained_s", "throttle_pct"});
    else
      v->allow_only({"slice_s", "cold_s", "sustained_s", "throttle_pct"});
    auto& sc = cfg.sustained;
    sc.required = sc.required || sustained;
    if (auto x = v->number("min_duration_s")) sc.min_duration_s = v->seconds("min_duration_s", *x, false);
    if (auto x = v->number("slice_s")) sc.slice_s = v->seconds("slice_s", *x, false);
    if (auto x = v->number("cold_s")) sc.cold_s = v->seconds("cold_s", *x, false);
    if (auto x = v->number("sustained_s")) sc.sustained_s = v->seconds("sustained_s", *x, false);
    if (auto x = v->number("throttle_pct")) sc.throttle_pct = v->in_range("throttle_pct", *x, 0, 100, " %", false);
    if (sc.slice_s > std::min(sc.cold_s, sc.sustained_s))
      v->fail("slice_s",
              fmt::format("{:g} s is longer than cold_s or sustained_s: each span needs whole slices", sc.slice_s));
    if (sustained && sc.cold_s + sc.sustained_s > sc.min_duration_s)
      v->fail("min_duration_s", fmt::format("{:g} s cannot hold cold_s + sustained_s = {:g} s", sc.min_duration_s,
                                            sc.cold_s + sc.sustained_s));
  }
  cfg.cold_run = top.boolean("cold_run").value_or(false);
  cfg.name = top.require_string("name");
  if (auto why = unsafe_name_reason(cfg.name); !why.empty())
    top.fail("name", fmt::format("'{}': {} (it names the results folder)", printable(cfg.name), why));
  auto device = top.mapping("device");
  if (!device) top.fail("device", "is required (manufacturer, accelerator, ...)");
  parse_device(*device, cfg.device);
  if (auto p = top.mapping("published")) parse_published(*p, cfg.published);
  auto probes = top.mapping_list("probes");
  if (probes.empty()) top.fail("probes", "at least one power probe is required (no watts, no efficiency)");
  for (const auto& pn : probes) {
    ProbeConfig pc;
    parse_probe(pn, pc);
    for (const auto& other : cfg.probes)
      if (other.name == pc.name) pn.fail("name", fmt::format("probe name '{}' is used twice", pc.name));
    cfg.probes.push_back(pc);
  }
  auto bench = top.mapping("benchmark");
  if (!bench) top.fail("benchmark", "is required (tool, args, ...)");
  parse_benchmark(*bench, cfg.benchmark);
  if (auto ph = top.mapping("phases")) parse_phases(*ph, cfg.phases);
  if (auto r = top.integer("repeat")) {
    if (*r < 1 || *r > 1000) top.fail("repeat", fmt::format("expected 1..1000, found {}", *r));
    cfg.repeat = static_cast<int>(*r);
  }
  if (auto o = top.string("output")) cfg.output = *o;
  if (top.has("sim")) {
    if (!top.child("sim").IsMap()) top.fail("sim", "expected a mapping of simulation parameters");
    cfg.sim = yaml_to_json(top.child("sim"));
  }
  return cfg;
}

}  // namespace

namespace {

// An error at a key that a --set wrote (or under it) names that --set: its value has no place
// in the file, and yaml-cpp would report it at 1:1 of the file.
[[noreturn]] void rethrow_for_override(const ConfigError& e, const std::vector<std::string>& overrides) {
  std::string at = boost::regex_replace(e.key_path(), rx::regex(R"(\[(\d+)\])"), ".$1");
  for (auto o = overrides.rbegin(); !at.empty() && o != overrides.rend(); ++o) {
    std::string key = o->substr(0, o->find('='));
    bool inside = at == key || at.rfind(key + ".", 0) == 0;
    // A key the --set created on its way (an unknown top-level key, say): it has no position.
    bool created = key.rfind(at + ".", 0) == 0 && e.line() <= 1 && e.column() <= 1;
    if (inside || created) throw ConfigError(fmt::format("--set '{}'", *o), 0, 0, e.detail(), e.key_path());
  }
  throw e;
}

}  // namespace

Config load_config(const std::filesystem::path& path, const std::vector<std::string>& overrides) {
  // Bounded, regular files only, guarded before anything walks or copies the tree (emitter, JSON, clones).
  YAML::Node root = load_yaml_file(path, "config file");
  if (!root.IsMap())
    throw ConfigError(path.string(), 1, 1, "expected a mapping with name, device, probes and benchmark");
  for (const auto& o : overrides) apply_override(root, o);

  if (!root["matrix"].IsDefined() || root["matrix"].IsNull()) {
    Config cfg;
    try {
      cfg = parse_root(root, path);
    } catch (const ConfigError& e) {
      rethrow_for_override(e, overrides);
    }
    cfg.variants.push_back({"default", nlohmann::json::object(), std::make_shared<Config>(cfg)});
    return cfg;
  }
  // With a matrix the base may be incomplete (an axis sets the model): each variant is the
  // whole config with its settings applied, validated on its own.
  MatrixSpec matrix = parse_matrix(ConfigNode(root["matrix"], path.string(), "matrix"));
  // Each variant copies the base without the matrix: copying the matrix (or linking to its
  // nodes) made the expansion quadratic in the variant count.
  YAML::Node base = YAML::Clone(root);
  base.remove("matrix");
  std::vector<Variant> variants;
  for (const auto& spec : matrix.variants) {
    YAML::Node vroot = YAML::Clone(base);
    // A clone: assigning a node of `root` would merge root's whole node store into vroot's.
    for (const auto& [key, value] : spec.sets) set_path(vroot, key, YAML::Clone(value), path.string() + " (matrix)");
    try {
      variants.push_back({spec.id, spec.params, std::make_shared<Config>(parse_root(vroot, path))});
    } catch (const ConfigError& e) {
      throw ConfigError(path.string(), 0, 0, fmt::format("matrix variant {}: {}", spec.id, e.what()));
    }
  }
  Config cfg = *variants.front().config;
  cfg.resolved_yaml = [&] {
    YAML::Emitter emitter;
    emitter << root;
    return std::string(emitter.c_str()) + "\n";
  }();
  cfg.variants = std::move(variants);
  cfg.order = matrix.order;
  cfg.baseline = matrix.baseline;
  return cfg;
}

}  // namespace wb
