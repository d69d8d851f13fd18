// Fake sysfs link: a 256-byte config space file and the ASPM attributes, kept consistent.
#include "sim/bench/fake_pci_link.hpp"

#include <cerrno>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>

namespace wb::sim {

namespace fs = std::filesystem;

namespace {
// The fake's own layout: PM capability at 0x40, MSI at 0x50, PCI Express at 0x70.
constexpr std::size_t kPcieCap = 0x70;
constexpr std::size_t kLinkCap = kPcieCap + 0x0c, kLinkControl = kPcieCap + 0x10, kLinkStatus = kPcieCap + 0x12;
const char* const kPolicies[] = {"default", "performance", "powersave", "powersupersave"};

unsigned state_bits(const std::string& s, const char* key) {
  if (s == "off") return 0;
  if (s == "l0s") return 1;
  if (s == "l1") return 2;
  if (s == "l0s-l1") return 3;
  throw std::invalid_argument(std::string("sim.") + key + ": '" + s + "': expected off, l0s, l1 or l0s-l1");
}

fs::path dev_dir(const fs::path& root, const std::string& bdf) { return root / "sys/bus/pci/devices" / bdf; }
fs::path policy_path(const fs::path& root) { return root / "sys/module/pcie_aspm/parameters/policy"; }

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
void put(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
}

unsigned control_bits(const fs::path& root, const std::string& bdf) {
  std::string c = slurp(dev_dir(root, bdf) / "config");
  return c.size() > kLinkControl ? static_cast<unsigned char>(c[kLinkControl]) & 3u : 0u;
}

// Programs Link Control and makes the link/ attributes show what is enabled (aspm_attr_show_common).
void set_control(const fs::path& root, const std::string& bdf, unsigned bits) {
  fs::path dev = dev_dir(root, bdf);
  std::string c = slurp(dev / "config");
  if (c.size() <= kLinkControl) return;
  c[kLinkControl] = static_cast<char>((static_cast<unsigned char>(c[kLinkControl]) & ~3u) | bits);
  put(dev / "config", c);
  if (fs::exists(dev / "link/l0s_aspm")) put(dev / "link/l0s_aspm", (bits & 1u) ? "1\n" : "0\n");
  if (fs::exists(dev / "link/l1_aspm")) put(dev / "link/l1_aspm", (bits & 2u) ? "1\n" : "0\n");
}

void put_policy(const fs::path& root, const std::string& active) {
  std::string line;
  for (const char* p : kPolicies)
    line += (line.empty() ? "" : " ") + (p == active ? "[" + active + "]" : std::string(p));
  put(policy_path(root), line + "\n");
}

std::optional<bool> kstrtobool(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  if (s.empty()) return std::nullopt;
  switch (s[0]) {
    case '1':
    case 'y':
    case 'Y':
      return true;
    case '0':
    case 'n':
    case 'N':
      return false;
    case 'o':
    case 'O':
      if (s.size() > 1 && (s[1] == 'n' || s[1] == 'N')) return true;
      if (s.size() > 1 && (s[1] == 'f' || s[1] == 'F')) return false;
      return std::nullopt;
    default:
      return std::nullopt;
  }
}
}  // namespace

void make_fake_pci_tree(const fs::path& root, const std::string& bdf, const SimParams& p) {
  unsigned support = state_bits(p.aspm_support, "aspm_support");
  unsigned initial = state_bits(p.aspm_initial, "aspm_initial") & support;
  fs::path dev = dev_dir(root, bdf);
  if (fs::exists(dev / "config")) return;
  std::string c(256, '\0');
  auto w16 = [&](std::size_t at, unsigned v) {
    c[at] = static_cast<char>(v & 0xff);
    c[at + 1] = static_cast<char>((v >> 8) & 0xff);
  };
  w16(0x00, 0x1d1d);  // placeholder IDs: the simulator does not model enumeration
  w16(0x02, 0x0001);
  w16(0x06, 0x0010);  // status: capability list
  c[0x0e] = 0x00;     // header type 0 (endpoint)
  c[0x34] = 0x40;
  w16(0x40, 0x5001);  // power management, next at 0x50
  w16(0x50, 0x7005);  // MSI, next at 0x70
  w16(kPcieCap, 0x0010);
  w16(kPcieCap + 0x02, 0x0002);                    // capability version 2, type 0: PCI Express endpoint
  w16(kLinkCap, 0x0043 | ((support & 3u) << 10));  // Gen3 (8 GT/s), x4, ASPM support bits 11:10
  w16(kLinkStatus, 0x0043);
  put(dev / "config", c);
  put(dev / "current_link_speed", "8.0 GT/s PCIe\n");
  put(dev / "current_link_width", "4\n");
  if (p.aspm_os_control != 0 && p.aspm_per_device != 0) {
    if (support & 1u) put(dev / "link/l0s_aspm", "0\n");
    if (support & 2u) put(dev / "link/l1_aspm", "0\n");
  }
  put_policy(root, "default");
  set_control(root, bdf, initial);
}

int fake_kernel_write(const fs::path& root, const std::string& bdf, const SimParams& p, const fs::path& file,
                      const std::string& text) {
  if (!fs::exists(file)) return ENOENT;
  unsigned support = state_bits(p.aspm_support, "aspm_support");
  fs::path dev = dev_dir(root, bdf);
  if (file == policy_path(root)) {
    std::string word = text;
    while (!word.empty() && (word.back() == '\n' || word.back() == ' ')) word.pop_back();
    bool known = false;
    for (const char* k : kPolicies) known |= word == k;
    if (!known) return EINVAL;
    if (p.aspm_os_control == 0) return EPERM;  // pcie_aspm_set_policy: aspm_disabled
    put_policy(root, word);
    unsigned bits = word == "performance" ? 0u : word == "default" ? state_bits(p.aspm_initial, "aspm_initial") : 3u;
    set_control(root, bdf, bits & support);
    return 0;
  }
  for (auto [name, bit] : {std::pair<const char*, unsigned>{"l0s_aspm", 1u}, {"l1_aspm", 2u}}) {
    if (file != dev / "link" / name) continue;
    auto on = kstrtobool(text);
    if (!on) return EINVAL;
    unsigned bits = control_bits(root, bdf);
    bits = *on ? (bits | bit) : (bits & ~bit);
    set_control(root, bdf, bits & support);
    return 0;
  }
  return EACCES;  // any other attribute: read-only to the simulation
}

double idle_for_link(const fs::path& root, const std::string& bdf, const SimParams& p) {
  bool l1 = (control_bits(root, bdf) & 2u) != 0;
  return l1 || p.idle_aspm_off_w < 0 ? p.idle_w : p.idle_aspm_off_w;  // L0s alone saves little at idle: not modelled
}

}  // namespace wb::sim
