// Kernel log capture over a run.
#include "harness/run/kernel_log.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>

#include "harness/process/process.hpp"
#include "harness/run/run_files.hpp"
#include "harness/util/checked_write.hpp"
#include "harness/util/json_text.hpp"
#include "harness/util/read_text.hpp"

namespace wb {

namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;

fs::path kernel_log_file(const KernelLogConfig& cfg, const fs::path& results_dir) {
  return cfg.file.is_absolute() ? cfg.file : results_dir / cfg.file;
}

KernelLogCapture::KernelLogCapture(const KernelLogConfig& cfg, const fs::path& results_dir, const fs::path& run_dir,
                                   clock_type::time_point t0)
    : m_run_dir(run_dir), m_t0_s(std::chrono::duration<double>(t0.time_since_epoch()).count()), m_t0(t0) {
  if (cfg.source == "off") return;
  std::string kmsg_error;
  if (cfg.source == "file") {
    fs::path file = kernel_log_file(cfg, results_dir);
    m_meta.source = "file " + file.string();
    m_fd = ::open(file.c_str(), O_RDONLY | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0644);
    if (m_fd < 0)
      m_meta.note = fmt::format("cannot open {}: {}", file.string(), std::strerror(errno));
    else
      ::lseek(m_fd, 0, SEEK_END);  // what was there before the run is not this run's
  } else if (cfg.source == "kmsg" || cfg.source == "auto") {
    m_meta.source = "/dev/kmsg";
    m_fd = ::open("/dev/kmsg", O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (m_fd < 0) {
      kmsg_error = fmt::format("/dev/kmsg: {}{}", std::strerror(errno),
                               errno == EPERM || errno == EACCES ? " (kernel.dmesg_restrict: needs CAP_SYSLOG)" : "");
      m_meta.note = kmsg_error;
    } else {
      ::lseek(m_fd, 0, SEEK_END);  // only records from now on
    }
  }
  bool journal = cfg.source == "journalctl" || (cfg.source == "auto" && m_fd < 0);
  if (journal) {
    m_meta.source = "journalctl -k";
    if (!find_executable("journalctl", {})) {
      m_meta.note = (kmsg_error.empty() ? "" : kmsg_error + "; ") + "journalctl: not found on PATH";
      journal = false;
    }
  }
  if (m_fd < 0 && !journal) {
    m_meta.note = "kernel log not captured: " + m_meta.note;
    write_meta();
    return;
  }
  m_meta.captured = true;
  if (journal) m_meta.note = kmsg_error.empty() ? "" : kmsg_error + "; read through journalctl -k instead";
  m_out.open(run_dir / "kernel.log", std::ios::app);
  write_meta();
  if (journal)
    m_thread = std::thread([this] { journal_loop(); });
  else
    m_thread = std::thread([this, kmsg = cfg.source != "file"] { read_fd_loop(m_fd, kmsg); });
}

KernelLogCapture::~KernelLogCapture() { stop(); }

void KernelLogCapture::stop() {
  if (m_thread.joinable()) {
    m_stop = true;
    m_thread.join();
    write_meta();
  }
  if (m_fd >= 0) {
    ::close(m_fd);
    m_fd = -1;
  }
}

void KernelLogCapture::write_meta() {
  std::lock_guard lock(m_mutex);
  write_file_atomic(m_run_dir / "kernel-log.json", json_text(to_json(m_meta), 2) + "\n");
}

void KernelLogCapture::write_record(const KernelRecord& r) {
  KernelLine l;
  double now = std::chrono::duration<double>(clock_type::now() - m_t0).count();
  l.t_s = r.monotonic_s ? *r.monotonic_s - m_t0_s : now;
  l.level = r.level;
  l.text = r.text;
  std::lock_guard lock(m_mutex);
  m_out << kernel_log_line(l) << "\n";
  m_out.flush();  // a crash loses nothing the kernel said
  ++m_meta.lines;
}

void KernelLogCapture::read_fd_loop(int fd, bool kmsg) {
  std::string carry;
  char buf[8192];
  auto take = [&](std::string line) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) return;
    if (auto r = parse_kmsg_record(line))
      write_record(*r);
    else if (!kmsg && line.front() != ' ')
      write_record({std::nullopt, -1, line});  // a plain line: its time is when it was read
  };
  for (bool last = false;;) {
    if (m_stop) last = true;  // one more pass takes what arrived until now
    for (;;) {
      ssize_t n = ::read(fd, buf, sizeof buf);
      if (n > 0) {
        carry.append(buf, static_cast<std::size_t>(n));
        for (auto nl = carry.find('\n'); nl != std::string::npos; nl = carry.find('\n')) {
          take(carry.substr(0, nl));
          carry.erase(0, nl + 1);
        }
        continue;
      }
      if (n < 0 && errno == EPIPE) continue;  // kmsg: records were overwritten before we read them
      if (n < 0 && errno != EAGAIN && errno != EINTR) {
        std::lock_guard lock(m_mutex);
        m_meta.note = fmt::format("reading stopped: {}", std::strerror(errno));
        return;
      }
      break;
    }
    if (last) break;
    pollfd p{fd, POLLIN, 0};
    if (kmsg)
      ::poll(&p, 1, 50);
    else
      std::this_thread::sleep_for(std::chrono::milliseconds(50));  // a regular file is always "readable"
  }
  if (!carry.empty()) take(carry);
}

void KernelLogCapture::journal_loop() {
  ProcessSpec spec;
  spec.executable = *find_executable("journalctl", {});
  spec.args = {"-k", "-f", "-n", "0", "-o", "short-monotonic", "--no-pager", "-q"};
  spec.cwd = m_run_dir;
  spec.pty = false;
  spec.keep_lines = false;
  spec.timeout_s = 7 * 24 * 3600.0;
  spec.t0 = m_t0;
  std::string last_err;
  auto r = make_process_runner()->run(
      spec,
      [&](const TimedLine& l) {
        if (l.stream == 2) {
          last_err = l.text;
          return;
        }
        if (auto rec = parse_journal_line(l.text)) write_record(*rec);
      },
      &m_stop);
  if (!r.interrupted) {
    std::lock_guard lock(m_mutex);
    m_meta.note = r.started ? fmt::format("journalctl -k stopped by itself (exit {}){}", r.exit_code,
                                          last_err.empty() ? "" : ": " + last_err)
                            : "journalctl -k: " + r.start_error;
    if (m_meta.lines == 0) m_meta.captured = false;
  }
}

std::optional<KernelCapture> read_kernel_capture(const fs::path& run_dir, const std::vector<KernelPattern>& patterns) {
  if (!fs::exists(run_dir / "kernel-log.json")) return std::nullopt;
  KernelCapture k;
  try {
    auto j = read_json_file(run_dir / "kernel-log.json");
    k.source = j.value("source", "");
    k.captured = j.value("captured", false);
    k.note = j.value("note", "");
  } catch (const std::exception& e) {
    k.note = fmt::format("kernel-log.json unreadable: {}", e.what());
    return k;
  }
  std::vector<KernelLine> lines;
  std::ifstream in;
  if (fs::exists(run_dir / "kernel.log")) in = RegularFile(run_dir / "kernel.log").stream(std::ios::in);
  for (std::string line; std::getline(in, line);)
    if (auto l = parse_kernel_log_line(line)) lines.push_back(*l);
  k.lines = lines.size();
  auto found = find_kernel_lines(lines, patterns);
  k.findings_total = found.size();
  if (found.size() > kMaxKernelFindings) found.resize(kMaxKernelFindings);
  k.findings = std::move(found);
  return k;
}

}  // namespace wb
