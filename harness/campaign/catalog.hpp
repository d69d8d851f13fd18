// A model catalog: one logical model (ResNet-50) -> each card's artifact and tool arguments.
// Keys under `for:` are card names or tool names (a card's name wins); their mapping becomes
// that card's benchmark.args. String values starting with ./ or ../ are paths relative to
// the catalog file.
#pragma once
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace wb {

struct CatalogModel {
  std::string id, title;
  std::optional<double> gop_per_frame;             // giga-operations per frame (2 × GMAC), for utilisation
  std::map<std::string, nlohmann::json> args_for;  // card or tool -> benchmark.args to set
};

struct ModelCatalog {
  std::filesystem::path path;
  std::map<std::string, CatalogModel> models;
  // The args for a card running `tool`, or nullopt when the catalog has none for it.
  std::optional<nlohmann::json> args(const std::string& model, const std::string& card, const std::string& tool) const;
};

// Throws ConfigError naming file:line:column.
ModelCatalog load_catalog(const std::filesystem::path& path);

}  // namespace wb
