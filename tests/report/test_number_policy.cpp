// One number format policy: a value with an uncertainty to the digit of its uncertainty.
#include <doctest/doctest.h>

#include "harness/report/format.hpp"

TEST_CASE("number policy: the uncertainty keeps 1 significant digit (2 from 1 to 2.99), the mean its decimal place") {
  CHECK(wb::with_uncertainty(1009.53, 1.234, 1) == "1009.5 ± 1.2");
  CHECK(wb::with_uncertainty(160.43, 0.8123, 1) == "160.4 ± 0.8");
  CHECK(wb::with_uncertainty(2.1004, 0.0051, 3) == "2.100 ± 0.005");
  CHECK(wb::with_uncertainty(19.6234, 0.1512, 2) == "19.62 ± 0.15");
  CHECK(wb::with_uncertainty(1234.0, 56.0, 1) == "1230 ± 60");
  CHECK(wb::with_uncertainty(515.0, 0.0, 1) == "515.0 ± 0.0");  // no spread: the metric's own decimals
  CHECK(wb::uncertainty_decimals(0.29) == 2);
  CHECK(wb::uncertainty_decimals(0.3) == 1);
  CHECK(wb::uncertainty_decimals(25) == 0);
  CHECK(wb::uncertainty_decimals(40) == -1);
  wb::Stats s;
  s.mean = 0.0123456;
  s.ci95 = 0.000234;
  CHECK(wb::format_stats(s, wb::Hint::joules_per_inference) == "12.35 ± 0.23 mJ");
  s.ci95.reset();
  CHECK(wb::format_stats(s, wb::Hint::joules_per_inference) == "12.346 mJ");
}
