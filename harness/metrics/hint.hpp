// How a metric value is printed (decimals, SI prefix); shared by every reporter.
#pragma once

namespace wb {

enum class Hint {
  fps,
  watts,
  fps_per_watt,
  joules,
  celsius,
  seconds,
  ratio,
  hertz,
  joules_per_inference,
  milliseconds
};

}  // namespace wb
