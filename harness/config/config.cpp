// YAML -> Config with validation.
#include "harness/config/config.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <regex>
#include <sstream>

#include "adapters/registry.hpp"
#include "harness/config/matrix.hpp"
#include "probes/i2c/ftdi_url.hpp"

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
    default: return nullptr;
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
  // Walk with reset() so each step refers to the child node, not an assignment target.
  YAML::Node cur;
  cur.reset(root);
  auto index_of = [&](const std::string& part, const YAML::Node& seq) {
    std::size_t idx = 0;
    try {
      idx = std::stoul(part);
    } catch (...) {
      throw ConfigError(origin, 0, 0, fmt::format("'{}': '{}' indexes a list; expected a number", key, part));
    }
    if (idx >= seq.size()) throw ConfigError(origin, 0, 0, fmt::format("'{}': list index {} out of range", key, idx));
    return idx;
  };
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    YAML::Node next;
    if (cur.IsSequence()) {
      next.reset(cur[index_of(parts[i], cur)]);
    } else {
      if (!cur[parts[i]].IsDefined() || cur[parts[i]].IsNull()) cur[parts[i]] = YAML::Node(YAML::NodeType::Map);
      next.reset(cur[parts[i]]);
    }
    cur.reset(next);
  }
  if (cur.IsSequence()) cur[index_of(parts.back(), cur)] = value;
  else cur[parts.back()] = value;
}

void apply_override(YAML::Node& root, const std::string& text) {
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw ConfigError("--set", 0, 0, fmt::format("'{}': expected key.path=value", text));
  std::string key = text.substr(0, eq), value = text.substr(eq + 1);
  YAML::Node parsed;
  try {
    parsed = YAML::Load(value);
  } catch (const YAML::Exception& e) {
    throw ConfigError("--set", 0, 0, fmt::format("'{}': value is not valid YAML: {}", text, e.msg));
  }
  try {
    set_path(root, key, parsed, "--set");
  } catch (const ConfigError& e) {
    throw ConfigError("--set", 0, 0, fmt::format("'{}': {}", text, std::string(e.what()).substr(7)));
  }
}

