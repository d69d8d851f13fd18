// INA228 decoding and calibration against the datasheet's numbers (SLYS021A §8.2) and the
// worked 15 mΩ example in shared/reference/hardware.md §2.
#include <doctest/doctest.h>

#include <stdexcept>
#include <vector>

#include "probes/ina228/protocol.hpp"

using namespace wb::ina228;

static std::int64_t raw(const Register& r, std::vector<std::uint8_t> b) { return decode_raw(r, b); }

TEST_CASE("datasheet test vectors: R = 16.2 mΩ, I_max = 10 A") {
  auto c = calibrate(0.0162, 10.0, false);
  CHECK(c.shunt_cal == 4050);
  CHECK(c.current_lsb_a == doctest::Approx(19.073486328125e-6).epsilon(1e-12));
  CHECK(raw(reg::vshunt, {0x4B, 0xF0, 0x00}) == 311040);
  CHECK(311040 * c.vshunt_lsb_v() == doctest::Approx(0.0972).epsilon(1e-12));
  CHECK(314572 * c.current_lsb_a == doctest::Approx(5.9999847412109375).epsilon(1e-12));
  CHECK(raw(reg::vbus, {0x3C, 0x00, 0x00}) == 245760);
  CHECK(245760 * kVbusLsbV == doctest::Approx(48.0));
  CHECK(raw(reg::power, {0x48, 0x00, 0x0C}) == 4718604);
  CHECK(4718604 * c.power_lsb_w() == doctest::Approx(288.000732421875).epsilon(1e-12));
  CHECK(raw(reg::energy, {0x00, 0x3F, 0x48, 0x00, 0x00}) == 1061683200);
  CHECK(1061683200.0 * c.energy_lsb_j() == doctest::Approx(1036800.0).epsilon(1e-12));
  CHECK(raw(reg::charge, {0x00, 0x43, 0x80, 0x00, 0x00}) == 1132462080);
  CHECK(1132462080.0 * c.current_lsb_a == doctest::Approx(21600.0).epsilon(1e-12));
  CHECK(raw(reg::dietemp, {0x0C, 0x80}) * kDieTempLsbC == doctest::Approx(25.0));
}

TEST_CASE("negative and sign-extended values") {
  CHECK(raw(reg::vshunt, {0xB4, 0x10, 0x00}) == -311040);
  CHECK(raw(reg::current, {0xFF, 0xFF, 0xF0}) == -1);
  CHECK(raw(reg::charge, {0xFF, 0xFF, 0xFF, 0xFF, 0xFF}) == -1);
  CHECK(raw(reg::dietemp, {0xFB, 0x00}) * kDieTempLsbC == doctest::Approx(-10.0));
  CHECK(raw(reg::power, {0xFF, 0xFF, 0xFF}) == 16777215);  // unsigned, not -1
  CHECK(raw(reg::energy, {0xFF, 0xFF, 0xFF, 0xFF, 0xFF}) == 1099511627775);
  CHECK_THROWS(raw(reg::power, {0x00, 0x01}));  // wrong length
}

TEST_CASE("worked example: Adafruit breakout, 15 mΩ, 2 A, 3.3 V rail") {
  auto c = calibrate(0.015, 2.0, false);
  CHECK(c.shunt_cal == 750);
  CHECK(c.current_lsb_a == doctest::Approx(3.814697265625e-6).epsilon(1e-12));
  CHECK(c.power_lsb_w() == doctest::Approx(12.20703125e-6).epsilon(1e-12));
  CHECK(c.energy_lsb_j() == doctest::Approx(195.3125e-6).epsilon(1e-12));
  CHECK(raw(reg::vshunt, {0x10, 0x68, 0x00}) * c.vshunt_lsb_v() == doctest::Approx(0.021));
  CHECK(raw(reg::current, {0x59, 0x99, 0x90}) * c.current_lsb_a == doctest::Approx(1.3999977111816406).epsilon(1e-12));
  CHECK(raw(reg::vbus, {0x04, 0x1F, 0x30}) * kVbusLsbV == doctest::Approx(3.2974609375).epsilon(1e-12));
  CHECK(raw(reg::power, {0x05, 0xC5, 0x43}) * c.power_lsb_w() == doctest::Approx(4.61644287109375).epsilon(1e-12));
  CHECK(raw(reg::energy, {0x00, 0x00, 0x15, 0xA3, 0xBB}) * c.energy_lsb_j() ==
        doctest::Approx(276.9865234375).epsilon(1e-12));
  CHECK(raw(reg::charge, {0x00, 0x01, 0x50, 0x00, 0x00}) * c.current_lsb_a == doctest::Approx(84.0).epsilon(1e-12));
  CHECK(raw(reg::dietemp, {0x11, 0xC0}) * kDieTempLsbC == doctest::Approx(35.5));
  CHECK(calibrate(0.015, 5.0, false).shunt_cal == 1875);
  CHECK(calibrate(0.015, 10.0, false).shunt_cal == 3750);
}

TEST_CASE("ADCRANGE auto-pick and limits") {
  auto fine = calibrate(0.015, 2.0);  // 30 mV full scale fits ±40.96 mV
  CHECK(fine.adc_range_40mv);
  CHECK(fine.shunt_cal == 3000);  // ×4 at ADCRANGE=1
  CHECK(fine.vshunt_lsb_v() == doctest::Approx(78.125e-9));
  auto coarse = calibrate(0.015, 5.0);  // 75 mV needs ±163.84 mV
  CHECK_FALSE(coarse.adc_range_40mv);
  CHECK_THROWS_WITH_AS(calibrate(0.015, 20.0), doctest::Contains("163.84 mV"), std::invalid_argument);
  CHECK_THROWS_AS(calibrate(-0.1, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(calibrate(0.015, 5.0, true), std::invalid_argument);
}

TEST_CASE("ADC_CONFIG encoding and update period") {
  auto reset = decode_adc_config(0xFB68);
  CHECK(reset.mode == 0xF);
  CHECK(reset.vbus_ct_us == 1052);
  CHECK(reset.averaging == 1);
  CHECK(update_period_s(reset) == doctest::Approx(3.156e-3));
  CHECK(encode_adc_config(reset) == 0xFB68);
  AdcConfig mb{0xF, 1052, 1052, 1052, 64};
  CHECK(encode_adc_config(mb) == 0xFB6B);
  CHECK(update_period_s(mb) == doctest::Approx(0.20198));
  CHECK(update_period_s(decode_adc_config(0xB000)) == doctest::Approx(100e-6));
  CHECK_THROWS_WITH_AS(encode_adc_config({0xF, 100, 150, 150, 1}), doctest::Contains("50, 84, 150"),
                       std::invalid_argument);
  CHECK_THROWS_AS(encode_adc_config({0xF, 150, 150, 150, 3}), std::invalid_argument);
}
