// Kernel log records and findings.
#include "harness/analysis/kernel_findings.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "harness/util/printable.hpp"
#include "harness/util/regex.hpp"

namespace wb {

namespace {
std::optional<double> to_double(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}
}  // namespace

std::optional<KernelRecord> parse_kmsg_record(std::string_view line) {
  auto semi = line.find(';');
  if (semi == std::string_view::npos || line.empty() || line.front() == ' ') return std::nullopt;
  std::string_view head = line.substr(0, semi);
  std::vector<std::string_view> fields;
  for (std::size_t start = 0;;) {
    auto comma = head.find(',', start);
    fields.push_back(head.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (fields.size() < 4) return std::nullopt;
  auto prio = to_double(fields[0]), seq = to_double(fields[1]), usec = to_double(fields[2]);
  if (!prio || !seq || !usec) return std::nullopt;
  KernelRecord r;
  r.level = static_cast<int>(*prio) & 7;  // the low 3 bits are the level, the rest the facility
  r.monotonic_s = *usec / 1e6;
  r.text = std::string(line.substr(semi + 1));
  while (!r.text.empty() && (r.text.back() == '\n' || r.text.back() == '\r')) r.text.pop_back();
  return r;
}

std::optional<KernelRecord> parse_journal_line(std::string_view line) {
  if (line.size() < 3 || line.front() != '[') return std::nullopt;
  auto close = line.find(']');
  if (close == std::string_view::npos) return std::nullopt;
  auto t = to_double(line.substr(1, close - 1));
  if (!t) return std::nullopt;
  KernelRecord r;
  r.monotonic_s = *t;
  std::string_view rest = line.substr(close + 1);
  // " host kernel: text": the text after the first "kernel: ".
  if (auto k = rest.find("kernel: "); k != std::string_view::npos) rest = rest.substr(k + 8);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  r.text = std::string(rest);
  return r;
}

std::vector<KernelPattern> common_kernel_patterns() {
  return {
      // drivers/pci/pcie/aer.c: "PCIe Bus Error: severity=%s, type=%s, (%s)"; "AER: ... error received"
      {"PCIe AER", R"(PCIe Bus Error: severity=|AER: .*error (received|message))"},
      // drivers/pci/hotplug/pciehp_ctrl.c: "Slot(%s): Link Down"; drivers/pci/pcie/dpc.c: "DPC: containment event"
      {"PCIe link", R"([Ll]ink [Dd]own|DPC: containment event)"},
      {"device lost", R"(not responding|device lost|fallen off the bus)"},
      // kernel/hung_task.c: "INFO: task %s:%d blocked for more than %ld seconds."
      {"hung task", R"(blocked for more than \d+ seconds)"},
      {"kernel oops", R"(BUG: |Oops|Call Trace:|general protection fault|watchdog: BUG: soft lockup)"},
  };
}

std::vector<KernelPattern> kernel_patterns_for(const std::string& tool, const std::vector<std::string>& extra) {
  std::vector<KernelPattern> out;
  if (const Adapter* a = find_tool(tool))
    for (auto& p : a->kernel_patterns()) out.push_back(p);
  for (auto& p : common_kernel_patterns()) out.push_back(p);
  for (const auto& e : extra) out.push_back({"config", e});
  return out;
}

std::vector<KernelFinding> find_kernel_lines(const std::vector<KernelLine>& lines,
                                             const std::vector<KernelPattern>& patterns) {
  std::vector<std::pair<std::string, rx::regex>> compiled;
  for (const auto& p : patterns) {
    try {
      compiled.emplace_back(p.label, rx::regex(p.regex));
    } catch (const rx::error&) {
      // The config's regexes are checked at load; an adapter's bad one must not stop the analysis.
    }
  }
  std::vector<KernelFinding> out;
  for (const auto& l : lines)
    for (const auto& [label, re] : compiled)
      if (rx::search(l.text, re)) {
        out.push_back({l.t_s, label, l.text});
        break;
      }
  return out;
}

std::string kernel_log_line(const KernelLine& l) {
  std::string text = printable(l.text);
  for (char& c : text)
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  return fmt::format("{}\t{}\t{}", std::isnan(l.t_s) ? std::string() : fmt::format("{:.6f}", l.t_s), l.level, text);
}

std::optional<KernelLine> parse_kernel_log_line(const std::string& line) {
  auto a = line.find('\t');
  if (a == std::string::npos) return std::nullopt;
  auto b = line.find('\t', a + 1);
  if (b == std::string::npos) return std::nullopt;
  KernelLine l;
  auto t = to_double(std::string_view(line).substr(0, a));
  l.t_s = t ? *t : NAN;
  auto lv = to_double(std::string_view(line).substr(a + 1, b - a - 1));
  l.level = lv ? static_cast<int>(*lv) : -1;
  l.text = line.substr(b + 1);
  return l;
}

}  // namespace wb
