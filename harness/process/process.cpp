// ProcessRunner on Boost.Process v1 (kept to this one translation unit: it is slow to build).
#include "harness/process/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <fmt/format.h>
#include <algorithm>
#include <boost/process.hpp>
#include <boost/process/extend.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "harness/util/steady_seconds.hpp"

namespace bp = boost::process;

namespace wb {

namespace fs = std::filesystem;

std::optional<fs::path> find_executable(const std::string& name, const std::vector<fs::path>& first_dirs) {
  auto ok = [](const fs::path& p) { return fs::is_regular_file(p) && ::access(p.c_str(), X_OK) == 0; };
  if (name.find('/') != std::string::npos) {
    if (ok(name)) return fs::absolute(name);
    return std::nullopt;
  }
  for (const auto& d : first_dirs)
    if (ok(d / name)) return d / name;
  auto found = bp::search_path(name);
  if (!found.empty()) return fs::path(found.string());
  return std::nullopt;
}

namespace {

struct Fd {
  int fd = -1;
  Fd() = default;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  void reset() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

// Every process a tool starts is ours to end. wattbench is the subreaper of what it starts
// (an orphan comes back to us, not to init) and each tool carries a token in its environment
// that its descendants inherit: at the end of a run we walk /proc for the tool's tree and for
// orphans of ours with its token (or with no token and not started by a runner: ours anyway).
constexpr const char* kTokenVar = "WATTBENCH_TOOL_TOKEN";

std::mutex g_spawned_mutex;
std::set<pid_t> g_spawned;  // tools started directly by some runner, still unreaped (under the mutex)

struct ProcEntry {
  pid_t pid = 0, ppid = 0;
  char state = '?';
  std::string comm;
};

std::vector<ProcEntry> list_processes() {
  std::vector<ProcEntry> out;
  std::error_code ec;
  for (fs::directory_iterator it("/proc", ec), end; !ec && it != end; it.increment(ec)) {
    const auto name = it->path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(it->path() / "stat");  // procfs: small and never blocks
    std::string stat;
    if (!std::getline(in, stat)) continue;  // gone meanwhile
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses; it ends at the last ')'.
    auto open = stat.find('('), close = stat.rfind(')');
    if (open == std::string::npos || close == std::string::npos || close < open) continue;
    ProcEntry e;
    e.pid = static_cast<pid_t>(std::stol(name));
    e.comm = stat.substr(open + 1, close - open - 1);
    std::istringstream rest(stat.substr(close + 1));
    long ppid = 0;
    rest >> e.state >> ppid;
    e.ppid = static_cast<pid_t>(ppid);
    out.push_back(std::move(e));
  }
  return out;
}

// The value of kTokenVar in a process's environment; "" when absent or unreadable.
std::string token_of(pid_t pid) {
  std::ifstream in(fmt::format("/proc/{}/environ", pid), std::ios::binary);
  std::string var, prefix = std::string(kTokenVar) + "=";
  std::size_t seen = 0;
  while (std::getline(in, var, '\0') && (seen += var.size()) < (1u << 20))
    if (var.rfind(prefix, 0) == 0) return var.substr(prefix.size());
  return "";
}

// The processes that are the tool's: descendants of `root` (0 once it is reaped) and of
// orphans reparented to us that carry `token` (or no token and were not started by a runner).
std::vector<ProcEntry> tool_descendants(pid_t root, const std::string& token) {
  auto all = list_processes();
  pid_t self = ::getpid();
  std::set<pid_t> ours;
  if (root > 0) ours.insert(root);
  {
    std::lock_guard lock(g_spawned_mutex);
    for (const auto& p : all) {
      if (p.ppid != self || p.pid == root || g_spawned.count(p.pid)) continue;
      // A zombie's environment reads empty: an orphan that already ended, to reap.
      if (std::string t = token_of(p.pid); t == token || t.empty()) ours.insert(p.pid);
    }
  }
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& p : all)
      if (!ours.count(p.pid) && ours.count(p.ppid)) {
        ours.insert(p.pid);
        grew = true;
      }
  }
  std::vector<ProcEntry> out;
  for (const auto& p : all)
    if (p.pid != root && p.pid != self && ours.count(p.pid)) out.push_back(p);
  return out;
}

// Ends every process the tool left behind: SIGTERM, then SIGKILL to those still there after
// `grace_s`; reaps those reparented to us. Returns what was found, for the run's warnings.
std::vector<std::string> end_leftovers(pid_t root, const std::string& token, double grace_s) {
  std::vector<std::string> named;
  std::set<pid_t> termed, killed;
  auto reap_ours = [&](const std::vector<ProcEntry>& ps) {
    for (const auto& p : ps)
      if (p.ppid == ::getpid()) ::waitpid(p.pid, nullptr, WNOHANG);
  };
  auto deadline = std::chrono::steady_clock::now() + steady_seconds(grace_s);
  std::vector<ProcEntry> live;
  for (;;) {
    auto left = tool_descendants(root, token);
    reap_ours(left);
    live.clear();
    for (const auto& p : left)
      if (p.state != 'Z' && p.state != 'X') live.push_back(p);
    if (live.empty()) break;
    bool late = std::chrono::steady_clock::now() > deadline;
    for (const auto& p : live) {
      if (!termed.count(p.pid)) {
        termed.insert(p.pid);
        named.push_back(fmt::format("{} ({})", p.pid, p.comm));
        ::kill(p.pid, SIGTERM);
        ::kill(p.pid, SIGCONT);  // a stopped process handles its SIGTERM only once it runs
      } else if (late && !killed.count(p.pid)) {
        killed.insert(p.pid);
        ::kill(p.pid, SIGKILL);
      }
    }
    // A process that survives SIGKILL for long is stuck in the kernel (D state): leave it named.
    if (late && std::chrono::steady_clock::now() > deadline + std::chrono::seconds(2)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (named.empty()) return {};
  std::string list, stuck;
  for (const auto& n : named) list += (list.empty() ? "" : ", ") + n;
  for (const auto& p : live) stuck += fmt::format("{}{} ({})", stuck.empty() ? "" : ", ", p.pid, p.comm);
  std::vector<std::string> w{fmt::format(
      "the tool left {} process{} running after it ended: {}; ended with SIGTERM{}", named.size(),
      named.size() == 1 ? "" : "es", list,
      killed.empty() ? "" : fmt::format(", then SIGKILL for {} that outlived {:g} s", killed.size(), grace_s))};
  if (!stuck.empty()) w.back() += "; still there (stuck in the kernel): " + stuck;
  return w;
}

// The lines a run keeps in memory (keep_lines), shared by stdout and stderr: at most `cap`
// bytes of them, so a flood costs a fixed amount; later lines go to the logs and callback only.
inline constexpr std::size_t kMaxKeptBytes = 16u << 20;
struct KeptLines {
  std::vector<TimedLine>* out = nullptr;
  std::size_t cap = 0, bytes = 0;
  bool full = false;
};

// Splits a byte stream into lines on \n or \r, stamping each when its terminator arrives.
// A line longer than max_line is cut there (once noted in `warnings`); the raw log gets all.
class LineSplitter {
 public:
  LineSplitter(int stream, std::FILE* raw, std::FILE* lines_log, std::chrono::steady_clock::time_point t0,
               KeptLines& kept, const std::function<void(const TimedLine&)>& cb, std::size_t max_line,
               std::vector<std::string>& warnings)
      : m_stream(stream),
        m_raw(raw),
        m_lines(lines_log),
        m_t0(t0),
        m_kept(kept),
        m_cb(cb),
        m_max(max_line),
        m_warnings(warnings) {}

  void feed(const char* data, std::size_t n) {
    if (m_raw) {
      std::fwrite(data, 1, n, m_raw);
      std::fflush(m_raw);
    }
    double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_t0).count();
    for (std::size_t i = 0; i < n;) {
      std::size_t end = i;
      while (end < n && data[end] != '\n' && data[end] != '\r') ++end;
      std::size_t room = m_max > m_partial.size() ? m_max - m_partial.size() : 0;
      m_partial.append(data + i, std::min(room, end - i));
      if (end - i > room) m_cut = true;
      if (end < n) emit(t);
      i = end + 1;
    }
    // Once per chunk read, not per line: a flood of short lines costs one write, not thousands.
    if (m_lines) std::fflush(m_lines);
  }
  void finish() {
    if (!m_partial.empty()) emit(std::chrono::duration<double>(std::chrono::steady_clock::now() - m_t0).count());
  }

 private:
  void emit(double t) {
    if (m_cut && !m_warned) {
      m_warnings.push_back(
          fmt::format("a line on {} was longer than {} bytes: cut there for parsing (the raw log has it whole)",
                      m_stream == 1 ? "stdout" : "stderr", m_max));
      m_warned = true;
    }
    m_cut = false;
    if (m_partial.empty()) return;
    TimedLine line{t, m_stream, std::move(m_partial)};
    m_partial.clear();
    if (m_lines) {
      std::string text;
      for (char c : line.text) text += c == '\t' ? ' ' : c;
      std::fprintf(m_lines, "%.6f\t%d\t%s\n", line.t_s, line.stream, text.c_str());
    }
    if (m_cb) m_cb(line);
    if (!m_kept.out || m_kept.full) return;
    m_kept.bytes += line.text.size() + sizeof line;
    if (m_kept.bytes > m_kept.cap) {
      m_kept.full = true;
      m_warnings.push_back(fmt::format(
          "the output passed the {} MiB of lines kept in memory; later lines are in the logs only", m_kept.cap >> 20));
      return;
    }
    m_kept.out->push_back(std::move(line));
  }
  int m_stream;
  std::FILE* m_raw;
  std::FILE* m_lines;
  std::chrono::steady_clock::time_point m_t0;
  KeptLines& m_kept;
  const std::function<void(const TimedLine&)>& m_cb;
  std::size_t m_max;
  std::vector<std::string>& m_warnings;
  std::string m_partial;
  bool m_cut = false, m_warned = false;
};

std::FILE* open_log(const fs::path& p) {
  if (p.empty()) return nullptr;
  std::FILE* f = std::fopen(p.c_str(), "wb");
  if (!f) throw std::runtime_error(fmt::format("{}: cannot create log: {}", p.string(), std::strerror(errno)));
  return f;
}

// One output channel of the child: a pseudo-terminal (raw: no \n -> \r\n translation, no
// echo) or a pipe; both ends close on exec, the child gets its end through dup2.
void open_channel(bool pty, Fd& read_end, Fd& write_end) {
  if (pty) {
    int master = -1, slave = -1;
    termios tio{};
    cfmakeraw(&tio);
    if (::openpty(&master, &slave, nullptr, &tio, nullptr) != 0)
      throw std::runtime_error(fmt::format("cannot allocate a pseudo-terminal: {}", std::strerror(errno)));
    read_end.fd = master;
    write_end.fd = slave;
    ::fcntl(master, F_SETFD, FD_CLOEXEC);
    ::fcntl(slave, F_SETFD, FD_CLOEXEC);
  } else {
    int p[2];
    if (::pipe2(p, O_CLOEXEC) != 0) throw std::runtime_error("pipe() failed");
    read_end.fd = p[0];
    write_end.fd = p[1];
  }
}

class BoostProcessRunner : public ProcessRunner {
 public:
  ProcessResult run(const ProcessSpec& spec, const std::function<void(const TimedLine&)>& on_line,
                    const std::atomic<bool>* stop_requested) override {
    ProcessResult res;
    auto now_s = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - spec.t0).count(); };

    // stdout: pty (tools line-buffer on a terminal) or pipe; stderr: a pipe unless asked for a pty.
    Fd out_read, out_write, err_read, err_write;
    open_channel(spec.pty, out_read, out_write);
    open_channel(spec.pty_stderr, err_read, err_write);

    std::unique_ptr<std::FILE, int (*)(std::FILE*)> raw_out(open_log(spec.stdout_log), &std::fclose);
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> raw_err(open_log(spec.stderr_log), &std::fclose);
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> lines_log(open_log(spec.lines_log), &std::fclose);
    if (!raw_out) raw_out.reset();
    if (lines_log) std::fputs("t_s\tstream\ttext\n", lines_log.get());

    bp::environment env = boost::this_process::environment();
    for (const auto& [k, v] : spec.env) env[k] = v;
    static std::atomic<unsigned> runs{0};
    const std::string token = fmt::format("{}-{}", ::getpid(), ++runs);
    env[kTokenVar] = token;
    int child_out = out_write.fd, child_err = err_write.fd;
    bool use_pty = spec.pty;
    // Orphans of the tool's tree come back to us, not to init, so the sweep below finds them.
    static std::once_flag subreaper;
    std::call_once(subreaper, [] { ::prctl(PR_SET_CHILD_SUBREAPER, 1); });
    const pid_t parent = ::getpid();

    std::error_code ec;
    res.start_s = now_s();
    // Held from fork to registration: a sweep never sees a child of ours it cannot place.
    std::unique_lock spawn_lock(g_spawned_mutex);
    bp::child child(
        bp::exe = spec.executable.string(), bp::args = spec.args, bp::start_dir = spec.cwd.string(), env,
        bp::std_in < bp::null, ec, bp::extend::on_exec_setup = [child_out, child_err, use_pty, parent](auto&) {
          // In the child: own session (and so process group), tool output to our fds.
          ::setsid();
          // The tool dies with us (kill -9 of wattbench included); if we died before this, now.
          ::prctl(PR_SET_PDEATHSIG, SIGKILL);
          if (::getppid() != parent) ::_exit(127);
          if (use_pty) ::ioctl(child_out, TIOCSCTTY, 0);
          ::dup2(child_out, STDOUT_FILENO);
          ::dup2(child_err, STDERR_FILENO);
        });
    if (ec) {
      res.start_error = fmt::format("cannot start {}: {}", spec.executable.string(), ec.message());
      res.end_s = now_s();
      return res;
    }
    res.started = true;
    pid_t pid = child.id();
    child.detach();  // we reap it ourselves: Boost v1's cached status can miss the exit
    g_spawned.insert(pid);
    spawn_lock.unlock();
    int status = 0;
    bool exited = false;
    auto reap = [&](bool block) {
      if (exited) return true;
      int st = 0;
      pid_t got;
      // wait4: the tool's CPU time (host cost), its own reaped children included.
      struct rusage ru {};
      do got = ::wait4(pid, &st, block ? 0 : WNOHANG, &ru);
      while (got < 0 && errno == EINTR);
      if (got == pid) {
        status = st;
        exited = true;
        std::lock_guard lock(g_spawned_mutex);
        g_spawned.erase(pid);
        auto secs_of = [](const timeval& tv) {
          return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) * 1e-6;
        };
        res.cpu_user_s = secs_of(ru.ru_utime);
        res.cpu_sys_s = secs_of(ru.ru_stime);
      }
      return exited;
    };
    out_write.reset();  // only the child holds the write ends now
    err_write.reset();

