# Embeds Debian's dygraphs (libjs-dygraphs) into the binary at configure time, so every
# report.html inlines the same library and works offline, and the installed wattbench needs
# no JavaScript package at run time. Defines WB_DYGRAPHS_SOURCE (the generated .cpp).
find_file(WB_DYGRAPHS_JS dygraph.min.js PATHS /usr/share/javascript/dygraphs NO_DEFAULT_PATH)
find_file(WB_DYGRAPHS_CSS dygraph.min.css PATHS /usr/share/javascript/dygraphs NO_DEFAULT_PATH)
if(NOT WB_DYGRAPHS_JS OR NOT WB_DYGRAPHS_CSS)
  message(FATAL_ERROR "dygraphs not found in /usr/share/javascript/dygraphs: install libjs-dygraphs (scripts/deps.sh)")
endif()
file(READ ${WB_DYGRAPHS_JS} WB_DYGRAPHS_JS_TEXT)
file(READ ${WB_DYGRAPHS_CSS} WB_DYGRAPHS_CSS_TEXT)
# The source-map comments would make a browser's dev tools look for files next to the report.
string(REGEX REPLACE "//# sourceMappingURL=[^\n]*" "" WB_DYGRAPHS_JS_TEXT "${WB_DYGRAPHS_JS_TEXT}")
string(REGEX REPLACE "/\\*# sourceMappingURL=[^*]*\\*/" "" WB_DYGRAPHS_CSS_TEXT "${WB_DYGRAPHS_CSS_TEXT}")
foreach(text WB_DYGRAPHS_JS_TEXT WB_DYGRAPHS_CSS_TEXT)
  # The raw string's delimiter, and an inline <script>/<style> end tag, must not occur in it.
  string(FIND "${${text}}" ")wbdy\"" delim)
  string(TOLOWER "${${text}}" lower)
  string(FIND "${lower}" "</script" end_script)
  string(FIND "${lower}" "</style" end_style)
  if(NOT delim EQUAL -1 OR NOT end_script EQUAL -1 OR NOT end_style EQUAL -1)
    message(FATAL_ERROR "${text}: cannot be inlined as it is (raw-string delimiter or an end tag inside)")
  endif()
endforeach()
set(WB_DYGRAPHS_SOURCE ${CMAKE_BINARY_DIR}/generated/dygraphs_embed.cpp)
configure_file(${CMAKE_SOURCE_DIR}/cmake/dygraphs_embed.cpp.in ${WB_DYGRAPHS_SOURCE} @ONLY)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${WB_DYGRAPHS_JS} ${WB_DYGRAPHS_CSS})
# 130 kB is past the 64 kB string length ISO C++ guarantees; g++ has no such limit.
set_source_files_properties(${WB_DYGRAPHS_SOURCE} PROPERTIES COMPILE_OPTIONS -Wno-overlength-strings)
