// A scratch folder (and simulated bench) for probes opened outside a run.
#include "harness/run/scratch_bench.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>

namespace wb {

namespace {
std::atomic<unsigned> g_scratch_count{0};  // two at once in one process (check, then cooldown) get two folders
}

ScratchBench::ScratchBench(const Config& cfg, const std::string& purpose, const std::filesystem::path& tools_dir)
    : m_dir(std::filesystem::temp_directory_path() /
            fmt::format("wattbench-{}-{}-{}", purpose, ::getpid(), g_scratch_count.fetch_add(1))) {
  std::filesystem::create_directories(m_dir);
  try {
    m_bench = make_bench_double(cfg, m_dir, 0);
  } catch (...) {
    std::error_code ec;
    std::filesystem::remove_all(m_dir, ec);
    throw;
  }
  m_context = ProbeContext{m_dir, m_bench.get(), tools_dir,
                           m_bench ? m_bench->tool_env() : std::map<std::string, std::string>{}};
}

ScratchBench::~ScratchBench() {
  std::error_code ec;
  std::filesystem::remove_all(m_dir, ec);
}

}  // namespace wb
