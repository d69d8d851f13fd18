// End-to-end helpers: run the built wattbench as a user does, in a fresh folder, and read
// what it wrote (summary, the simulator's truth). Shared by every e2e test file.
#pragma once
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness/process/process.hpp"

namespace wb::e2e {

namespace fs = std::filesystem;

struct CliResult {
  int exit_code;
  std::string out;
};

// Runs any executable (the built wattbench, or a shell wrapping it) from the source folder.
inline CliResult run_cli(const std::string& exe, std::vector<std::string> args) {
  ProcessSpec s;
  s.executable = exe;
  s.args = std::move(args);
  s.cwd = WB_SOURCE_DIR;
  s.pty = false;
  s.timeout_s = 300;
  s.t0 = std::chrono::steady_clock::now();
  auto r = make_process_runner()->run(s, nullptr, nullptr);
  CliResult c{r.exit_code, ""};
  for (const auto& l : r.lines) c.out += l.text + "\n";
  return c;
}
inline CliResult wattbench(std::vector<std::string> args) { return run_cli(WB_WATTBENCH, std::move(args)); }

inline fs::path fresh_dir(const std::string& name) {
  fs::path d = fs::path(WB_WORK_DIR) / (name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  return d;
}

inline nlohmann::json read_json(const fs::path& p) {
  std::ifstream in(p);
  REQUIRE(in.good());
  return nlohmann::json::parse(in);
}

// One run of a simulated bench that must finish ok: its summary entry, folder and truth.
struct OneRun {
  fs::path out, dir;
  nlohmann::json run, truth;
};
// The one run that `r` (a `wattbench run` into `out`, however started) must have finished ok.
inline OneRun ok_run(const CliResult& r, const fs::path& out) {
  INFO(r.out);
  REQUIRE(r.exit_code == 0);
  OneRun o;
  o.out = out;
  o.run = read_json(o.out / "summary.json")["variants"][0]["runs"][0];
  REQUIRE(o.run["status"] == "ok");
  o.dir = o.out / o.run["dir"].get<std::string>();
  o.truth = read_json(o.dir / "sim-truth.json");
  return o;
}
// `wattbench run CONFIG` once into `out`, with `--set` overrides.
inline CliResult run_config(const std::string& config, const fs::path& out, const std::vector<std::string>& sets) {
  std::vector<std::string> args{"run", config, "--output", out.string(), "--set", "repeat=1"};
  for (const auto& s : sets) args.insert(args.end(), {"--set", s});
  return wattbench(args);
}
inline OneRun run_once(const std::string& name, const std::string& config, const std::vector<std::string>& sets) {
  auto out = fresh_dir(name);
  INFO(config);
  return ok_run(run_config(config, out, sets), out);
}
// One run that must fail (a tool refusing its model): its summary entry; the folder is removed.
inline nlohmann::json failed_run(const std::string& name, const std::string& config,
                                 const std::vector<std::string>& sets) {
  auto out = fresh_dir(name);
  auto r = run_config(config, out, sets);
  INFO(config);
  INFO(r.out);
  auto run = read_json(out / "summary.json")["variants"][0]["runs"][0];
  CHECK(run["status"] == "failed");
  fs::remove_all(out);
  return run;
}

}  // namespace wb::e2e
