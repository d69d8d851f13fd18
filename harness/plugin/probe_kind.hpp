// The seam between the config and the probe plug-ins. A probe kind describes itself (name,
// its YAML block -> its own settings, make, scan); the root config keeps only the common
// fields and asks the registry about `kind:`. The one list of kinds is probes/registry.cpp,
// joined by the linker, so nothing here includes a plug-in.
#pragma once
#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "harness/trace/sample.hpp"

namespace wb {

class ConfigNode;
class Probe;
struct ProbeContext;

// A kind's own settings, parsed from its YAML block; each plug-in derives its struct.
class ProbeSettings {
 public:
  virtual ~ProbeSettings() = default;
  // The transport the probe reads through, as written (sim, ftdi, i2c-dev, hwmon, tcp, ...).
  virtual std::string transport() const = 0;
  // True when the probe stands on the simulated bench (needs its load model).
  virtual bool simulated() const { return false; }
};

// One entry of `probes:`: the fields every kind shares, and the kind's own settings.
struct ProbeConfig {
  std::string name, kind, rail, scope;
  double rate_hz = 1000;
  // Stated accuracy of the power reading in percent (meter gain error and shunt tolerance
  // combined); nullopt = not stated, and the summary says so.
  std::optional<double> accuracy_pct;
  // `meter: {kind, window_s}`: what one power reading is, declared where the kind cannot know
  // it (a command probe, a tool's own figure); it replaces the kind's own. nullopt: the kind's.
  std::optional<MeterInfo> meter;
  std::shared_ptr<const ProbeSettings> settings;

  template <class T>
  const T& settings_as() const {
    const auto* s = dynamic_cast<const T*>(settings.get());
    if (!s) throw std::logic_error("probe " + name + ": settings of another kind than '" + kind + "'");
    return *s;
  }
};

struct ScanOptions {
  std::filesystem::path hwmon_root = "/sys/class/hwmon";
  std::filesystem::path powercap_root = "/sys/class/powercap";
};

struct ProbeKind {
  const char* name;
  const char* summary;  // one line for listings
  bool needs_rail;      // rail and scope are required (else the kind may supply them, e.g. from a preset)
  bool has_rate;        // takes rate_hz (else the kind sets the rate, e.g. from an analyzer period)
  // Parses the kind's keys of `block` (it checks the allowed keys, the common ones included);
  // the common fields are parsed into `common` already and the kind may complete them.
  // Throws ConfigError naming file:line:column.
  std::shared_ptr<const ProbeSettings> (*parse)(const ConfigNode& block, ProbeConfig& common);
  std::unique_ptr<Probe> (*make)(const ProbeConfig& cfg, const ProbeContext& ctx);
  // Lists attached devices this kind could read (for `wattbench probes`); may be null. Kinds
  // sharing a transport share the function, and a listing prints each function once.
  void (*scan)(std::ostream& out, const ScanOptions& opt);
};

// Defined by probes/registry.cpp.
const std::vector<const ProbeKind*>& probe_kinds();
const ProbeKind* find_probe_kind(const std::string& name);
std::string probe_kind_names();  // "ina228, hwmon, ..." for error messages

}  // namespace wb
