// Registry of probe kinds: one explicit list.
#include <fmt/format.h>

#include <stdexcept>

#include "harness/config/config.hpp"
#include "probes/probe.hpp"

namespace wb {

std::unique_ptr<Probe> make_ina228_probe(const ProbeConfig& cfg, const ProbeContext& ctx);

std::unique_ptr<Probe> make_probe(const ProbeConfig& cfg, const ProbeContext& ctx) {
  if (cfg.kind == "ina228") return make_ina228_probe(cfg, ctx);
  throw std::invalid_argument(fmt::format("probe {}: unknown kind '{}'", cfg.name, cfg.kind));
}

}  // namespace wb
