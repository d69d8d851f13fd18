// The default test run's fuzz smoke: every libFuzzer target of fuzz_targets.cpp, built by the
// ordinary compiler into the ordinary build (no second, sanitized build of the core), fed its
// seed corpus and then seeded random mutations of it for a share of a fixed time budget.
// A crash, an abort, an escaped non-std exception, an input running past the per-input limit or
// a memory bomb fails it, and the input is saved for replay under libFuzzer
// (`WB_FUZZ_TARGET=N build-fuzz/bin/wattbench_fuzz FILE`). Deeper fuzzing with coverage
// guidance and sanitizers stays in bench/fuzz/run.sh (ctest label `fuzz`).
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
extern "C" int wb_fuzz_target_count();
extern "C" void wb_fuzz_select_target(int n);

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxInput = 1 << 20;   // as libFuzzer's -max_len for these parsers
constexpr std::size_t kMaxSeeds = 400;       // per target
constexpr unsigned kPerInputLimitS = 10;     // as run.sh's -timeout=10
constexpr long kRssLimitKiB = 2048L * 1024;  // as run.sh's -rss_limit_mb=2048

// What the signal handlers need, set before each input (handlers may only use these).
int g_target = 0;
const std::string* g_current = nullptr;
char g_crash_path[512] = {};

void save_current_and_exit(const char* what) {
  char line[160];
  const int n =
      std::snprintf(line, sizeof line, "fuzz smoke: target %d: %s; input saved as %s\n", g_target, what, g_crash_path);
  if (n > 0) (void)!::write(2, line, static_cast<std::size_t>(std::min(n, static_cast<int>(sizeof line) - 1)));
  const int fd = ::open(g_crash_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0 && g_current) {
    (void)!::write(fd, g_current->data(), g_current->size());
    ::close(fd);
  }
  ::_exit(1);
}

extern "C" void on_fatal_signal(int sig) {
  save_current_and_exit(sig == SIGALRM ? "an input ran past the per-input limit" : ::strsignal(sig));
}

void install_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_fatal_signal;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGSEGV, SIGABRT, SIGFPE, SIGBUS, SIGILL, SIGALRM}) ::sigaction(sig, &sa, nullptr);
}

struct Seeds {
  int target;
  std::vector<std::string> inputs;
};

std::string read_capped(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::string s(kMaxInput, '\0');
  in.read(s.data(), static_cast<std::streamsize>(s.size()));
  s.resize(static_cast<std::size_t>(in.gcount()));
  return s;
}

