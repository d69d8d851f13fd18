// A simulated card's state across runs, shared by the fake tools and sim-health-check: a folder
// named by $WATTBENCH_SIM_DEVICE (the harness gives one per card) holding the card's run count
// and, once it wedged, a `wedged` file; and the simulated kernel log, /dev/kmsg records appended
// to the file named by $WATTBENCH_SIM_KMSG (the harness's `kernel_log: {source: file:…}`).
#pragma once
#include <string>

#include "sim/bench/sim_params.hpp"

namespace wb::sim {

inline constexpr const char* kDeviceEnv = "WATTBENCH_SIM_DEVICE";
inline constexpr const char* kKmsgEnv = "WATTBENCH_SIM_KMSG";

// Appends one /dev/kmsg record ("<level>,<seq>,<usec>,-;text", CLOCK_MONOTONIC µs) to
// $WATTBENCH_SIM_KMSG; nothing without it.
void log_kernel(const std::string& text, int level = 3);

// A fake tool opens the card: logs params.kernel_line, counts the run, and on a wedged card
// fails (prints wedge_error, exits 1) or hangs until killed; returns only on a healthy card.
// Nothing without $WATTBENCH_SIM_DEVICE.
void open_device(const SimParams& params);

// sim-health-check: true when the card answers; `why` says what it found.
bool device_healthy(std::string& why);
// Tries to bring a wedged card back; true when it is back.
bool recover_device(std::string& why);

}  // namespace wb::sim
