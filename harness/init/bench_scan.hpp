// What is attached to this machine, for `wattbench init`: FT232H adapters and the INA2xx chips
// that answer on them, hwmon chips with power readings, accelerators on PCIe by vendor ID (or
// class "processing accelerator"), and the vendor benchmark tools on PATH.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "probes/i2c/ina_identify.hpp"

namespace wb {

struct BenchScanOptions {
  std::filesystem::path sysfs_root = "/sys";  // PCI under bus/pci/devices, hwmon under class/hwmon
  std::string path;                           // PATH to search for tools ("" = none)
  bool usb = true;                            // open FT232H adapters and scan their I2C bus
};

struct FtdiAdapterFound {
  std::string url;    // for a probe's `device`
  std::string label;  // what `wattbench probes` prints for it
  std::vector<FoundChip> chips;
  std::string error;  // why it could not be scanned (permission, busy)
};

struct HwmonFound {
  std::filesystem::path dir;
  std::string name;
};

struct AcceleratorFound {
  std::string pci_address;
  unsigned vendor = 0, device = 0, pci_class = 0;
  std::string manufacturer, accelerator;  // "" when the vendor is not one wattbench knows
  std::string tool;                       // the adapter for its vendor's benchmark tool, "" if none
};

struct ToolFound {
  std::string tool;  // adapter name
  std::filesystem::path path;
};

struct BenchScan {
  std::vector<FtdiAdapterFound> ftdi;
  std::vector<HwmonFound> hwmon;
  std::vector<AcceleratorFound> accelerators;
  std::vector<ToolFound> tools;
  // Nothing to measure with: no INA on any adapter and no hwmon power chip.
  bool no_probe() const;
};

BenchScan scan_bench(const BenchScanOptions& opt);

}  // namespace wb
