// Environment snapshot on a fake procfs/sysfs root.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "harness/run/environment.hpp"

namespace fs = std::filesystem;

static void put(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text << "\n";
}

TEST_CASE("environment: OS, CPU, memory, ASPM policy and the accelerator's PCIe link from a fake root") {
  auto root = fs::temp_directory_path() / "wattbench-env-root";
  fs::remove_all(root);
  put(root / "etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian");
  put(root / "proc/cpuinfo", "processor\t: 0\nmodel name\t: Intel(R) Core(TM) i5-1340P");
  put(root / "proc/meminfo", "MemTotal:       32594112 kB");
  put(root / "sys/module/pcie_aspm/parameters/policy", "default [powersupersave] performance powersave");
  auto dev = root / "sys/bus/pci/devices/0000:01:00.0";
  put(dev / "current_link_speed", "8.0 GT/s PCIe");
  put(dev / "current_link_width", "4");
  put(dev / "link/l1_aspm", "1");
  put(dev / "power/control", "auto");
  auto j = wb::snapshot_environment(root, "0000:01:00.0");
  CHECK(j["os"] == "Debian GNU/Linux 12 (bookworm)");
  CHECK(j["cpu"] == "Intel(R) Core(TM) i5-1340P");
  CHECK(j["memory_kib"] == "32594112 kB");
  CHECK(j["aspm_policy"] == "powersupersave");
  CHECK(j["pcie"]["current_link_speed"] == "8.0 GT/s PCIe");
  CHECK(j["pcie"]["current_link_width"] == "4");
  CHECK(j["pcie"]["link_l1_aspm"] == "1");
  CHECK(j["pcie"]["runtime_pm"] == "auto");
  CHECK(wb::snapshot_environment(root, "0000:02:00.0")["pcie"]["error"] == "no such PCI device");
  fs::remove_all(root);
}
