// The kernel log over a run, as data: parsing /dev/kmsg records and `journalctl -k -o
// short-monotonic` lines, and finding the lines that tell of a device or driver in trouble
// (the adapter's patterns, the PCIe ones every card shares, and the config's own). Pure.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/plugin/tool_kind.hpp"

namespace wb {

// One kernel message: its time on CLOCK_MONOTONIC (the steady clock) where the source gave one.
struct KernelRecord {
  std::optional<double> monotonic_s;
  int level = -1;  // syslog level 0 (emerg) .. 7 (debug), -1 unknown
  std::string text;
};

// /dev/kmsg (Documentation/ABI/testing/dev-kmsg): "<prio>,<seq>,<usec>,<flags>[,…];<text>";
// continuation lines (" KEY=value") are not records. nullopt for anything else.
std::optional<KernelRecord> parse_kmsg_record(std::string_view line);
// journalctl -o short-monotonic: "[  123.456789] host kernel: text".
std::optional<KernelRecord> parse_journal_line(std::string_view line);

// A line of the run folder's kernel.log: time on the run clock (NaN unknown), level, text.
struct KernelLine {
  double t_s = 0;
  int level = -1;
  std::string text;
};

struct KernelFinding {
  double t_s = 0;  // run clock; NaN when the source gave no time
  std::string label, text;
};

// Every card's: PCIe AER and link events, DPC, hung tasks and oopses (drivers/pci/pcie/aer.c,
// drivers/pci/hotplug/pciehp_ctrl.c, kernel/hung_task.c).
std::vector<KernelPattern> common_kernel_patterns();
// The tool's, the common ones and the config's extra regexes (labelled "config").
std::vector<KernelPattern> kernel_patterns_for(const std::string& tool, const std::vector<std::string>& extra);
// The matching lines, in order; each line counts once (its first matching pattern).
std::vector<KernelFinding> find_kernel_lines(const std::vector<KernelLine>& lines,
                                             const std::vector<KernelPattern>& patterns);

// kernel.log's line format: "<t_s>\t<level>\t<text>" (t_s empty when unknown).
std::string kernel_log_line(const KernelLine& l);
std::optional<KernelLine> parse_kernel_log_line(const std::string& line);

}  // namespace wb
