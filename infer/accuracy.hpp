// Outputs of one runtime against a reference runtime's on the same input sets: top-1 agreement
// (the first output's arg-max, for classifiers), max and mean relative error, cosine similarity.
// Also the bounded binary file the reference pass hands its outputs back in.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "infer/tensor.hpp"

namespace wb::infer {

struct Agreement {
  std::size_t sets = 0;
  double top1 = 0;          // share of sets whose first output's arg-max agrees
  double max_rel_err = 0;   // max |a-b| over max |b|, worst set
  double mean_rel_err = 0;  // sum |a-b| over sum |b|, over every set
  double min_cosine = 1;    // worst set
  std::string problem;      // shapes or counts that differ (then top1 = 0)
};
Agreement compare_outputs(const std::vector<Tensors>& got, const std::vector<Tensors>& ref);
nlohmann::json to_json(const Agreement& a);

void write_outputs(const std::filesystem::path& p, const std::vector<Tensors>& sets);
std::vector<Tensors> read_outputs(const std::filesystem::path& p);

}  // namespace wb::infer
