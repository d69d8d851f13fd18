// Setting, reading back and restoring a link's ASPM state through sysfs.
#include "harness/pci/aspm_setting.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

#include "harness/util/read_text.hpp"

namespace wb {

namespace fs = std::filesystem;

namespace {
constexpr std::size_t kMaxConfigSpace = 4096;  // PCIe extended config space

fs::path device_dir(const fs::path& root, const std::string& bdf) { return root / "sys/bus/pci/devices" / bdf; }
fs::path policy_file(const fs::path& root) { return root / "sys/module/pcie_aspm/parameters/policy"; }

// What the kernel means by an errno from these attributes.
std::string errno_meaning(int err, bool policy) {
  std::string name = strerrorname_np(err) ? strerrorname_np(err) : std::to_string(err);
  std::string text = fmt::format("{} ({})", name, std::strerror(err));
  if (err == EACCES) return text + ": writing ASPM attributes needs root";
  if (err == EPERM && policy)
    return text + ": the kernel has ASPM disabled (pcie_aspm=off, or the BIOS kept ASPM control: ACPI FADT/_OSC)";
  if (err == EPERM) return text + ": the kernel or firmware does not let the OS change this link's ASPM";
  if (err == EINVAL) return text + ": the kernel rejected the value";
  return text;
}

// "default [performance] powersave powersupersave" -> "performance".
std::string active_policy(const std::string& text) {
  auto open = text.find('['), close = text.find(']');
  return open != std::string::npos && close != std::string::npos && close > open
             ? text.substr(open + 1, close - open - 1)
             : "";
}
}  // namespace

int write_sysfs_file(const fs::path& file, const std::string& text) {
  int fd = ::open(file.c_str(), O_WRONLY | O_TRUNC | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return errno;
  struct stat st {};
  int err = 0;
  if (::fstat(fd, &st) != 0)
    err = errno;
  else if (!S_ISREG(st.st_mode))
    err = EINVAL;  // sysfs attributes are regular files; a FIFO or device is not one
  else if (::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size()))
    err = errno ? errno : EIO;
  ::close(fd);
  return err;
}

LinkControlRead read_link_aspm(const fs::path& root, const std::string& bdf) {
  fs::path config = device_dir(root, bdf) / "config";
  try {
    return parse_link_control(read_file_capped(config, kMaxConfigSpace));
  } catch (const std::exception& e) {
    LinkControlRead r;
    r.error = fmt::format("{}: cannot read: {}", config.string(), e.what());
    return r;
  }
}

nlohmann::json to_json(const AspmRecord& r) {
  auto or_null = [](const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); };
  return {{"requested", r.requested},
          {"method", r.method},
          {"before", or_null(r.before)},
          {"state", or_null(r.state)},
          {"readback_error", or_null(r.readback_error)},
          {"restore_error", or_null(r.restore_error)}};
}

void AspmSetting::change(const fs::path& file, const std::string& text, const std::string& previous) {
  if (int err = m_write(file, text); err != 0) {
    std::string why = fmt::format("cannot set ASPM {} on {}: writing '{}' to {}: {}", m_record.requested, m_bdf, text,
                                  file.string(), errno_meaning(err, file == policy_file(m_root)));
    if (auto r = restore(); !r.empty()) why += "; " + r;
    throw AspmError(why);
  }
  m_changes.push_back({file, previous});
}

AspmSetting::AspmSetting(fs::path root, std::string bdf, const std::string& requested, SysfsWrite write)
    : m_root(std::move(root)), m_bdf(std::move(bdf)), m_write(std::move(write)) {
  m_record.requested = requested;
  fs::path dev = device_dir(m_root, m_bdf);
  if (!fs::exists(dev)) {
    // Nothing asked of the link: the run goes on with the state unknown (as the environment record says).
    if (requested == "default") {
      m_record.method = "unchanged";
      m_record.readback_error = fmt::format("no PCI device {} ({} is missing)", m_bdf, dev.string());
      return;
    }
    throw AspmError(
        fmt::format("cannot set ASPM {}: no PCI device {} ({} is missing)", requested, m_bdf, dev.string()));
  }
  auto before = read_link_aspm(m_root, m_bdf);
  if (before.aspm_bits) m_record.before = aspm_state_name(*before.aspm_bits);
  auto want = aspm_state_bits(requested);
  if (requested == "default") {
    m_record.method = "unchanged";
  } else if (!want) {
    throw AspmError(fmt::format("ASPM '{}': expected l1, l0s-l1, off or default", requested));
  } else if (fs::path link = dev / "link"; fs::is_directory(link)) {
    // The kernel lists only the states the link supports: a missing file is a state it cannot enter.
    std::string method;
    for (auto [name, bit] : {std::pair<const char*, unsigned>{"l0s_aspm", 1u}, {"l1_aspm", 2u}}) {
      fs::path f = link / name;
      bool on = (*want & bit) != 0;
      if (!fs::exists(f)) {
        if (on)
          throw AspmError(
              fmt::format("cannot set ASPM {} on {}: the link does not support {} ({} is absent: the kernel shows only "
                          "the states both ends of the link support)",
                          requested, m_bdf, bit == 1 ? "L0s" : "L1", f.string()));
        continue;
      }
      std::string previous = read_text_file(f);
      change(f, on ? "1" : "0", previous);
      method += fmt::format("{}link/{}={}", method.empty() ? "" : ", ", name, on ? 1 : 0);
    }
    m_record.method = method;
  } else {
    // No per-device switches (a kernel before 5.5): the global policy, which covers every link.
    fs::path policy = policy_file(m_root);
    if (!fs::exists(policy))
      throw AspmError(
          fmt::format("cannot set ASPM {} on {}: neither {} nor {} exists (a kernel built without CONFIG_PCIEASPM)",
                      requested, m_bdf, link.string(), policy.string()));
    std::string previous = active_policy(read_text_file(policy));
    std::string word = *want == 0 ? "performance" : "powersave";
    change(policy, word, previous);
    m_record.method = "policy " + word;
  }
  auto after = read_link_aspm(m_root, m_bdf);
  if (after.aspm_bits)
    m_record.state = aspm_state_name(*after.aspm_bits);
  else
    m_record.readback_error = after.error;
  // The kernel enables only what both ends support and what its policy allows: a state the
  // register does not show was not set, whatever the write said.
  if (want && after.aspm_bits && *after.aspm_bits != *want) {
    std::string why =
        fmt::format("cannot set ASPM {} on {}: after {} the link control register reads {}{}", requested, m_bdf,
                    m_record.method, m_record.state,
                    m_record.method.rfind("policy", 0) == 0 ? " (the global policy cannot enable L1 without L0s)" : "");
    if (auto r = restore(); !r.empty()) why += "; " + r;
    throw AspmError(why);
  }
}

std::string AspmSetting::restore() {
  if (m_restored) return m_record.restore_error;
  m_restored = true;
  std::string errors;
  for (auto it = m_changes.rbegin(); it != m_changes.rend(); ++it) {
    if (it->previous.empty()) continue;  // unreadable before: nothing known to put back
    if (int err = m_write(it->file, it->previous); err != 0)
      errors += fmt::format("{}could not restore {} to '{}': {}", errors.empty() ? "" : "; ", it->file.string(),
                            it->previous, errno_meaning(err, it->file == policy_file(m_root)));
  }
  m_record.restore_error = errors;
  return errors;
}

AspmSetting::~AspmSetting() { restore(); }

}  // namespace wb
