// The one exception type for bad configuration: carries file:line:column.
#pragma once
#include <stdexcept>
#include <string>

namespace wb {

class ConfigError : public std::runtime_error {
 public:
  ConfigError(const std::string& file, int line, int column, const std::string& what)
      : std::runtime_error(line > 0 ? file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + what
                                    : file + ": " + what) {}
};

}  // namespace wb
