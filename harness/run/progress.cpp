// progress.json read and written.
#include "harness/run/progress.hpp"

#include <fmt/format.h>

#include "harness/run/run_files.hpp"
#include "harness/util/checked_write.hpp"
#include "harness/util/json_text.hpp"

namespace wb {

namespace fs = std::filesystem;

int Progress::invocation_of(const std::string& run_dir) const {
  for (const auto& inv : invocations)
    for (const auto& r : inv.runs)
      if (r == run_dir) return inv.number;
  return 0;
}

nlohmann::json to_json(const Progress& p) {
  nlohmann::json invs = nlohmann::json::array();
  for (const auto& i : p.invocations)
    invs.push_back(
        {{"number", i.number}, {"started", i.started}, {"ended", i.ended}, {"resumed", i.resumed}, {"runs", i.runs}});
  return {{"schema", "wattbench.progress/1"},
          {"planned_runs", p.planned_runs},
          {"finished", p.finished},
          {"invocations", invs}};
}

Progress progress_from_json(const nlohmann::json& j) {
  if (!j.is_object() || j.value("schema", "") != "wattbench.progress/1")
    throw std::runtime_error("expected schema wattbench.progress/1");
  Progress p;
  p.planned_runs = j.at("planned_runs").get<std::size_t>();
  p.finished = j.at("finished").get<bool>();
  for (const auto& i : j.at("invocations")) {
    Progress::Invocation inv;
    inv.number = i.at("number").get<int>();
    inv.started = i.value("started", "");
    inv.ended = i.value("ended", "");
    inv.resumed = i.value("resumed", false);
    inv.runs = i.at("runs").get<std::vector<std::string>>();
    p.invocations.push_back(std::move(inv));
  }
  return p;
}

std::optional<Progress> read_progress(const fs::path& results_dir) {
  fs::path file = results_dir / kProgressFile;
  if (!fs::exists(fs::symlink_status(file))) return std::nullopt;
  try {
    return progress_from_json(read_json_file(file));
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("{}: {}", file.string(), e.what()));
  }
}

void write_progress(const fs::path& results_dir, const Progress& p) {
  write_file_atomic(results_dir / kProgressFile, json_text(to_json(p), 2) + "\n");
}

}  // namespace wb
