// Formatting hints for metric values: one table, so adding a metric touches no reporter.
#pragma once
#include <optional>
#include <string>

#include "harness/analysis/stats.hpp"

namespace wb {

enum class Hint { fps, watts, fps_per_watt, joules, celsius, seconds, ratio, hertz };

const char* unit_of(Hint h);
// Value with sensible rounding, no unit; "—" when missing.
std::string format_value(std::optional<double> v, Hint h);
// "1009.5 ± 1.2" (95 % CI) when n ≥ 2, else the value alone.
std::string format_stats(const Stats& s, Hint h);
// Tool and config text must not break a Markdown table or inject markup.
std::string markdown_escape(const std::string& text);
// J per inference in the most readable SI prefix: "4.67 mJ".
std::string format_energy_per_inference(std::optional<double> joules);

}  // namespace wb
