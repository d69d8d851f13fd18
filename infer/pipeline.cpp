// The cascade loop: one thread polls every stage; a stage's output fans out into k inferences of
// the next stage, tagged with the end-to-end result they belong to (FIFO per stage, as OAAX
// runtimes return outputs in order).
#include "infer/pipeline.hpp"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstring>
#include <deque>
#include <filesystem>
#include <unordered_map>

#include "infer/run_log.hpp"

namespace wb::infer {

namespace fs = std::filesystem;

std::vector<StageSpec> load_pipeline(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec) || fs::file_size(path, ec) > (1 << 20))
    throw std::runtime_error(path + ": not a file under 1 MiB");
  YAML::Node root = YAML::LoadFile(path);
  auto where = [&](const YAML::Node& n) { return path + ":" + std::to_string(n.Mark().line + 1) + ": "; };
  if (!root.IsMap() || !root["stages"] || !root["stages"].IsSequence() || root["stages"].size() < 2)
    throw std::runtime_error(path + ": expected stages: a list of at least two stages");
  if (root["stages"].size() > 16) throw std::runtime_error(path + ": at most 16 stages");
  fs::path dir = fs::path(path).parent_path();
  auto rel = [&](const std::string& p) { return p.empty() || p[0] == '/' ? p : (dir / p).string(); };
  std::vector<StageSpec> out;
  for (const auto& n : root["stages"]) {
    if (!n.IsMap()) throw std::runtime_error(where(n) + "a stage is a mapping");
    StageSpec s;
    for (const auto& kv : n) {
      std::string k = kv.first.as<std::string>();
      const auto& v = kv.second;
      if (k == "name")
        s.name = v.as<std::string>();
      else if (k == "backend")
        s.backend = v.as<std::string>();
      else if (k == "runtime")
        s.runtime = v.as<std::string>().find('/') == std::string::npos ? v.as<std::string>() : rel(v.as<std::string>());
      else if (k == "model")
        s.model = rel(v.as<std::string>());
      else if (k == "onnx")
        s.onnx = rel(v.as<std::string>());
      else if (k == "interface")
        s.interface = v.as<std::string>();
      else if (k == "runtime_args" && v.IsMap())
        for (const auto& a : v) s.args.emplace_back(a.first.as<std::string>(), a.second.as<std::string>());
      else if (k == "inputs" && v.IsSequence())
        for (const auto& i : v) {
          if (!i.IsMap() || !i["name"] || !i["type"] || !i["shape"] || !i["shape"].IsSequence())
            throw std::runtime_error(where(i) + "an input needs name, type and shape (a list)");
          std::string dims;
          for (const auto& d : i["shape"]) dims += (dims.empty() ? "" : "x") + d.as<std::string>();
          s.inputs.push_back(i["name"].as<std::string>() + ":" + i["type"].as<std::string>() + ":" + dims);
        }
      else if (k == "per_result" && v.IsMap()) {
        if (!v["output"])
          throw std::runtime_error(where(v) +
                                   "per_result needs output: the previous stage's output tensor that gives k");
        s.k_output = v["output"].as<std::string>();
        if (v["above"]) s.k_above = v["above"].as<double>();
        if (v["max"]) {
          long m = v["max"].as<long>();
          if (m < 1 || m > 4096) throw std::runtime_error(where(v["max"]) + "max: expected 1..4096");
          s.k_max = static_cast<std::size_t>(m);
        }
      } else
        throw std::runtime_error(
            where(v) + "unknown stage key '" + k +
            "' (expected name, backend, runtime, runtime_args, interface, model, onnx, inputs, per_result)");
    }
    if (s.name.empty()) s.name = "stage" + std::to_string(out.size());
    if (s.runtime.empty() || s.model.empty())
      throw std::runtime_error(where(n) + "stage '" + s.name + "' needs runtime and model");
    if (!out.empty() && s.k_output.empty())
      throw std::runtime_error(where(n) + "stage '" + s.name +
                               "' needs per_result: {output: NAME[, above: SCORE, max: K]}");
    out.push_back(std::move(s));
  }
  return out;
}

std::size_t k_of(const StageSpec& next, const Tensors& out) {
  for (const auto& t : out) {
    if (t.name != next.k_output) continue;
    std::size_t n = t.elements(), k = 0;
    auto value = [&](std::size_t i) -> double {
      switch (t.dtype) {
        case WB_OAAX_FLOAT: {
          float f;
          std::memcpy(&f, t.bytes.data() + 4 * i, 4);
          return f;
        }
        case WB_OAAX_DOUBLE: {
          double d;
          std::memcpy(&d, t.bytes.data() + 8 * i, 8);
          return d;
        }
        case WB_OAAX_INT32: {
          std::int32_t x;
          std::memcpy(&x, t.bytes.data() + 4 * i, 4);
          return x;
        }
        case WB_OAAX_INT64: {
          std::int64_t x;
          std::memcpy(&x, t.bytes.data() + 8 * i, 8);
          return static_cast<double>(x);
        }
        case WB_OAAX_UINT8:
          return t.bytes[i];
        default:
          throw std::runtime_error("output '" + t.name + "': " + dtype_name(t.dtype) + " cannot give k");
      }
    };
    if (next.k_above) {
      for (std::size_t i = 0; i < n; ++i) k += value(i) > *next.k_above;
    } else {
      if (n == 0) return 0;
      double v = value(0);
      k = std::isfinite(v) && v > 0 ? static_cast<std::size_t>(std::llround(std::min(v, 1e9))) : 0;
    }
    return std::min(k, next.k_max);
  }
  std::string names;
  for (const auto& t : out) names += (names.empty() ? "" : ", ") + t.name;
  throw std::runtime_error("stage '" + next.name + "': the stage before has no output '" + next.k_output +
                           "' (it has: " + names + ")");
}

