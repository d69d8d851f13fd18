# Install layout and the Debian package (cpack -G DEB). The fake tools go to libexec/wattbench,
# never bin/, so they cannot shadow a real vendor tool on PATH; wattbench finds them there
# relative to its own executable. Man pages and the bash completion are generated at build
# time by the built wattbench from its own help text.
include(GNUInstallDirs)
# cpack and cmake --install package what scripts/build.sh built; they do not rebuild everything.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

set(WATTBENCH_COMMANDS run campaign validate init parse report compare check probes monitor)
list(JOIN WATTBENCH_COMMANDS " " commands_words)
set(gen ${CMAKE_BINARY_DIR}/share)
set(man_pages ${gen}/man/man1/wattbench.1)
foreach(c ${WATTBENCH_COMMANDS})
  list(APPEND man_pages ${gen}/man/man1/wattbench-${c}.1)
endforeach()
add_custom_command(OUTPUT ${man_pages} ${gen}/bash-completion/wattbench ${gen}/zsh-completion/_wattbench
  COMMAND ${CMAKE_COMMAND} -E make_directory ${gen}/man/man1 ${gen}/bash-completion ${gen}/zsh-completion
  COMMAND sh -c "$<TARGET_FILE:wattbench> man > ${gen}/man/man1/wattbench.1"
  COMMAND sh -c "for c in ${commands_words}; do $<TARGET_FILE:wattbench> man $c > ${gen}/man/man1/wattbench-$c.1 || exit 1; done"
  COMMAND sh -c "$<TARGET_FILE:wattbench> completion bash > ${gen}/bash-completion/wattbench"
  COMMAND sh -c "$<TARGET_FILE:wattbench> completion zsh > ${gen}/zsh-completion/_wattbench"
  DEPENDS wattbench
  COMMENT "man pages and bash completion from wattbench's help"
  VERBATIM)
add_custom_target(wattbench_docs ALL DEPENDS ${man_pages} ${gen}/bash-completion/wattbench ${gen}/zsh-completion/_wattbench)

get_property(fake_tools GLOBAL PROPERTY WATTBENCH_FAKE_TOOLS)
list(REMOVE_ITEM fake_tools wattbench_fake_nvml)
install(TARGETS wattbench RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS sim-dxrt-cli sim-health-check sim-ptd ${fake_tools}
        RUNTIME DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/wattbench)
install(TARGETS wattbench_fake_nvml LIBRARY DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/wattbench/fake-nvml)
# wattbench-infer beside the tools wattbench finds, its runtimes in oaax/ beside it (a bare runtime
# name resolves there); the test and bench runtimes stay in the build tree.
install(TARGETS wattbench-infer RUNTIME DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/wattbench)
install(TARGETS wattbench_oaax_opencv_cpu wattbench_sim_oaax_deepx wattbench_sim_oaax_hailo
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/wattbench/oaax)
# The configs with the model stubs and catalogs they name, so relative paths still resolve.
install(DIRECTORY configs/ DESTINATION ${CMAKE_INSTALL_DATADIR}/wattbench/configs PATTERN udev EXCLUDE)
install(FILES configs/udev/99-wattbench-ftdi.rules configs/udev/99-wattbench-powercap.rules
        DESTINATION lib/udev/rules.d)
install(FILES ${man_pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${gen}/bash-completion/wattbench DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES ${gen}/zsh-completion/_wattbench DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME wattbench)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "wattbench")
set(CPACK_PACKAGE_CONTACT "wattbench maintainers <wattbench@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "FPS/W of edge-AI accelerators: runs a vendor benchmark tool while sampling power probes")
set(CPACK_PACKAGE_DESCRIPTION "wattbench runs an accelerator vendor's benchmark tool (dxbenchmark, hailortcli,
trtexec, benchmark_app, ...) while sampling power probes (INA228/INA226/INA260 over FT232H,
hwmon, RAPL, NVML, SPEC PTDaemon) and reports throughput, power and FPS/W with their
uncertainty. Simulated tools in /usr/libexec/wattbench run the shipped demo config anywhere.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
# Library dependencies from the binaries themselves (dpkg-shlibdeps), so they match the build.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "udev")
# Stripped binaries in the package, their debug symbols in wattbench-dbgsym (.ddeb), as Debian
# does: CPackDeb splits the symbols off unstripped files itself (objcopy --only-keep-debug, then
# --strip-unneeded), so CPACK_STRIP_FILES must stay off or there is nothing left to split.
set(CPACK_DEBIAN_DEBUGINFO_PACKAGE ON)
include(CPack)
