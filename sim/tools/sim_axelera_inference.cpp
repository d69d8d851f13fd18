// sim-axelera-inference: a stand-in for the Voyager SDK's inference.py on a Metis M.2 on the
// simulated bench, `inference.py <network> <media> --frames N --no-display [--show-device-fps]
// [--show-host-fps] [--show-stats] [-v] [--logtimestamp]`, following the SDK source per
// release, chosen by sim.tool_version: "1.2.5", "1.3.3", "1.4.2", "1.5.2" (default, newest).
//
// Sources (SDK 1.2.5: axelera-ai-hub/voyager-sdk tag v1.2.5, commit 38c4bf07b2c6; later
// releases: the "Axelera CI Release" commits in linenmin/FlowSentry-Wake: v1.3.3 c868147,
// v1.4.2 befa6c2, v1.5.2 ae670bc), "file:line @ version":
//  before the timed phase
//   - start-up INFO lines: 1.2.5 only ("Using device metis-0:1:0", device_manager.py:85-91;
//     the dependency graph, pipe/manager.py:446-453 + graph.py:82-122); 1.3+ log them at DEBUG
//     (device_manager.py:91, manager.py:440-445 @ v1.3.3). The task name comes from the network
//     YAML; "classifications" here is the fake's choice.
//   - model load / device init while the stream is built (inference.py init() @1.2.5,
//     create_inference_stream @1.4.2): phase `load`, sim.load_s.
//   - the tqdm bar is created, then the first next() runs run_pipe(): tracers start and
//     time.sleep(1) "aipu and temp tracers need some time to start" (pipe/manager.py:409-414
//     @1.2.5, :407 @1.3.3, :519 @1.4.2, :537 @1.5.2); still phase `load` (device up, idle).
//   - the first two frames are slow ("Reset the timer after the first two frames which are
//     usually very slow", stream.py:176-178 @1.2.5, :373-374 @1.5.2): phase `warmup`, 0.3 s each
//     (the fake's figure: pipeline preroll and the first inferences).
//  the timed phase (`measure`): frames 3..N at min(sim.fps, the source's rate). Sources
//   (pipe/io.py:397-404,470-472 @1.2.5; config.py:1476-1508 @1.4.2, 1524-1556 @1.5.2):
//   ≤1.3 `fakevideo[:WxH]` at 3000/1 fps, anything else is a file; 1.4+
//   `fakevideo[:WxH][@fps]`, default 30 fps. state.result(frames, timed_s) covers this phase.
//   - tqdm(stream, desc=f"Detecting... {' ':>30}", unit='frames', leave=False,
//     bar_format=PBAR, disable=None) (inference.py:48-55 @1.2.5, :60-67 @1.3.3, :41-48 @1.4.2,
//     :47-54 @1.5.2), tqdm std.py: disabled unless stderr isatty(); redraw "\r"+text+padding
//     (status_printer) when n − last_print_n ≥ miniters and ≥ mininterval 0.1 s passed
//     (__iter__), dynamic miniters and EMA rate with smoothing 0.3 (update), format_meter with
//     ncols from TIOCGWINSZ (0 on a terminal without a size: no bar glyphs), total = len(stream)
//     = N for fakevideo; close() with leave=False erases: "\r"+spaces, then "\r".
//   - End-to-end as End2EndTracer (inf_tracers.py:509-548 @1.2.5, :559-598 @1.3.3,
//     :645-684 @1.5.2): mean inter-frame interval over the last ≤5 closed ≥1 s chunks.
//  after the timed phase
//   - ≤1.4 (frame limit): the generator's finally runs stop_pipe() (tracers stopped, pipeline
//     stopped, device released; manager.py:416-420 @1.2.5) BEFORE the bar closes and the metrics
//     print: phase `teardown` (sim.teardown_s), then the end lines (stream.py:181-185 @1.2.5).
//   - 1.5: the producer stops the stream (stream.py:306-314), the consumer breaks and the
//     metrics print while the gst thread tears down: end lines first, then `teardown`.
//   - metrics: ≤1.3 LOG.info(f"{m.title} : {m.value:.1f}{m.unit}") (inference.py:72-77 @1.2.5,
//     :85-90 @1.3.3) in the logger's "INFO    : " form (logging_utils.py:162-182 @1.2.5);
//     1.4+ display_tracers (inf_tracers.py:910-918 @1.4.2/1.5.2), Latency's stats form
//     (:107-109). Tracer set and order: create_tracers_from_args (inf_tracers.py:676-691 @1.2.5,
//     :771-806 @1.3.3, :868-907 @1.4.2/1.5.2); defaults config.py:615-627 @1.2.5 (Host on),
//     :525-535 @1.3.3 (Host off), :619-631 @1.5.2 (Latency on). -v extras: "Metis Core {c}"
//     (≤1.3) / "Metis Core d0.{c}" (1.4+, :388-391), "Core d0.{c} Temp" (1.4+, :485-490 @1.5.2),
//     Host breakdown "Memcpy-in" … in us (:374-380 @1.2.5, :595-612 @1.5.2).
//   - --show-stats: statistics.format_table/_tabulate (statistics.py:43-83,170-205 @1.2.5;
//     header "Time(𝜇s)" from 1.3); Ansi always (bold footer; 1.2.5 also bold+inverse Metis/Host
//     rows); ≤1.3 the table replaces the metric lines, 1.4+ prints both. Element names and their
//     times are the fake's choice.
#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <vector>
#include "harness/util/regex.hpp"

