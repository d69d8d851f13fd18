// `wattbench probes` (what is attached; does each configured probe open and read?) and
// `wattbench monitor` (live readings until q or Ctrl-C, optionally logged to CSV).
#pragma once
#include <atomic>
#include <filesystem>
#include <ostream>

#include "harness/config/config.hpp"

namespace wb {

void list_attached(std::ostream& out, const std::filesystem::path& hwmon_root);
// Returns 0 when every probe opened and gave valid readings, 1 otherwise.
int check_probes(const Config& cfg, const std::filesystem::path& tools_dir, std::ostream& out);

struct MonitorOptions {
  std::filesystem::path csv_dir;  // empty: no logging; else power-<probe>.csv files here
  std::filesystem::path tools_dir;
  double duration_s = 0;  // 0: until stop
  bool tty = false;
  const std::atomic<bool>* stop = nullptr;
};
int monitor_probes(const Config& cfg, const MonitorOptions& opt, std::ostream& out);

}  // namespace wb
