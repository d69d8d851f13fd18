// Setting, reading back, restoring and refusing a link's ASPM state on a temporary sysfs tree;
// the writer stands in for the kernel (a plain file write cannot reprogram a register).
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <map>
#include <utility>

#include "file_text.hpp"
#include "harness/pci/aspm_setting.hpp"

namespace fs = std::filesystem;

namespace {
const std::string kBdf = "0000:03:00.0";

using wb::test::slurp;

void put(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
}

// A tree with the card's config space (PCIe capability at 0x60, Link Control at 0x70), its
// link/ switches for `files` and the global policy.
struct Tree {
  fs::path root;
  fs::path dev() const { return root / "sys/bus/pci/devices" / kBdf; }
  fs::path policy() const { return root / "sys/module/pcie_aspm/parameters/policy"; }
  unsigned bits() const { return static_cast<unsigned char>(slurp(dev() / "config")[0x70]) & 3u; }
  void set_bits(unsigned b) const {
    auto c = slurp(dev() / "config");
    c[0x70] = static_cast<char>(b);
    put(dev() / "config", c);
  }
  Tree(const std::string& name, unsigned initial, std::vector<std::string> files)
      : root(fs::temp_directory_path() / name) {
    fs::remove_all(root);
    std::string c(256, '\0');
    c[0] = 0x60;
    c[1] = 0x1e;
    c[6] = 0x10;
    c[0x34] = 0x60;
    c[0x60] = 0x10;
    c[0x62] = 0x02;
    put(dev() / "config", c);
    set_bits(initial);
    for (const auto& f : files)
      put(dev() / "link" / f, (f == "l0s_aspm" ? (initial & 1u) : (initial & 2u)) ? "1\n" : "0\n");
    put(policy(), "[default] performance powersave powersupersave\n");
  }
  ~Tree() { fs::remove_all(root); }
};

// The kernel's side for the tree: a link/ write updates the switch and Link Control; a policy
// write updates the bracket and (performance: off, powersave: both states) the register.
struct Kernel {
  Kernel(const Tree& tree, std::map<std::string, int> refused = {}) : t(tree), refuse(std::move(refused)) {}
  const Tree& t;
  std::map<std::string, int> refuse;  // file name -> errno
  std::vector<std::string> writes;    // "name=value"
  bool program_register = true;
  int operator()(const fs::path& f, const std::string& text) {
    writes.push_back(f.filename().string() + "=" + text);
    if (auto it = refuse.find(f.filename().string()); it != refuse.end()) return it->second;
    if (f == t.policy()) {
      std::string line;
      for (std::string w : {"default", "performance", "powersave", "powersupersave"})
        line += (line.empty() ? "" : " ") + (w == text ? "[" + w + "]" : w);
      put(f, line + "\n");
      if (program_register && text != "default") t.set_bits(text == "performance" ? 0u : 3u);
      return 0;
    }
    put(f, text + "\n");
    unsigned bit = f.filename() == "l0s_aspm" ? 1u : 2u;
    if (program_register) t.set_bits(text == "1" ? (t.bits() | bit) : (t.bits() & ~bit));
    return 0;
  }
};
wb::SysfsWrite as_writer(Kernel& k) {
  return [&k](const fs::path& f, const std::string& text) { return k(f, text); };
}
}  // namespace

TEST_CASE("aspm setting: per-device switches set the state, the register is read back, the old state comes back") {
  for (auto [request, expect] : {std::pair<const char*, unsigned>{"l1", 2u}, {"off", 0u}, {"l0s-l1", 3u}}) {
    CAPTURE(request);
    Tree t("wattbench-aspm-per-device", 3, {"l0s_aspm", "l1_aspm"});
    if (std::string(request) == "l0s-l1") {
      t.set_bits(0);
      put(t.dev() / "link/l0s_aspm", "0\n");
      put(t.dev() / "link/l1_aspm", "0\n");
    }
    unsigned found = t.bits();
    Kernel k{t};
    {
      wb::AspmSetting s(t.root, kBdf, request, as_writer(k));
      CHECK(t.bits() == expect);
      CHECK(s.record().requested == request);
      CHECK(s.record().state == wb::aspm_state_name(expect));
      CHECK(s.record().before == wb::aspm_state_name(found));
      CHECK(s.record().method.find("link/l1_aspm=") != std::string::npos);
      auto j = wb::to_json(s.record());
      CHECK(j["state"] == wb::aspm_state_name(expect));
      CHECK(j["restore_error"].is_null());
    }  // the destructor restores
    CHECK(t.bits() == found);
    CHECK(slurp(t.dev() / "link/l1_aspm") == ((found & 2u) ? "1\n" : "0\n"));
    CHECK(slurp(t.policy()).find("[default]") != std::string::npos);  // the global policy untouched
  }
}

TEST_CASE("aspm setting: the global policy where the kernel has no per-device switches, put back after") {
  Tree t("wattbench-aspm-policy", 2, {});
  Kernel k{t};
  wb::AspmSetting s(t.root, kBdf, "off", as_writer(k));
  CHECK(s.record().method == "policy performance");
  CHECK(s.record().state == "off");
  CHECK(slurp(t.policy()).find("[performance]") != std::string::npos);
  CHECK(s.restore().empty());
  CHECK(slurp(t.policy()).find("[default]") != std::string::npos);
  CHECK(k.writes.back() == "policy=default");
  CHECK(s.restore().empty());  // once
  CHECK(k.writes.size() == 2);
}

