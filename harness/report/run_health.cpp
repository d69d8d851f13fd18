// RunHealth -> JSON and -> report rows.
#include "harness/report/run_health.hpp"

#include <fmt/format.h>

#include <cmath>

#include "harness/report/summary.hpp"
#include "harness/util/json_or_null.hpp"

namespace wb {

namespace {
nlohmann::json time_or_null(double t) { return std::isnan(t) ? nlohmann::json(nullptr) : nlohmann::json(t); }
std::string at(double t) { return std::isnan(t) ? "" : fmt::format(" (t = {:.3f} s)", t); }
std::string argv_text(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& a : argv) out += (out.empty() ? "" : " ") + a;
  return out;
}
}  // namespace

nlohmann::json to_json(const KernelCapture& k) {
  auto findings = nlohmann::json::array();
  for (const auto& f : k.findings)
    findings.push_back({{"t_s", time_or_null(f.t_s)}, {"label", f.label}, {"line", f.text}});
  return {{"source", k.source}, {"captured", k.captured}, {"note", k.note},
          {"lines", k.lines},   {"findings", findings},   {"findings_total", k.findings_total}};
}

nlohmann::json to_json(const HealthCommand& c) {
  return {{"role", c.role},
          {"argv", c.argv},
          {"ok", c.ok},
          {"exit_code", or_null(c.exit_code)},
          {"timed_out", c.timed_out},
          {"duration_s", c.duration_s},
          {"output", c.output}};
}

HealthCommand health_command_from_json(const nlohmann::json& j) {
  HealthCommand c;
  c.role = j.value("role", "");
  c.argv = j.value("argv", std::vector<std::string>{});
  c.ok = j.value("ok", false);
  if (j.contains("exit_code") && j["exit_code"].is_number_integer()) c.exit_code = j["exit_code"].get<int>();
  c.timed_out = j.value("timed_out", false);
  c.duration_s = j.value("duration_s", 0.0);
  c.output = j.value("output", "");
  return c;
}

nlohmann::json to_json(const RunHealth& h) {
  nlohmann::json j;
  j["device"] = h.device;
  j["device_lost"] = h.device_lost;
  j["kernel"] = h.kernel ? to_json(*h.kernel) : nlohmann::json(nullptr);
  j["sentinels"] = nlohmann::json::array();
  for (const auto& s : h.sentinels)
    j["sentinels"].push_back({{"channel", s.channel},
                              {"count", s.count},
                              {"first_t_s", s.first_t_s},
                              {"first_value", s.first_value},
                              {"why", s.why}});
  j["commands"] = nlohmann::json::array();
  for (const auto& c : h.commands) j["commands"].push_back(to_json(c));
  return j;
}

std::vector<HealthRow> health_rows(const Summary& s) {
  std::vector<HealthRow> rows;
  // The capture itself, once: where it came from, or why there is none.
  std::size_t runs = 0, captured = 0, lines = 0;
  std::string source, not_captured;
  for (const auto& v : s.variants)
    for (const auto& r : v.runs) {
      if (!r.health.kernel) continue;
      ++runs;
      const auto& k = *r.health.kernel;
      if (k.captured) {
        ++captured;
        lines += k.lines;
        source = k.source;
      } else if (not_captured.empty())
        not_captured = k.note;
    }
  for (const auto& v : s.variants)
    for (const auto& r : v.runs) {
      std::string label = (v.id == "default" ? "" : v.id + " ") + fmt::format("run {}", r.index);
      if (r.health.device_lost) rows.push_back({label, "DEVICE LOST", r.reason});
      for (const auto& c : r.health.commands)
        if (!c.ok || c.role != "check")
          rows.push_back({label, c.role,
                          fmt::format("{}: {}{}", argv_text(c.argv),
                                      c.ok          ? "ok"
                                      : c.timed_out ? fmt::format("timed out after {:.1f} s", c.duration_s)
                                                    : fmt::format("failed (exit {})", c.exit_code.value_or(-1)),
                                      c.output.empty() ? "" : "; said: " + c.output)});
      if (r.health.kernel) {
        const auto& k = *r.health.kernel;
        for (const auto& f : k.findings) rows.push_back({label, "kernel: " + f.label, f.text + at(f.t_s)});
        if (k.findings_total > k.findings.size())
          rows.push_back(
              {label, "kernel",
               fmt::format("… {} more matching line(s) in kernel.log", k.findings_total - k.findings.size())});
      }
      for (const auto& c : r.health.sentinels) rows.push_back({label, "sentinel", sentinel_warning(c)});
    }
  // A capture that found nothing is no news; one that could not read the kernel log always is.
  std::vector<HealthRow> head;
  if (runs && captured && !rows.empty())
    head.push_back({"all runs", "kernel log",
                    fmt::format("{} over {} of {} run(s): {} line(s) in kernel.log", source, captured, runs, lines)});
  if (runs > captured)
    head.push_back(
        {"all runs", "kernel log", fmt::format("not captured in {} run(s): {}", runs - captured, not_captured)});
  rows.insert(rows.begin(), head.begin(), head.end());
  return rows;
}

}  // namespace wb
