// Health and recovery commands, health.json, and the run record's health.
#include "harness/run/health.hpp"

#include <fmt/format.h>

#include "harness/analysis/kernel_findings.hpp"
#include "harness/process/process.hpp"
#include "harness/run/kernel_log.hpp"
#include "harness/run/run_files.hpp"
#include "harness/util/checked_write.hpp"
#include "harness/util/json_text.hpp"
#include "harness/util/printable.hpp"

namespace wb {

namespace fs = std::filesystem;

HealthCommand run_health_command(const std::string& role, const std::vector<std::string>& argv, double timeout_s,
                                 const HealthContext& ctx) {
  HealthCommand c;
  c.role = role;
  c.argv = argv;
  auto exe = find_executable(argv.front(), {ctx.tools_dir});
  if (!exe) {
    c.output = fmt::format("'{}' not found (looked in {} and PATH)", argv.front(), ctx.tools_dir.string());
    return c;
  }
  ProcessSpec spec;
  spec.executable = *exe;
  spec.args.assign(argv.begin() + 1, argv.end());
  spec.cwd = ctx.cwd;
  spec.env = ctx.env;
  spec.pty = false;
  spec.timeout_s = timeout_s;
  spec.kill_grace_s = 1;
  spec.pipe_grace_s = 0.5;
  spec.t0 = std::chrono::steady_clock::now();
  std::unique_ptr<ProcessRunner> real;
  ProcessRunner& runner = ctx.runner ? *ctx.runner : *(real = make_process_runner());
  auto r = runner.run(spec, nullptr, ctx.stop);
  c.duration_s = r.end_s - r.start_s;
  c.timed_out = r.timed_out;
  if (r.started && !r.signal) c.exit_code = r.exit_code;
  c.ok = r.started && !r.signal && !r.timed_out && !r.interrupted && r.exit_code == 0;
  // The last few lines: what the command said about the device.
  std::size_t from = r.lines.size() > 3 ? r.lines.size() - 3 : 0;
  for (std::size_t i = from; i < r.lines.size(); ++i)
    if (!r.lines[i].text.empty()) c.output += (c.output.empty() ? "" : " | ") + printable(r.lines[i].text);
  if (!r.started) c.output = r.start_error;
  if (r.signal) c.output += fmt::format("{}killed by signal {}", c.output.empty() ? "" : "; ", r.signal);
  return c;
}

bool check_device(const HealthConfig& h, const HealthContext& ctx, std::vector<HealthCommand>& out) {
  out.push_back(run_health_command("check", h.check, h.timeout_s, ctx));
  if (out.back().ok) return true;
  if (h.recover.empty()) return false;
  out.push_back(run_health_command("recover", h.recover, h.recover_timeout_s, ctx));
  out.push_back(run_health_command("recheck", h.check, h.timeout_s, ctx));
  return out.back().ok;
}

void write_health_file(const fs::path& run_dir, const RunHealth& h, const std::string& lost_reason) {
  nlohmann::json j = {{"device", h.device},
                      {"device_lost", h.device_lost},
                      {"reason", lost_reason},
                      {"commands", nlohmann::json::array()}};
  for (const auto& c : h.commands) j["commands"].push_back(to_json(c));
  write_file_atomic(run_dir / "health.json", json_text(j, 2) + "\n");
}

void add_run_health(const Config& cfg, const fs::path& run_dir, RunRecord& rec) {
  rec.health.kernel = read_kernel_capture(run_dir, kernel_patterns_for(cfg.benchmark.tool, cfg.kernel_log.patterns));
  if (!fs::exists(run_dir / "health.json")) return;
  try {
    auto j = read_json_file(run_dir / "health.json");
    rec.health.device = j.value("device", "");
    for (const auto& c : j.value("commands", nlohmann::json::array()))
      rec.health.commands.push_back(health_command_from_json(c));
    if (j.value("device_lost", false)) {
      rec.health.device_lost = true;
      rec.status = RunStatus::device_lost;
      rec.reason = j.value("reason", "device lost");
    }
  } catch (const std::exception& e) {
    rec.warnings.push_back(fmt::format("health.json unreadable: {}", e.what()));
  }
}

std::string device_of(const Variant& v) {
  return v.params.contains("card") && v.params["card"].is_string() ? v.params["card"].get<std::string>() : "";
}

}  // namespace wb
