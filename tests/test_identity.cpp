// Result identity: labels never empty, like-for-like comparison, JSON round trip; and the
// pieces that keep a results folder the record: safe names, content hashes, bounded YAML
// reads, progress.json.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "harness/config/config_error.hpp"
#include "harness/config/yaml_file.hpp"
#include "harness/identity/identity.hpp"
#include "harness/run/progress.hpp"
#include "harness/util/content_hash.hpp"
#include "harness/util/read_text.hpp"
#include "harness/util/safe_name.hpp"

using namespace wb;
namespace fs = std::filesystem;

namespace {
ResultIdentity hailo() {
  ResultIdentity id;
  id.card = {"hailo8", "Hailo", "Hailo-8", "M.2 2242 B+M", "0000:03:00.0", ""};
  id.model = {"resnet50", "resnet_v1_50.hef", std::string(64, 'a')};
  id.tool.name = "hailortcli";
  id.tool.version = "hailort 4.23.0";
  id.tool.work_args = {{"mode", "benchmark"}};
  id.scope = "m2-rail";
  id.probes = {"m2_3v3: ina228, M.2 3.3 V (m2-rail)"};
  id.host = {"AMD Ryzen 7 7840HS", "6.1.0-28-amd64", "Debian GNU/Linux 12 (bookworm)"};
  id.wattbench_version = "0.1.0";
  return id;
}
fs::path scratch(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("wb-identity-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}
}  // namespace

TEST_CASE("identity: labels name the card and model, never empty") {
  auto id = hailo();
  CHECK(card_label(id) == "Hailo Hailo-8 (M.2 2242 B+M)");
  CHECK(identity_label(id) == "Hailo Hailo-8 (M.2 2242 B+M) · resnet50 · hailortcli");
  id.card.product = "MemryX MX3";  // the vendor already leads the product name
  id.card.vendor = "MemryX";
  id.card.form_factor.clear();
  CHECK(card_label(id) == "MemryX MX3");
  ResultIdentity empty;
  CHECK(card_label(empty) == "unnamed card");
  CHECK(identity_label(empty) == "unnamed card · unnamed model");
  empty.card.id = "m1-a";
  CHECK(card_label(empty) == "m1-a");
}

TEST_CASE("identity: another card, model, hash, tool argument or scope is other work; host and versions only warn") {
  auto a = hailo(), b = hailo();
  CHECK(compare_identities(a, b).same_work());
  CHECK(compare_identities(a, b).warnings.empty());
  CHECK(identity_key(a) == identity_key(b));
  b.host.kernel = "6.12.0";
  b.tool.version = "hailort 4.20.0";
  auto d = compare_identities(a, b);
  CHECK(d.same_work());
  REQUIRE(d.warnings.size() == 2);
  CHECK(d.warnings[0] == "tool.version: hailort 4.23.0 vs hailort 4.20.0");
  CHECK(d.warnings[1] == "host.kernel: 6.1.0-28-amd64 vs 6.12.0");
  for (auto change : std::vector<void (*)(ResultIdentity&)>{
           [](ResultIdentity& x) { x.card.product = "M1"; }, [](ResultIdentity& x) { x.card.vendor = "DeepX"; },
           [](ResultIdentity& x) { x.model.id = "yolov8s"; },
           [](ResultIdentity& x) { x.model.sha256 = std::string(64, 'b'); },
           [](ResultIdentity& x) { x.tool.name = "dxbenchmark"; },
           [](ResultIdentity& x) { x.tool.work_args["batch_size"] = "8"; },
           [](ResultIdentity& x) { x.scope = "board"; }}) {
    auto c = hailo();
    change(c);
    CHECK_FALSE(compare_identities(c, a).same_work());
    CHECK(identity_key(c) != identity_key(a));
  }
  auto m = hailo();
  m.card.product = "M1";
  CHECK(compare_identities(m, a).mismatches.front() == "card.product: M1 vs Hailo-8");
  // Unknown on one side is not a mismatch (an older summary), but a hash known once is a warning.
  auto older = hailo();
  older.model.sha256.clear();
  older.host = {};
  auto o = compare_identities(older, a);
  CHECK(o.same_work());
  CHECK(o.warnings.size() == 1);
}

TEST_CASE("identity: JSON round trip, tolerant of missing and mistyped fields") {
  auto id = hailo();
  auto back = identity_from_json(to_json(id));
  CHECK(to_json(back) == to_json(id));
  auto partial = identity_from_json({{"card", {{"product", 3}}}, {"model", "resnet50"}, {"probes", {1, "x"}}});
  CHECK(partial.card.product.empty());
  CHECK(partial.model.id.empty());
  CHECK(partial.probes == std::vector<std::string>{"x"});
  CHECK(identity_from_json(nullptr).tool.name.empty());
}

TEST_CASE("safe names: a name from a file is one path component or refused") {
  for (const char* ok : {"resnet50", "yolov8s", "mobilenet_v2-1.0", "hailo8.resnet50", "A-b_c.9"})
    CHECK(unsafe_name_reason(ok).empty());
  for (const char* bad : {"", ".", "..", "../victim/m1", "a/b", ".hidden", "a b", "a\\b", "m1\n", "x\x1b[2J"})
    CHECK_FALSE(unsafe_name_reason(bad).empty());
  CHECK_FALSE(unsafe_name_reason(std::string(kMaxNameChars + 1, 'a')).empty());
  CHECK(unsafe_name_reason(std::string(kMaxNameChars, 'a')).empty());
}

TEST_CASE("content hash: files and folders by content, special files refused") {
  auto d = scratch("hash");
  std::ofstream(d / "a.hef") << "abc";
  CHECK(content_sha256(d / "a.hef") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");  // SHA-256("abc"), FIPS 180-2
  fs::create_directories(d / "dir" / "sub");
  std::ofstream(d / "dir" / "x.dxnn") << "model";
  std::ofstream(d / "dir" / "sub" / "y.json") << "{}";
  auto folder = content_sha256(d / "dir");
  REQUIRE(folder);
  CHECK(folder->size() == 64);
  std::ofstream(d / "dir" / "sub" / "y.json") << "{ }";
  CHECK(content_sha256(d / "dir") != folder);
  CHECK_FALSE(content_sha256(d / "missing"));
  REQUIRE(::mkfifo((d / "fifo").c_str(), 0600) == 0);
  CHECK_FALSE(content_sha256(d / "fifo"));  // returns at once: opened without waiting for a writer
  CHECK_FALSE(content_sha256("/dev/zero"));
  fs::remove_all(d);
}

TEST_CASE("YAML files: regular files only, bounded, guarded") {
  auto d = scratch("yaml");
  REQUIRE(::mkfifo((d / "fifo.yaml").c_str(), 0600) == 0);
  CHECK_THROWS_WITH_AS(load_yaml_file(d / "fifo.yaml", "campaign file"), doctest::Contains("not a regular file"),
                       ConfigError);
  CHECK_THROWS_WITH_AS(load_yaml_file("/dev/zero", "model catalog"), doctest::Contains("not a regular file"),
                       ConfigError);
  {
    std::ofstream big(d / "big.yaml");
    big << std::string(kMaxConfigBytes + 1, '#');
  }
  CHECK_THROWS_WITH_AS(load_yaml_file(d / "big.yaml", "campaign file"), doctest::Contains("read limit"), ConfigError);
  std::ofstream(d / "dup.yaml") << "models:\n  a: 1\n  a: 2\n";
  CHECK_THROWS_WITH_AS(load_yaml_file(d / "dup.yaml", "model catalog"),
                       doctest::Contains("dup.yaml:3:3: duplicate key 'a'"), ConfigError);
  CHECK_THROWS_WITH_AS(load_yaml_file(d / "none.yaml", "model catalog"),
                       doctest::Contains("cannot open the model catalog"), ConfigError);
  fs::remove_all(d);
}

TEST_CASE("progress.json: round trip, the invocation of each run, damaged files named") {
  auto d = scratch("progress");
  CHECK_FALSE(read_progress(d));
  Progress p;
  p.planned_runs = 4;
  p.invocations = {{1, "2026-12-07T01:00:00+0000", "", false, {"a.x/run-1", "b.x/run-1"}},
                   {2, "2026-12-07T09:00:00+0000", "", true, {"a.x/run-2"}}};
  write_progress(d, p);
  auto back = read_progress(d);
  REQUIRE(back);
  CHECK(to_json(*back) == to_json(p));
  CHECK(back->invocation_of("b.x/run-1") == 1);
  CHECK(back->invocation_of("a.x/run-2") == 2);
  CHECK(back->invocation_of("b.x/run-2") == 0);
  std::ofstream(d / kProgressFile) << "{\"schema\": \"wattbench.progress/1\", \"finished\": 3}";
  CHECK_THROWS_WITH(read_progress(d), doctest::Contains("progress.json"));
  fs::remove_all(d);
}
