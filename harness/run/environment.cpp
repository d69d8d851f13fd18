// Reads host facts from procfs/sysfs.
#include "harness/run/environment.hpp"
#include "harness/util/read_text.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>
#include "harness/util/regex.hpp"

namespace wb {

namespace {
std::string field(const std::string& text, const std::string& key, char sep) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(key, 0) != 0) continue;
    auto pos = line.find(sep);
    if (pos == std::string::npos) continue;
    std::string v = line.substr(pos + 1);
    v.erase(0, v.find_first_not_of(" \t\""));
    while (!v.empty() && (v.back() == '"' || v.back() == ' ')) v.pop_back();
    return v;
  }
  return "";
}
}  // namespace

nlohmann::json snapshot_environment(const std::filesystem::path& root, const std::string& pcie) {
  nlohmann::json j;
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  j["host"] = host;
  utsname u{};
  if (::uname(&u) == 0) {
    j["kernel"] = std::string(u.release);
    j["arch"] = std::string(u.machine);
  }
  j["os"] = field(read_text_file(root / "etc/os-release"), "PRETTY_NAME", '=');
  j["cpu"] = field(read_text_file(root / "proc/cpuinfo"), "model name", ':');
  j["cores"] = std::thread::hardware_concurrency();
  j["memory_kib"] = field(read_text_file(root / "proc/meminfo"), "MemTotal", ':');
  auto policy = read_text_file(root / "sys/module/pcie_aspm/parameters/policy");
  // The active policy is the bracketed word: "default [performance] powersave powersupersave".
  rx::smatch m;
  j["aspm_policy"] = rx::search(policy, m, rx::regex(R"(\[(\w+)\])")) ? m[1].str() : policy;
  if (!pcie.empty()) {
    auto dev = root / "sys/bus/pci/devices" / pcie;
    nlohmann::json p{{"address", pcie}};
    if (!std::filesystem::exists(dev)) {
      p["error"] = "no such PCI device";
    } else {
      for (const char* f :
           {"current_link_speed", "current_link_width", "max_link_speed", "max_link_width", "vendor", "device"})
        p[f] = read_text_file(dev / f);
      // Per-device ASPM switches (Linux 5.5+): "1" = the link may enter that state.
      for (const char* f : {"l0s_aspm", "l1_aspm", "l1_1_aspm", "l1_2_aspm"})
        if (std::filesystem::exists(dev / "link" / f)) p[std::string("link_") + f] = read_text_file(dev / "link" / f);
      p["runtime_pm"] = read_text_file(dev / "power" / "control");
    }
    j["pcie"] = p;
  }
  return j;
}

}  // namespace wb
