// The simulated host's PCI sysfs for one card: its config space with the PCI Express capability
// (Link Capabilities ASPM Support, Link Control ASPM Control; PCI Express Base spec 7.5.3.6/7),
// the per-device link/{l0s,l1}_aspm switches and the global pcie_aspm policy, under a root
// folder in the results folder. fake_kernel_write answers a write as Linux's
// drivers/pci/pcie/aspm.c does (torvalds/linux, v6.6: aspm_attr_store_common takes a kstrtobool
// and reprograms the link; pcie_aspm_set_policy returns -EPERM when ASPM is disabled; the link/
// attributes exist only for states the link supports, and only where the OS owns ASPM), and
// the card's idle power follows the state the register shows.
#pragma once
#include <filesystem>
#include <string>

#include "sim/bench/sim_params.hpp"

namespace wb::sim {

// Creates the tree with the link in p.aspm_initial; an existing tree (a resumed folder) is kept.
// Throws std::invalid_argument for an aspm_support / aspm_initial that is not a state.
void make_fake_pci_tree(const std::filesystem::path& root, const std::string& bdf, const SimParams& p);

// The kernel's answer to writing `text` to `file`: 0, or the errno the real store returns.
int fake_kernel_write(const std::filesystem::path& root, const std::string& bdf, const SimParams& p,
                      const std::filesystem::path& file, const std::string& text);

// The card's idle watts for the ASPM state its Link Control register holds now.
double idle_for_link(const std::filesystem::path& root, const std::string& bdf, const SimParams& p);

}  // namespace wb::sim
