// Planning and completing a variant's identity.
#include "harness/run/identity_of.hpp"

#include <fmt/format.h>

#include "adapters/files.hpp"
#include "harness/config/node.hpp"
#include "harness/config/yaml_json.hpp"
#include "harness/plugin/tool_kind.hpp"
#include "harness/run/run_files.hpp"
#include "harness/util/checked_write.hpp"
#include "harness/util/content_hash.hpp"
#include "harness/util/json_text.hpp"

#ifndef WB_VERSION
#define WB_VERSION "unknown"
#endif

namespace wb {

namespace fs = std::filesystem;

const char* wattbench_version() { return WB_VERSION; }

namespace {
std::string env_text(const nlohmann::json& env, const char* key) {
  return env.is_object() && env.contains(key) && env[key].is_string() ? env[key].get<std::string>() : "";
}

std::string scalar_text(const YAML::Node& n) { return n.IsScalar() ? n.Scalar() : ""; }
}  // namespace

ResultIdentity plan_identity(const Variant& v, const nlohmann::json& environment) {
  const Config& c = *v.config;
  ResultIdentity id;
  id.card.id = v.params.is_object() && v.params.contains("card") && v.params["card"].is_string()
                   ? v.params["card"].get<std::string>()
                   : c.name;
  id.card.vendor = c.device.manufacturer;
  id.card.product = c.device.accelerator;
  id.card.form_factor = c.device.form_factor;
  id.card.pci_address = c.device.pcie;
  if (!c.device.pcie.empty()) id.aspm.requested = c.device.aspm;
  id.tool.name = c.benchmark.tool;
  if (const Adapter* tool = find_tool(c.benchmark.tool)) {
    auto keys = tool->work_keys();
    const YAML::Node& args = c.benchmark.args;
    for (const auto& k : keys.model) {
      if (!args.IsMap() || !args[k].IsDefined() || scalar_text(args[k]).empty()) continue;
      fs::path artifact = config_path(scalar_text(args[k]), c.dir);
      id.model.artifact = artifact.filename().string();
      id.model.sha256 = content_sha256(artifact).value_or("");
      break;
    }
    for (const auto& k : keys.work)
      if (args.IsMap() && args[k].IsDefined() && !args[k].IsNull()) id.tool.work_args[k] = yaml_to_json(args[k]);
  }
  if (c.benchmark.target_fps) id.tool.work_args["target_fps"] = fmt::format("{:g}", *c.benchmark.target_fps);
  if (c.benchmark.fps_source != "delivered") id.tool.work_args["fps_source"] = c.benchmark.fps_source;
  if (!c.benchmark.extra_args.empty()) id.tool.work_args["extra_args"] = c.benchmark.extra_args;
  id.model.id = v.params.is_object() && v.params.contains("model") && v.params["model"].is_string()
                    ? v.params["model"].get<std::string>()
                    : fs::path(id.model.artifact).stem().string();
  for (const auto& p : c.probes) {
    if (id.scope.empty()) id.scope = p.scope;
    id.probes.push_back(fmt::format("{}: {}{}{}", p.name, p.kind, p.rail.empty() ? "" : ", " + p.rail,
                                    p.scope.empty() ? "" : " (" + p.scope + ")"));
  }
  id.host.cpu = env_text(environment, "cpu");
  id.host.kernel = env_text(environment, "kernel");
  id.host.os = env_text(environment, "os");
  id.wattbench_version = wattbench_version();
  return id;
}

void complete_identity(VariantRecord& v) {
  const RunRecord* source = nullptr;
  for (const auto& r : v.runs)
    if (!source || (source->status != RunStatus::ok && r.status == RunStatus::ok)) source = &r;
  if (!source) return;
  if (!source->scope.empty()) v.identity.scope = source->scope;
  if (!source->aspm_state.empty()) v.identity.aspm.state = source->aspm_state;
  std::string version, driver, firmware;
  for (const auto& [key, value] : source->versions) {
    std::string entry = key + " " + value;
    auto add = [&](std::string& to) { to += (to.empty() ? "" : ", ") + entry; };
    if (key.find("driver") != std::string::npos)
      add(driver);
    else if (key.find("firmware") != std::string::npos || key.find("fw") != std::string::npos)
      add(firmware);
    else if (key.find("_output") == std::string::npos)
      add(version);  // "acclbench_output": the format, not a version
  }
  if (!version.empty()) v.identity.tool.version = version;
  if (!driver.empty()) v.identity.driver = driver;
  if (!firmware.empty()) v.identity.firmware = firmware;
}

ResultIdentity recorded_identity(const fs::path& results_dir, const Variant& v, const nlohmann::json& environment) {
  fs::path file = results_dir / v.id / "identity.json";
  if (fs::is_regular_file(file)) {
    try {
      return identity_from_json(read_json_file(file));
    } catch (const std::exception&) {
      // A damaged record is planned again below.
    }
  }
  ResultIdentity id = plan_identity(v, environment);
  fs::create_directories(file.parent_path());
  write_file_atomic(file, json_text(to_json(id), 2) + "\n");
  return id;
}

}  // namespace wb