namespace {

void parse_device(const ConfigNode& n, DeviceConfig& d) {
  n.allow_only({"manufacturer", "accelerator", "form_factor", "interface", "notes", "pcie"});
  d.pcie = n.string("pcie").value_or("");
  static const std::regex bdf(R"(^[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]$)");
  if (!d.pcie.empty() && !std::regex_match(d.pcie, bdf)) n.fail("pcie", fmt::format("'{}': expected a PCI address like 0000:01:00.0", d.pcie));
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

void parse_hwmon_probe(const ConfigNode& n, ProbeConfig& p) {
  n.allow_only({"name", "kind", "rail", "scope", "rate_hz", "root", "chip", "path", "channel", "label", "accuracy_pct"});
  auto& h = p.hwmon;
  if (auto r = n.string("root")) h.root = *r;
  h.chip = n.string("chip").value_or("");
  h.path = n.string("path").value_or("");
  h.label = n.string("label").value_or("");
  if (auto c = n.integer("channel")) {
    if (*c < 0 || *c > 64) n.fail("channel", "expected a channel index 0..64");
    h.channel = static_cast<int>(*c);
  }
}

void parse_command_probe(const ConfigNode& n, ProbeConfig& p) {
  n.allow_only({"name", "kind", "rail", "scope", "preset", "argv", "interval_ms", "timeout_s", "channels", "accuracy_pct"});
  auto& c = p.command;
  const command::Preset* preset = nullptr;
  if (auto name = n.string("preset")) {
    preset = command::find_preset(*name);
    if (!preset) {
      std::string names;
      for (const auto& pr : command::presets()) names += (names.empty() ? "" : ", ") + pr.name;
      n.fail("preset", fmt::format("unknown preset '{}'; expected one of: {}", *name, names));
    }
    c.argv = preset->argv;
    c.channels = preset->channels;
    p.rail = preset->rail;
    p.scope = preset->scope;
  }
  if (auto argv = n.string_list("argv")) c.argv = *argv;
  if (c.argv.empty()) n.fail_here("a command probe needs argv (a list: program and arguments) or a preset");
  if (auto v = n.number("interval_ms")) c.interval_ms = n.positive("interval_ms", *v);
  if (auto v = n.number("timeout_s")) c.timeout_s = n.positive("timeout_s", *v);
  if (n.has("channels")) {
    c.channels.clear();
    for (const auto& ch : n.mapping_list("channels")) {
      ch.allow_only({"name", "regex", "unit", "quantity", "scale"});
      command::ChannelRule r;
      r.name = ch.require_string("name");
      r.regex = ch.require_string("regex");
      r.unit = ch.string("unit").value_or("");
      r.scale = ch.number("scale").value_or(1.0);
      auto q = ch.string("quantity").value_or("other");
      auto qq = command::quantity_from_name(q);
      if (!qq) ch.fail("quantity", fmt::format("'{}': expected power, energy, voltage, current, charge, temperature or other", q));
      r.quantity = *qq;
      try {
        command::check_rule(r);
      } catch (const std::invalid_argument& e) {
        ch.fail("regex", e.what());
      }
      c.channels.push_back(r);
    }
  }
  if (c.channels.empty()) n.fail_here("a command probe needs channels (name, regex with one group) or a preset");
  if (auto r = n.string("rail")) p.rail = *r;
  if (n.has("scope")) p.scope = check_scope(n, "scope");
  bool has_power = false;
  for (const auto& r : c.channels) has_power |= r.quantity == Quantity::power || r.quantity == Quantity::energy;
  if (has_power && p.scope.empty()) n.fail_here("a probe with a power channel needs 'scope'");
}

std::string parse_range(const ConfigNode& n, const std::string& key, const std::string& unit) {
  auto s = n.string(key);
  if (!s || *s == "Auto" || *s == "auto") return "Auto";
  double v = 0;
  if (!YAML::convert<double>::decode(n.child(key), v) || !(v > 0) || std::isinf(v))
    n.fail(key, fmt::format("'{}': expected Auto or a positive range in {}", *s, unit));
  return *s;  // as written: PTDaemon gets the user's digits
}

void parse_ptd_probe(const ConfigNode& n, ProbeConfig& p) {
  n.allow_only({"name", "kind", "rail", "scope", "transport", "host", "port", "period_ms", "poll_ms", "volts_range", "amps_range",
                "channel", "timezone", "timeout_s", "max_uncertainty_pct", "accuracy_pct"});
  auto& c = p.ptd;
  if (auto t = n.string("transport")) {
    if (*t != "tcp" && *t != "sim") n.fail("transport", fmt::format("unknown transport '{}'; expected tcp or sim", *t));
    c.transport = *t;
  }
  if (auto h = n.string("host")) {
    if (h->empty() || h->find_first_of(" \t,") != std::string::npos) n.fail("host", fmt::format("'{}': expected a host name or address", *h));
    c.host = *h;
  }
  if (auto port = n.integer("port")) {
    if (*port < 1 || *port > 65535) n.fail("port", fmt::format("{}: expected a TCP port 1..65535 (PTDaemon's -p)", *port));
    c.port = static_cast<int>(*port);
  }
  if (auto v = n.integer("period_ms")) {
    if (*v < 10 || *v > 60000) n.fail("period_ms", fmt::format("{} ms: expected the analyzer's sample period, 10..60000 ms", *v));
    c.period_ms = static_cast<double>(*v);
  }
  if (auto v = n.number("poll_ms")) {
    if (*v < 10 || *v > 10000) n.fail("poll_ms", fmt::format("{:g} ms: expected 10..10000 ms", *v));
    c.poll_ms = *v;
  }
  c.volts_range = parse_range(n, "volts_range", "V");
  c.amps_range = parse_range(n, "amps_range", "A");
  if (auto ch = n.integer("channel")) {
    if (*ch < 0 || *ch > 8) n.fail("channel", "expected 0 (the sum) or an analyzer channel 1..8");
    c.channel = static_cast<int>(*ch);
  }
  if (auto tz = n.string("timezone")) {
    if (*tz != "local" && *tz != "utc") n.fail("timezone", fmt::format("'{}': expected local or utc (PTDaemon's TZ)", *tz));
    c.utc = *tz == "utc";
  }
  if (auto v = n.number("timeout_s")) c.timeout_s = n.positive("timeout_s", *v);
  if (auto v = n.number("max_uncertainty_pct")) c.max_uncertainty_pct = n.positive("max_uncertainty_pct", *v);
  p.rate_hz = 1000 / c.period_ms;
}

void parse_probe(const ConfigNode& n, ProbeConfig& p) {
  p.kind = n.require_string("kind");
  if (p.kind != "ina228" && p.kind != "hwmon" && p.kind != "command" && p.kind != "ptd")
    n.fail("kind", fmt::format("unknown probe kind '{}'; expected one of: ina228, hwmon, command, ptd", p.kind));
  p.name = n.require_string("name");
  if (auto a = n.number("accuracy_pct")) p.accuracy_pct = n.non_negative("accuracy_pct", *a);
  for (char c : p.name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-')
      n.fail("name", fmt::format("'{}': use letters, digits, '_' or '-' (it names files and channels)", p.name));
  if (p.kind == "command") return parse_command_probe(n, p);
  p.rail = n.require_string("rail");
  p.scope = check_scope(n, "scope");
  if (p.kind == "ptd") return parse_ptd_probe(n, p);
  if (auto r = n.number("rate_hz")) p.rate_hz = n.positive("rate_hz", *r);
  if (p.rate_hz > 20000) n.fail("rate_hz", fmt::format("{} Hz is beyond what any supported probe can deliver (max 20000)", p.rate_hz));
  if (p.kind == "hwmon") return parse_hwmon_probe(n, p);
  n.allow_only({"name", "kind", "rail", "scope", "rate_hz", "transport", "device", "address", "shunt_ohm",
                "max_current_a", "adc_range", "conversion_us", "averaging", "i2c_hz", "trace", "accuracy_pct"});
  auto& c = p.ina228;
  if (auto t = n.string("transport")) {
    if (*t != "sim" && *t != "ftdi" && *t != "i2c-dev" && *t != "hwmon" && *t != "hwmon-sim")
      n.fail("transport", fmt::format("unknown transport '{}'; expected one of: sim, ftdi, i2c-dev, hwmon, hwmon-sim", *t));
    c.transport = *t;
  }
  c.device = n.string("device").value_or("");
  if (auto a = n.integer("address")) {
    if (*a < 0x40 || *a > 0x4F) n.fail("address", fmt::format("0x{:X} is not an INA228 address; expected 0x40..0x4F", *a));
    c.address = static_cast<unsigned>(*a);
  }
  if (auto s = n.number("shunt_ohm")) c.shunt_ohm = n.positive("shunt_ohm", *s);
  if (auto m = n.number("max_current_a")) c.max_current_a = n.positive("max_current_a", *m);
  if (auto r = n.string("adc_range")) {
    if (*r == "auto") c.adc_range_40mv.reset();
    else if (*r == "163.84mV") c.adc_range_40mv = false;
    else if (*r == "40.96mV") c.adc_range_40mv = true;
    else n.fail("adc_range", fmt::format("'{}': expected auto, 163.84mV or 40.96mV", *r));
  }
  if (auto ct = n.mapping("conversion_us")) {
    ct->allow_only({"vbus", "vshunt", "vtemp"});
    if (auto v = ct->number("vbus")) c.vbus_ct_us = *v;
    if (auto v = ct->number("vshunt")) c.vshunt_ct_us = *v;
    if (auto v = ct->number("vtemp")) c.vtemp_ct_us = *v;
  }
  if (auto a = n.integer("averaging")) c.averaging = static_cast<int>(*a);
  if (auto hz = n.integer("i2c_hz")) {
    if (*hz < 1000 || *hz > 400000) n.fail("i2c_hz", fmt::format("{} Hz: expected 1000..400000 (INA228 fast mode)", *hz));
    c.i2c_hz = static_cast<unsigned>(*hz);
  }
  c.trace = n.string("trace").value_or("");
  if (c.transport == "ftdi" && !c.device.empty()) {
    try {
      parse_ftdi_url(c.device);
    } catch (const std::invalid_argument& e) {
      n.fail("device", e.what());
    }
  }
  if (!c.trace.empty() && c.transport != "ftdi" && c.transport != "sim")
    n.fail("trace", "the byte trace records FT232H traffic; it needs transport ftdi or sim");
  if (!c.trace.empty() && (c.trace.find("..") != std::string::npos || c.trace.front() == '/'))
    n.fail("trace", "give a file name inside the run folder (no '..', not absolute)");
  if (c.transport != "sim" && c.device.empty() && c.transport == "i2c-dev")
    n.fail_here("transport i2c-dev needs 'device' (for example /dev/i2c-1)");
}

void parse_benchmark(const ConfigNode& n, BenchmarkConfig& b) {
  n.allow_only({"tool", "executable", "args", "extra_args", "env", "timeout_s", "trim_start_s", "trim_end_s"});
  if (auto v = n.number("trim_start_s")) b.trim_start_s = n.non_negative("trim_start_s", *v);
  if (auto v = n.number("trim_end_s")) b.trim_end_s = n.non_negative("trim_end_s", *v);
  b.tool = n.require_string("tool");
  const Adapter* adapter = find_adapter(b.tool);
  if (!adapter) n.fail("tool", fmt::format("unknown tool '{}'; expected one of: {}", b.tool, adapter_names()));
  b.executable = n.string("executable").value_or(adapter->default_executable());
  b.args = n.has("args") ? n.child("args") : YAML::Node(YAML::NodeType::Map);
  ConfigNode args(b.args, n.file(), n.path() + ".args");
  adapter->check_args(args);
  b.extra_args = n.string_list("extra_args").value_or(std::vector<std::string>{});
  if (auto env = n.mapping("env")) {
    for (auto it = env->yaml().begin(); it != env->yaml().end(); ++it) {
      if (!it->second.IsScalar()) env->fail(it->first.as<std::string>(), "expected a string value");
      b.env[it->first.as<std::string>()] = it->second.Scalar();
    }
  }
  if (auto t = n.number("timeout_s")) b.timeout_s = n.positive("timeout_s", *t);
}

void parse_phases(const ConfigNode& n, PhasesConfig& p) {
  n.allow_only({"settle_s", "idle_s", "tail_s", "idle_after_s"});
  if (auto v = n.number("idle_after_s")) p.idle_after_s = n.non_negative("idle_after_s", *v);
  if (auto v = n.number("settle_s")) p.settle_s = n.non_negative("settle_s", *v);
  if (auto v = n.number("idle_s")) p.idle_s = n.non_negative("idle_s", *v);
  if (auto v = n.number("tail_s")) p.tail_s = n.non_negative("tail_s", *v);
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
                  "validity", "cold_run", "until_ci_pct", "max_repeat", "cooldown"});
  if (auto v = top.number("until_ci_pct")) cfg.until_ci_pct = top.positive("until_ci_pct", *v);
  if (auto v = top.integer("max_repeat")) {
    if (*v < 2 || *v > 1000) top.fail("max_repeat", "expected 2..1000");
    cfg.max_repeat = static_cast<int>(*v);
  }
  if (auto c = top.mapping("cooldown")) {
    c->allow_only({"channel", "until_temp_c", "max_wait_s"});
    CooldownConfig cd;
    cd.channel = c->require_string("channel");
    if (cd.channel.find('.') == std::string::npos) c->fail("channel", "expected probe.channel, e.g. npu.npu0_temp_c");
    cd.until_temp_c = c->require_number("until_temp_c");
    if (auto w = c->number("max_wait_s")) cd.max_wait_s = c->positive("max_wait_s", *w);
    cfg.cooldown = cd;
  }
  if (auto v = top.mapping("validity")) {
    v->allow_only({"min_window_s", "min_samples", "max_gap_pct", "edge_step_pct"});
    if (auto x = v->number("min_window_s")) cfg.validity.min_window_s = v->non_negative("min_window_s", *x);
    if (auto x = v->integer("min_samples")) {
      if (*x < 2) v->fail("min_samples", "must be 2 or more");
      cfg.validity.min_samples = static_cast<std::size_t>(*x);
    }
    if (auto x = v->number("max_gap_pct")) cfg.validity.max_gap_pct = v->non_negative("max_gap_pct", *x);
    if (auto x = v->number("edge_step_pct")) cfg.validity.edge_step_pct = v->positive("edge_step_pct", *x);
  }
  cfg.cold_run = top.boolean("cold_run").value_or(false);
  cfg.name = top.require_string("name");
  for (char c : cfg.name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.')
      top.fail("name", fmt::format("'{}': use letters, digits, '.', '_' or '-' (it names the results folder)", cfg.name));
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

Config load_config(const std::filesystem::path& path, const std::vector<std::string>& overrides) {
  std::ifstream in(path);
  if (!in) throw ConfigError(path.string(), 0, 0, "cannot open the config file");
  std::stringstream text;
  text << in.rdbuf();
  YAML::Node root;
  try {
    root = YAML::Load(text.str());
  } catch (const YAML::ParserException& e) {
    throw ConfigError(path.string(), e.mark.line + 1, e.mark.column + 1, fmt::format("YAML syntax error: {}", e.msg));
  }
  if (!root.IsMap()) throw ConfigError(path.string(), 1, 1, "expected a mapping with name, device, probes and benchmark");
  for (const auto& o : overrides) apply_override(root, o);

  if (!root["matrix"].IsDefined() || root["matrix"].IsNull()) {
    Config cfg = parse_root(root, path);
    cfg.variants.push_back({"default", nlohmann::json::object(), std::make_shared<Config>(cfg)});
    return cfg;
  }
  // With a matrix the base may be incomplete (an axis sets the model): each variant is the
  // whole config with its settings applied, validated on its own.
  MatrixSpec matrix = parse_matrix(ConfigNode(root["matrix"], path.string(), "matrix"));
  std::vector<Variant> variants;
  for (const auto& spec : matrix.variants) {
    YAML::Node vroot = YAML::Clone(root);
    vroot.remove("matrix");
    for (const auto& [key, value] : spec.sets) set_path(vroot, key, value, path.string() + " (matrix)");
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
