// Single-stream and offline: one polling thread drives the runtime, sending while fewer than the
// depth are in flight and polling receive_output otherwise; the server scenario runs on two
// threads (run_server). Polls back off to a 20 µs sleep after a run of empty ones so that a CPU
// runtime's worker keeps its core; a stamp is taken when the call returns.
#include "infer/scenario.hpp"

#include <time.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

#include "infer/run_log.hpp"

namespace wb::infer {

std::optional<Scenario> scenario_from_name(const std::string& s) {
  if (s == "single-stream" || s == "singlestream") return Scenario::single_stream;
  if (s == "offline") return Scenario::offline;
  if (s == "server" || s == "paced") return Scenario::server;
  return std::nullopt;
}

std::string scenario_name(Scenario s) {
  switch (s) {
    case Scenario::single_stream:
      return "single-stream";
    case Scenario::offline:
      return "offline";
    case Scenario::server:
      return "server";
  }
  return "?";
}

std::int64_t monotonic_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

namespace {
void sleep_until_ns(std::int64_t t) {
  timespec ts{static_cast<time_t>(t / 1000000000LL), static_cast<long>(t % 1000000000LL)};
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) == EINTR) {
  }
}
}  // namespace

namespace {
// The server scenario on two threads, as OAAX-standard/examples' hosts drive a runtime (a sending
// and a receiving thread): the sender keeps the deadlines even where receive_output blocks until
// an output exists (DeepX's) or waits for one (Hailo's). The receiver calls receive_output only
// with work in flight, so a blocking runtime never waits on nothing. Stdio locks each log line.
ScenarioResult run_server(Backend& b, const std::vector<Tensors>& inputs, const ScenarioConfig& c, std::FILE* log,
                          std::FILE* progress) {
  ScenarioResult r;
  const std::size_t depth = std::max<std::size_t>(1, c.in_flight);
  std::size_t cap = 1;
  while (cap <= depth) cap <<= 1;
  std::vector<std::int64_t> send_ns(cap);  // by sequence number modulo cap: at most depth are in flight
  std::atomic<std::uint64_t> sent{0}, completed{0};
  std::atomic<bool> measuring{c.warmup == 0}, stop_sending{false}, failed{false};
  std::atomic<std::int64_t> window_start{0};
  std::mutex error_mutex;
  auto fail = [&](const std::string& e) {
    std::lock_guard<std::mutex> l(error_mutex);
    if (r.error.empty()) r.error = e;
    failed = true;
  };
  const std::int64_t t0 = monotonic_ns(), origin = t0;
  RunLog run_log(log, progress, t0);
  const double period_ns = 1e9 / c.target_fps;
  auto start_window = [&](std::int64_t now) {
    window_start = now;
    run_log.window_start(now);
    measuring = true;
  };
  if (measuring) start_window(t0);
  std::atomic<std::uint64_t> measured{0};
  std::thread receiver([&] {
    Tensors out;
    std::int64_t last_output = monotonic_ns();
    int empty_polls = 0;
    try {
      for (;;) {
        std::uint64_t done = completed.load(std::memory_order_relaxed), s = sent.load(std::memory_order_acquire);
        if (done == s) {
          if (failed || (stop_sending && sent.load(std::memory_order_acquire) == done)) return;
          timespec ts{0, 20000};
          nanosleep(&ts, nullptr);
          last_output = monotonic_ns();  // the timeout counts from work in flight
          continue;
        }
        bool want = done < c.capture;
        if (b.receive(want ? &out : nullptr)) {
          std::int64_t t = monotonic_ns();
          if (want) r.captured.push_back(std::move(out));
          std::fprintf(log, "R %llu %lld\n", static_cast<unsigned long long>(done), static_cast<long long>(t));
          std::int64_t sent_at = send_ns[done & (cap - 1)];
          completed.store(done + 1, std::memory_order_release);
          last_output = t;
          empty_polls = 0;
          if (measuring && done + 1 > c.warmup) {
            measured.fetch_add(1, std::memory_order_relaxed);
            r.window_end_ns = t;
            r.latency.add(t - sent_at);
          }
          if (!measuring && done + 1 >= c.warmup) start_window(t);
        } else {
          if (failed) return;
          if (monotonic_ns() - last_output > static_cast<std::int64_t>(c.receive_timeout_s * 1e9)) {
            std::string msg = b.runtime_message();
            fail("no output for " + std::to_string(c.receive_timeout_s) + " s with " + std::to_string(s - done) +
                 " inference(s) in flight; the runtime says: " + (msg.empty() ? "(nothing)" : msg));
            return;
          }
          if (++empty_polls > 64) {
            timespec ts{0, 20000};
            nanosleep(&ts, nullptr);
          }
        }
      }
    } catch (const std::exception& e) {
      fail(e.what());
    }
  });
  std::uint64_t next_deadline = 0;
  try {
    while (!failed) {
      std::int64_t now = monotonic_ns();
      std::uint64_t s = sent.load(std::memory_order_relaxed);
      if (c.sending_done(measuring, now, window_start.load(), s)) break;
      std::int64_t deadline = origin + static_cast<std::int64_t>(std::llround(next_deadline * period_ns));
      if (now - deadline > 1000000000LL) {  // more than 1 s behind: drop the debt, keep the grid
        auto caught_up = static_cast<std::uint64_t>(std::ceil((now - origin) / period_ns));
        r.dropped_deadlines += caught_up - next_deadline;
        next_deadline = caught_up;
        deadline = origin + static_cast<std::int64_t>(std::llround(next_deadline * period_ns));
      }
      if (now < deadline) {
        sleep_until_ns(
            std::min<std::int64_t>(deadline, now + 50000000LL));  // wake at least every 50 ms to flush and report
      } else if (s - completed.load(std::memory_order_acquire) < depth) {
        b.send(inputs[s % inputs.size()]);
        std::int64_t t = monotonic_ns();
        send_ns[s & (cap - 1)] = t;
        sent.store(s + 1, std::memory_order_release);
        std::fprintf(log, "S %llu %lld\n", static_cast<unsigned long long>(s), static_cast<long long>(t));
        std::int64_t late = t - deadline;
        r.max_late_ns = std::max(r.max_late_ns, late);
        if (late > 1000000) ++r.late_sends;
        ++next_deadline;
      } else {
        timespec ts{0, 20000};  // at the cap of outstanding work: wait for an output
        nanosleep(&ts, nullptr);
      }
      now = monotonic_ns();
      run_log.tick(now, measuring, measured.load());
    }
  } catch (const std::exception& e) {
    fail(e.what());
  }
  stop_sending = true;
  receiver.join();
  r.sent = sent;
  r.completed = completed;
  r.measured = measured;
  r.window_start_ns = window_start;
  run_log.finish(measuring, r.measured, r.window_end_ns);
  return r;
}
}  // namespace

