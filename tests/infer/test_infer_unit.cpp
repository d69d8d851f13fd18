// wattbench-infer's pure parts: the timestamp log reader (the adapter's), the ONNX input reader,
// the seeded inputs, output agreement, and tensors across the C boundary; hostile inputs included.
#include <doctest/doctest.h>

#include <unistd.h>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "adapters/infer/parse.hpp"
#include "infer/accuracy.hpp"
#include "infer/images.hpp"
#include "infer/inputs.hpp"
#include "infer/latency_histogram.hpp"
#include "infer/onnx_inputs.hpp"
#include "infer/pipeline.hpp"
#include "infer/tensor.hpp"

using namespace wb;

namespace {
infer_tool::Timestamps stamps(const std::string& text) {
  std::istringstream in(text);
  return infer_tool::read_timestamps(in, "t.txt", 0);
}
std::string varint(std::uint64_t v) {
  std::string s;
  do {
    unsigned char b = v & 0x7f;
    v >>= 7;
    if (v) b |= 0x80;
    s.push_back(static_cast<char>(b));
  } while (v);
  return s;
}
std::string field(int number, const std::string& payload) {
  return varint(static_cast<std::uint64_t>(number) << 3 | 2) + varint(payload.size()) + payload;
}
std::string vfield(int number, std::uint64_t v) { return varint(static_cast<std::uint64_t>(number) << 3) + varint(v); }
infer::Tensor floats(std::vector<float> v) {
  infer::Tensor t{"p", WB_OAAX_FLOAT, {1, v.size()}, std::vector<std::uint8_t>(v.size() * 4)};
  std::memcpy(t.bytes.data(), v.data(), t.bytes.size());
  return t;
}
}  // namespace

TEST_CASE("infer timestamps: measured receives are those after W up to E, counted in order") {
  auto t = stamps("# header\nS 0 100\nS 1 110\nR 0 200\nW 200\nS 2 210\nR 1 300\nR 2 400\nE 400\n");
  CHECK(t.sends == 3);
  CHECK(t.receives == 3);
  CHECK(t.measured == 2);
  CHECK(*t.window_start_ns == 200);
  CHECK(*t.window_end_ns == 400);
  REQUIRE(t.progress.size() == 3);
  CHECK(t.progress.back() == std::make_pair(std::int64_t{400}, std::uint64_t{2}));
}

TEST_CASE("infer timestamps: malformed, out-of-order and hostile lines name the file and line") {
  CHECK_THROWS_WITH(stamps("S 0 1\nX 1 2\n"), doctest::Contains("t.txt:2: unknown event"));
  CHECK_THROWS_WITH(stamps("R 1 5\n"), doctest::Contains("receive out of sequence"));
  CHECK_THROWS_WITH(stamps("W 5\nW 6\n"), doctest::Contains("second window start"));
  CHECK_THROWS_WITH(stamps("E 5\n"), doctest::Contains("without a start"));
  CHECK_THROWS_WITH(stamps("S -1 5\n"), doctest::Contains("malformed"));
  CHECK_THROWS_WITH(stamps("S 0 99999999999999999999999\n"), doctest::Contains("malformed"));
  CHECK_THROWS_WITH(stamps("S " + std::string(300, '1') + "\n"), doctest::Contains("too long"));
  CHECK_THROWS_WITH(stamps("W 10\nR 0 30\nR 1 20\n"), doctest::Contains("backwards"));
}

TEST_CASE("infer clock offset: the smallest arrival minus stamp over the runner's live lines") {
  std::vector<infer_tool::StampedLine> lines{{5.010, "wattbench-infer measure start 3000000000"},
                                             {5.300, "wattbench-infer progress 3250000000 10"},
                                             {6.000, "some other line 1"},
                                             {5.9, "wattbench-infer progress garbage"}};
  auto off = infer_tool::clock_offset_s(lines);
  REQUIRE(off);
  CHECK(*off == doctest::Approx(2.010));
  CHECK_FALSE(infer_tool::clock_offset_s({{1.0, "nothing"}}));
}

