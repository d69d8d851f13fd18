// The one exception type for bad configuration: carries file:line:column.
#pragma once
#include <stdexcept>
#include <string>

namespace wb {

class ConfigError : public std::runtime_error {
 public:
  ConfigError(const std::string& file, int line, int column, const std::string& what, std::string key_path = "")
      : std::runtime_error(line > 0 ? file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + what
                                    : file + ": " + what),
        m_detail(what),
        m_key_path(std::move(key_path)),
        m_line(line),
        m_column(column) {}

  const std::string& detail() const { return m_detail; }  // the message without its location
  const std::string& key_path() const {
    return m_key_path;
  }  // the config key at fault, e.g. probes[0].rate_hz; may be empty
  int line() const { return m_line; }
  int column() const { return m_column; }

 private:
  std::string m_detail, m_key_path;
  int m_line, m_column;
};

}  // namespace wb
