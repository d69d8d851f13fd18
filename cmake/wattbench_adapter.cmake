# One call per adapter folder, so a tool plug-in names its sources, its fake tool and its
# tests in one place: the sources (under adapters/<name>/) join the core library, the fake
# tool (under sim/tools/) becomes an executable of the `tools` target, the tests (under tests/adapters/<name>/)
# join the unit or the end-to-end test binary.
#   wattbench_adapter(<name> SOURCES ... [FAKE <executable> FAKE_SOURCES ... [FAKE_LIBS ...]]
#                            [TESTS ...] [E2E_TESTS ...])
function(wattbench_adapter name)
  cmake_parse_arguments(A "" "FAKE" "SOURCES;FAKE_SOURCES;FAKE_LIBS;TESTS;E2E_TESTS" ${ARGN})
  list(TRANSFORM A_SOURCES PREPEND ${CMAKE_SOURCE_DIR}/adapters/${name}/)
  target_sources(wattbench_core PRIVATE ${A_SOURCES})
  if(A_FAKE)
    list(TRANSFORM A_FAKE_SOURCES PREPEND ${CMAKE_SOURCE_DIR}/sim/tools/)
    add_executable(${A_FAKE} ${A_FAKE_SOURCES})
    target_link_libraries(${A_FAKE} PRIVATE wattbench_simtool ${A_FAKE_LIBS})
    set_property(GLOBAL APPEND PROPERTY WATTBENCH_FAKE_TOOLS ${A_FAKE})
  endif()
  list(TRANSFORM A_TESTS PREPEND ${CMAKE_SOURCE_DIR}/tests/adapters/${name}/)
  list(TRANSFORM A_E2E_TESTS PREPEND ${CMAKE_SOURCE_DIR}/tests/adapters/${name}/)
  set_property(GLOBAL APPEND PROPERTY WATTBENCH_ADAPTER_TESTS ${A_TESTS})
  set_property(GLOBAL APPEND PROPERTY WATTBENCH_ADAPTER_E2E_TESTS ${A_E2E_TESTS})
endfunction()
