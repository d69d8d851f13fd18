// Reads a test fixture (tests/fixtures/<rel>) whole; fails the test when it is missing.
#pragma once
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

inline std::string read_fixture(const std::string& rel) {
  std::ifstream in(std::string(WB_FIXTURES) + "/" + rel, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "missing fixture " << rel);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
