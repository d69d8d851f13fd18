// One thread per probe: reads at rate_hz, stamps each sample at acquisition on the shared
// steady clock (batched probes: fetches at poll_hz what the instrument logged and stamped)
// and streams it to power-<probe>.csv; the analysis reads that file. In memory it keeps only
// the latest sample and recent timestamps (for the live status), so a run of any length uses
// constant memory.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "harness/plugin/probe.hpp"
#include "harness/trace/trace_csv.hpp"

namespace wb {

class Sampler {
 public:
  Sampler(Probe& probe, std::chrono::steady_clock::time_point t0, std::unique_ptr<TraceCsvWriter> writer);
  ~Sampler();
  // Called on the probe's thread with every sample, after it is traced; set before start().
  void set_observer(std::function<void(const Sample&)> observer) { m_observer = std::move(observer); }
  void start();
  // Joins and flushes. A read that has not returned within `deadline` (a wedged driver or
  // device) is abandoned: its thread is detached, the trace ends where it stopped and stop()
  // returns false; the caller must then keep this sampler and its probe alive (leak them).
  bool stop(std::chrono::milliseconds deadline = kStopDeadline);
  static constexpr std::chrono::milliseconds kStopDeadline{10000};
  // Why the probe's thread was abandoned at stop(), or "".
  const std::string& hung() const { return m_hung; }

  std::optional<Sample> latest() const;
  // Achieved rate over the last second or so.
  double recent_rate_hz() const;
  const Probe& probe() const { return m_probe; }
  std::uint64_t reads() const { return m_reads; }
  std::uint64_t errors() const { return m_errors; }
  // Why the trace file is incomplete (a full disk), or empty; read after stop().
  std::string trace_error() const { return m_writer ? m_writer->error() : std::string(); }

 private:
  void loop();
  void record(Sample&& s, bool to_trace = true);
  Sample error_sample(const std::exception& e, double t_s);
  Probe& m_probe;
  std::chrono::steady_clock::time_point m_t0;
  std::unique_ptr<TraceCsvWriter> m_writer;
  std::function<void(const Sample&)> m_observer;
  std::thread m_thread;
  std::atomic<bool> m_running{false};
  std::mutex m_done_mutex;  // guards m_loop_done, with m_done_cv
  std::condition_variable m_done_cv;
  bool m_loop_done = false;
  std::mutex m_writer_mutex;  // a read that returns after its thread was abandoned writes nothing
  bool m_abandoned = false;
  std::string m_hung;
  std::atomic<double> m_last_t{-1};  // the last sample's time, for the hang report
  mutable std::mutex m_mutex;
  std::optional<Sample> m_latest;
  std::vector<double> m_recent_t;  // ring of the last timestamps, for the live rate
  std::size_t m_recent_next = 0;
  std::atomic<std::uint64_t> m_reads{0}, m_errors{0};
};

}  // namespace wb
