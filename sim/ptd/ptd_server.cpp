// The fake PTDaemon: one client at a time, like the MLPerf power server uses it.
#include "sim/ptd/ptd_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "probes/ptd/protocol.hpp"
#include "sim/bench/sim_state.hpp"

namespace wb::sim {

namespace {
double wall_now_s() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    auto c = s.find(',', start);
    out.push_back(s.substr(start, c == std::string::npos ? std::string::npos : c - start));
    if (c == std::string::npos) return out;
    start = c + 1;
  }
}
}  // namespace

PtdServer::PtdServer(PtdSource source, PtdServerOptions opt) : m_source(std::move(source)), m_opt(std::move(opt)) {
  m_listen_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (m_listen_fd < 0) throw std::runtime_error("fake PTDaemon: cannot create a socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // loopback only: a simulator serves nobody else
  addr.sin_port = htons(static_cast<std::uint16_t>(m_opt.port));
  int one = 1;
  ::setsockopt(m_listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(m_listen_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0 || ::listen(m_listen_fd, 4) < 0) {
    int err = errno;
    ::close(m_listen_fd);
    throw std::runtime_error(
        fmt::format("fake PTDaemon: cannot listen on 127.0.0.1:{}: {}", m_opt.port, std::strerror(err)));
  }
  socklen_t len = sizeof addr;
  ::getsockname(m_listen_fd, reinterpret_cast<sockaddr*>(&addr), &len);
  m_port = ntohs(addr.sin_port);
  m_thread = std::thread([this] { serve(); });
}

PtdServer::~PtdServer() {
  m_running = false;
  if (m_thread.joinable()) m_thread.join();  // no command comes after this, so no Go restarts measuring
  m_measuring = false;
  if (m_measure_thread.joinable()) m_measure_thread.join();
  ::close(m_listen_fd);
}

std::vector<std::string> PtdServer::commands() const {
  std::lock_guard lock(m_mutex);
  return m_commands;
}

std::size_t PtdServer::samples_taken() const {
  std::lock_guard lock(m_mutex);
  return m_samples.size();
}

void PtdServer::serve() {
  while (m_running) {
    pollfd p{m_listen_fd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    int fd = ::accept4(m_listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    if (m_opt.resend_on_reconnect) {
      std::lock_guard lock(m_mutex);
      m_unread = 0;
    }
    handle(fd);
    ::close(fd);
  }
}

void PtdServer::handle(int fd) {
  std::string buffer;
  auto send_all = [&](const std::string& data) {
    std::size_t sent = 0;
    while (sent < data.size()) {
      ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  };
  while (m_running) {
    {
      std::lock_guard lock(m_mutex);
      if (m_opt.drop_connection_after_s >= 0 && !m_dropped && m_measuring &&
          steady_now_s() - m_go_s >= m_opt.drop_connection_after_s) {
        m_dropped = true;
        return;  // as if the network went away; the measurement goes on
      }
    }
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 20) <= 0) continue;
    char buf[4096];
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return;
    buffer.append(buf, static_cast<std::size_t>(n));
    for (auto eol = buffer.find('\n'); eol != std::string::npos; eol = buffer.find('\n')) {
      std::string cmd = buffer.substr(0, eol);
      buffer.erase(0, eol + 1);
      if (!cmd.empty() && cmd.back() == '\r') cmd.pop_back();
      std::vector<std::string> extra;
      std::string r = reply(cmd, extra);
      std::string out = r + "\r\n";
      for (const auto& l : extra) out += l + "\r\n";
      if (!send_all(out)) return;
    }
  }
}

double PtdServer::pick(const std::vector<double>& ranges, double value, double fixed) const {
  if (fixed > 0) return fixed;
  for (double r : ranges)
    if (std::abs(value) <= r) return r;
  return ranges.back();
}

std::string PtdServer::sample_line(const Sample& s) const {
  std::string line = "Time," + ptd::format_time(s.wall_s, m_opt.utc);
  for (std::size_t b = 0; b < s.blocks.size(); ++b) {
    const auto& r = s.blocks[b];
    line += fmt::format(",Watts,{:.6f},Volts,{:.6f},Amps,{:.6f},PF,{:.6f}", r.watts, r.volts, r.amps, r.pf);
    if (b == 0 && m_opt.samples_carry_uncertainty)
      line += std::isnan(s.uncertainty) ? ",Uncertainty,-1" : fmt::format(",Uncertainty,{:.6f}", s.uncertainty);
  }
  return line;
}

void PtdServer::measure(double period_s) {
  // The meter integrates on its own clock: sample k is the mean over [due - period, due],
  // stamped with the wall time of `due`, however late this thread wakes.
  double start = steady_now_s();
  for (std::size_t k = 1; m_measuring; ++k) {
    double due = start + static_cast<double>(k) * period_s;
    while (m_measuring && steady_now_s() < due) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    if (!m_measuring) break;
    PtdReading r = m_source(due - period_s, due);
    std::lock_guard lock(m_mutex);
    double vr = pick(m_opt.volt_ranges, r.volts, m_volt_range), ar = pick(m_opt.amp_ranges, r.amps, m_amp_range);
    Sample s;
    s.wall_s = wall_now_s() - (steady_now_s() - due) + m_opt.clock_offset_s;
    bool over = std::abs(r.volts) > 1.3 * vr || std::abs(r.amps) > 1.3 * ar;
    if (over) {
      s.blocks.push_back({-1, -1, -1, -1});  // PTDaemon's "no valid reading"
      s.uncertainty = NAN;
    } else {
      s.blocks.push_back(r);
      s.uncertainty =
          r.watts > 0 ? (m_opt.reading_pct / 100 * r.watts + m_opt.range_pct / 100 * vr * ar) / r.watts : NAN;
    }
    if (m_opt.channels > 1)
      for (int c = 0; c < m_opt.channels; ++c) {
        PtdReading part = s.blocks[0];
        if (!over) {
          part.watts /= m_opt.channels;
          part.amps /= m_opt.channels;
        }
        s.blocks.push_back(part);
      }
    m_samples.push_back(std::move(s));
  }
}

std::string PtdServer::reply(const std::string& cmd, std::vector<std::string>& extra) {
  std::unique_lock lock(m_mutex);
  m_commands.push_back(cmd);
  auto f = split(cmd);
  const std::string& verb = f[0];
  if (verb == "Hello") return std::string(ptd::kHelloReply);
  if (verb == "Identify") return m_opt.identify;
  if (verb == "RR")
    return fmt::format("Ranges,{},{:g},{},{:g}", m_amp_range > 0 ? 0 : 1, m_amp_range > 0 ? m_amp_range : -1.0,
                       m_volt_range > 0 ? 0 : 1, m_volt_range > 0 ? m_volt_range : -1.0);
  if (verb == "SR") {
    if (f.size() != 3 || (f[1] != "V" && f[1] != "A")) return "Error: expected SR,V|A,<range>|Auto";
    double value = 0;
    if (f[2] != "Auto") {
      try {
        value = std::stod(f[2]);
      } catch (...) {
        return fmt::format("Error: invalid range '{}'", f[2]);
      }
      const auto& list = f[1] == "V" ? m_opt.volt_ranges : m_opt.amp_ranges;
      // An analyzer sets the smallest range that holds the value (power-dev asks for 1.1 × max amps).
      auto it = std::find_if(list.begin(), list.end(), [&](double r) { return r >= value * (1 - 1e-9); });
      if (value <= 0 || it == list.end())
        return fmt::format("Error: no {} range holds {}", f[1] == "V" ? "voltage" : "current", f[2]);
      value = *it;
    }
    (f[1] == "V" ? m_volt_range : m_amp_range) = value;
    return fmt::format("{} range set to {}", f[1] == "V" ? "Voltage" : "Current",
                       value > 0 ? fmt::format("{:g}", value) : "Auto");
  }
  if (verb == "Go") {
    if (f.size() != 4) return "Error: expected Go,<period ms>,<samples>,<mark>";
    if (m_measuring) return "Error: a measurement is already running";
    double period_ms = 0;
    try {
      period_ms = std::stod(f[1]);
    } catch (...) {
    }
    if (!(period_ms >= 10)) return fmt::format("Error: invalid sample period '{}'", f[1]);
    if (m_opt.actual_period_ms > 0) period_ms = m_opt.actual_period_ms;
    if (m_measure_thread.joinable()) {
      // The stopped thread may be waiting for the lock to store its last sample: join unlocked.
      std::thread old = std::move(m_measure_thread);
      lock.unlock();
      old.join();
      lock.lock();
    }
    m_samples.clear();
    m_unread = 0;
    m_measuring = true;
    m_go_s = steady_now_s();
    m_measure_thread = std::thread([this, period_ms] { measure(period_ms / 1000); });
    return fmt::format("Starting untimed measurement, maximum 500000 samples at {:g}ms with {} rampup samples",
                       period_ms, f[2]);
  }
  if (verb == "Stop") {
    if (!m_measuring) return "Error: no measurement is running";
    m_measuring = false;
    return "Stopping untimed measurement";
  }
  bool rl = verb == "RL" || verb == "DC-RL";
  if (rl) {
    if (m_opt.dc != (verb == "DC-RL")) return "Unknown command";
    if (f.size() == 3 && m_opt.channels == 1) return "Invalid number of parameters";
    if (f.size() != 1 && f.size() != 3) return "Invalid number of parameters";
    bool all_channels = f.size() == 3;
    std::size_t n = m_samples.size() - m_unread;
    for (std::size_t i = m_unread; i < m_samples.size(); ++i) {
      Sample s = m_samples[i];
      if (!all_channels) s.blocks.resize(1);
      extra.push_back(sample_line(s));
    }
    m_unread = m_samples.size();
    return fmt::format("Last {} samples", n);
  }
  if (verb == "Watts" || verb == "Uncertainty") {
    bool watts = verb == "Watts";
    double sum = 0, lo = INFINITY, hi = -INFINITY;
    std::int64_t good = 0, bad = 0, over_limit = 0;
    for (const auto& s : m_samples) {
      double v = watts ? s.blocks[0].watts : s.uncertainty;
      if ((watts && v == -1) || std::isnan(v)) {
        ++bad;
        continue;
      }
      ++good;
      sum += v;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
      if (!watts && v > 0.01) ++over_limit;
    }
    double avg = good ? sum / static_cast<double>(good) : -1;
    if (!good) lo = hi = -1;
    auto total = static_cast<std::int64_t>(m_samples.size());
    if (watts) return fmt::format("Watts,{:.6f},{:.6f},{:.6f},{},{},{}", avg, lo, hi, good, bad, total);
    return fmt::format("Uncertainty,{:.6f},{:.6f},{:.6f},{},{},{},{}", avg, lo, hi, good, bad, total, over_limit);
  }
  return "Unknown command";
}

}  // namespace wb::sim