PipelineResult run_pipeline(std::vector<Backend*> st, const std::vector<StageSpec>& specs,
                            const std::vector<std::vector<Tensors>>& inputs, const ScenarioConfig& c, std::FILE* log,
                            std::FILE* progress) {
  PipelineResult pr;
  auto& r = pr.run;
  const std::size_t n = st.size();
  pr.stages.resize(n);
  for (std::size_t i = 0; i < n; ++i) pr.stages[i].name = specs[i].name;
  std::vector<std::uint64_t> k_total(n, 0), k_results(n, 0);
  const std::size_t depth = c.scenario == Scenario::single_stream ? 1 : std::max<std::size_t>(1, c.in_flight);
  std::vector<std::deque<std::uint64_t>> fifo(n);  // result id of each inference in flight, per stage
  std::unordered_map<std::uint64_t, std::pair<std::uint64_t, std::int64_t>>
      open;  // result -> (inferences left, first send ns)
  bool measuring = c.warmup == 0, stop_sending = false;
  std::int64_t t0 = monotonic_ns(), last_output = t0;
  RunLog run_log(log, progress, t0);
  std::uint64_t next_result = 0;
  auto start_window = [&](std::int64_t now) {
    measuring = true;
    r.window_start_ns = now;
    run_log.window_start(now);
  };
  if (measuring) start_window(t0);
  auto send = [&](std::size_t i, std::uint64_t id) {
    st[i]->send(inputs[i][pr.stages[i].sent % inputs[i].size()]);
    std::int64_t t = monotonic_ns();
    fifo[i].push_back(id);
    ++pr.stages[i].sent;
    std::fprintf(log, "s%zu %llu %lld\n", i, static_cast<unsigned long long>(id), static_cast<long long>(t));
    return t;
  };
  int empty_polls = 0;
  Tensors out;
  try {
    for (;;) {
      std::int64_t now = monotonic_ns();
      if (!stop_sending && c.sending_done(measuring, now, r.window_start_ns, next_result)) stop_sending = true;
      if (stop_sending && open.empty()) break;
      if (!stop_sending && open.size() < depth) {
        std::uint64_t id = next_result++;
        open[id] = {1, send(0, id)};
        ++r.sent;
        empty_polls = 0;
        continue;
      }
      bool any = false;
      for (std::size_t i = 0; i < n; ++i) {
        if (fifo[i].empty()) continue;
        bool need = i + 1 < n;
        if (!st[i]->receive(need ? &out : nullptr)) continue;
        any = true;
        std::int64_t t = monotonic_ns();
        last_output = t;
        std::uint64_t id = fifo[i].front();
        fifo[i].pop_front();
        ++pr.stages[i].received;
        if (measuring) ++pr.stages[i].measured;
        auto& [left, first_sent] = open.at(id);
        if (need) {
          std::size_t k = k_of(specs[i + 1], out);
          k_total[i + 1] += k;
          ++k_results[i + 1];
          std::fprintf(log, "r%zu %llu %lld %zu\n", i, static_cast<unsigned long long>(id), static_cast<long long>(t),
                       k);
          left += k;
          for (std::size_t j = 0; j < k; ++j) send(i + 1, id);
        } else {
          std::fprintf(log, "r%zu %llu %lld\n", i, static_cast<unsigned long long>(id), static_cast<long long>(t));
        }
        if (--left == 0) {
          std::int64_t sent_at = first_sent;
          open.erase(id);
          std::fprintf(log, "R %llu %lld\n", static_cast<unsigned long long>(r.completed), static_cast<long long>(t));
          ++r.completed;
          if (measuring && r.completed > c.warmup) {
            ++r.measured;
            r.window_end_ns = t;
            r.latency.add(t - sent_at);
          }
          if (!measuring && r.completed >= c.warmup) start_window(t);
        }
      }
      now = monotonic_ns();
      if (any) {
        empty_polls = 0;
      } else {
        if (now - last_output > static_cast<std::int64_t>(c.receive_timeout_s * 1e9)) {
          for (std::size_t i = 0; i < n; ++i)
            if (!fifo[i].empty()) {
              std::string msg = st[i]->runtime_message();
              r.error = "stage '" + specs[i].name + "': no output for " + std::to_string(c.receive_timeout_s) +
                        " s with " + std::to_string(fifo[i].size()) +
                        " inference(s) in flight; the runtime says: " + (msg.empty() ? "(nothing)" : msg);
              break;
            }
          if (!r.error.empty()) break;
        }
        if (++empty_polls > 64) {
          timespec ts{0, 20000};
          nanosleep(&ts, nullptr);
        }
      }
      run_log.tick(now, measuring, r.measured);
    }
  } catch (const std::exception& e) {
    r.error = e.what();
  }
  for (std::size_t i = 1; i < n; ++i)
    pr.stages[i].k_mean = k_results[i] ? static_cast<double>(k_total[i]) / k_results[i] : NAN;
  run_log.finish(measuring, r.measured, r.window_end_ns);
  return pr;
}

}  // namespace wb::infer
