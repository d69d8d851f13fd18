// Cascades: a pipeline of stages, each a model on a runtime, where stage i+1 runs k times per
// result of stage i, k read from a named output tensor of stage i (its elements above a score,
// or its first element as a count). An end-to-end result completes when every inference it
// caused has. Offline and single-stream only (results in flight at stage 0).
#pragma once
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "infer/backend.hpp"
#include "infer/scenario.hpp"

namespace wb::infer {

struct StageSpec {
  std::string name, backend = "oaax", runtime, model, onnx, interface = "auto";
  std::vector<std::pair<std::string, std::string>> args;
  std::vector<std::string> inputs;  // NAME:TYPE:DIMS
  // How many times this stage runs per result of the stage before (not for the first stage).
  std::string k_output;           // the previous stage's output tensor
  std::optional<double> k_above;  // count its elements above this; else its first element is k
  std::size_t k_max = 64;
};

// Reads a pipeline YAML (stages: [...]); relative paths resolve against its folder. Throws naming
// the file, line and what was expected.
std::vector<StageSpec> load_pipeline(const std::string& path);

// k for one result: from the named output of `out`.
std::size_t k_of(const StageSpec& next, const Tensors& out);

struct StageFigures {
  std::string name;
  std::uint64_t sent = 0, received = 0, measured = 0;  // measured: receives inside the window
  double k_mean = 0;                                   // per result of the stage before (not stage 0)
};

struct PipelineResult {
  ScenarioResult run;  // results (end to end) as the scenario's inferences
  std::vector<StageFigures> stages;
};

// The log gets "s<i> <result> <ns>" / "r<i> <result> <ns> [k]" per stage and "R <n> <ns>" per
// completed result, with "W"/"E" as in run_scenario.
PipelineResult run_pipeline(std::vector<Backend*> stages, const std::vector<StageSpec>& specs,
                            const std::vector<std::vector<Tensors>>& inputs, const ScenarioConfig& c, std::FILE* log,
                            std::FILE* progress);

}  // namespace wb::infer
