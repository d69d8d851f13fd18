// The command probe: runs a vendor telemetry command (argv, timeout) every interval and
// extracts channels from its output by regex.
#include <fmt/format.h>

#include "harness/plugin/probe.hpp"
#include "harness/process/process.hpp"
#include "probes/command/protocol.hpp"
#include "probes/command/settings.hpp"

namespace wb {

namespace {

class CommandProbe : public Probe {
 public:
  CommandProbe(const ProbeConfig& cfg, const ProbeContext& ctx)
      : m_cfg(cfg), m_c(cfg.settings_as<CommandSettings>()), m_ctx(ctx) {
    const auto& c = m_c;
    m_info = probe_info_base(cfg, "command", 1000.0 / c.interval_ms);
    for (std::size_t i = 0; i < c.channels.size(); ++i) {
      const auto& r = c.channels[i];
      // Nothing says what a tool's figure is: instantaneous until the config declares it (`meter:`).
      m_info.channels.push_back({r.name,
                                 r.unit,
                                 r.quantity,
                                 {r.quantity == Quantity::energy ? MeterKind::accumulator : MeterKind::instantaneous, 0,
                                  "not declared (meter: in the config)"}});
      int idx = static_cast<int>(i);
      if (r.quantity == Quantity::power && m_info.power_channel < 0) m_info.power_channel = idx;
      if (r.quantity == Quantity::energy && m_info.energy_channel < 0) m_info.energy_channel = idx;
      if (r.quantity == Quantity::temperature) m_info.temperature_channels.push_back(idx);
    }
  }

  const ProbeInfo& info() const override { return m_info; }

  void open() override {
    const auto& argv = m_c.argv;
    auto exe = find_executable(argv.front(), {m_ctx.tools_dir});
    if (!exe)
      throw std::runtime_error(fmt::format("probe {}: command '{}' not found (looked in {} and PATH)", m_cfg.name,
                                           argv.front(), m_ctx.tools_dir.string()));
    m_spec.executable = *exe;
    m_spec.args.assign(argv.begin() + 1, argv.end());
    m_spec.cwd = m_ctx.run_dir.empty() ? std::filesystem::temp_directory_path() : m_ctx.run_dir;
    m_spec.pty = false;
    m_spec.timeout_s = m_c.timeout_s;
    m_spec.kill_grace_s = 0.5;
    m_spec.env = m_ctx.tool_env;
    m_runner = make_process_runner();
  }

  void read(Sample& s) override {
    m_spec.t0 = std::chrono::steady_clock::now();
    auto r = m_runner->run(m_spec, nullptr, nullptr);
    std::string out, last_err;
    for (const auto& l : r.lines) {
      if (l.stream == 1)
        out += l.text + "\n";
      else
        last_err = l.text;
    }
    if (!r.started) throw std::runtime_error(r.start_error);
    if (r.timed_out)
      throw std::runtime_error(fmt::format("{} timed out after {:g} s", m_c.argv.front(), m_spec.timeout_s));
    if (r.signal || r.exit_code != 0)
      throw std::runtime_error(
          fmt::format("{} failed ({}){}", m_c.argv.front(),
                      r.signal ? fmt::format("signal {}", r.signal) : fmt::format("exit {}", r.exit_code),
                      last_err.empty() ? "" : ": " + last_err));
    s.values = command::extract(out, m_c.channels);
    bool any = false;
    for (double v : s.values) any = any || is_present(v);
    if (!any) {
      auto first = out.substr(0, out.find('\n'));
      throw std::runtime_error(
          fmt::format("no channel matched the output of {} (first line: '{}')", m_c.argv.front(), first));
    }
  }

  nlohmann::json settings() const override {
    nlohmann::json ch = nlohmann::json::array();
    for (const auto& r : m_c.channels) ch.push_back({{"name", r.name}, {"regex", r.regex}, {"unit", r.unit}});
    return {{"kind", "command"},          {"argv", m_c.argv}, {"interval_ms", m_c.interval_ms},
            {"timeout_s", m_c.timeout_s}, {"channels", ch},   {"rail", m_cfg.rail},
            {"scope", m_cfg.scope}};
  }

 private:
  ProbeConfig m_cfg;
  CommandSettings m_c;
  ProbeContext m_ctx;
  ProbeInfo m_info;
  ProcessSpec m_spec;
  std::unique_ptr<ProcessRunner> m_runner;
};

std::unique_ptr<Probe> make_command_probe(const ProbeConfig& cfg, const ProbeContext& ctx) {
  return std::make_unique<CommandProbe>(cfg, ctx);
}

}  // namespace

extern const ProbeKind command_probe_kind;
const ProbeKind command_probe_kind{"command",
                                   "a vendor telemetry command run every interval, channels by regex",
                                   false,
                                   false,
                                   &parse_command_settings,
                                   &make_command_probe,
                                   nullptr};

}  // namespace wb
