// One CSV cell (RFC 4180 quoting) that a spreadsheet will not run: a cell starting with
// = + - @ or a tab/CR is a formula to Excel and LibreOffice, so it gets a leading quote
// (OWASP's CSV-injection advice). For text cells; numbers are written as they are.
#pragma once
#include <string>

namespace wb {

inline std::string csv_cell(std::string s) {
  if (!s.empty() && std::string("=+-@\t\r").find(s[0]) != std::string::npos) s = "'" + s;
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace wb
