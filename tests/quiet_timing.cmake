# Included by ctest after the discovered end-to-end cases (TEST_INCLUDE_FILES): the paced ones
# judge a 2 s window to 1 % of the truth, and a loaded machine delays the tool's lines by tens of
# milliseconds (one failed so beside the CPU-heavy unit entry), so they run alone.
foreach(name IN LISTS wattbench_e2e_tests_TESTS)
  if(name MATCHES "paces the|target_fps")
    set_tests_properties("${name}" PROPERTIES RUN_SERIAL TRUE)
  endif()
endforeach()
