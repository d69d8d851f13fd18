// The PCIe Link Control register's ASPM Control field (bits 1:0), found in a device's config
// space (sysfs `config`) by walking its capability list to the PCI Express capability (ID 0x10).
// Offsets from the PCI Local Bus and PCI Express Base specifications (and the kernel's
// include/uapi/linux/pci_regs.h names: PCI_STATUS_CAP_LIST, PCI_CAPABILITY_LIST, PCI_EXP_LNKCTL).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wb {

// What device.aspm may ask for.
inline const std::vector<std::string> kAspmRequests = {"l1", "l0s-l1", "off", "default"};

struct LinkControlRead {
  std::optional<unsigned> aspm_bits;  // 0 disabled, 1 L0s, 2 L1, 3 L0s and L1; nullopt: unreadable
  std::optional<unsigned> pcie_cap_offset;
  std::string error;  // why aspm_bits is unknown
};

// `config`: the bytes read from the config file (64 for an unprivileged reader, 256 or 4096 for root).
LinkControlRead parse_link_control(std::string_view config);

// The ASPM Control field as a config word: "off", "l0s", "l1", "l0s-l1".
std::string aspm_state_name(unsigned bits);
// For people: "L1", "L0s L1", "L0s", "off"; "" stays "" (unknown).
std::string aspm_state_label(std::string_view name);
// The inverse for the states device.aspm can ask for; nullopt for "default" or anything else.
std::optional<unsigned> aspm_state_bits(std::string_view name);

}  // namespace wb
