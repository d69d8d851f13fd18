// Paced probe reads on a dedicated thread.
#include "harness/run/sampler.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "harness/trace/sentinel.hpp"

namespace wb {

using clock_type = std::chrono::steady_clock;

namespace {
constexpr std::size_t kRecent = 256;
}

Sampler::Sampler(Probe& probe, clock_type::time_point t0, std::unique_ptr<TraceCsvWriter> writer)
    : m_probe(probe), m_t0(t0), m_writer(std::move(writer)) {
  m_recent_t.reserve(kRecent);
}

Sampler::~Sampler() { stop(); }

void Sampler::start() {
  m_running = true;
  m_thread = std::thread([this] {
    loop();
    std::lock_guard lock(m_done_mutex);
    m_loop_done = true;
    m_done_cv.notify_all();
  });
}

bool Sampler::stop(std::chrono::milliseconds deadline) {
  if (!m_thread.joinable()) return m_hung.empty();
  m_running = false;
  bool returned;
  {
    std::unique_lock lock(m_done_mutex);
    returned = m_done_cv.wait_for(lock, deadline, [this] { return m_loop_done; });
  }
  if (!returned) {
    std::lock_guard lock(m_writer_mutex);
    m_abandoned = true;
    m_thread.detach();
    double last = m_last_t;
    m_hung = fmt::format(
        "a read of probe {} did not return within {:g} s of the end of the run (driver or device not "
        "answering); its samples end at t = {}",
        m_probe.info().name, std::chrono::duration<double>(deadline).count(),
        last >= 0 ? fmt::format("{:.3f} s", last) : std::string("the start"));
    if (m_writer) m_writer->flush();
    return false;
  }
  m_thread.join();
  if (m_probe.batched()) {
    // What the instrument logged since the last poll belongs to the run too.
    std::vector<Sample> rest;
    try {
      m_probe.read_batch(m_t0, rest);
    } catch (const std::exception&) {
    }
    for (auto& s : rest) record(std::move(s));
  }
  if (m_writer) m_writer->flush();
  return true;
}

void Sampler::record(Sample&& s, bool to_trace) {
  if (has_sentinel(m_probe.info(), s)) s.flags |= kFlagSentinel;
  {
    std::lock_guard lock(m_writer_mutex);
    if (m_abandoned) return;
    if (m_writer && to_trace) m_writer->write(s);
  }
  ++m_reads;
  m_last_t = s.t_s;
  if (m_observer) m_observer(s);
  std::lock_guard lock(m_mutex);
  if (m_recent_t.size() < kRecent)
    m_recent_t.push_back(s.t_s);
  else
    m_recent_t[m_recent_next] = s.t_s;
  m_recent_next = (m_recent_next + 1) % kRecent;
  m_latest = std::move(s);
}

Sample Sampler::error_sample(const std::exception& e, double t_s) {
  Sample s;
  s.values.assign(m_probe.info().channels.size(), kMissing);
  s.flags |= kFlagReadError;
  s.error = e.what();
  s.t_s = t_s;
  ++m_errors;
  return s;
}

void Sampler::loop() {
  const bool batched = m_probe.batched();
  const double hz = batched ? m_probe.info().poll_hz : m_probe.info().rate_hz;
  const auto period = std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double>(1.0 / hz));
  auto since_t0 = [this](clock_type::duration d) { return std::chrono::duration<double>(d).count(); };
  // Ticks on the run's grid t0 + k·period, so that probes of one rate wake together (probes
  // sharing one FT232H then go out in one USB round).
  auto on_grid = [&](clock_type::time_point t) {
    auto k = (t - m_t0 + period - clock_type::duration(1)) / period;
    return m_t0 + std::max<decltype(k)>(k, 0) * period;
  };
  auto next = on_grid(clock_type::now());
  int consecutive_errors = 0;
  while (m_running) {
    if (batched) {
      // The instrument stamped its samples. A failed fetch shows in the live status but not in
      // the trace: the instrument keeps logging, and what it sends after a reconnect fills the
      // time; samples really lost show there as a gap.
      std::vector<Sample> got;
      try {
        m_probe.read_batch(m_t0, got);
        consecutive_errors = 0;
      } catch (const std::exception& e) {
        record(error_sample(e, since_t0(clock_type::now() - m_t0)), false);
        ++consecutive_errors;
      }
      for (auto& s : got) record(std::move(s));
    } else {
      Sample s;
      auto before = clock_type::now();
      try {
        m_probe.read(s);
        consecutive_errors = 0;
      } catch (const std::exception& e) {
        s = error_sample(e, 0);
        ++consecutive_errors;
      }
      auto after = clock_type::now();
      // Stamp at the middle of the bus transfer: the registers were latched within it.
      s.t_s = since_t0((before - m_t0) + (after - before) / 2);
      record(std::move(s));
    }
    next += period;
    if (consecutive_errors > 0) {
      // Back off on a failing device (unplugged, bus stuck) instead of spinning; up to 1 s.
      auto backoff =
          std::min(period * (1 << std::min(consecutive_errors, 10)), clock_type::duration(std::chrono::seconds(1)));
      next = on_grid(clock_type::now() + backoff);
    } else if (next < clock_type::now() - period) {
      next = on_grid(clock_type::now());  // fell behind: do not burst to catch up
    }
    std::this_thread::sleep_until(next);
  }
}

std::optional<Sample> Sampler::latest() const {
  std::lock_guard lock(m_mutex);
  return m_latest;
}

double Sampler::recent_rate_hz() const {
  std::lock_guard lock(m_mutex);
  if (m_recent_t.size() < 2) return 0;
  auto [lo, hi] = std::minmax_element(m_recent_t.begin(), m_recent_t.end());
  return *hi > *lo ? static_cast<double>(m_recent_t.size() - 1) / (*hi - *lo) : 0;
}

}  // namespace wb