TEST_CASE("infer ONNX inputs: graph inputs that are not initializers, with element type and dims") {
  auto dim = [](std::int64_t v) { return field(1, vfield(1, static_cast<std::uint64_t>(v))); };
  auto value_info = [&](const std::string& name, int elem, std::vector<std::int64_t> dims) {
    std::string shape;
    for (auto d : dims) shape += d < 0 ? field(1, field(2, "N")) : dim(d);
    return field(1, name) + field(2, field(1, vfield(1, elem) + field(2, shape)));
  };
  std::string graph = field(11, value_info("images", 2, {-1, 224, 224, 3})) + field(11, value_info("w1", 1, {16})) +
                      field(5, field(8, "w1"));
  auto in = infer::parse_onnx_inputs(field(7, graph), "m.onnx");
  REQUIRE(in.size() == 1);
  CHECK(in[0].name == "images");
  CHECK(in[0].elem_type == 2);
  CHECK(in[0].dims == std::vector<std::int64_t>{-1, 224, 224, 3});
  CHECK_THROWS_WITH(infer::parse_onnx_inputs("not a model at all", "x.onnx"), doctest::Contains("x.onnx"));
  CHECK_THROWS_WITH(infer::parse_onnx_inputs(varint(7 << 3 | 2) + varint(1000000), "t.onnx"),
                    doctest::Contains("past the end"));
  CHECK_THROWS_WITH(infer::parse_onnx_inputs(field(7, field(5, field(8, "w"))), "i.onnx"),
                    doctest::Contains("no inputs"));
}

TEST_CASE("infer ONNX inputs: the generated test CNN's input read from the file, when it exists") {
  // The e2e tests generate it; here only a model this repository may carry.
  std::filesystem::path p = std::filesystem::path(WB_SOURCE_DIR) / "configs/models/cnn/test_cnn.onnx";
  if (!std::filesystem::exists(p)) return;
  auto in = infer::read_onnx_inputs(p);
  REQUIRE(in.size() == 1);
  CHECK(in[0].name == "input");
}

TEST_CASE("infer inputs: specs parsed strictly; the same seed gives the same bytes, another seed others") {
  auto s = infer::parse_input_spec("images:uint8:1x8x8x3");
  CHECK(s.name == "images");
  CHECK(s.dtype == WB_OAAX_UINT8);
  CHECK(s.shape == std::vector<std::size_t>{1, 8, 8, 3});
  auto tf = infer::parse_input_spec("serving_default_input:0:float32:1x4");  // a TensorFlow-exported name
  CHECK(tf.name == "serving_default_input:0");
  CHECK(tf.dtype == WB_OAAX_FLOAT);
  for (const char* bad : {"images", "images:uint8", "images:complex:1x2", "images:uint8:1x0", "images:uint8:1xx2",
                          ":uint8:1", "images:uint8:-1x2", "images:float32:100000x100000x100"})
    CHECK_THROWS_AS(infer::parse_input_spec(bad), std::runtime_error);
  auto a = infer::synth_inputs({s}, 1, 3), b = infer::synth_inputs({s}, 1, 3), c = infer::synth_inputs({s}, 2, 3);
  REQUIRE(a.size() == 3);
  CHECK(a[0][0].bytes == b[0][0].bytes);
  CHECK(a[2][0].bytes == b[2][0].bytes);
  CHECK(a[0][0].bytes != a[1][0].bytes);
  CHECK(a[0][0].bytes != c[0][0].bytes);
  auto f = infer::synth_inputs({infer::parse_input_spec("x:float32:64")}, 3, 1)[0][0];
  for (std::size_t i = 0; i < 64; ++i) {
    float v;
    std::memcpy(&v, f.bytes.data() + 4 * i, 4);
    CHECK((v >= -1.0f && v < 1.0f));
  }
}

