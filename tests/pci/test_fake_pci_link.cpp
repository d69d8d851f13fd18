// The simulated host's PCI sysfs (sim/bench/fake_pci_link): answers writes as Linux's
// aspm.c does, and the card's idle follows the Link Control register.
#include <doctest/doctest.h>

#include <cerrno>
#include <filesystem>

#include "harness/pci/aspm_setting.hpp"
#include "sim/bench/fake_pci_link.hpp"

namespace fs = std::filesystem;

TEST_CASE(
    "fake pci link: kstrtobool words, register and switches kept consistent, idle by state, refusals as the kernel's") {
  auto root = fs::temp_directory_path() / "wattbench-fake-pci";
  fs::remove_all(root);
  const std::string bdf = "0000:05:00.0";
  wb::sim::SimParams p;
  p.idle_w = 0.74;
  p.idle_aspm_off_w = 1.04;
  p.aspm_initial = "l1";
  wb::sim::make_fake_pci_tree(root, bdf, p);
  auto dev = root / "sys/bus/pci/devices" / bdf;
  auto state = [&] { return wb::aspm_state_name(*wb::read_link_aspm(root, bdf).aspm_bits); };
  CHECK(state() == "l1");
  CHECK(wb::sim::idle_for_link(root, bdf, p) == p.idle_w);
  for (auto [text, want] :
       {std::pair<const char*, const char*>{"n", "off"}, {"on", "l1"}, {"0\n", "off"}, {"Y", "l1"}}) {
    CAPTURE(text);
    CHECK(wb::sim::fake_kernel_write(root, bdf, p, dev / "link/l1_aspm", text) == 0);
    CHECK(state() == want);
  }
  CHECK(wb::sim::fake_kernel_write(root, bdf, p, dev / "link/l1_aspm", "2") == EINVAL);
  CHECK(wb::sim::fake_kernel_write(root, bdf, p, dev / "link/l1_aspm", "0") == 0);
  CHECK(wb::sim::idle_for_link(root, bdf, p) == p.idle_aspm_off_w);
  CHECK(wb::sim::fake_kernel_write(root, bdf, p, dev / "current_link_speed", "x") == EACCES);
  // The global policy: powersave enables what the link supports, performance nothing.
  auto policy = root / "sys/module/pcie_aspm/parameters/policy";
  CHECK(wb::sim::fake_kernel_write(root, bdf, p, policy, "powersave") == 0);
  CHECK(state() == "l0s-l1");
  CHECK(wb::sim::fake_kernel_write(root, bdf, p, policy, "performance") == 0);
  CHECK(state() == "off");
  CHECK(wb::sim::fake_kernel_write(root, bdf, p, policy, "fastest") == EINVAL);
  // An existing tree is kept (a resumed folder keeps its link state).
  wb::sim::make_fake_pci_tree(root, bdf, p);
  CHECK(state() == "off");
  fs::remove_all(root);
  // Firmware that kept ASPM control: no link/ switches, the policy refused.
  p.aspm_os_control = 0;
  p.aspm_support = "l1";
  wb::sim::make_fake_pci_tree(root, bdf, p);
  CHECK_FALSE(fs::exists(dev / "link"));
  CHECK(wb::sim::fake_kernel_write(root, bdf, p, policy, "performance") == EPERM);
  CHECK(state() == "l1");
  fs::remove_all(root);
  p.aspm_initial = "sometimes";
  CHECK_THROWS_AS(wb::sim::make_fake_pci_tree(root, bdf, p), std::invalid_argument);
  fs::remove_all(root);
}
