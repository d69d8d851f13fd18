// Phase file written by fake tools and read by the load model.
#include "sim/bench/sim_state.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace wb::sim {

double steady_now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

SimState read_sim_state(const std::filesystem::path& path) {
  SimState st;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string key;
    if (!(ls >> key)) continue;
    if (key == "frames") {
      std::uint64_t f;
      if (ls >> f) st.frames = f;
    } else if (key == "cold_fps") {
      double d;
      if (ls >> d) st.cold_fps = d;
    } else if (key == "load_share") {
      double d;
      std::int64_t ns;
      if (ls >> d >> ns) st.load_shares.emplace_back(static_cast<double>(ns) * 1e-9, d);
    } else if (key == "timed_s") {
      double d;
      if (ls >> d) st.timed_s = d;
    } else {
      std::int64_t ns;
      if (ls >> ns) st.marks.push_back({key, static_cast<double>(ns) * 1e-9});
    }
  }
  return st;
}

SimStateWriter::SimStateWriter(std::string path) : m_path(std::move(path)) {}

void SimStateWriter::append(const std::string& line) {
  if (m_path.empty()) return;
  // Append with one write so a reader never sees half a line.
  if (std::FILE* f = std::fopen(m_path.c_str(), "a")) {
    std::fputs(line.c_str(), f);
    std::fclose(f);
  }
}

void SimStateWriter::phase(const std::string& name) {
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch());
  append(fmt::format("{} {}\n", name, ns.count()));
}

void SimStateWriter::result(std::uint64_t frames, double timed_s, std::optional<double> cold_fps) {
  append(fmt::format("frames {}\ntimed_s {:.9f}\n", frames, timed_s));
  if (cold_fps) append(fmt::format("cold_fps {:.9f}\n", *cold_fps));
}

double SimState::load_share_at(double t) const {
  double share = 1;
  for (const auto& [from, s] : load_shares)
    if (from <= t) share = s;
  return share;
}

void SimStateWriter::load_share(double share) {
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch());
  append(fmt::format("load_share {:.9f} {}\n", std::clamp(share, 0.0, 1.0), ns.count()));
}

}  // namespace wb::sim
