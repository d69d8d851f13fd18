// Method block: facts gathered from the variants' identities and runs.
#include "harness/campaign/method_block.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "harness/report/format.hpp"
#include "harness/report/svg.hpp"

namespace wb {

namespace {
std::string or_unrecorded(const std::string& s) { return s.empty() ? "not recorded" : s; }

std::string joined(const std::set<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : "; ") + i;
  return out;
}

std::string range(double lo, double hi, const char* fmt_one) {
  return lo == hi
             ? fmt::format(fmt::runtime(fmt_one), lo)
             : fmt::format("{} to {}", fmt::format(fmt::runtime(fmt_one), lo), fmt::format(fmt::runtime(fmt_one), hi));
}
}  // namespace

std::string campaign_card_label(const Summary& s, const std::string& card) {
  for (const auto& v : s.variants)
    if (v.params.value("card", "") == card && !v.identity.card.product.empty()) return card_label(v.identity);
  return card;
}

std::vector<MethodItem> method_block(const Summary& s, const nlohmann::json& meta) {
  std::vector<MethodItem> items;
  items.push_back({"Date", s.created.empty() ? "not recorded" : s.created});
  const ResultIdentity* any = nullptr;
  for (const auto& v : s.variants)
    if (!v.identity.host.kernel.empty() || !v.identity.host.cpu.empty()) any = any ? any : &v.identity;
  if (any)
    items.push_back({"Host", fmt::format("CPU {}, kernel {}, {}", or_unrecorded(any->host.cpu),
                                         or_unrecorded(any->host.kernel), or_unrecorded(any->host.os))});
  else
    items.push_back({"Host", "not recorded"});
  std::set<std::string> versions;
  for (const auto& v : s.variants)
    if (!v.identity.wattbench_version.empty()) versions.insert(v.identity.wattbench_version);
  items.push_back({"wattbench", versions.empty() ? "not recorded" : joined(versions)});

  // Per card, in the campaign's order: its tool, driver and firmware as the runs recorded them.
  for (const auto& card : meta.value("cards", nlohmann::json::array())) {
    std::string name = card.value("name", "");
    std::set<std::string> tools, drivers, firmwares, probes, scopes;
    for (const auto& v : s.variants) {
      if (v.params.value("card", "") != name) continue;
      const auto& id = v.identity;
      tools.insert(fmt::format("{} {}", id.tool.name.empty() ? card.value("tool", "") : id.tool.name,
                               id.tool.version.empty() ? "(version not recorded)" : id.tool.version));
      drivers.insert(or_unrecorded(id.driver));
      firmwares.insert(or_unrecorded(id.firmware));
      for (const auto& p : id.probes) probes.insert(p);
      if (!id.scope.empty()) scopes.insert(id.scope);
    }
    if (tools.empty()) tools.insert(card.value("tool", "") + " (not run)");
    items.push_back({campaign_card_label(s, name),
                     fmt::format("tool {}; driver {}; firmware {}; meter {}; scope {}", joined(tools), joined(drivers),
                                 joined(firmwares), probes.empty() ? "not recorded" : joined(probes),
                                 scopes.empty() ? "not recorded" : joined(scopes))});
  }

  // The meter's achieved rate over the ok runs (readings kept per second, and fresh conversions).
  double lo = 1e300, hi = 0, flo = 1e300, fhi = 0;
  std::map<std::string, int> windows;
  std::size_t nlo = SIZE_MAX, nhi = 0;
  for (const auto& v : s.variants) {
    std::size_t ok = 0;
    for (const auto& r : v.runs) {
      if (r.status != RunStatus::ok) continue;
      ++ok;
      if (r.sample_rate_hz) {
        lo = std::min(lo, *r.sample_rate_hz);
        hi = std::max(hi, *r.sample_rate_hz);
      }
      if (r.fresh_rate_hz) {
        flo = std::min(flo, *r.fresh_rate_hz);
        fhi = std::max(fhi, *r.fresh_rate_hz);
      }
      ++windows[r.window_source.empty() ? "unknown" : r.window_source];
    }
    if (ok) {
      nlo = std::min(nlo, ok);
      nhi = std::max(nhi, ok);
    }
  }
  std::string rate = hi > 0 ? range(lo, hi, "{:.0f}") + " samples/s achieved" : "not recorded";
  if (fhi > 0) rate += ", " + range(flo, fhi, "{:.0f}") + " fresh conversions/s";
  items.push_back({"Sample rate", rate});
  items.push_back({"Scope rule",
                   "each card's figures are for the scope named beside them (the rail its probe measures); a published "
                   "figure of another scope is printed as not comparable, never as a ratio"});
  std::string win;
  for (const auto& [source, n] : windows)
    win += fmt::format("{}{} ({} run{})", win.empty() ? "" : ", ", source, n, n == 1 ? "" : "s");
  items.push_back({"Window", "energy and FPS over the tool's own inference span, located per run from its evidence: " +
                                 (win.empty() ? std::string("no run measured") : win)});
  std::string repeats =
      nhi == 0  ? "no pair measured"
      : nhi < 2 ? "one run per pair: no interval (± needs two or more runs)"
      : nlo < 2
          ? fmt::format(
                "1 to {} runs per pair; ± is the 95 % interval of the mean (Student t) where a pair has two or more",
                nhi)
          : fmt::format("{} runs per pair; ± is the 95 % interval of the mean (Student t)", range(nlo, nhi, "{}"));
  items.push_back({"Repeats", repeats});
  const auto& plan = meta.value("plan", nlohmann::json::object());
  std::string order = plan.value("order", "");
  items.push_back(
      {"Order and pause",
       fmt::format("{}; {} s pause between runs",
                   order == "interleaved" ? "interleaved (card after card, model after model, repeat by repeat)"
                   : order.empty()        ? "not recorded"
                                          : order,
                   plan.contains("pause_s") && plan["pause_s"].is_number()
                       ? fmt::format("{:g}", plan["pause_s"].get<double>())
                       : "—")});
  items.push_back(
      {"Numbers",
       "FPS and FPS/W to 0.1 at 100 and above, else 0.01; watts to 1 mW; J per inference to 3 decimals in its "
       "SI prefix; figure labels to 3 significant digits; full precision in the CSV and JSON"});
  return items;
}

void write_method_markdown(const std::vector<MethodItem>& items, std::ostream& out) {
  out << "## Method\n\n";
  for (const auto& i : items) out << "- **" << markdown_escape(i.label) << "**: " << markdown_escape(i.text) << "\n";
  out << "\n";
}

void write_method_html(const std::vector<MethodItem>& items, std::ostream& out) {
  out << "<section id=\"method\"><h2>Method</h2><dl>\n";
  for (const auto& i : items) out << "<dt>" << svg::escape(i.label) << "</dt><dd>" << svg::escape(i.text) << "</dd>\n";
  out << "</dl></section>\n";
}

}  // namespace wb
