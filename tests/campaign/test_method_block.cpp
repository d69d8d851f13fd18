// The method block: what was recorded, per card in the campaign's order, "not recorded" where
// nothing was, the achieved rate and the repeats as they happened.
#include <doctest/doctest.h>

#include <sstream>

#include "harness/campaign/method_block.hpp"

using namespace wb;

namespace {
VariantRecord variant(const std::string& card, const std::string& vendor, const std::string& product,
                      const std::string& tool, const std::string& version, const std::string& driver,
                      std::size_t ok_runs, double rate) {
  VariantRecord v;
  v.id = "m." + card;
  v.params = {{"card", card}, {"model", "m"}};
  v.identity.card = {card, vendor, product, "M.2 2280", "", ""};
  v.identity.tool = {tool, version, nlohmann::json::object()};
  v.identity.driver = driver;
  v.identity.scope = "m2-rail";
  v.identity.probes = {"p: ina228, M.2 3.3 V"};
  v.identity.host = {"Test CPU 9000", "6.1.0-test", "Debian GNU/Linux 12"};
  v.identity.wattbench_version = "9.9.9";
  for (std::size_t i = 0; i < ok_runs; ++i) {
    RunRecord r;
    r.sample_rate_hz = rate + static_cast<double>(i);
    r.window_source = "markers";
    v.runs.push_back(r);
  }
  return v;
}

std::string text_of(const std::vector<MethodItem>& items, const std::string& label) {
  for (const auto& i : items)
    if (i.label == label) return i.text;
  FAIL("no method item " << label);
  return "";
}

nlohmann::json meta_of(const std::vector<std::string>& cards, const std::string& order, double pause) {
  nlohmann::json m = {{"plan", {{"order", order}, {"pause_s", pause}}}, {"cards", nlohmann::json::array()}};
  for (const auto& c : cards) m["cards"].push_back({{"name", c}, {"tool", "t-" + c}});
  return m;
}
}  // namespace

TEST_CASE("method block: date, host, versions per card as recorded, rate, repeats, order and pause") {
  Summary s;
  s.created = "2026-12-07T10:00:00+0000";
  s.variants = {variant("a", "Hailo", "Hailo-8", "hailortcli", "4.20.0", "hailo_pci 4.20.0", 3, 500),
                variant("b", "DEEPX", "DX-M1", "dxbenchmark", "", "", 2, 990)};
  auto items = method_block(s, meta_of({"b", "a", "c"}, "interleaved", 2.5));
  CHECK(text_of(items, "Date") == s.created);
  CHECK(text_of(items, "Host").find("Test CPU 9000") != std::string::npos);
  CHECK(text_of(items, "Host").find("6.1.0-test") != std::string::npos);
  CHECK(text_of(items, "wattbench") == "9.9.9");
  // per card, in the campaign's order, by product name
  std::size_t b = 0, a = 0, c = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].label == "DEEPX DX-M1 (M.2 2280)") b = i;
    if (items[i].label == "Hailo Hailo-8 (M.2 2280)") a = i;
    if (items[i].label == "c") c = i;
  }
  REQUIRE(b > 0);
  CHECK(a == b + 1);
  CHECK(c == a + 1);
  CHECK(text_of(items, "Hailo Hailo-8 (M.2 2280)").find("hailortcli 4.20.0; driver hailo_pci 4.20.0") !=
        std::string::npos);
  CHECK(text_of(items, "DEEPX DX-M1 (M.2 2280)").find("dxbenchmark (version not recorded); driver not recorded") !=
        std::string::npos);
  CHECK(text_of(items, "c").find("t-c (not run)") != std::string::npos);
  CHECK(text_of(items, "Sample rate").find("500 to 991 samples/s") != std::string::npos);
  CHECK(text_of(items, "Window").find("markers (5 runs)") != std::string::npos);
  CHECK(text_of(items, "Repeats").find("2 to 3 runs per pair; ± is the 95 % interval") != std::string::npos);
  CHECK(text_of(items, "Order and pause").find("interleaved") == 0);
  CHECK(text_of(items, "Order and pause").find("2.5 s pause") != std::string::npos);

  s.variants = {variant("a", "Hailo", "Hailo-8", "hailortcli", "", "", 1, 500)};
  items = method_block(s, meta_of({"a"}, "sequential", 0));
  CHECK(text_of(items, "Repeats").find("one run per pair: no interval") != std::string::npos);
}

TEST_CASE("method block: names from files stay text in Markdown and HTML") {
  Summary s;
  s.variants = {variant("x", "<script>", "|evil|", "`rm`", "", "", 1, 100)};
  auto items = method_block(s, meta_of({"x"}, "interleaved", 0));
  std::ostringstream md, html;
  write_method_markdown(items, md);
  write_method_html(items, html);
  CHECK(md.str().find("|evil|") == std::string::npos);
  CHECK(html.str().find("<script>") == std::string::npos);
  CHECK(html.str().find("&lt;script&gt;") != std::string::npos);
}
