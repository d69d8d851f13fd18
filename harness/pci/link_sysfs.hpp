// The sysfs that holds a card's PCIe link: the host's, or a bench double's fake tree whose fake
// kernel answers the writes.
#pragma once
#include <filesystem>

#include "harness/pci/aspm_setting.hpp"

namespace wb {

struct LinkSysfs {
  std::filesystem::path root = "/";
  SysfsWrite write = write_sysfs_file;
};

}  // namespace wb
