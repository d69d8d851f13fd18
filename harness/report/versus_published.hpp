// Measured against published, the one rule for the headline, compare and the campaign tables:
// a ratio only where both figures are there, and for efficiency only at the same power scope
// (a module's FPS/W is no board's).
#pragma once
#include <optional>
#include <string>

namespace wb {

struct VersusPublished {
  std::optional<double> ratio;  // measured ÷ published, where both are there and comparable
  bool other_scope = false;     // both are there, but published at another scope: no ratio
};

// A figure with no scope (FPS).
VersusPublished versus_published(std::optional<double> measured, std::optional<double> published);
// A figure of a power scope (FPS/W): comparable only when the scopes are the same.
VersusPublished versus_published(std::optional<double> measured, std::optional<double> published,
                                 const std::string& measured_scope, const std::string& published_scope);

}  // namespace wb
