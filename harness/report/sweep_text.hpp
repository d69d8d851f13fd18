// How a sweep table reads like the forum post or paper it reproduces: ratios in words
// ("11.7× faster", "1.15× slower"), derived columns named by their labels, rows in the
// order of the sweep's axes, and operator placement only where the delegate is an accelerator.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace wb {

// A derived ratio against the sweep's baseline as words: "11.7× faster", "1.15× slower",
// "same" within 0.5 %; efficiency ratios say "more/less efficient".
std::string ratio_text(const std::string& derived_key, double ratio);
// "speedup_vs_delegate=cpu" -> "Speed vs cpu"; "efficiency_vs_delegate=cpu" -> "FPS/W vs cpu".
std::string derived_header(const std::string& derived_key);
// The sweep's axes in the matrix's order: a variant id is its labels joined by "-" in axis
// order (harness/config/matrix.cpp); axes whose label is not a token of the id keep their place after.
std::vector<std::string> axes_in_matrix_order(const nlohmann::json& params, const std::string& variant_id);
// Orders rows by their axis values, axis by axis (numbers as numbers): 224 before 320 before 1024.
bool params_before(const nlohmann::json& a, const nlohmann::json& b, const std::vector<std::string>& axes);
// Whether a variant ran on the CPU (an axis label or the tool's delegate says so): operator
// placement "88/88" there is not a count of operators on an accelerator.
bool runs_on_cpu(const nlohmann::json& params, const nlohmann::json& work_args);

}  // namespace wb