TEST_CASE(
    "aspm setting: refused writes, states the link lacks and a register that did not follow are refused with the "
    "reason") {
  SUBCASE("the kernel refuses the policy (ASPM disabled, firmware kept control): EPERM, file named, nothing changed") {
    Tree t("wattbench-aspm-deny", 2, {});
    Kernel k{t, {{"policy", EPERM}}};
    try {
      wb::AspmSetting s(t.root, kBdf, "off", as_writer(k));
      FAIL("not refused");
    } catch (const wb::AspmError& e) {
      std::string why = e.what();
      CHECK(why.find(t.policy().string()) != std::string::npos);
      CHECK(why.find("EPERM") != std::string::npos);
      CHECK(why.find("BIOS") != std::string::npos);
      CHECK(why.find("off") != std::string::npos);
    }
    CHECK(t.bits() == 2u);
    CHECK(k.writes.size() == 1);  // nothing to put back
  }
  SUBCASE("the second switch refused (not root): the first one is put back") {
    Tree t("wattbench-aspm-partial", 3, {"l0s_aspm", "l1_aspm"});
    Kernel k{t, {{"l1_aspm", EACCES}}};
    CHECK_THROWS_WITH_AS(wb::AspmSetting(t.root, kBdf, "off", as_writer(k)), doctest::Contains("needs root"),
                         wb::AspmError);
    CHECK(slurp(t.dev() / "link/l0s_aspm") == "1\n");
    CHECK(t.bits() == 3u);
    CHECK(k.writes.back() == "l0s_aspm=1");
  }
  SUBCASE("L0s asked of a link without it: the absent switch named") {
    Tree t("wattbench-aspm-nol0s", 2, {"l1_aspm"});
    Kernel k{t};
    CHECK_THROWS_WITH_AS(wb::AspmSetting(t.root, kBdf, "l0s-l1", as_writer(k)), doctest::Contains("l0s_aspm is absent"),
                         wb::AspmError);
    CHECK(k.writes.empty());
  }
  SUBCASE("writes accepted but the register unchanged: refused and put back") {
    Tree t("wattbench-aspm-stuck", 2, {"l0s_aspm", "l1_aspm"});
    Kernel k{t};
    k.program_register = false;
    CHECK_THROWS_WITH_AS(wb::AspmSetting(t.root, kBdf, "off", as_writer(k)),
                         doctest::Contains("link control register reads l1"), wb::AspmError);
    CHECK(slurp(t.dev() / "link/l1_aspm") == "1\n");
  }
  SUBCASE("no such device") {
    Tree t("wattbench-aspm-nodev", 2, {});
    CHECK_THROWS_WITH_AS(wb::AspmSetting(t.root, "0000:09:00.0", "l1"), doctest::Contains("no PCI device 0000:09:00.0"),
                         wb::AspmError);
    // default asks nothing of the link: a missing device leaves the state unknown, the run goes on.
    wb::AspmSetting d(t.root, "0000:09:00.0", "default");
    CHECK(d.record().state.empty());
    CHECK(d.record().readback_error.find("no PCI device") != std::string::npos);
  }
}

TEST_CASE("aspm setting: default changes nothing and reads back; an unreadable register is unknown, not a state") {
  Tree t("wattbench-aspm-default", 3, {"l0s_aspm", "l1_aspm"});
  Kernel k{t};
  {
    wb::AspmSetting s(t.root, kBdf, "default", as_writer(k));
    CHECK(s.record().method == "unchanged");
    CHECK(s.record().state == "l0s-l1");
  }
  CHECK(k.writes.empty());
  // What a non-root reader gets: the 64-byte header.
  put(t.dev() / "config", slurp(t.dev() / "config").substr(0, 64));
  wb::AspmSetting s(t.root, kBdf, "default", as_writer(k));
  CHECK(s.record().state.empty());
  CHECK(s.record().readback_error.find("needs root") != std::string::npos);
  CHECK(wb::to_json(s.record())["state"].is_null());
}

TEST_CASE("aspm setting: the real writer reports errno and never blocks on a FIFO") {
  auto dir = fs::temp_directory_path() / "wattbench-aspm-writer";
  fs::remove_all(dir);
  fs::create_directories(dir);
  put(dir / "attr", "0\n");
  CHECK(wb::write_sysfs_file(dir / "attr", "1") == 0);
  CHECK(slurp(dir / "attr") == "1");
  CHECK(wb::write_sysfs_file(dir / "missing", "1") == ENOENT);
  REQUIRE(::mkfifo((dir / "fifo").c_str(), 0600) == 0);
  CHECK(wb::write_sysfs_file(dir / "fifo", "1") != 0);
  fs::create_symlink(dir / "attr", dir / "link");
  CHECK(wb::write_sysfs_file(dir / "link", "0") == ELOOP);
  fs::remove_all(dir);
}
