// The live monitor's ncurses screen: the one file that includes curses.h.
#include "harness/monitor/curses_view.hpp"

#include <curses.h>
#include <langinfo.h>

#include <algorithm>
#include <chrono>
#include <clocale>
#include <cstdio>
#include <cstring>
#include <thread>

namespace wb {

LiveBoard::LiveBoard(const std::vector<ProbeInfo>& probes) {
  for (const auto& p : probes) m_probes.emplace_back(p);
}

void LiveBoard::add(std::size_t probe, const Sample& s) {
  std::lock_guard lock(m_mutex);
  m_probes.at(probe).add(s);
}

std::vector<ProbeStats> LiveBoard::tick() {
  std::lock_guard lock(m_mutex);
  for (auto& p : m_probes) p.close_tick();
  return m_probes;
}

namespace {

// endwin on every way out of the view, exceptions included.
class Terminal {
 public:
  explicit Terminal(SCREEN* screen) : m_screen(screen) {}
  ~Terminal() {
    endwin();
    delscreen(m_screen);
  }
  Terminal(const Terminal&) = delete;
  Terminal& operator=(const Terminal&) = delete;

 private:
  SCREEN* m_screen;
};

void draw(const std::vector<std::string>& lines) {
  erase();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i < 2) attron(A_BOLD);
    // The bottom-right cell makes addstr report an error after writing it: harmless here.
    mvaddstr(static_cast<int>(i), 0, lines[i].c_str());
    if (i < 2) attroff(A_BOLD);
  }
  refresh();
}

}  // namespace

bool run_curses_view(LiveBoard& board, const CursesViewOptions& opt) {
  // LC_CTYPE only: ncursesw needs it for UTF-8, and numbers elsewhere keep the C locale's point.
  std::setlocale(LC_CTYPE, "");
  MonitorScreen screen = opt.screen;
  screen.utf8 = std::strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
  SCREEN* s = newterm(nullptr, stdout, stdin);
  if (!s) return false;
  Terminal terminal(s);
  cbreak();  // not raw(): Ctrl-C stays a SIGINT, which sets opt.stop
  noecho();
  keypad(stdscr, TRUE);
  curs_set(0);
  timeout(50);  // getch waits at most this long, so q and resizes answer quickly

  using clock = std::chrono::steady_clock;
  constexpr auto kRefresh = std::chrono::milliseconds(220);  // about 4.5 Hz
  auto next = clock::now();
  std::vector<ProbeStats> shown;
  for (;;) {
    auto now = clock::now();
    screen.elapsed_s = std::chrono::duration<double>(now - opt.t0).count();
    if (opt.stop && opt.stop->load()) break;
    if (opt.duration_s > 0 && screen.elapsed_s >= opt.duration_s) break;
    auto asked = clock::now();
    int ch = getch();
    if (ch == 'q' || ch == 'Q') break;
    // stdin at its end (closed, /dev/null) answers at once: wait as a keypress would, not spin.
    if (ch == ERR && clock::now() - asked < std::chrono::milliseconds(40))
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    bool resized = ch == KEY_RESIZE;
    if (!resized && clock::now() < next) continue;
    int h = 0, w = 0;
    getmaxyx(stdscr, h, w);
    // A resize redraws at once from the same history: only the timed refresh adds a point.
    if (!resized || shown.empty()) shown = board.tick();
    draw(layout_screen(screen, shown, static_cast<std::size_t>(std::max(w, 0)),
                       static_cast<std::size_t>(std::max(h, 0))));
    if (!resized) next = clock::now() + kRefresh;
  }
  return true;
}

}  // namespace wb
