// libFuzzer targets: every output parser, the config, campaign and catalog loaders, the
// summary and references files `check` reads, the trace reader, and wattbench-infer's timestamp
// log and ONNX input reader must
// answer any input with a result or a clear error (a std::exception), never a crash, a hang
// or undefined behaviour. One binary for every target (one link of the sanitized core, not one
// per target), the target chosen by the WB_FUZZ_TARGET environment variable.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "adapters/axelera/parse.hpp"
#include "adapters/benchmark_model/parse.hpp"
#include "adapters/dxbenchmark/parse.hpp"
#include "adapters/hailortcli/parse.hpp"
#include "adapters/infer/parse.hpp"
#include "adapters/trtexec/parse.hpp"
#include "harness/campaign/campaign.hpp"
#include "harness/campaign/catalog.hpp"
#include "harness/config/config.hpp"
#include "harness/report/references.hpp"
#include "harness/run/summary_files.hpp"
#include "harness/trace/trace_csv.hpp"
#include "infer/onnx_inputs.hpp"
#include "probes/command/protocol.hpp"
#include "probes/ptd/protocol.hpp"

namespace {
[[maybe_unused]] std::filesystem::path temp_file(const std::string& ext, const std::string& text) {
  static const auto path =
      std::filesystem::temp_directory_path() / ("wattbench-fuzz-" + std::to_string(::getpid()) + ext);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}
}  // namespace

namespace {
constexpr int kTargets = 20;
int target = [] {
  const char* t = std::getenv("WB_FUZZ_TARGET");
  return t ? std::atoi(t) : 0;
}();
}  // namespace

// For the smoke driver, which runs every target in one process.
extern "C" int wb_fuzz_target_count() { return kTargets; }
extern "C" void wb_fuzz_select_target(int n) { target = n; }

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    if (target == 1) {
      wb::dxbenchmark::parse_csv(text, "f");
    } else if (target == 2) {
      wb::dxbenchmark::parse_json(text, "f");
    } else if (target == 3) {
      wb::dxbenchmark::parse_stdout(text, "f");
    } else if (target == 4) {
      wb::hailortcli::parse_run_stdout(text, "f");
      wb::hailortcli::parse_run2_stdout(text, "f");
    } else if (target == 5) {
      wb::hailortcli::parse_benchmark_stdout(text, "f");
    } else if (target == 6) {
      wb::hailortcli::parse_run_csv(text, "f");
      wb::hailortcli::parse_benchmark_csv(text, "f");
      wb::hailortcli::parse_run2_json(text, "f");
    } else if (target == 7) {
      wb::benchmark_model::parse(text, "f");
    } else if (target == 8) {
      wb::axelera::parse(text, "f");
    } else if (target == 9) {
      wb::trtexec::parse(text, "f");
    } else if (target == 10) {
      wb::load_config(temp_file(".yaml", text));
    } else if (target == 11) {
      wb::for_each_sample(temp_file(".csv", text), [](const wb::Sample&) {});
    } else if (target == 12) {
      wb::command::extract(text, wb::command::find_preset("dxrt-cli-status")->channels);
    } else if (target == 13) {
      // Everything PTDaemon may send: each parser on its own, so one error does not hide the next.
      auto attempt = [](auto&& f) {
        try {
          f();
        } catch (const std::exception&) {
        }
      };
      attempt([&] { wb::ptd::parse_sample_line(text, false); });
      attempt([&] { wb::ptd::parse_sample_line(text, true); });
      attempt([&] { wb::ptd::parse_aggregate(text, "Watts"); });
      attempt([&] { wb::ptd::parse_aggregate(text, "Uncertainty"); });
      attempt([&] { wb::ptd::parse_rl_header(text); });
      attempt([&] { wb::ptd::parse_ranges(text); });
      wb::ptd::is_error_reply(text);
    } else if (target == 14) {
      wb::dxbenchmark::parse_profile(text, "f", 10);
    } else if (target == 15) {
      // A campaign file (its catalog, cards and models as written; a missing catalog is an error too).
      wb::load_campaign(temp_file(".yaml", text));
    } else if (target == 16) {
      wb::load_catalog(temp_file(".yaml", text));
    } else if (target == 17) {
      // summary.json as `check` and `compare` read it from a results folder.
      static const auto dir =
          std::filesystem::temp_directory_path() / ("wattbench-fuzz-summary-" + std::to_string(::getpid()));
      std::filesystem::create_directories(dir);
      std::ofstream(dir / "summary.json", std::ios::binary) << text;
      wb::load_compare_rows(dir);
    } else if (target == 18) {
      // The --references file of `check`.
      wb::choose_reference(text, "refs.yaml", "M1", wb::default_tolerances());
    } else if (target == 19) {
      // wattbench-infer's timestamp log as the infer adapter reads it.
      std::istringstream in(text);
      wb::infer_tool::read_timestamps(in, "t.txt");
    } else if (target == 20) {
      // An ONNX model's graph inputs (wattbench-infer's bounded protobuf reader).
      wb::infer::parse_onnx_inputs(text, "m.onnx");
    } else {
      std::fprintf(stderr, "WB_FUZZ_TARGET=%d: no such target (1..%d)\n", target, kTargets);
      std::abort();
    }
  } catch (const std::exception&) {
    // A clear error is a correct answer to bad input.
  }
  return 0;
}
