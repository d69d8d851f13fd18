// Measured ÷ published.
#include "harness/report/versus_published.hpp"

namespace wb {

VersusPublished versus_published(std::optional<double> measured, std::optional<double> published) {
  VersusPublished v;
  if (measured && published && *published != 0) v.ratio = *measured / *published;
  return v;
}

VersusPublished versus_published(std::optional<double> measured, std::optional<double> published,
                                 const std::string& measured_scope, const std::string& published_scope) {
  if (!measured || !published) return {};
  if (measured_scope != published_scope) return {std::nullopt, true};
  return versus_published(measured, published);
}

}  // namespace wb
