// Scanning the bench for `wattbench init`.
#include "harness/init/bench_scan.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "harness/plugin/tool_kind.hpp"
#include "probes/hwmon/protocol.hpp"
#include "probes/i2c/libftdi_port.hpp"

namespace wb {

namespace fs = std::filesystem;

namespace {
// PCI vendors with an adapter. Sources: pci.ids 2023.04.11 (Hailo 1e60, NVIDIA 10de); MemryX's
// memx PCIe driver (MEMRYX_VENDOR_ID 0x0559); reference/vendor-formats.md (Axelera, sysfs
// vendor 0x1f9d). DeepX's vendor ID is in no source we have: a DX-M1 shows as an unknown
// processing accelerator (class 0x12).
struct KnownVendor {
  unsigned vendor;
  const char *manufacturer, *accelerator, *tool;
  bool any_class;  // NVIDIA makes more than accelerators: only its 3D/VGA/accelerator classes count
};
constexpr KnownVendor kVendors[] = {
    {0x1e60, "Hailo", "Hailo-8", "hailortcli", true},
    {0x1f9d, "Axelera", "Metis", "axelera", true},
    {0x0559, "MemryX", "MX3", "acclBench", true},
    {0x10de, "NVIDIA", "GPU", "trtexec", false},
};
constexpr unsigned kClassProcessingAccelerator = 0x12, kClassDisplay = 0x03;

unsigned read_hex(const fs::path& p) {
  std::ifstream in(p);
  std::string s;
  in >> s;
  try {
    return static_cast<unsigned>(std::stoul(s, nullptr, 16));
  } catch (const std::exception&) {
    return 0;
  }
}

std::vector<AcceleratorFound> scan_pci(const fs::path& root) {
  std::vector<AcceleratorFound> out;
  std::error_code ec;
  fs::path devices = root / "bus/pci/devices";
  if (!fs::is_directory(devices, ec)) return out;
  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(devices, ec)) dirs.push_back(e.path());
  std::sort(dirs.begin(), dirs.end());
  for (const auto& d : dirs) {
    AcceleratorFound a;
    a.pci_address = d.filename().string();
    a.vendor = read_hex(d / "vendor");
    a.device = read_hex(d / "device");
    a.pci_class = read_hex(d / "class");
    unsigned base_class = a.pci_class >> 16;
    auto known = std::find_if(std::begin(kVendors), std::end(kVendors),
                              [&](const KnownVendor& v) { return v.vendor == a.vendor; });
    if (known != std::end(kVendors) &&
        (known->any_class || base_class == kClassDisplay || base_class == kClassProcessingAccelerator)) {
      a.manufacturer = known->manufacturer;
      a.accelerator = known->accelerator;
      a.tool = known->tool;
      out.push_back(a);
    } else if (base_class == kClassProcessingAccelerator) {
      out.push_back(a);
    }
  }
  return out;
}

std::vector<ToolFound> scan_path(const std::string& path) {
  std::vector<ToolFound> out;
  std::vector<fs::path> dirs;
  std::stringstream ss(path);
  for (std::string d; std::getline(ss, d, ':');)
    if (!d.empty()) dirs.push_back(d);
  for (const Adapter* a : tool_kinds()) {
    if (a->name() == "generic") continue;
    for (const auto& d : dirs) {
      fs::path p = d / a->default_executable();
      if (::access(p.c_str(), X_OK) == 0) {
        out.push_back({a->name(), p});
        break;
      }
    }
  }
  return out;
}

std::string ftdi_url(const FtdiDeviceInfo& d) {
  return d.serial.empty() ? fmt::format("ftdi://ftdi:232h:{:x}:{:x}/1", d.bus, d.address)
                          : "ftdi://ftdi:232h:" + d.serial + "/1";
}
}  // namespace

bool BenchScan::no_probe() const {
  bool ina = std::any_of(ftdi.begin(), ftdi.end(), [](const FtdiAdapterFound& f) {
    return std::any_of(f.chips.begin(), f.chips.end(), [](const FoundChip& c) { return !c.kind.empty(); });
  });
  return !ina && hwmon.empty();
}

BenchScan scan_bench(const BenchScanOptions& opt) {
  BenchScan s;
  if (opt.usb) {
    constexpr std::uint16_t kFtdiVendor = 0x0403, kFt232hProduct = 0x6014;
    auto attached = list_ftdi_devices(kFtdiVendor, kFt232hProduct);
    for (std::size_t i = 0; i < attached.size(); ++i) {
      FtdiAdapterFound f;
      f.url = ftdi_url(attached[i]);
      f.label = describe_ftdi_device(attached[i], i + 1);
      try {
        f.chips = identify_ina_chips_on_ftdi(f.url);
      } catch (const std::exception& e) {
        f.error = e.what();
      }
      s.ftdi.push_back(f);
    }
  }
  for (const auto& chip : hwmon::discover(opt.sysfs_root / "class/hwmon"))
    if (chip.has_power()) s.hwmon.push_back({chip.dir, chip.name});
  s.accelerators = scan_pci(opt.sysfs_root);
  s.tools = scan_path(opt.path);
  return s;
}

}  // namespace wb