#include "sim/bench/sim_state.hpp"
#include "sim/bench/tool_bench.hpp"

namespace {

double now_s() { return wb::sim::steady_now_s(); }
void sleep_until_s(double t) {
  double d = t - now_s();
  if (d > 0) std::this_thread::sleep_for(std::chrono::duration<double>(d));
}

// Python's len() on UTF-8 text: code points.
std::size_t cps(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}
std::string pad_left(const std::string& s, std::size_t w) { return std::string(w > cps(s) ? w - cps(s) : 0, ' ') + s; }
std::string pad_right(const std::string& s, std::size_t w) { return s + std::string(w > cps(s) ? w - cps(s) : 0, ' '); }

// f'{x:,}' of an int or of round(x, 1).
std::string commas(double v, int decimals) {
  std::string s = fmt::format("{:.{}f}", v, decimals);
  auto dot = s.find('.');
  std::string ip = s.substr(0, dot == std::string::npos ? s.size() : dot),
              rest = dot == std::string::npos ? "" : s.substr(dot);
  std::string out;
  for (std::size_t i = 0; i < ip.size(); ++i) {
    if (i && (ip.size() - i) % 3 == 0 && ip[i - 1] != '-') out += ',';
    out += ip[i];
  }
  return out + rest;
}

// tqdm.format_interval: [H:]MM:SS
std::string interval(double t) {
  long s = static_cast<long>(t), m = s / 60, h = m / 60;
  return h ? fmt::format("{}:{:02}:{:02}", h, m % 60, s % 60) : fmt::format("{:02}:{:02}", m % 60, s % 60);
}

struct Ema {  // tqdm.std.EMA
  double alpha = 0.3, last = 0;
  int calls = 0;
  double operator()(std::optional<double> x = std::nullopt) {
    double beta = 1 - alpha;
    if (x) {
      last = alpha * *x + beta * last;
      ++calls;
    }
    return calls ? last / (1 - std::pow(beta, calls)) : last;
  }
};

// tqdm(stream, desc=..., unit='frames', leave=False, bar_format=PBAR, disable=None) on stderr.
class Bar {
 public:
  Bar(long long total, double t) : m_total(total) {
    m_on = ::isatty(2);
    if (!m_on) return;
    winsize ws{};
    if (::ioctl(2, TIOCGWINSZ, &ws) == 0)
      m_ncols = ws.ws_col;
    else if (const char* c = std::getenv("COLUMNS"))
      m_ncols = std::atoi(c) - 1;
    draw(0, t, true);  // the constructor's refresh, elapsed 0
    m_last_print_t = m_start_t = t;
  }
  // __iter__: one frame consumed by the loop at time t (the write waits for t).
  void frame(double t) {
    if (!m_on) return;
    ++m_n;
    if (static_cast<double>(m_n - m_last_print_n) < m_miniters) return;
    double dt = t - m_last_print_t;
    if (dt < kMinInterval) return;
    double dn = static_cast<double>(m_n - m_last_print_n);
    m_ema_dn(dn);
    m_ema_dt(dt);
    draw(m_n, t, false);
    m_miniters = m_ema_mini(dn * kMinInterval / dt);  // dynamic miniters, smoothing 0.3
    m_last_print_n = m_n;
    m_last_print_t = t;
  }
  // close() with leave=False: display(msg='') then "\r".
  void close() {
    if (!m_on) return;
    std::fputs(("\r" + std::string(m_last_len, ' ') + "\r").c_str(), stderr);
    std::fflush(stderr);
  }

