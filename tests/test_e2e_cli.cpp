// The command line itself: each command takes only its own options, --version, per-command help,
// and the generated bash completion and man pages.
#include <doctest/doctest.h>

#include "e2e_support.hpp"

using namespace wb::e2e;

TEST_CASE("CLI: an option of another command is an error that names it") {
  auto v = wattbench({"validate", "configs/demo.yaml", "--junit", "x.xml"});
  INFO(v.out);
  CHECK(v.exit_code == 2);
  CHECK(v.out.find("validate does not take --junit (an option of check") != std::string::npos);

  auto r = wattbench({"run", "configs/demo.yaml", "--trend"});
  INFO(r.out);
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("run does not take --trend (an option of compare") != std::string::npos);
  CHECK(r.out.find("idle") == std::string::npos);  // refused before anything ran

  auto unknown = wattbench({"report", "somewhere", "--no-such-option"});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.out.find("report: unknown option '--no-such-option'") != std::string::npos);

  auto extra = wattbench({"validate", "configs/demo.yaml", "configs/demo.yaml"});
  CHECK(extra.exit_code == 2);
  CHECK(extra.out.find("unexpected argument 'configs/demo.yaml'") != std::string::npos);

  auto no_value = wattbench({"run", "configs/demo.yaml", "--output"});
  CHECK(no_value.exit_code == 2);
  CHECK(no_value.out.find("--output") != std::string::npos);

  auto bad = wattbench({"frobnicate"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.out.find("unknown command 'frobnicate'") != std::string::npos);

  // Options still go before or after positionals, and --set=value works as before.
  auto set_eq = wattbench({"validate", "--set=repeat=2", "configs/demo.yaml"});
  INFO(set_eq.out);
  CHECK(set_eq.exit_code == 0);
  CHECK(set_eq.out.find("2 run(s)") != std::string::npos);
}

TEST_CASE("CLI: --version and each command's --help") {
  auto v = wattbench({"--version"});
  CHECK(v.exit_code == 0);
  CHECK(v.out == std::string("wattbench ") + WB_VERSION + "\n");

  auto top = wattbench({"--help"});
  CHECK(top.exit_code == 0);
  CHECK(top.out.find("Commands:") != std::string::npos);
  CHECK(wattbench({}).exit_code == 2);

  // Each help keeps its explanation, lists its own options and none of another command's.
  struct Expect {
    const char* cmd;
    const char* has;
    const char* lacks;
  };
  for (auto e : {Expect{"run", "Exit codes: 0 all runs ok", "--trend"}, Expect{"campaign", "DEVICE LOST", "--junit"},
                 Expect{"validate", "file:line:column", "--output"}, Expect{"parse", "Tools: ", "--dry-run"},
                 Expect{"report", "rewrites run.json", "--set"}, Expect{"compare", "Columns: ", "--dry-run"},
                 Expect{"check", "Default tolerances: ", "--trend"}, Expect{"probes", "--hwmon-root", "--output"},
                 Expect{"monitor", "--duration", "--junit"}, Expect{"init", "--sysfs-root", "--set"}}) {
    auto h = wattbench({e.cmd, "--help"});
    INFO(e.cmd);
    INFO(h.out);
    CHECK(h.exit_code == 0);
    CHECK(h.out.find(std::string("Usage: wattbench ") + e.cmd) != std::string::npos);
    CHECK(h.out.find(e.has) != std::string::npos);
    CHECK(h.out.find(e.lacks) == std::string::npos);
  }
  auto run = wattbench({"run", "-h"});
  CHECK(run.out.find("--output DIR") != std::string::npos);
  CHECK(run.out.find("--dry-run") != std::string::npos);
}

TEST_CASE("CLI: generated bash completion and man pages") {
  auto script = fresh_dir("completion");
  fs::create_directories(script);
  auto c = wattbench({"completion", "bash"});
  REQUIRE(c.exit_code == 0);
  std::ofstream(script / "wattbench.bash") << c.out;
  // bash itself completes: the commands after 'wattbench', then only check's options after 'check --'.
  auto complete = [&](const std::string& words) {
    return run_cli("/bin/bash",
                   {"-c", "source " + (script / "wattbench.bash").string() + "; COMP_WORDS=(" + words +
                              "); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); _wattbench; echo \"${COMPREPLY[*]}\""});
  };
  auto cmds = complete("wattbench ''");
  INFO(cmds.out);
  CHECK(cmds.exit_code == 0);
  for (const char* name :
       {"run", "campaign", "validate", "init", "parse", "report", "compare", "check", "probes", "monitor"})
    CHECK(cmds.out.find(name) != std::string::npos);
  auto opts = complete("wattbench check --");
  INFO(opts.out);
  CHECK(opts.out.find("--junit") != std::string::npos);
  CHECK(opts.out.find("--trend") == std::string::npos);
  auto tools = complete("wattbench parse dx");
  CHECK(tools.out.find("dxbenchmark") != std::string::npos);
  // zsh through bashcompinit, where zsh is installed (scripts/deps.sh --with-test-tools).
  auto zsh = wattbench({"completion", "zsh"});
  REQUIRE(zsh.exit_code == 0);
  CHECK(zsh.out.rfind("#compdef wattbench", 0) == 0);
  std::ofstream(script / "_wattbench") << zsh.out;
  if (fs::exists("/usr/bin/zsh")) {
    auto z = run_cli("/usr/bin/zsh",
                     {"-f", "-c",
                      "autoload -U +X compinit && compinit -u -D; source " + (script / "_wattbench").string() +
                          "; setopt ksharrays; COMP_WORDS=(wattbench ''); COMP_CWORD=1; _wattbench; "
                          "echo \"${COMPREPLY[*]}\""});
    INFO(z.out);
    CHECK(z.exit_code == 0);
    CHECK(z.out.find("init") != std::string::npos);
    CHECK(z.out.find("monitor") != std::string::npos);
  } else {
    MESSAGE("zsh not installed: its completion is generated but not run");
  }
  CHECK(wattbench({"completion", "fish"}).exit_code == 2);
  fs::remove_all(script);

  auto man = wattbench({"man", "run"});
  CHECK(man.exit_code == 0);
  CHECK(man.out.rfind(".TH WATTBENCH-RUN 1", 0) == 0);
  CHECK(man.out.find("\\-\\-dry\\-run") == std::string::npos);  // verbatim help text, not re-marked-up
  CHECK(man.out.find("--dry-run") != std::string::npos);
  CHECK(wattbench({"man", "nosuch"}).exit_code == 2);
}
