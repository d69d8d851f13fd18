// YAML -> KernelLogConfig, HealthConfig.
#include "harness/config/health_config.hpp"

#include <fmt/format.h>

#include "harness/util/regex.hpp"

namespace wb {

namespace {
std::vector<std::string> argv_of(const ConfigNode& n, const std::string& key) {
  if (n.has(key) && n.child(key).IsScalar())
    n.fail(key, fmt::format("'{}': expected a command as a list: [program, arg, …] (argv, never a shell line)",
                            n.child(key).Scalar()));
  auto v = n.string_list(key);
  if (!v || v->empty() || v->front().empty())
    n.fail(key, "expected a command as a list: [program, arg, …] (argv, never a shell line)");
  return *v;
}
}  // namespace

void parse_kernel_log(const ConfigNode& parent, const std::string& key, KernelLogConfig& k) {
  std::string source;
  std::optional<ConfigNode> n;
  if (parent.child(key).IsScalar()) {
    source = parent.require_string(key);
  } else {
    if (!parent.child(key).IsMap())
      parent.fail(key, "expected a mapping {source, patterns} or a source (auto, kmsg, journalctl, file:PATH, off)");
    n = parent.mapping(key);
    n->allow_only({"source", "patterns"});
    source = n->string("source").value_or("auto");
  }
  const ConfigNode& at = n ? *n : parent;
  const std::string at_key = n ? "source" : key;
  if (source.rfind("file:", 0) == 0) {
    k.source = "file";
    k.file = source.substr(5);
    if (k.file.empty())
      at.fail(at_key, "file: needs a path, e.g. file:sim-kmsg.log (relative paths are in the results folder)");
  } else if (source == "auto" || source == "kmsg" || source == "journalctl" || source == "off" || source == "false") {
    k.source = source == "false" ? "off" : source;  // YAML 1.1 reads a bare off as false
  } else {
    at.fail(at_key, fmt::format("'{}': expected auto, kmsg, journalctl, file:PATH or off", source));
  }
  if (n) {
    k.patterns = n->string_list("patterns").value_or(std::vector<std::string>{});
    for (const auto& p : k.patterns) {
      try {
        rx::regex re(p);
      } catch (const rx::error& e) {
        n->fail("patterns", fmt::format("'{}' is not a valid regular expression: {}", p, e.what()));
      }
    }
  }
}

void parse_health(const ConfigNode& n, HealthConfig& h) {
  n.allow_only({"check", "recover", "timeout_s", "recover_timeout_s"});
  h.check = argv_of(n, "check");
  if (n.has("recover")) h.recover = argv_of(n, "recover");
  if (auto t = n.number("timeout_s")) h.timeout_s = n.seconds("timeout_s", *t, false);
  if (auto t = n.number("recover_timeout_s")) h.recover_timeout_s = n.seconds("recover_timeout_s", *t, false);
}

}  // namespace wb
