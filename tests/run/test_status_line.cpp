// The status line's phase time: counts down within the expected time, counts up past it.
#include <doctest/doctest.h>

#include "harness/run/status_line.hpp"

TEST_CASE("status line: time left within the expected time, time over past it") {
  CHECK(wb::phase_time_text(3.2, 5.0) == "3.2/5.0 s, ~2 s left");
  CHECK(wb::phase_time_text(4.95, 5.0) == "5.0/5.0 s, ~1 s left");
  CHECK(wb::phase_time_text(5.1, 3.0) == "5.1/3.0 s, +2.1 s over");
  CHECK(wb::phase_time_text(12.5, 0) == "12.5 s");
}