ScenarioResult run_scenario(Backend& b, const std::vector<Tensors>& inputs, const ScenarioConfig& c, std::FILE* log,
                            std::FILE* progress) {
  if (c.scenario == Scenario::server) return run_server(b, inputs, c, log, progress);
  ScenarioResult r;
  const std::size_t depth = c.scenario == Scenario::single_stream ? 1 : std::max<std::size_t>(1, c.in_flight);
  std::deque<std::int64_t> send_times;  // of the inferences in flight, oldest first
  bool measuring = c.warmup == 0, stop_sending = false;
  std::int64_t t0 = monotonic_ns(), last_output = t0;
  RunLog run_log(log, progress, t0);
  auto start_window = [&](std::int64_t now) {
    measuring = true;
    r.window_start_ns = now;
    run_log.window_start(now);
  };
  if (measuring) start_window(t0);
  int empty_polls = 0;
  Tensors out;
  try {
    for (;;) {
      std::int64_t now = monotonic_ns();
      if (!stop_sending && c.sending_done(measuring, now, r.window_start_ns, r.sent)) stop_sending = true;
      if (stop_sending && send_times.empty()) break;
      bool may_send = !stop_sending && send_times.size() < depth;
      if (may_send) {
        b.send(inputs[r.sent % inputs.size()]);
        std::int64_t t = monotonic_ns();
        if (send_times.empty()) last_output = t;  // the receive timeout runs from the first in flight
        send_times.push_back(t);
        std::fprintf(log, "S %llu %lld\n", static_cast<unsigned long long>(r.sent), static_cast<long long>(t));
        ++r.sent;
        empty_polls = 0;
        continue;
      }
      if (send_times.empty()) continue;
      bool want = r.completed < c.capture;
      if (b.receive(want ? &out : nullptr)) {
        std::int64_t t = monotonic_ns();
        if (want) r.captured.push_back(std::move(out));
        std::fprintf(log, "R %llu %lld\n", static_cast<unsigned long long>(r.completed), static_cast<long long>(t));
        std::int64_t sent_at = send_times.front();
        send_times.pop_front();
        ++r.completed;
        last_output = t;
        empty_polls = 0;
        if (measuring && r.completed > c.warmup) {  // inferences after the warm-up's last, in completion order
          ++r.measured;
          r.window_end_ns = t;
          r.latency.add(t - sent_at);
        }
        if (!measuring && r.completed >= c.warmup) start_window(t);
      } else {
        now = monotonic_ns();
        if (now - last_output > static_cast<std::int64_t>(c.receive_timeout_s * 1e9)) {
          std::string msg = b.runtime_message();
          r.error = "no output for " + std::to_string(c.receive_timeout_s) + " s with " +
                    std::to_string(send_times.size()) +
                    " inference(s) in flight; the runtime says: " + (msg.empty() ? "(nothing)" : msg);
          break;
        }
        if (++empty_polls > 64) {
          timespec ts{0, 20000};
          nanosleep(&ts, nullptr);
        }
      }
      now = monotonic_ns();
      run_log.tick(now, measuring, r.measured);
    }
  } catch (const std::exception& e) {
    r.error = e.what();
  }
  run_log.finish(measuring, r.measured, r.window_end_ns);
  return r;
}

}  // namespace wb::infer
