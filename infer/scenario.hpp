// The load generator, with MLPerf LoadGen's scenario names: single-stream (one in flight),
// offline (N in flight) and server (a target rate on absolute deadlines from a fixed origin;
// more than a second behind, the debt is dropped rather than burst). Every send and receive is
// stamped on CLOCK_MONOTONIC and written to the timestamp log as the run goes.
#pragma once
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "infer/backend.hpp"
#include "infer/latency_histogram.hpp"

namespace wb::infer {

enum class Scenario { single_stream, offline, server };
std::optional<Scenario> scenario_from_name(const std::string& s);
std::string scenario_name(Scenario s);

struct ScenarioConfig {
  Scenario scenario = Scenario::single_stream;
  std::size_t in_flight = 1;      // offline: queue depth; server: the most outstanding
  double target_fps = 0;          // server
  std::size_t warmup = 20;        // inferences completed before the measured phase
  double duration_s = 0;          // measured phase length (0: by count)
  std::uint64_t count = 0;        // measured inferences (0: by duration)
  double receive_timeout_s = 10;  // no output for this long while some are in flight: an error
  std::size_t capture = 0;        // keep the outputs of the first `capture` inferences
  // Whether to stop sending at `now`: the measured phase (opened at window_start_ns) has its
  // duration, or every inference of warm-up + count is sent.
  bool sending_done(bool measuring, std::int64_t now, std::int64_t window_start_ns, std::uint64_t sent) const {
    return (measuring && duration_s > 0 && now - window_start_ns >= static_cast<std::int64_t>(duration_s * 1e9)) ||
           (count > 0 && sent >= warmup + count);
  }
};

struct ScenarioResult {
  std::uint64_t sent = 0, completed = 0;  // all, warm-up included
  std::uint64_t measured = 0;             // completions inside the window
  std::int64_t window_start_ns = 0, window_end_ns = 0;
  LatencyHistogram latency;             // measured inferences, send to receive (FIFO order)
  std::uint64_t dropped_deadlines = 0;  // server: deadlines given up after falling behind
  std::uint64_t late_sends = 0;         // server: sends more than 1 ms after their deadline
  std::int64_t max_late_ns = 0;         // server: the latest send after its deadline
  std::vector<Tensors> captured;        // outputs of inferences 0..capture-1
  std::string error;                    // why the run stopped early ("" when it did not)
};

std::int64_t monotonic_ns();

// Runs the scenario; `log` gets "S|R seq ns" lines, "W ns" (window start) and "E ns" (end),
// flushed every 50 ms; `progress` gets "wattbench-infer progress NS COUNT" lines every 250 ms.
// inputs[i % inputs.size()] is sent as inference i. Errors from the runtime end the run with
// ScenarioResult::error set and everything measured until then kept.
ScenarioResult run_scenario(Backend& b, const std::vector<Tensors>& inputs, const ScenarioConfig& c, std::FILE* log,
                            std::FILE* progress);

}  // namespace wb::infer
