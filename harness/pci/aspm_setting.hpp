// A card's PCIe link ASPM (device.aspm): set through the kernel's sysfs before a run, read back
// from the Link Control register, put back after. Per device through
// /sys/bus/pci/devices/<bdf>/link/{l0s,l1}_aspm (Linux 5.5+, present only where the OS owns
// ASPM and the link supports the state: drivers/pci/pcie/aspm.c, aspm_ctrl_attrs_are_visible),
// else through the global /sys/module/pcie_aspm/parameters/policy (which the kernel refuses with
// EPERM when ASPM is disabled: pcie_aspm=off or firmware that kept ASPM control, FADT/_OSC).
// Paths are under `root`, so a test or the simulated bench can give a fake tree.
#pragma once
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/pci/link_control.hpp"

namespace wb {

// Writes `text` to a sysfs attribute; 0 or the errno of the failing open/write. Injectable: the
// simulated bench's fake kernel answers in its place.
using SysfsWrite = std::function<int(const std::filesystem::path& file, const std::string& text)>;
int write_sysfs_file(const std::filesystem::path& file, const std::string& text);

// The link's ASPM Control field from <root>/sys/bus/pci/devices/<bdf>/config.
LinkControlRead read_link_aspm(const std::filesystem::path& root, const std::string& bdf);

struct AspmRecord {
  std::string requested;  // l1 | l0s-l1 | off | default
  std::string method;     // how it was set: "link/l0s_aspm=0, link/l1_aspm=1", "policy powersave", "unchanged"
  std::string before;     // read back before the change ("" unknown)
  std::string state;      // read back after: what the run measured ("" unknown)
  std::string readback_error;
  std::string restore_error;  // filled by restore()
};
nlohmann::json to_json(const AspmRecord& r);

// The write was refused, or the link did not take the state: the reason names the file, the
// errno and what the kernel or firmware is known to mean by it.
class AspmError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class AspmSetting {
 public:
  // Sets `requested` on the link of `bdf`; throws AspmError (after putting back what it
  // changed). "default" changes nothing and only reads back.
  AspmSetting(std::filesystem::path root, std::string bdf, const std::string& requested,
              SysfsWrite write = write_sysfs_file);
  ~AspmSetting();
  AspmSetting(const AspmSetting&) = delete;
  AspmSetting& operator=(const AspmSetting&) = delete;

  const AspmRecord& record() const { return m_record; }
  // Puts back what the constructor changed, newest first; "" or why not. Once.
  std::string restore();

 private:
  struct Change {
    std::filesystem::path file;
    std::string previous;
  };
  void change(const std::filesystem::path& file, const std::string& text, const std::string& previous);

  std::filesystem::path m_root;
  std::string m_bdf;
  SysfsWrite m_write;
  std::vector<Change> m_changes;
  AspmRecord m_record;
  bool m_restored = false;
};

}  // namespace wb