    KeptLines kept{spec.keep_lines ? &res.lines : nullptr, kMaxKeptBytes};
    LineSplitter out_split(1, raw_out.get(), lines_log.get(), spec.t0, kept, on_line, spec.max_line_bytes,
                           res.warnings);
    LineSplitter err_split(2, raw_err.get(), lines_log.get(), spec.t0, kept, on_line, spec.max_line_bytes,
                           res.warnings);

    auto secs = [](double s) { return steady_seconds(s); };
    auto deadline = std::chrono::steady_clock::now() + secs(spec.timeout_s);
    std::optional<std::chrono::steady_clock::time_point> kill_at, pipes_until;
    bool out_open = true, err_open = true;
    char buf[8192];
    auto terminate = [&](bool timeout) {
      if (kill_at) return;
      if (timeout)
        res.timed_out = true;
      else
        res.interrupted = true;
      ::kill(-pid, SIGTERM);
      kill_at = std::chrono::steady_clock::now() + secs(spec.kill_grace_s);
    };
    while (out_open || err_open) {
      pollfd fds[2];
      int n = 0;
      int idx_out = -1, idx_err = -1;
      if (out_open) {
        fds[n] = {out_read.fd, POLLIN, 0};
        idx_out = n++;
      }
      if (err_open) {
        fds[n] = {err_read.fd, POLLIN, 0};
        idx_err = n++;
      }
      int r = ::poll(fds, static_cast<nfds_t>(n), 50);
      if (r < 0 && errno != EINTR) break;
      auto drain = [&](int idx, Fd& fd, LineSplitter& split, bool& open) {
        if (idx < 0 || !(fds[idx].revents & (POLLIN | POLLHUP | POLLERR))) return;
        ssize_t got = ::read(fd.fd, buf, sizeof buf);
        if (got > 0)
          split.feed(buf, static_cast<std::size_t>(got));
        else if (got == 0 || (errno != EINTR && errno != EAGAIN))
          open = false;  // EIO: pty slave closed
      };
      if (r > 0) {
        drain(idx_out, out_read, out_split, out_open);
        drain(idx_err, err_read, err_split, err_open);
      }
      auto now = std::chrono::steady_clock::now();
      if (stop_requested && stop_requested->load()) terminate(false);
      if (now > deadline) terminate(true);
      if (kill_at && now > *kill_at) ::kill(-pid, SIGKILL);
      // A pty stays readable until every holder of the slave exits; stop once the child is gone
      // and nothing is left to read.
      if (r == 0 && reap(false)) break;
      // A helper the tool started may keep its output open (and busy) after the tool exited:
      // read a little longer, then go on with the tool's result.
      if (!pipes_until && reap(false)) pipes_until = now + secs(spec.pipe_grace_s);
      if (pipes_until && now > *pipes_until) {
        res.warnings.push_back(fmt::format(
            "the tool exited but a process it started kept its output open; stopped reading {:g} s after the exit",
            spec.pipe_grace_s));
        break;
      }
    }
    out_split.finish();
    err_split.finish();
    // Output closed (or the tool detached it); wait for the exit under the same deadline.
    while (!reap(false)) {
      auto now = std::chrono::steady_clock::now();
      if (stop_requested && stop_requested->load()) terminate(false);
      if (now > deadline) terminate(true);
      if (kill_at && now > *kill_at) ::kill(-pid, SIGKILL);
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (WIFSIGNALED(status))
      res.signal = WTERMSIG(status);
    else if (WIFEXITED(status))
      res.exit_code = WEXITSTATUS(status);
    // Whatever the tool started goes with it (its group, new sessions, orphans), named.
    for (auto& w : end_leftovers(0, token, spec.kill_grace_s)) res.warnings.push_back(std::move(w));
    res.end_s = now_s();
    return res;
  }
};

}  // namespace

std::unique_ptr<ProcessRunner> make_process_runner() { return std::make_unique<BoostProcessRunner>(); }

}  // namespace wb
