// benchmark_app output, from openvinotoolkit/openvino's main.cpp, latency_metrics.cpp /
// statistics_report.cpp and samples/common slog; the releases and commits are in the fake's
// header (sim_benchmark_app.cpp). Plain string handling, no regex: lines may be 100 kB long.
#include "adapters/benchmark_app/parse.hpp"

#include <fmt/format.h>

#include <vector>

#include "adapters/text_util.hpp"
#include "harness/plugin/tool_kind.hpp"

namespace wb::benchmark_app {

namespace {

bool starts_with(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

// slog::LogStream writes "[ <prefix> ] " before the first item of a line (samples/common slog.hpp).
struct Body {
  std::string text;  // the rest, indentation kept
  bool slog = false;
};
Body body_of(const std::string& line) {
  for (const char* p : {"[ INFO ]", "[ WARNING ]"})
    if (starts_with(line, p)) {
      std::string rest = line.substr(std::string(p).size());
      if (!rest.empty() && rest[0] == ' ') rest.erase(0, 1);
      return {rest, true};
    }
  return {line, false};
}

// "Label:   value unit" split at the first colon.
struct Field {
  std::string label, value, unit;
  bool empty_value() const { return value.empty(); }
};
std::optional<Field> field_of(const std::string& trimmed) {
  auto colon = trimmed.find(':');
  if (colon == std::string::npos) return std::nullopt;
  Field f;
  f.label = text::trim(trimmed.substr(0, colon));
  std::string rest = text::trim(trimmed.substr(colon + 1));
  auto sp = rest.find_first_of(" \t");
  f.value = rest.substr(0, sp);
  f.unit = sp == std::string::npos ? "" : text::trim(rest.substr(sp));
  return f;
}

// "First inference took 6.27 ms": the number between a known lead and " ms".
std::optional<double> took_ms(const std::string& t, const std::string& lead) {
  if (!starts_with(t, lead)) return std::nullopt;
  std::string rest = t.substr(lead.size());
  if (rest.size() < 3 || rest.compare(rest.size() - 3, 3, " ms") != 0) return std::nullopt;
  return text::to_number(rest.substr(0, rest.size() - 3));
}

// "Build ......... 2023.2.0-13089-cfd42bd2cb0-HEAD": what follows the dot leader (the value has dots too).
std::string after_dots(const std::string& t) {
  auto lead_end = t.find_first_not_of(". ", t.find(".."));
  return lead_end == std::string::npos ? "" : text::trim(t.substr(lead_end));
}

const std::string kMicro = "\xC2\xB5s";  // "µs" in UTF-8, as one stored latency_metrics.cpp prints it

}  // namespace

std::string format_name(Format f) {
  switch (f) {
    case Format::r2021:
      return "2021 (std::cout report, median latency)";
    case Format::r2022:
      return "2022 (slog report, tab-indented latency block)";
    case Format::r2023:
      return "2023+ (slog report, space-indented latency block)";
  }
  return "?";
}

bool is_timed_start(const std::string& line) {
  std::string t = text::trim(body_of(line).text);
  return starts_with(t, "First inference took ") || starts_with(t, "Skipping warmup inference");
}

bool is_report_step(const std::string& line) { return starts_with(text::trim(line), "[Step 11/11]"); }

bool has_report(const std::string& text) {
  for (const auto& raw : text::lines_of(text))
    if (starts_with(text::trim(body_of(raw).text), "Count:")) return true;
  return false;
}

std::string failure_reason(const std::string& stdout_text, const std::string& stderr_text) {
  // slog::err << ex.what() << slog::endl: the prefix on the first line only; an OpenVINO
  // exception's what() goes on over several lines ("Exception from src/...:" then the check).
  for (const std::string* text : {&stderr_text, &stdout_text}) {
    auto lines = text::lines_of(*text);
    for (std::size_t i = lines.size(); i-- > 0;) {
      if (!starts_with(lines[i], "[ ERROR ]")) continue;
      std::string why = text::trim(lines[i].substr(9));
      for (std::size_t k = i + 1; k < lines.size() && k < i + 6; ++k)
        if (std::string l = text::trim(lines[k]); !l.empty()) why += (why.empty() ? "" : " ") + l;
      return why;
    }
  }
  return "";
}

Output parse(const std::string& text, const std::string& file) {
  Output o;
  std::optional<std::size_t> count_line, duration_line;
  bool count_slog = false, in_latency = false;
  std::optional<char> stat_indent;  // the first latency statistic's first character
  auto lines = text::lines_of(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto [b, slog] = body_of(lines[i]);
    std::string t = text::trim(b);
    auto fail = [&](const std::string& label, const std::string& expected) {
      throw ParseError(fmt::format("{}:{}: {}: expected {}, found: '{}'", file, i + 1, label, expected, t));
    };
    auto number = [&](const Field& f, const std::string& expected) {
      auto v = text::to_number(f.value);
      if (!v) fail(f.label, expected);
      return *v;
    };
    auto f = field_of(t);

    if (in_latency) {
      // One of LatencyMetrics::write_to_slog's lines, or the block is over.
      if (f && !f->empty_value() && f->label != "Data shape") {
        const std::string& l = f->label;
        std::optional<double>* slot = nullptr;
        if (l == "Median" || l == "Median (approx)")
          slot = &o.latency.median_ms;
        else if (l == "Average" || l == "Avg")
          slot = &o.latency.average_ms;
        else if (l == "Min")
          slot = &o.latency.min_ms;
        else if (l == "Max")
          slot = &o.latency.max_ms;
        else if (l.size() > 11 && l.compare(l.size() - 11, 11, " percentile") == 0) {
          auto p = text::to_number(l.substr(0, l.size() - 11));
          if (!p || *p < 1 || *p > 100) fail(l, "'<1..100> percentile: <number> ms'");
          o.latency.percentile = static_cast<int>(*p);
          slot = &o.latency.median_ms;
        }
        if (slot) {
          if (!stat_indent && !b.empty()) stat_indent = b[0];
          double v = number(*f, "'<number> ms' (or us)");
          if (f->unit == "ms")
            *slot = v;
          else if (f->unit == "us" || f->unit == kMicro)
            *slot = v / 1000;
          else
            fail(l, "the unit ms, us or " + kMicro);
          if (o.latency.unit.empty()) o.latency.unit = f->unit;
          continue;
        }
      }
      if (!(f && f->label == "Data shape"))
        in_latency = false;
      else
        continue;
    }

    if (starts_with(t, "[Step 10/11]")) {
      auto open = t.find('('), close = t.rfind(')');
      if (open != std::string::npos && close != std::string::npos && close > open)
        o.measuring = t.substr(open + 1, close - open - 1);
    } else if (starts_with(t, "Build ") && t.find("..") != std::string::npos && o.build.empty()) {
      o.build = after_dots(t);  // the first Build line is the runtime's; device plugins follow
    } else if (starts_with(t, "API version ") && o.api_version.empty()) {
      o.api_version = after_dots(t);
    } else if (auto v = took_ms(t, "First inference took ")) {
      o.first_inference_ms = v;
    } else if (starts_with(t, "Skipping warmup inference")) {
      o.warmup_skipped = true;
    } else if (auto r = took_ms(t, "Read model took "); r || (r = took_ms(t, "Read network took "))) {
      o.read_model_ms = r;
    } else if (auto c = took_ms(t, "Compile model took "); c || (c = took_ms(t, "Load network took ")) ||
                                                           (c = took_ms(t, "Import model took ")) ||
                                                           (c = took_ms(t, "Import network took "))) {
      o.compile_model_ms = c;
    } else if (f && (f->label == "Model batch size" || f->label == "Network batch size" ||
                     f->label == "Network batch size was changed to")) {
      if (auto n = text::to_number(f->value); n && *n >= 1) o.batch = n;
    } else if (f && f->label == "Execution Devices") {
      o.execution_devices = text::trim(t.substr(t.find(':') + 1));
    } else if (f && f->label == "Count" && !count_line) {
      double n = number(*f, "'<whole number> iterations'");
      if (f->unit != "iterations" || n != static_cast<double>(static_cast<long long>(n)) || n < 0)
        fail("Count", "'<whole number> iterations'");
      o.count = n;
      count_line = i;
      count_slog = slog;
    } else if (f && f->label == "Duration" && count_line && !duration_line) {
      o.duration_ms = number(*f, "'<number> ms'");
      if (f->unit != "ms") fail("Duration", "'<number> ms'");
      duration_line = i;
    } else if (f && f->label == "Latency" && count_line) {
      if (f->empty_value()) {
        in_latency = true;  // 2022+: a block of statistics follows
      } else {
        // 2021: "Latency:    x ms", the median of the requests' latencies.
        o.latency.median_ms = number(*f, "'<number> ms'");
        if (f->unit != "ms") fail("Latency", "'<number> ms'");
        o.latency.unit = "ms";
      }
    } else if (f && f->label == "Throughput" && count_line && !o.throughput_fps) {
      o.throughput_fps = number(*f, "'<number> FPS'");
      if (f->unit != "FPS") fail("Throughput", "'<number> FPS'");
    }
  }
  if (!count_line)
    throw ParseError(
        fmt::format("{}: no 'Count: <n> iterations' line: the report benchmark_app prints after its timed phase "
                    "('[Step 11/11] Dumping statistics report') is missing or cut",
                    file));
  if (!duration_line)
    throw ParseError(fmt::format("{}:{}: no 'Duration: <ms> ms' line after 'Count:'", file, *count_line + 1));
  if (o.count <= 0)
    throw ParseError(fmt::format("{}:{}: 'Count: 0 iterations': nothing was timed", file, *count_line + 1));
  if (!(o.duration_ms > 0))
    throw ParseError(
        fmt::format("{}:{}: a Duration of {} ms: no timed phase", file, *duration_line + 1, o.duration_ms));
  if (!count_slog)
    o.format = Format::r2021;
  else if (stat_indent)
    o.format = *stat_indent == '\t' ? Format::r2022 : Format::r2023;
  else {
    // No latency block (MULTI): the Count label's padding tells the releases apart.
    std::string b = body_of(lines[*count_line]).text;
    o.format = b.find_first_not_of(' ', 6) >= 16 ? Format::r2023 : Format::r2022;
  }
  return o;
}

}  // namespace wb::benchmark_app
