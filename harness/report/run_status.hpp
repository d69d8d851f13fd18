// A run's outcome, one enum: what the reports say and summary.json writes ("ok", "failed",
// "invalid", "device-lost").
#pragma once
#include <string>

namespace wb {

enum class RunStatus {
  ok,           // measured: every figure it has is valid
  failed,       // the tool or the acquisition failed (or its tool refused the model)
  invalid,      // it ran, but a validity rule refused its figures
  device_lost,  // skipped: the device's health check failed and stayed failed
};

const char* run_status_name(RunStatus s);

}  // namespace wb
