// A TCP connection that speaks "\r\n"-terminated lines, with timeouts, for PTDaemon.
#pragma once
#include <chrono>
#include <functional>
#include <string>

namespace wb::ptd {

class LineConnection {
 public:
  // Connects within timeout_s; throws with what to check (PTDaemon running, its -p port).
  LineConnection(const std::string& host, int port, double timeout_s);
  ~LineConnection();
  LineConnection(const LineConnection&) = delete;
  LineConnection& operator=(const LineConnection&) = delete;

  void send_line(const std::string& line);
  // The next line without its terminator; throws on timeout or a closed connection.
  std::string read_line();
  std::string command(const std::string& line) {
    send_line(line);
    return read_line();
  }
  // Called with every line sent ('>') and received ('<'), as it happens.
  void on_line(std::function<void(char, const std::string&)> f) { m_on_line = std::move(f); }
  const std::string& peer() const { return m_peer; }

 private:
  int m_fd = -1;
  double m_timeout_s;
  std::string m_peer;
  std::string m_buffer;
  std::function<void(char, const std::string&)> m_on_line;
};

}  // namespace wb::ptd
