// The one declaration through which the product meets the simulated bench. sim/ implements it
// (sim/registry.cpp); the `wattbench` executable and the tests install it at start-up, and the
// core never links the simulator: a build without it refuses the `sim` transport.
#pragma once
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "harness/pci/link_sysfs.hpp"
#include "harness/plugin/probe.hpp"

namespace wb {

struct Config;

// One run's simulated bench (or a scratch one for `probes`, `monitor`, checks).
class BenchDouble {
 public:
  virtual ~BenchDouble() = default;
  // A probe of cfg's kind on the `sim` transport: the kind's own driver on a simulated port.
  // Throws for a kind the simulator does not serve.
  virtual std::unique_ptr<Probe> make_probe(const ProbeConfig& cfg, const ProbeContext& ctx) = 0;
  // What the benchmark tool (and command probes) need in their environment to join this bench.
  virtual std::map<std::string, std::string> tool_env() const = 0;
  // After the tool ran: writes sim-truth.json into the bench's folder (the exact figures over
  // the tool's measured phase, times from t0_steady_s; the first cold_s and last sustained_s
  // of the window where it is that long), or nothing when the tool never measured.
  virtual void write_truth(double t0_steady_s, double cold_s, double sustained_s) const = 0;
};

struct BenchDoubleMaker {
  // The double for a config, its files in `dir`; seed_offset varies the noise per run; pci_root:
  // the card's fake sysfs (link_sysfs), whose link state the card's idle follows, or empty.
  // Throws std::invalid_argument for a `sim:` block the simulator does not accept.
  std::unique_ptr<BenchDouble> (*make)(const Config& cfg, const std::filesystem::path& dir, unsigned seed_offset,
                                       const std::filesystem::path& pci_root);
  // The environment that makes a fake tool and the health commands open the simulated card
  // `device` (state kept under results_dir, so a wedged card stays wedged across runs).
  std::map<std::string, std::string> (*device_env)(const Config& cfg, const std::filesystem::path& results_dir,
                                                   const std::string& device);
  // The card's PCIe link on the simulated host: a fake sysfs under results_dir (kept across runs,
  // as a real link keeps its state) and the fake kernel that answers writes to it.
  LinkSysfs (*link_sysfs)(const Config& cfg, const std::filesystem::path& results_dir, const std::string& device);
};

// Defined by sim/registry.cpp, which only the executable and the tests link.
extern const BenchDoubleMaker simulated_bench;

void install_bench_double(const BenchDoubleMaker* maker);
// True when any probe is simulated or the config has a `sim:` block.
bool uses_sim(const Config& cfg);
// The config's bench double in `dir` (null when the config is not simulated); throws when it
// is and this build has no simulator.
std::unique_ptr<BenchDouble> make_bench_double(const Config& cfg, const std::filesystem::path& dir,
                                               unsigned seed_offset, const std::filesystem::path& pci_root = {});
// The card's link sysfs: the host's, or the simulated bench's fake one for a simulated config.
LinkSysfs bench_link_sysfs(const Config& cfg, const std::filesystem::path& results_dir, const std::string& device);
// The simulated card's environment for the tool and health commands (empty when not simulated).
std::map<std::string, std::string> bench_device_env(const Config& cfg, const std::filesystem::path& results_dir,
                                                    const std::string& device);

}  // namespace wb