 private:
  static constexpr double kMinInterval = 0.1;
  void draw(long long n, double t, bool initial) {
    sleep_until_s(t);
    std::string s = format(n, initial ? 0.0 : t - m_start_t, initial);
    std::size_t len = cps(s);
    std::fputs(("\r" + s + std::string(m_last_len > len ? m_last_len - len : 0, ' ')).c_str(), stderr);
    std::fflush(stderr);
    m_last_len = len;
  }
  std::string format(long long n, double elapsed, bool initial) {
    // format_meter: a count past the total drops it ("n/?").
    bool known = !(m_total && static_cast<double>(n) >= static_cast<double>(m_total) + 0.5);
    long long total = known ? m_total : 0;
    std::optional<double> rate;
    if (!initial && m_ema_dt()) rate = m_ema_dn() / m_ema_dt();
    std::string rate_fmt = !rate || *rate == 0 ? "?frames/s"
                           : 1 / *rate > 1     ? fmt::format("{:5.2f}s/frames", 1 / *rate)
                                               : fmt::format("{:5.2f}frames/s", *rate);
    std::string n_fmt = std::to_string(n), total_fmt = known ? std::to_string(total) : "?";
    double remaining = rate && *rate != 0 && total ? static_cast<double>(total - n) / *rate : 0;
    std::string remaining_str = rate && *rate != 0 ? interval(remaining) : "?";
    std::string l_bar = "Detecting... " + std::string(30, ' ') + ": ";
    std::string r_bar =
        fmt::format("| {}/{} [{}<{}, {}]", n_fmt, total_fmt, interval(elapsed), remaining_str, rate_fmt);
    std::string bar;
    if (total) {
      double frac = static_cast<double>(n) / static_cast<double>(total);
      char pct[16];
      std::snprintf(pct, sizeof pct, "%3.0f%%|", frac * 100);
      l_bar += pct;
      if (m_ncols == 0) return l_bar.substr(0, l_bar.size() - 1) + r_bar.substr(1);
      int width = m_ncols > 0 ? std::max<int>(1, m_ncols - static_cast<int>(cps(l_bar + r_bar))) : 10;
      static const char* utf[] = {" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"};
      long long cells = static_cast<long long>(frac * width * 8);
      long long full = cells / 8, part = cells % 8;
      for (long long i = 0; i < full; ++i) bar += utf[8];
      if (full < width) {
        bar += utf[part];
        bar += std::string(static_cast<std::size_t>(width - full - 1), ' ');
      }
    } else {
      l_bar += "|";
      bar = std::string(
          static_cast<std::size_t>(m_ncols > 0 ? std::max<int>(1, m_ncols - static_cast<int>(cps(l_bar + r_bar))) : 10),
          ' ');
    }
    return l_bar + bar + r_bar;  // fits ncols by construction, so disp_trim leaves it
  }
  bool m_on = false;
  long long m_total = 0;
  int m_ncols = -1;  // -1: None
  long long m_n = 0, m_last_print_n = 0;
  double m_start_t = 0, m_last_print_t = 0, m_miniters = 0;
  Ema m_ema_dn, m_ema_dt, m_ema_mini;
  std::size_t m_last_len = 0;
};

// End2EndTracer.update per result: chunks of inter-frame intervals, closed every ≥1 s.
struct EndToEnd {
  double last = 0, last_chunk = 0, fps = 0;
  std::vector<double> this_chunk;
  std::deque<std::vector<double>> chunks;
  void update(double t) {
    if (last == 0.0) {
      last_chunk = last = t;
      return;
    }
    this_chunk.push_back(t - last);
    last = t;
    if (t - last_chunk >= 1.0) {
      chunks.push_back(this_chunk);
      if (chunks.size() > 5) chunks.pop_front();
      this_chunk.clear();
      last_chunk = t;
      double sum = 0;
      std::size_t k = 0;
      for (const auto& c : chunks)
        for (double x : c) sum += x, ++k;
      fps = k && sum > 0 ? 1e6 / (sum / static_cast<double>(k) * 1e6) : 0;
    }
  }
};

struct MetricLine {
  std::string title;
  double value;
  std::string unit;
  std::string stats;  // Latency's " (min:… …)ms" (1.4+)
};

std::string timestamp() {
  auto now = std::chrono::system_clock::now();
  std::time_t tt = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  localtime_r(&tt, &tm);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  return fmt::format("[{:02}:{:02}:{:02}.{:03}] ", tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> positional;
  long long frames = 0;
  bool show_device = false, show_stats = false, verbose = false, logtimestamp = false, stream_timing = false;
  std::optional<bool> show_host, show_latency;
  bool show_temp = true, show_cpu = true, show_system = true, show_inf_rate = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--frames" && i + 1 < argc)
      frames = std::atoll(argv[++i]);
    else if (a == "--show-device-fps")
      show_device = true;
    else if (a == "--no-show-device-fps")
      show_device = false;
    else if (a == "--show-host-fps")
      show_host = true;
    else if (a == "--no-show-host-fps")
      show_host = false;
    else if (a == "--no-show-temp")
      show_temp = false;
    else if (a == "--no-show-cpu-usage")
      show_cpu = false;
    else if (a == "--no-show-system-fps")
      show_system = false;
    else if (a == "--show-latency")
      show_latency = true;
    else if (a == "--no-show-latency")
      show_latency = false;
    else if (a == "--show-inference-rate")
      show_inf_rate = true;
    else if (a == "--show-stream-timing")
      stream_timing = true;
    else if (a == "--show-stats")
      show_stats = true;
    else if (a == "-v" || a == "--verbose")
      verbose = true;
    else if (a == "--logtimestamp")
      logtimestamp = true;
    else if ((a == "--aipu-cores" || a == "--pipe") && i + 1 < argc)
      ++i;
    else if (a.rfind("-", 0) == 0)
      continue;  // display and other flags
    else
      positional.push_back(a);
  }
  if (positional.size() < 2) {
    std::fprintf(stderr,
                 "usage: inference.py [options] network sources [sources ...]\n"
                 "inference.py: error: the following arguments are required: network, sources\n");
    return 2;
  }
  wb::sim::ToolBench bench(6151u);
  const auto& p = bench.params();
  auto& state = bench.state();
  std::string version = p.tool_version.empty() ? "1.5.2" : p.tool_version;
  int minor = version == "1.2.5" ? 2 : version == "1.3.3" ? 3 : version == "1.4.2" ? 4 : version == "1.5.2" ? 5 : 0;
  if (!minor) {
    std::fprintf(stderr, "sim-axelera-inference: sim.tool_version '%s': expected 1.2.5, 1.3.3, 1.4.2 or 1.5.2\n",
                 version.c_str());
    return 2;
  }
  if (frames < 3) {
    std::fprintf(
        stderr,
        "sim-axelera-inference: the fake needs --frames 3 or more (an endless stream would run until Ctrl-C)\n");
    return 2;
  }
  auto logline = [&](const char* level, const std::string& msg) {
    std::printf("%s%-8s: %s\n", logtimestamp ? timestamp().c_str() : "", level, msg.c_str());
    std::fflush(stdout);
  };

  // The source and its pace.
  const std::string& media = positional[1];
  wb::rx::smatch m;
  double source_fps = 0;
  static const wb::rx::regex old_fake(R"(^fakevideo(?::(\d+)x(\d+))?$)"),
      new_fake(R"(^fakevideo(?::\d+x\d+)?(?:@(\d+))?$)");
  if (minor <= 3 && wb::rx::match(media, m, old_fake))
    source_fps = 3000;
  else if (minor >= 4 && wb::rx::match(media, m, new_fake))
    source_fps = m[1].matched ? std::stod(m[1]) : 30;
  else {
    // Anything else is a file path; the fake has no video files.
    logline("ERROR", fmt::format("[Errno 2] No such file or directory: '{}'", media));
    return 1;
  }

  state.phase("load");
  if (minor == 2) {
    logline("INFO", "Using device metis-0:1:0");
    logline("INFO", "Network type: NetworkType.SINGLE_MODEL");
    logline("INFO", "Input");
    logline("INFO", "  └─classifications");
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(p.load_s));

  // The device runs a little faster than frames come out end to end; the source may pace both.
  double card = p.fps * bench.jitter();
  double rate = std::min(card, source_fps), dev = card / 0.985, host = dev * 1.21;
  Bar bar(frames, now_s());
  std::this_thread::sleep_for(std::chrono::seconds(1));  // run_pipe(): tracers start, time.sleep(1)
  EndToEnd e2e;
  state.phase("warmup");
  double tw = now_s();
  constexpr double kFirstFrameS = 0.3;
  for (int i = 1; i <= 2; ++i) {  // two slow first frames
    double t = tw + kFirstFrameS * i;
    e2e.update(t);
    bar.frame(t);
  }
  sleep_until_s(tw + 2 * kFirstFrameS);
  state.phase("measure");
  double tm = now_s();
  for (long long i = 3; i <= frames; ++i) {
    double t = tm + static_cast<double>(i - 2) / rate;
    e2e.update(t);
    bar.frame(t);
  }
  double t_end = tm + static_cast<double>(frames - 2) / rate;
  sleep_until_s(t_end);
  state.result(static_cast<std::uint64_t>(frames - 2), t_end - tm);

  auto teardown = [&] {
    state.phase("teardown");
    std::this_thread::sleep_for(std::chrono::duration<double>(p.teardown_s));
  };
  if (minor <= 4) teardown();  // stop_pipe() in the stream generator's finally
  bar.close();

  // Tracers in creation order.
  bool host_on = show_host.value_or(minor == 2) || (minor == 2 && show_stats);
  bool metis_on = show_device || (minor == 2 && show_stats);
  std::vector<MetricLine> ms;
  if (show_temp) {
    ms.push_back({"Core Temp", 47.0, "°C", ""});
    if (verbose && minor >= 4)
      for (int c = 0; c < 4; ++c) ms.push_back({fmt::format("Core d0.{} Temp", c), 45.0 + c, "°C", ""});
  }
  if (metis_on) {
    if (verbose)
      for (int c = 0; c < 4; ++c)
        ms.push_back(
            {minor >= 4 ? fmt::format("Metis Core d0.{}", c) : fmt::format("Metis Core {}", c), dev / 4, "fps", ""});
    ms.push_back({"Metis", dev, "fps", ""});
  }
  if (host_on) {
    ms.push_back({"Host", host, "fps", ""});
    if (verbose)
      for (auto [k, us] : {std::pair<const char*, double>{"Memcpy-in", 61.2},
                           {"Kernel", 1e6 / host * 0.8},
                           {"Memcpy-out", 12.4},
                           {"Patch Parameters", 3.1}})
        ms.push_back({k, us, "us", ""});
  }
  if (show_cpu) ms.push_back({"CPU %", 13.8, "%", ""});
  if (show_system) ms.push_back({"End-to-end", e2e.fps, "fps", ""});
  if (minor >= 4 && show_inf_rate) ms.push_back({"Inf. Rate", e2e.fps * 1, "inf/s", ""});
  double lat = p.latency_ms;
  if (minor <= 3 && stream_timing) {
    ms.push_back({"Jitter", 0.4, "ms", ""});
    ms.push_back({"Latency", lat, "ms", ""});
  }
  if (minor >= 4 && show_latency.value_or(true)) {
    // The Latency tracer ignores the first 201 frames.
    if (frames > 201)
      ms.push_back({"Latency", lat, "ms",
                    fmt::format(" (min:{:.1f} max:{:.1f} σ:{:.1f} x̄:{:.1f})ms", lat * 0.85, lat * 1.48, lat * 0.075,
                                lat * 1.015)});
    else
      ms.push_back({"Latency", 0.0, "ms", " (min:inf max:-inf σ:0.0 x̄:0.0)ms"});
  }

  if (show_stats) {
    const std::string bold = "\x1b[1m", inverse = "\x1b[7m", reset = "\x1b[0m";
    struct Row {
      std::string name, us, fps, fmt;
    };
    auto row_of = [](const std::string& name, double us, bool na = false) {
      return Row{name, commas(std::trunc(us), 0), na ? "n/a" : commas(std::round(1e6 / us * 10) / 10, 1), ""};
    };
    std::vector<Row> rows{row_of("axtransform-colorconvert0", 182.7)};
    std::size_t insert_at = rows.size();
    if (minor == 2) {
      rows.push_back(row_of("inference-task0-resnet50-imagenet", 1e6 / rate * 0.97));
      insert_at = rows.size();
    }
    rows.push_back(row_of("axtransform-postprocess-topk-classification-resnet50-imagenet0", 95.4));
    if (minor >= 3) insert_at = rows.size();
    // Host then Metis inserted at one index: Metis ends up above Host.
    for (auto [title, on, v] :
         {std::tuple<const char*, bool, double>{"Host", host_on, host}, {"Metis", metis_on, dev}}) {
      if (!on) continue;
      Row r = row_of(fmt::format(" └─ {}", title), 1e6 / v);
      if (minor == 2) r.fmt = bold + inverse;
      rows.insert(rows.begin() + static_cast<long>(insert_at), r);
    }
    Row header{"Element", minor == 2 ? "Latency(us)" : "Time(𝜇s)", "Effective FPS", ""};
    Row footer{"End-to-end average measurement", "", commas(std::round(e2e.fps * 10) / 10, 1), bold};
    std::size_t w0 = 45, w1 = 0, w2 = 0;
    for (const auto* r : {&header, &footer}) w1 = std::max(w1, cps(r->us)), w2 = std::max(w2, cps(r->fps));
    for (const auto& r : rows) w1 = std::max(w1, cps(r.us)), w2 = std::max(w2, cps(r.fps));
    auto wrap = [&](const std::string& s, const std::string& f) {
      if (f.empty()) return s;
      std::size_t a = 0;  // leading spaces and └─
      while (a < s.size() && (s[a] == ' ' || s.compare(a, 3, "└") == 0 || s.compare(a, 3, "─") == 0))
        a += s[a] == ' ' ? 1 : 3;
      std::size_t b = s.find_last_not_of(' ');
      b = b == std::string::npos || b < a ? a : b + 1;
      return s.substr(0, a) + f + s.substr(a, b - a) + reset + s.substr(b);
    };
    std::function<std::string(const Row&)> format_row = [&](const Row& r) -> std::string {
      if (cps(r.name) > w0) return wrap(r.name, r.fmt) + "\n" + format_row(Row{"", r.us, r.fps, r.fmt});
      return wrap(pad_right(r.name, w0), r.fmt) + "   " + wrap(pad_left(r.us, w1), r.fmt) + "   " +
             wrap(pad_left(r.fps, w2), r.fmt);
    };
    std::string rule(w0 + w1 + w2 + 6, '=');
    std::string table = rule + "\n" + format_row(header) + "\n" + rule + "\n";
    for (const auto& r : rows) table += format_row(r) + "\n";
    table += rule + "\n" + format_row(footer) + "\n" + rule;
    std::printf("%s\n", table.c_str());
  }
  if (minor >= 4) {
    std::size_t widest = 0;
    for (const auto& x : ms) widest = std::max(widest, cps(x.title));
    for (const auto& x : ms)
      std::printf("%s : %s\n", pad_right(x.title, widest).c_str(),
                  fmt::format("{:.1f}{}{}", x.value, x.unit, x.stats).c_str());
  } else if (!show_stats) {
    for (const auto& x : ms) logline("INFO", fmt::format("{} : {:.1f}{}", x.title, x.value, x.unit));
  }
  std::fflush(stdout);
  if (minor == 5) teardown();  // the gst thread tears the pipeline down after the metrics
  state.phase("exit");
  return 0;
}