TEST_CASE("infer agreement: identical outputs agree fully; changed ones are caught in every measure") {
  std::vector<infer::Tensors> ref{{floats({0.1f, 0.7f, 0.2f})}, {floats({0.5f, 0.3f, 0.2f})}};
  auto same = infer::compare_outputs(ref, ref);
  CHECK(same.top1 == 1.0);
  CHECK(same.max_rel_err == 0.0);
  CHECK(same.min_cosine == doctest::Approx(1.0));
  std::vector<infer::Tensors> other{{floats({0.1f, 0.7f, 0.2f})}, {floats({0.2f, 0.6f, 0.2f})}};
  auto a = infer::compare_outputs(other, ref);
  CHECK(a.top1 == 0.5);
  CHECK(a.max_rel_err == doctest::Approx(0.6));  // |0.2-0.5| + |0.6-0.3| worst 0.3 over max |ref| 0.5
  CHECK(a.min_cosine < 0.9);
  std::vector<infer::Tensors> shorter{{floats({0.1f, 0.7f})}, {floats({0.5f, 0.3f})}};
  auto s = infer::compare_outputs(shorter, ref);
  CHECK(s.top1 == 0.0);
  CHECK(s.problem.find("elements") != std::string::npos);
  CHECK(infer::compare_outputs({}, ref).problem != "");
}

