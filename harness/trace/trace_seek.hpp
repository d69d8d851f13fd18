// Random access into a time-ordered trace file: the samples around a time found by binary
// search over byte offsets, without reading the file. With the INA228's ENERGY accumulator a
// window's energy needs only the samples at its two edges.
#pragma once
#include <filesystem>
#include <optional>
#include <vector>

#include "harness/analysis/energy.hpp"
#include "harness/trace/sample.hpp"

namespace wb {

// The `count` samples just before time t and the `count` just after (fewer at the ends).
std::vector<Sample> samples_around(const std::filesystem::path& trace, double t, int count = 4);
// Window energy from the accumulator channel read at the two edges only; nullopt when the
// probe has no accumulator or the edges cannot be bracketed (then use a full pass).
std::optional<double> window_energy_by_seek(const std::filesystem::path& trace, const ProbeInfo& info, const Window& w);

}  // namespace wb
