// ResultIdentity <-> JSON, labels and the like-for-like comparison.
#include "harness/identity/identity.hpp"

#include <fmt/format.h>

namespace wb {

nlohmann::json to_json(const ResultIdentity& id) {
  return {{"card",
           {{"id", id.card.id},
            {"vendor", id.card.vendor},
            {"product", id.card.product},
            {"form_factor", id.card.form_factor},
            {"pci_address", id.card.pci_address},
            {"serial", id.card.serial}}},
          {"model", {{"id", id.model.id}, {"artifact", id.model.artifact}, {"sha256", id.model.sha256}}},
          {"tool", {{"name", id.tool.name}, {"version", id.tool.version}, {"work_args", id.tool.work_args}}},
          {"scope", id.scope},
          {"probes", id.probes},
          {"host", {{"cpu", id.host.cpu}, {"kernel", id.host.kernel}, {"os", id.host.os}}},
          {"driver", id.driver},
          {"firmware", id.firmware},
          {"aspm", {{"requested", id.aspm.requested}, {"state", id.aspm.state}}},
          {"wattbench_version", id.wattbench_version}};
}

namespace {
std::string text(const nlohmann::json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_string()) return "";
  return j[key].get<std::string>();
}
const nlohmann::json& part(const nlohmann::json& j, const char* key) {
  static const nlohmann::json empty = nlohmann::json::object();
  return j.is_object() && j.contains(key) && j[key].is_object() ? j[key] : empty;
}
}  // namespace

ResultIdentity identity_from_json(const nlohmann::json& j) {
  ResultIdentity id;
  const auto& c = part(j, "card");
  id.card = {text(c, "id"),          text(c, "vendor"),      text(c, "product"),
             text(c, "form_factor"), text(c, "pci_address"), text(c, "serial")};
  const auto& m = part(j, "model");
  id.model = {text(m, "id"), text(m, "artifact"), text(m, "sha256")};
  const auto& t = part(j, "tool");
  id.tool.name = text(t, "name");
  id.tool.version = text(t, "version");
  if (t.contains("work_args") && t["work_args"].is_object()) id.tool.work_args = t["work_args"];
  id.scope = text(j, "scope");
  if (j.is_object() && j.contains("probes") && j["probes"].is_array())
    for (const auto& p : j["probes"])
      if (p.is_string()) id.probes.push_back(p.get<std::string>());
  const auto& h = part(j, "host");
  id.host = {text(h, "cpu"), text(h, "kernel"), text(h, "os")};
  id.driver = text(j, "driver");
  id.firmware = text(j, "firmware");
  const auto& a = part(j, "aspm");
  id.aspm = {text(a, "requested"), text(a, "state")};
  id.wattbench_version = text(j, "wattbench_version");
  return id;
}

std::string card_label(const ResultIdentity& id) {
  std::string name = id.card.product;
  if (!id.card.vendor.empty() && name.rfind(id.card.vendor + " ", 0) != 0)
    name = id.card.vendor + (name.empty() ? "" : " " + name);
  if (name.empty()) name = id.card.id;
  if (name.empty()) name = "unnamed card";
  if (!id.card.form_factor.empty()) name += " (" + id.card.form_factor + ")";
  return name;
}

std::string identity_label(const ResultIdentity& id) {
  std::string label = card_label(id);
  std::string model = !id.model.id.empty()         ? id.model.id
                      : !id.model.artifact.empty() ? id.model.artifact
                                                   : "unnamed model";
  label += " · " + model;
  if (!id.tool.name.empty()) label += " · " + id.tool.name;
  return label;
}

std::string identity_key(const ResultIdentity& id) {
  nlohmann::json k = {{"vendor", id.card.vendor},
                      {"product", id.card.product},
                      {"form_factor", id.card.form_factor},
                      {"card", id.card.product.empty() ? id.card.id : ""},
                      {"model", id.model.id},
                      {"sha256", id.model.sha256},
                      {"tool", id.tool.name},
                      {"work_args", id.tool.work_args},
                      {"scope", id.scope}};
  return k.dump();
}

IdentityDiff compare_identities(const ResultIdentity& a, const ResultIdentity& b) {
  IdentityDiff d;
  auto differ = [](const std::string& x, const std::string& y) { return !x.empty() && !y.empty() && x != y; };
  auto show = [](const std::string& s) { return s.empty() ? std::string("(unknown)") : s; };
  auto must = [&](const char* field, const std::string& x, const std::string& y) {
    if (differ(x, y)) d.mismatches.push_back(fmt::format("{}: {} vs {}", field, x, y));
  };
  auto should = [&](const char* field, const std::string& x, const std::string& y) {
    if (differ(x, y)) d.warnings.push_back(fmt::format("{}: {} vs {}", field, x, y));
  };
  must("card.vendor", a.card.vendor, b.card.vendor);
  must("card.product", a.card.product, b.card.product);
  must("card.form_factor", a.card.form_factor, b.card.form_factor);
  // Without a product name the card's id is all that says which card it was.
  if (a.card.product.empty() || b.card.product.empty()) must("card.id", a.card.id, b.card.id);
  must("model.id", a.model.id, b.model.id);
  must("model.sha256", a.model.sha256, b.model.sha256);
  if (a.model.sha256.empty() != b.model.sha256.empty())
    d.warnings.push_back(fmt::format("model.sha256: {} vs {} (the artifact could not be hashed on one side)",
                                     show(a.model.sha256), show(b.model.sha256)));
  must("tool.name", a.tool.name, b.tool.name);
  if (a.tool.work_args != b.tool.work_args)
    d.mismatches.push_back(fmt::format("tool.work_args: {} vs {}", a.tool.work_args.dump(), b.tool.work_args.dump()));
  must("scope", a.scope, b.scope);
  should("card.serial", a.card.serial, b.card.serial);
  should("card.pci_address", a.card.pci_address, b.card.pci_address);
  should("tool.version", a.tool.version, b.tool.version);
  should("driver", a.driver, b.driver);
  should("firmware", a.firmware, b.firmware);
  should("aspm.state", a.aspm.state, b.aspm.state);  // idle power follows it
  should("host.cpu", a.host.cpu, b.host.cpu);
  should("host.kernel", a.host.kernel, b.host.kernel);
  should("host.os", a.host.os, b.host.os);
  should("wattbench_version", a.wattbench_version, b.wattbench_version);
  if (a.probes != b.probes) {
    auto join = [](const std::vector<std::string>& v) {
      std::string s;
      for (const auto& p : v) s += (s.empty() ? "" : "; ") + p;
      return s.empty() ? std::string("(none)") : s;
    };
    d.warnings.push_back(fmt::format("probes: {} vs {}", join(a.probes), join(b.probes)));
  }
  return d;
}

}  // namespace wb
