// Resume checks: the plan as recorded vs the plan now.
#include "harness/run/resume.hpp"

#include <fmt/format.h>

#include <sstream>

#include "harness/config/config_error.hpp"
#include "harness/config/yaml_file.hpp"
#include "harness/run/identity_of.hpp"
#include "harness/run/run_files.hpp"
#include "harness/util/printable.hpp"

namespace wb {

namespace fs = std::filesystem;

namespace {
// "line 12: 'frames: 6000' then, 'frames: 8000' now"
std::string first_difference(const std::string& then, const std::string& now) {
  std::istringstream a(then), b(now);
  std::string la, lb;
  for (int line = 1;; ++line) {
    bool more_a = static_cast<bool>(std::getline(a, la)), more_b = static_cast<bool>(std::getline(b, lb));
    if (!more_a && !more_b) return "";
    if (!more_a) la = "(end of file)";
    if (!more_b) lb = "(end of file)";
    if (la != lb || !more_a || !more_b)
      return fmt::format("line {}: '{}' then, '{}' now", line, printable(la.substr(0, 200)),
                         printable(lb.substr(0, 200)));
  }
}

void require_same(const fs::path& results_dir, const std::string& rel, const std::string& now,
                  const std::string& what) {
  std::string then;
  try {
    then = read_yaml_text(results_dir / rel, what);
  } catch (const ConfigError& e) {
    throw ConfigError(results_dir.string(), 0, 0, fmt::format("cannot resume: {}", e.what()));
  }
  if (then != now)
    throw ConfigError(results_dir.string(), 0, 0,
                      fmt::format("cannot resume: {} changed since the folder was started ({}; {}): resuming would mix "
                                  "settings; start a new folder instead",
                                  what, rel, first_difference(then, now)));
}
}  // namespace

Progress resumable_progress(const Config& cfg, const fs::path& results_dir) {
  std::optional<Progress> p;
  try {
    p = read_progress(results_dir);
  } catch (const std::exception& e) {
    throw ConfigError(results_dir.string(), 0, 0, fmt::format("cannot resume: {}", e.what()));
  }
  if (!p) throw ConfigError(results_dir.string(), 0, 0, "nothing to resume: the folder has no progress.json");
  if (p->finished)
    throw ConfigError(results_dir.string(), 0, 0, "nothing to resume: every planned run of this folder finished");
  require_same(results_dir, "config.yaml", cfg.resolved_yaml,
               cfg.campaign_meta.is_null() ? "the config" : "the campaign file");
  for (const auto& [rel, text] : cfg.record_files) {
    std::string what = rel.rfind("inputs/cards/", 0) == 0 ? "card config " + fs::path(rel).stem().string()
                       : rel == "inputs/catalog.yaml"     ? "the model catalog"
                       : rel == "inputs/campaign.yaml"    ? "the campaign file"
                                                          : "the config of " + fs::path(rel).parent_path().string();
    require_same(results_dir, rel, text, what);
  }
  // The model files are not copied: their hashes say whether they are still what was measured.
  for (const auto& v : cfg.variants) {
    fs::path recorded = results_dir / v.id / "identity.json";
    if (!fs::is_regular_file(recorded)) continue;
    std::string then;
    try {
      then = identity_from_json(read_json_file(recorded)).model.sha256;
    } catch (const std::exception&) {
      continue;
    }
    auto now = plan_identity(v, nullptr).model;
    if (then != now.sha256)
      throw ConfigError(
          results_dir.string(), 0, 0,
          fmt::format("cannot resume: the model artifact {} of {} changed since the folder was started (SHA-256 {} "
                      "then, {} now); start a new folder instead",
                      now.artifact, v.id, then.empty() ? "unknown" : then.substr(0, 12),
                      now.sha256.empty() ? "unreadable" : now.sha256.substr(0, 12)));
  }
  return *p;
}

bool run_finished(const fs::path& run_dir) {
  if (!fs::is_regular_file(run_dir / "run.json")) return false;
  try {
    auto process = read_json_file(run_dir / "process.json");
    return !process.value("interrupted", false);
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace wb
