// The dygraphs library (Debian's libjs-dygraphs), embedded at build time for inlining into
// report.html; see cmake/wattbench_dygraphs.cmake.
#pragma once

namespace wb::dygraphs {
extern const char* const kLibraryJs;
extern const char* const kLibraryCss;
}  // namespace wb::dygraphs
