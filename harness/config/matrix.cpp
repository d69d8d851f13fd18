// Matrix expansion: the cartesian product of the axes, in declaration order.
#include "harness/config/matrix.hpp"

#include <fmt/format.h>
#include "harness/util/safe_name.hpp"

namespace wb {

namespace {
struct Axis {
  std::string name;
  std::vector<std::pair<std::string, std::vector<std::pair<std::string, YAML::Node>>>> values;  // label -> sets
};

bool id_safe(const std::string& s) { return unsafe_name_reason(s).empty(); }
}  // namespace

MatrixSpec parse_matrix(const ConfigNode& m) {
  m.allow_only({"axes", "include", "baseline", "order"});
  MatrixSpec spec;
  if (auto o = m.string("order")) {
    if (*o != "grouped" && *o != "interleaved")
      m.fail("order", fmt::format("'{}': expected grouped or interleaved", *o));
    spec.order = *o;
  }
  auto axes_node = m.mapping("axes");
  if (!axes_node) m.fail_here("a matrix needs axes: {name: {label: {key.path: value}}} or {key.path: [values]}");
  std::vector<Axis> axes;
  for (auto it = axes_node->yaml().begin(); it != axes_node->yaml().end(); ++it) {
    Axis axis;
    axis.name = it->first.as<std::string>();
    YAML::Node v = it->second;  // a copy: it->second lives in a temporary proxy
    if (v.IsSequence()) {       // key path with plain values
      for (const auto& item : v) {
        if (!item.IsScalar())
          axes_node->fail(axis.name, "list axes take plain values; use {label: {key: value}} for settings");
        axis.values.push_back({item.Scalar(), {{axis.name, item}}});
      }
    } else if (v.IsMap()) {
      for (auto lv = v.begin(); lv != v.end(); ++lv) {
        std::string label = lv->first.as<std::string>();
        if (!lv->second.IsMap())
          axes_node->fail(axis.name, fmt::format("label '{}': expected a mapping of key.path: value", label));
        std::vector<std::pair<std::string, YAML::Node>> sets;
        for (auto kv = lv->second.begin(); kv != lv->second.end(); ++kv)
          sets.push_back({kv->first.as<std::string>(), kv->second});
        axis.values.push_back({label, sets});
      }
    } else {
      axes_node->fail(axis.name, "expected a list of values or a mapping of labels to settings");
    }
    if (axis.values.empty()) axes_node->fail(axis.name, "an axis needs at least one value");
    for (const auto& [label, sets] : axis.values)
      if (!id_safe(label))
        axes_node->fail(axis.name, fmt::format("label '{}': {} (it names folders)", label, unsafe_name_reason(label)));
    axes.push_back(std::move(axis));
  }
  // Counted before expanding, so a runaway product costs nothing.
  double count = 1;
  for (const auto& axis : axes) count *= static_cast<double>(axis.values.size());
  if (count > kMaxVariants)
    axes_node->fail_here(
        fmt::format("the axes make {:.0f} variants; at most {} are allowed (split the sweep)", count, kMaxVariants));
  // Cartesian product, first axis slowest.
  std::vector<VariantSpec> variants{{"", nlohmann::json::object(), {}}};
  for (const auto& axis : axes) {
    std::vector<VariantSpec> next;
    for (const auto& v : variants)
      for (const auto& [label, sets] : axis.values) {
        VariantSpec n = v;
        n.id += (n.id.empty() ? "" : "-") + label;
        n.params[axis.name] = label;
        n.sets.insert(n.sets.end(), sets.begin(), sets.end());
        next.push_back(std::move(n));
      }
    variants = std::move(next);
  }
  for (const auto& inc : m.mapping_list("include")) {
    std::vector<std::pair<std::string, std::string>> selectors;
    std::vector<std::pair<std::string, YAML::Node>> sets;
    for (auto it = inc.yaml().begin(); it != inc.yaml().end(); ++it) {
      std::string key = it->first.as<std::string>();
      bool is_axis = std::any_of(axes.begin(), axes.end(), [&](const Axis& a) { return a.name == key; });
      if (is_axis)
        selectors.push_back({key, it->second.Scalar()});
      else
        sets.push_back({key, it->second});
    }
    std::size_t matched = 0;
    for (auto& v : variants) {
      bool all = true;
      for (const auto& [axis, label] : selectors) all = all && v.params[axis] == label;
      if (!all) continue;
      ++matched;
      v.sets.insert(v.sets.end(), sets.begin(), sets.end());
    }
    if (!matched) inc.fail_here("selects no variant (check the axis labels)");
  }
  if (auto b = m.mapping("baseline")) {
    for (auto it = b->yaml().begin(); it != b->yaml().end(); ++it) {
      std::string axis = it->first.as<std::string>(), label = it->second.Scalar();
      auto ax = std::find_if(axes.begin(), axes.end(), [&](const Axis& a) { return a.name == axis; });
      if (ax == axes.end()) b->fail(axis, "not an axis of this matrix");
      if (std::none_of(ax->values.begin(), ax->values.end(), [&](const auto& v) { return v.first == label; }))
        b->fail(axis, fmt::format("'{}' is not a label of axis {}", label, axis));
      spec.baseline[axis] = label;
    }
  }
  spec.variants = std::move(variants);
  return spec;
}

}  // namespace wb
