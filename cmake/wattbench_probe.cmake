# One call per probe folder, so a plug-in names its sources, its simulator and its tests in one
# place: the sources (under probes/<name>/) join the core library, the simulator's (under
# sim/<name>/) the simulated bench (wattbench_sim, which the core never links), the tests
# (under tests/probes/<name>/) the unit or the end-to-end test binary.
function(wattbench_probe name)
  cmake_parse_arguments(P "" "" "SOURCES;SIM_SOURCES;TESTS;E2E_TESTS" ${ARGN})
  list(TRANSFORM P_SOURCES PREPEND ${CMAKE_SOURCE_DIR}/probes/${name}/)
  target_sources(wattbench_core PRIVATE ${P_SOURCES})
  list(TRANSFORM P_SIM_SOURCES PREPEND ${CMAKE_SOURCE_DIR}/sim/${name}/)
  set_property(GLOBAL APPEND PROPERTY WATTBENCH_SIM_SOURCES ${P_SIM_SOURCES})
  list(TRANSFORM P_TESTS PREPEND ${CMAKE_SOURCE_DIR}/tests/probes/${name}/)
  list(TRANSFORM P_E2E_TESTS PREPEND ${CMAKE_SOURCE_DIR}/tests/probes/${name}/)
  set_property(GLOBAL APPEND PROPERTY WATTBENCH_PROBE_TESTS ${P_TESTS})
  set_property(GLOBAL APPEND PROPERTY WATTBENCH_PROBE_E2E_TESTS ${P_E2E_TESTS})
endfunction()
