// Sweep wording and order.
#include "harness/report/sweep_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace wb {

namespace {
std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}
// Three significant digits: 11.7, 1.15, 123.
std::string sig3(double v) {
  int digits = std::max(0, 2 - static_cast<int>(std::floor(std::log10(std::abs(v)))));
  return fmt::format("{:.{}f}", v, digits);
}
std::string text_of(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }
}  // namespace

std::string ratio_text(const std::string& key, double r) {
  if (!(r > 0) || !std::isfinite(r)) return "—";
  bool efficiency = key.rfind("efficiency_vs_", 0) == 0;
  if (std::abs(r - 1) < 0.005) return "same";
  if (r > 1) return sig3(r) + (efficiency ? "× more efficient" : "× faster");
  return sig3(1 / r) + (efficiency ? "× less efficient" : "× slower");
}

std::string derived_header(const std::string& key) {
  auto eq = key.find('=');
  std::string base = eq == std::string::npos ? key : key.substr(eq + 1);
  if (key.rfind("speedup_vs_", 0) == 0) return "Speed vs " + base;
  if (key.rfind("efficiency_vs_", 0) == 0) return "FPS/W vs " + base;
  return key;
}

std::vector<std::string> axes_in_matrix_order(const nlohmann::json& params, const std::string& variant_id) {
  std::vector<std::string> tokens;
  for (std::size_t start = 0;;) {
    auto dash = variant_id.find('-', start);
    tokens.push_back(variant_id.substr(start, dash == std::string::npos ? std::string::npos : dash - start));
    if (dash == std::string::npos) break;
    start = dash + 1;
  }
  std::vector<std::pair<std::size_t, std::string>> ranked;
  if (params.is_object())
    for (auto it = params.begin(); it != params.end(); ++it) {
      auto pos =
          static_cast<std::size_t>(std::find(tokens.begin(), tokens.end(), text_of(it.value())) - tokens.begin());
      ranked.emplace_back(pos, it.key());
    }
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> axes;
  for (const auto& [pos, key] : ranked) axes.push_back(key);
  return axes;
}

bool params_before(const nlohmann::json& a, const nlohmann::json& b, const std::vector<std::string>& axes) {
  for (const auto& axis : axes) {
    std::string x = a.contains(axis) ? text_of(a[axis]) : "", y = b.contains(axis) ? text_of(b[axis]) : "";
    if (x == y) continue;
    char* ex = nullptr;
    char* ey = nullptr;
    double nx = std::strtod(x.c_str(), &ex), ny = std::strtod(y.c_str(), &ey);
    if (!x.empty() && !y.empty() && *ex == '\0' && *ey == '\0') return nx < ny;
    return x < y;
  }
  return false;
}

bool runs_on_cpu(const nlohmann::json& params, const nlohmann::json& work_args) {
  if (params.is_object())
    for (auto it = params.begin(); it != params.end(); ++it)
      if (it.value().is_string() && lower(it.value().get<std::string>()) == "cpu") return true;
  if (work_args.is_object() && work_args.contains("delegate") && work_args["delegate"].is_string()) {
    auto d = lower(work_args["delegate"].get<std::string>());
    return d == "cpu" || d == "xnnpack" || d == "none";
  }
  return false;
}

}  // namespace wb
