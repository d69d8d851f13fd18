// POSIX sockets behind LineConnection.
#include "probes/ptd/connection.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace wb::ptd {

namespace {
// Lines longer than this are not PTDaemon's: stop reading rather than grow without bound.
constexpr std::size_t kMaxLine = 1 << 16;

int wait_ms(double deadline_s, double now_s) { return static_cast<int>(std::max(0.0, (deadline_s - now_s) * 1000)); }
double now_s() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }
}  // namespace

LineConnection::LineConnection(const std::string& host, int port, double timeout_s) : m_timeout_s(timeout_s) {
  m_peer = fmt::format("{}:{}", host, port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (int rc = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &res); rc != 0)
    throw std::runtime_error(fmt::format("PTDaemon host '{}': {}", host, gai_strerror(rc)));
  std::string last_error = "no address";
  double deadline = now_s() + timeout_s;
  for (addrinfo* a = res; a && m_fd < 0; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    int rc = ::connect(fd, a->ai_addr, a->ai_addrlen);
    if (rc < 0 && errno == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      do rc = ::poll(&p, 1, wait_ms(deadline, now_s()));
      while (rc < 0 && errno == EINTR);
      if (rc == 0) {
        errno = ETIMEDOUT;
        rc = -1;
      } else if (rc > 0) {
        int err = 0;
        socklen_t len = sizeof err;
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err) {
          errno = err;
          rc = -1;
        } else
          rc = 0;
      }
    }
    if (rc == 0) {
      m_fd = fd;
      int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    } else {
      last_error = std::strerror(errno);
      ::close(fd);
    }
  }
  freeaddrinfo(res);
  if (m_fd < 0)
    throw std::runtime_error(
        fmt::format("cannot connect to PTDaemon at {}: {} (is ptd running, started with -p {}, and "
                    "reachable from here?)",
                    m_peer, last_error, port));
}

LineConnection::~LineConnection() {
  if (m_fd >= 0) ::close(m_fd);
}

void LineConnection::send_line(const std::string& line) {
  if (m_on_line) m_on_line('>', line);
  std::string data = line + "\r\n";
  std::size_t sent = 0;
  double deadline = now_s() + m_timeout_s;
  while (sent < data.size()) {
    ssize_t n = ::send(m_fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd p{m_fd, POLLOUT, 0};
      int rc = ::poll(&p, 1, wait_ms(deadline, now_s()));
      if (rc < 0 && errno == EINTR) continue;
      if (rc <= 0) throw std::runtime_error(fmt::format("PTDaemon at {}: timed out sending '{}'", m_peer, line));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    throw std::runtime_error(
        fmt::format("PTDaemon at {}: connection lost sending '{}': {}", m_peer, line, std::strerror(errno)));
  }
}

std::string LineConnection::read_line() {
  double deadline = now_s() + m_timeout_s;
  for (;;) {
    auto eol = m_buffer.find('\n');
    if (eol != std::string::npos) {
      std::string line = m_buffer.substr(0, eol);
      m_buffer.erase(0, eol + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (m_on_line) m_on_line('<', line);
      return line;
    }
    if (m_buffer.size() > kMaxLine)
      throw std::runtime_error(
          fmt::format("PTDaemon at {}: a reply line longer than {} bytes; is this PTDaemon?", m_peer, kMaxLine));
    pollfd p{m_fd, POLLIN, 0};
    int rc = ::poll(&p, 1, wait_ms(deadline, now_s()));
    if (rc == 0) throw std::runtime_error(fmt::format("PTDaemon at {}: no reply within {:g} s", m_peer, m_timeout_s));
    if (rc < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(fmt::format("PTDaemon at {}: {}", m_peer, std::strerror(errno)));
    }
    char buf[4096];
    ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
    if (n == 0) throw std::runtime_error(fmt::format("PTDaemon at {} closed the connection", m_peer));
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
      throw std::runtime_error(fmt::format("PTDaemon at {}: connection lost: {}", m_peer, std::strerror(errno)));
    }
    m_buffer.append(buf, static_cast<std::size_t>(n));
  }
}

}  // namespace wb::ptd
