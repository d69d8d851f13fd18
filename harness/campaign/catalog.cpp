// YAML -> ModelCatalog.
#include "harness/campaign/catalog.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "harness/config/config_error.hpp"
#include "harness/config/node.hpp"
#include "harness/config/yaml_file.hpp"
#include "harness/util/printable.hpp"
#include "harness/util/safe_name.hpp"

namespace wb {

namespace fs = std::filesystem;

namespace {
nlohmann::json args_json(const ConfigNode& n, const fs::path& dir) {
  nlohmann::json j = nlohmann::json::object();
  for (auto it = n.yaml().begin(); it != n.yaml().end(); ++it) {
    auto key = it->first.as<std::string>();
    const YAML::Node v = it->second;  // a copy: it->second lives in a temporary proxy
    if (!v.IsScalar()) n.fail(key, "expected a scalar tool argument (string, number or boolean)");
    const std::string& s = v.Scalar();
    long long whole = 0;
    double number = 0;
    bool flag = false;
    if (s.rfind("./", 0) == 0 || s.rfind("../", 0) == 0)
      j[key] = (dir / s).lexically_normal().string();
    else if (v.Tag() != "!" && YAML::convert<long long>::decode(v, whole))
      j[key] = whole;
    else if (v.Tag() != "!" && YAML::convert<double>::decode(v, number))
      j[key] = number;
    else if (v.Tag() != "!" && YAML::convert<bool>::decode(v, flag))
      j[key] = flag;
    else
      j[key] = s;
  }
  return j;
}
}  // namespace

std::optional<nlohmann::json> ModelCatalog::args(const std::string& model, const std::string& card,
                                                 const std::string& tool) const {
  auto m = models.find(model);
  if (m == models.end()) return std::nullopt;
  for (const auto& key : {card, tool})
    if (auto a = m->second.args_for.find(key); a != m->second.args_for.end()) return a->second;
  return std::nullopt;
}

ModelCatalog load_catalog(const fs::path& path) {
  // Duplicate model ids are duplicate keys: the guard refuses them, naming both lines.
  YAML::Node root = load_yaml_file(path, "model catalog");
  if (!root.IsMap()) throw ConfigError(path.string(), 1, 1, "expected a mapping with models");
  ConfigNode top(root, path.string(), "");
  top.allow_only({"models"});
  auto models = top.mapping("models");
  if (!models) top.fail("models", "is required: model id -> {title, gop_per_frame, for: {card or tool: args}}");
  ModelCatalog c;
  c.path = path;
  fs::path dir = fs::absolute(path).parent_path();
  for (auto it = models->yaml().begin(); it != models->yaml().end(); ++it) {
    auto id = it->first.as<std::string>();
    // The id names result folders (<model>.<card>): a path-like id must never reach the file system.
    if (auto why = unsafe_name_reason(id); !why.empty())
      models->fail(id, fmt::format("model id '{}': {} (it names result folders)", printable(id), why));
    auto m = models->mapping(id);
    if (!m) models->fail(id, "expected a mapping (title, gop_per_frame, for)");
    m->allow_only({"title", "gop_per_frame", "for"});
    CatalogModel cm;
    cm.id = id;
    cm.title = m->string("title").value_or(id);
    if (auto g = m->number("gop_per_frame")) cm.gop_per_frame = m->positive("gop_per_frame", *g);
    auto targets = m->mapping("for");
    if (!targets) m->fail("for", "is required: card or tool name -> that tool's benchmark.args");
    for (auto t = targets->yaml().begin(); t != targets->yaml().end(); ++t) {
      auto key = t->first.as<std::string>();
      auto args = targets->mapping(key);
      if (!args) targets->fail(key, "expected the tool's benchmark.args as a mapping");
      cm.args_for[key] = args_json(*args, dir);
    }
    c.models[id] = cm;
  }
  return c;
}

}  // namespace wb