TEST_CASE("infer outputs file: written and read back; truncated and hostile files refused") {
  auto dir = std::filesystem::temp_directory_path() / ("wb-infer-unit-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::vector<infer::Tensors> sets{{floats({1, 2, 3})}, {floats({4, 5, 6})}};
  infer::write_outputs(dir / "o.bin", sets);
  auto back = infer::read_outputs(dir / "o.bin");
  REQUIRE(back.size() == 2);
  CHECK(back[1][0].bytes == sets[1][0].bytes);
  CHECK(back[1][0].shape == sets[1][0].shape);
  auto size = std::filesystem::file_size(dir / "o.bin");
  std::filesystem::resize_file(dir / "o.bin", size - 3);
  CHECK_THROWS_WITH(infer::read_outputs(dir / "o.bin"), doctest::Contains("truncated"));
  {
    std::ofstream f(dir / "h.bin", std::ios::binary);
    f << "WBIO1";
    std::uint64_t huge = ~0ULL;
    f.write(reinterpret_cast<const char*>(&huge), 8);
  }
  CHECK_THROWS_WITH(infer::read_outputs(dir / "h.bin"), doctest::Contains("more than 4096"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("infer tensors: to the C struct and back, and runtime outputs with hostile counts refused") {
  infer::Tensors t{floats({1, 2}), infer::Tensor{"idx", WB_OAAX_INT64, {2}, std::vector<std::uint8_t>(16, 7)}};
  tensors_struct* c = infer::to_c(t);
  REQUIRE(c->num_tensors == 2);
  CHECK(std::string(c->names[1]) == "idx");
  auto back = infer::from_c(*c);
  CHECK(back[1].bytes == t[1].bytes);
  CHECK(back[0].shape == t[0].shape);
  c->ranks[0] = 99;
  CHECK_THROWS_WITH(infer::from_c(*c), doctest::Contains("rank 99"));
  c->ranks[0] = 2;
  c->shapes[0][1] = std::size_t{1} << 40;
  CHECK_THROWS_WITH(infer::from_c(*c, 1 << 20), doctest::Contains("too large"));
  c->shapes[0][1] = 2;
  c->data_types[1] = static_cast<wb_oaax_dtype>(8);  // STRING
  CHECK_THROWS_WITH(infer::from_c(*c), doctest::Contains("does not read"));
  infer::free_tensors_struct(c);
}

TEST_CASE("infer latency histogram: percentiles within 0.1 % of the exact ones, mean and max exact, fixed memory") {
  infer::LatencyHistogram h;
  std::vector<std::int64_t> v;
  std::uint64_t x = 12345;
  for (int i = 0; i < 100000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    v.push_back(50'000 + static_cast<std::int64_t>((x >> 33) % 5'000'000));  // 50 µs .. 5 ms
    h.add(v.back());
  }
  std::sort(v.begin(), v.end());
  double sum = 0;
  for (auto n : v) sum += static_cast<double>(n);
  CHECK(h.mean_ms() == doctest::Approx(sum / v.size() / 1e6).epsilon(1e-12));
  CHECK(h.max_ms() == doctest::Approx(v.back() / 1e6));
  for (double p : {50.0, 90.0, 99.0, 99.9}) {
    double exact = v[static_cast<std::size_t>(std::ceil(p / 100 * v.size())) - 1] / 1e6;
    CHECK(h.percentile_ms(p) == doctest::Approx(exact).epsilon(0.001));
  }
  CHECK(std::isnan(infer::LatencyHistogram().percentile_ms(50)));
  h.add(-5);                     // a clock that stepped back is counted at the floor, not out of bounds
  h.add(std::int64_t{1} << 62);  // far past 1000 s: the last bucket
  CHECK(h.count() == 100002);
}

TEST_CASE("infer cascade: k from a named output (scores above a threshold, or a count), capped; bad pipelines named") {
  infer::StageSpec next;
  next.name = "cls";
  next.k_output = "probs";
  next.k_above = 0.25;
  next.k_max = 2;
  infer::Tensors out{floats({0.3f, 0.1f, 0.5f, 0.9f})};
  out[0].name = "probs";
  CHECK(infer::k_of(next, out) == 2);  // three above 0.25, capped at 2
  next.k_max = 64;
  CHECK(infer::k_of(next, out) == 3);
  next.k_above.reset();
  infer::Tensors count{infer::Tensor{"probs", WB_OAAX_INT64, {1}, std::vector<std::uint8_t>(8, 0)}};
  count[0].bytes[0] = 5;
  CHECK(infer::k_of(next, count) == 5);
  count[0].bytes[7] = 0x80;  // negative: no detections
  CHECK(infer::k_of(next, count) == 0);
  next.k_output = "boxes";
  CHECK_THROWS_WITH(infer::k_of(next, out), doctest::Contains("no output 'boxes' (it has: probs)"));

  auto dir = std::filesystem::temp_directory_path() / ("wb-infer-pipe-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto write = [&](const std::string& text) {
    std::ofstream(dir / "p.yaml") << text;
    return (dir / "p.yaml").string();
  };
  CHECK_THROWS_WITH(infer::load_pipeline(write("stages: [{runtime: a, model: m}]\n")),
                    doctest::Contains("at least two stages"));
  CHECK_THROWS_WITH(infer::load_pipeline(write("stages:\n  - {runtime: a, model: m}\n  - {runtime: a, model: n}\n")),
                    doctest::Contains("needs per_result"));
  CHECK_THROWS_WITH(
      infer::load_pipeline(write("stages:\n  - {runtime: a, model: m, colour: red}\n  - {runtime: a, model: n}\n")),
      doctest::Contains("p.yaml:2: unknown stage key 'colour'"));
  auto p =
      infer::load_pipeline(write("stages:\n  - {runtime: a, model: m.onnx}\n  - {runtime: /x/b.so, model: n, "
                                 "per_result: {output: probs, above: 0.5, max: 4}}\n"));
  REQUIRE(p.size() == 2);
  CHECK(p[0].model == (dir / "m.onnx").string());  // beside the pipeline file
  CHECK(p[0].runtime == "a");                      // a bare runtime name stays a name
  CHECK(p[1].runtime == "/x/b.so");
  CHECK(p[1].k_max == 4);
  CHECK(*p[1].k_above == 0.5);
  std::filesystem::remove_all(dir);
}

TEST_CASE("infer images: netpbm decoded, resized, laid out NCHW or NHWC and quantized; hostile files refused") {
  // A 2x2 RGB image: red, green / blue, white.
  std::string ppm =
      std::string("P6\n# a comment\n2 2\n255\n") + std::string("\xff\x00\x00\x00\xff\x00\x00\x00\xff\xff\xff\xff", 12);
  auto img = infer::decode_netpbm(ppm, "t.ppm");
  CHECK(img.width == 2);
  CHECK(img.channels == 3);
  CHECK(img.pixels[3 * 3 + 2] == 255);
  auto nchw = infer::image_tensor(img, infer::parse_input_spec("x:uint8:1x3x2x2"), {});
  // Channel planes: R plane = 255, 0, 0, 255.
  CHECK(std::vector<std::uint8_t>(nchw.bytes.begin(), nchw.bytes.begin() + 4) ==
        std::vector<std::uint8_t>{255, 0, 0, 255});
  auto nhwc = infer::image_tensor(img, infer::parse_input_spec("x:int8:1x2x2x3"), {});
  CHECK(static_cast<std::int8_t>(nhwc.bytes[0]) == 127);   // red's R, minus 128
  CHECK(static_cast<std::int8_t>(nhwc.bytes[1]) == -128);  // red's G
  infer::ImageOptions norm;
  norm.mean = 0.5;
  norm.std = 0.5;
  auto f = infer::image_tensor(img, infer::parse_input_spec("x:float32:1x3x2x2"), norm);
  float v;
  std::memcpy(&v, f.bytes.data(), 4);
  CHECK(v == doctest::Approx(1.0));  // (255/255 - 0.5) / 0.5
  // Resize: a uniform image stays uniform; an upscale keeps the corners.
  infer::Image grey{4, 4, 1, std::vector<std::uint8_t>(16, 77)};
  auto up = infer::resize_bilinear(grey, 7, 3);
  CHECK(up.pixels.size() == 21);
  CHECK(std::all_of(up.pixels.begin(), up.pixels.end(), [](std::uint8_t p) { return p == 77; }));
  auto big = infer::resize_bilinear(img, 4, 4);
  CHECK(big.pixels[0] == 255);  // the top-left corner keeps red
  for (const std::string& bad :
       {std::string("P3\n2 2\n255\n"), std::string("P6\n2 2\n65535\n"), std::string("P6\n99999999 2\n255\n"),
        std::string("P6\n2 2\n255\nabc"), std::string("P6\n0 2\n255\n"), std::string("P6")})
    CHECK_THROWS_AS(infer::decode_netpbm(bad, "bad.ppm"), std::runtime_error);
  CHECK_THROWS_WITH(infer::image_tensor(img, infer::parse_input_spec("x:float32:1x10"), {}),
                    doctest::Contains("1xCxHxW"));

  auto dir = std::filesystem::temp_directory_path() / ("wb-infer-img-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "b.ppm", std::ios::binary) << ppm;
  std::ofstream(dir / "a.pgm", std::ios::binary) << std::string("P5 2 2 255\n") + std::string("\x10\x20\x30\x40", 4);
  std::ofstream(dir / "notes.txt") << "not an image";
  auto specs =
      std::vector<infer::InputSpec>{infer::parse_input_spec("x:uint8:1x3x2x2"), infer::parse_input_spec("y:float32:2")};
  auto sets = infer::image_inputs(specs, {dir.string()}, 1, 8);
  REQUIRE(sets.size() == 2);           // two images, by name: a.pgm first
  CHECK(sets[0][0].bytes[0] == 0x10);  // grey into every channel
  CHECK(sets[0][0].bytes[4] == 0x10);
  CHECK(sets[0][1].bytes == infer::synth_inputs(specs, 1, 2)[0][1].bytes);  // the other input stays seeded
  CHECK_THROWS_WITH(infer::image_inputs(specs, {(dir / "none").string()}, 1, 8), doctest::Contains("not a folder"));
  std::filesystem::remove_all(dir);
}