// bench/fuzz/seeds.txt: "N folder" per target, `-` for none.
std::vector<Seeds> load_seeds(const fs::path& source_dir) {
  std::vector<Seeds> all;
  std::ifstream list(source_dir / "bench/fuzz/seeds.txt");
  if (!list) throw std::runtime_error((source_dir / "bench/fuzz/seeds.txt").string() + ": cannot open");
  std::string line;
  while (std::getline(list, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    Seeds seeds;
    std::string folder;
    if (!(fields >> seeds.target >> folder))
      throw std::runtime_error("bench/fuzz/seeds.txt: expected 'N folder', got: " + line);
    seeds.inputs.emplace_back();  // the empty input, always
    if (folder != "-" && fs::is_directory(source_dir / folder)) {
      std::vector<fs::path> files;
      for (const auto& e : fs::recursive_directory_iterator(source_dir / folder))
        if (e.is_regular_file() && e.file_size() <= kMaxInput) files.push_back(e.path());
      std::sort(files.begin(), files.end());  // the same order, so a seed reproduces a run
      if (files.size() > kMaxSeeds) files.resize(kMaxSeeds);
      for (const auto& f : files) seeds.inputs.push_back(read_capped(f));
    }
    all.push_back(std::move(seeds));
  }
  return all;
}

// Tokens that make parsers take unusual paths: numbers at the edges, YAML and JSON structure.
constexpr std::array<const char*, 22> kTokens = {"\n", "\r\n",  "\t",     " ",       ":",   ",",
                                                 "{",  "}",     "[",      "]",       "\"",  "-1",
                                                 "0",  "1e308", "-1e308", "nan",     "inf", "99999999999999999999999",
                                                 "&a", "*a",    "<<: *a", "\xff\xfe"};

class Mutator {
 public:
  explicit Mutator(unsigned seed) : m_rng(seed) {}

  std::string mutate(std::string s, const std::vector<std::string>& corpus) {
    const int rounds = 1 + static_cast<int>(m_rng() % 4);
    for (int i = 0; i < rounds; ++i) apply_one(s, corpus);
    if (s.size() > kMaxInput) s.resize(kMaxInput);
    return s;
  }

 private:
  std::size_t pick(std::size_t n) { return n == 0 ? 0 : m_rng() % n; }

  void apply_one(std::string& s, const std::vector<std::string>& corpus) {
    switch (m_rng() % 7) {
      case 0:  // flip a bit
        if (!s.empty()) s[pick(s.size())] ^= static_cast<char>(1u << (m_rng() % 8));
        break;
      case 1:  // a random byte
        if (!s.empty()) s[pick(s.size())] = static_cast<char>(m_rng() & 0xff);
        break;
      case 2:  // a token
        s.insert(pick(s.size() + 1), kTokens[pick(kTokens.size())]);
        break;
      case 3: {  // cut a range
        if (s.empty()) break;
        const std::size_t at = pick(s.size());
        s.erase(at, 1 + pick(std::min<std::size_t>(s.size() - at, 64)));
        break;
      }
      case 4: {  // repeat a range (long lines, many rows)
        if (s.empty()) break;
        const std::size_t at = pick(s.size());
        const std::string part = s.substr(at, 1 + pick(std::min<std::size_t>(s.size() - at, 256)));
        const std::size_t times = 1 + pick(16);
        for (std::size_t k = 0; k < times && s.size() < kMaxInput; ++k) s.insert(at, part);
        break;
      }
      case 5: {  // splice with another seed
        const std::string& other = corpus[pick(corpus.size())];
        if (other.empty()) break;
        const std::size_t from = pick(other.size());
        s = s.substr(0, pick(s.size() + 1)) + other.substr(from);
        break;
      }
      default:  // digits changed (counts, rates, indices)
        for (auto& c : s)
          if (c >= '0' && c <= '9' && m_rng() % 8 == 0) c = static_cast<char>('0' + m_rng() % 10);
        break;
    }
  }

  std::mt19937 m_rng;
};

void run_one(const std::string& input) {
  g_current = &input;
  ::alarm(kPerInputLimitS);
  try {
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
  } catch (...) {
    save_current_and_exit("a non-std exception escaped");
  }
  ::alarm(0);
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  if (usage.ru_maxrss > kRssLimitKiB) save_current_and_exit("resident memory passed 2 GiB");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr,
                 "usage: %s SOURCE_DIR OUT_DIR SECONDS [SEED]\n"
                 "Runs every fuzz target over its seeds (bench/fuzz/seeds.txt) and then mutations of them,\n"
                 "sharing SECONDS between the targets; a failing input is written into OUT_DIR.\n",
                 argv[0]);
    return 2;
  }
  const fs::path source_dir = argv[1], out_dir = argv[2];
  const double seconds = std::atof(argv[3]);
  const unsigned seed = argc > 4 ? static_cast<unsigned>(std::strtoul(argv[4], nullptr, 10)) : 1u;
  fs::create_directories(out_dir);
  install_handlers();

  const auto all = load_seeds(source_dir);
  if (static_cast<int>(all.size()) != wb_fuzz_target_count()) {
    std::fprintf(stderr, "bench/fuzz/seeds.txt names %zu targets, fuzz_targets.cpp has %d\n", all.size(),
                 wb_fuzz_target_count());
    return 2;
  }
  const auto share = std::chrono::duration<double>(seconds / static_cast<double>(all.size()));
  for (const auto& seeds : all) {
    g_target = seeds.target;
    wb_fuzz_select_target(seeds.target);
    const std::string path = (out_dir / ("crash-target-" + std::to_string(seeds.target))).string();
    std::snprintf(g_crash_path, sizeof g_crash_path, "%s", path.c_str());
    const auto deadline = Clock::now() + share;
    for (const auto& input : seeds.inputs) run_one(input);
    Mutator mutator(seed * 1000u + static_cast<unsigned>(seeds.target));
    long runs = static_cast<long>(seeds.inputs.size());
    while (Clock::now() < deadline) {
      const std::string input = mutator.mutate(seeds.inputs[runs % seeds.inputs.size()], seeds.inputs);
      run_one(input);
      ++runs;
    }
    std::printf("target %2d: %zu seeds, %ld runs\n", seeds.target, seeds.inputs.size(), runs);
    std::fflush(stdout);
  }
  return 0;
}
