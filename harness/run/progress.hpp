// progress.json: the run plan's progress, written and synced after every run, so a folder whose
// run was killed (kill -9, a reboot) says it did not finish, and `--resume` knows which runs
// are done and which invocation made each.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace wb {

struct Progress {
  struct Invocation {
    int number = 1;
    std::string started, ended;  // ISO 8601 local time; ended "" while it runs (or after a kill)
    bool resumed = false;
    std::vector<std::string> runs;  // "<variant>/run-<k>", in the order they finished
  };
  std::size_t planned_runs = 0;
  std::vector<Invocation> invocations;
  bool finished = false;
  // The invocation that made a run folder ("<variant>/run-<k>"); 0 when none did.
  int invocation_of(const std::string& run_dir) const;
};

inline constexpr const char* kProgressFile = "progress.json";

nlohmann::json to_json(const Progress& p);
// Throws std::runtime_error naming what is wrong.
Progress progress_from_json(const nlohmann::json& j);
// nullopt when the folder has none (written before progress was kept).
std::optional<Progress> read_progress(const std::filesystem::path& results_dir);
void write_progress(const std::filesystem::path& results_dir, const Progress& p);

}  // namespace wb
