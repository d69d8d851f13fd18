// The --references file of `check` (see references.hpp).
#include "harness/report/references.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <stdexcept>

#include "harness/config/config_error.hpp"
#include "harness/config/yaml_guard.hpp"
#include "harness/util/printable.hpp"
#include "harness/util/read_text.hpp"

namespace wb {

namespace fs = std::filesystem;

ReferenceChoice choose_reference(const std::string& text, const fs::path& file, const std::string& accel,
                                 Tolerances base) {
  const std::string name = file.string();
  YAML::Node refs;
  try {
    refs = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw ConfigError(name, e.mark.line + 1, e.mark.column + 1, e.msg);
  }
  guard_yaml_tree(refs, name);  // alias bombs and repeated keys, as in configs
  if (!refs.IsSequence()) throw ConfigError(name, 1, 1, "expected a list of {accelerator, baseline, tolerance}");
  ReferenceChoice choice{{}, std::move(base)};
  std::map<std::string, int> seen;  // accelerator -> line of its entry
  for (const auto& r : refs) {
    if (!r.IsMap() || !r["accelerator"] || !r["baseline"])
      throw ConfigError(name, r.Mark().line + 1, r.Mark().column + 1, "each entry needs accelerator and baseline");
    for (const char* key : {"accelerator", "baseline"})
      if (!r[key].IsScalar())
        throw ConfigError(name, r[key].Mark().line + 1, r[key].Mark().column + 1,
                          fmt::format("{}: expected a single name (text), found a {}", key,
                                      r[key].IsSequence() ? "list" : "mapping"));
    auto [first, fresh] = seen.emplace(r["accelerator"].Scalar(), r.Mark().line + 1);
    if (!fresh)
      throw ConfigError(name, r.Mark().line + 1, r.Mark().column + 1,
                        fmt::format("accelerator '{}' has a second entry (the first is on line {}); keep one",
                                    printable(r["accelerator"].Scalar()), first->second));
    if (r["accelerator"].Scalar() != accel) continue;
    choice.baseline = r["baseline"].Scalar();
    if (choice.baseline.is_relative()) choice.baseline = file.parent_path() / choice.baseline;
    if (!r["tolerance"]) continue;
    if (!r["tolerance"].IsMap())
      throw ConfigError(name, r["tolerance"].Mark().line + 1, r["tolerance"].Mark().column + 1,
                        "tolerance: expected metric: percent");
    for (auto it = r["tolerance"].begin(); it != r["tolerance"].end(); ++it) {
      auto m = it->second.Mark();
      try {
        if (!it->first.IsScalar() || !it->second.IsScalar()) throw std::invalid_argument("expected metric: percent");
        choice.tolerances = parse_tolerances(it->first.Scalar() + "=" + it->second.Scalar(), choice.tolerances);
      } catch (const std::invalid_argument& e) {
        throw ConfigError(name, m.line + 1, m.column + 1, fmt::format("tolerance: {}", e.what()));
      }
    }
  }
  if (choice.baseline.empty())
    throw ConfigError(name, 0, 0, fmt::format("no reference for accelerator '{}'", printable(accel)));
  return choice;
}

ReferenceChoice choose_reference(const fs::path& file, const std::string& accelerator, Tolerances base) {
  std::string text;
  try {
    text = read_file_capped(file, kMaxConfigBytes);
  } catch (const FileReadError& e) {
    throw ConfigError(file.string(), 0, 0, e.detail());
  }
  return choose_reference(text, file, accelerator, std::move(base));
}

}  // namespace wb
