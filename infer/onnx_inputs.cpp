// A bounded reader of the few ModelProto fields the runner needs. Field numbers from onnx.proto
// (onnx/onnx, onnx/onnx.proto as shipped in Debian's libonnx-dev 1.12 at /usr/include/onnx/onnx.proto):
// ModelProto.graph = 7; GraphProto.initializer = 5, input = 11; TensorProto.name = 8;
// ValueInfoProto.name = 1, type = 2; TypeProto.tensor_type = 1; TypeProto.Tensor.elem_type = 1,
// shape = 2; TensorShapeProto.dim = 1; Dimension.dim_value = 1, dim_param = 2.
// Wire format: protobuf encoding (varint keys, wire types 0, 1, 2, 5). Libonnx's own C++ classes
// need protobuf's headers (libprotobuf-dev), which this project does not otherwise depend on.
#include "infer/onnx_inputs.hpp"

#include <fstream>
#include <set>
#include <stdexcept>
#include <string_view>

namespace wb::infer {

namespace {

struct Reader {
  std::string_view s;
  std::size_t pos = 0;
  const std::string& what;
  bool done() const { return pos >= s.size(); }
  [[noreturn]] void bad(const std::string& why) const {
    throw std::runtime_error(what + ": not a readable ONNX model at byte " + std::to_string(pos) + ": " + why);
  }
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= s.size()) bad("truncated varint");
      auto b = static_cast<unsigned char>(s[pos++]);
      v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    bad("varint longer than 10 bytes");
  }
  // Next field: number, wire type, and for length-delimited ones the payload.
  bool next(std::uint32_t& field, int& wire, std::string_view& payload, std::uint64_t& value) {
    if (done()) return false;
    std::uint64_t key = varint();
    field = static_cast<std::uint32_t>(key >> 3);
    wire = static_cast<int>(key & 7);
    switch (wire) {
      case 0:
        value = varint();
        break;
      case 1:
        if (s.size() - pos < 8) bad("truncated fixed64");
        pos += 8;
        break;
      case 5:
        if (s.size() - pos < 4) bad("truncated fixed32");
        pos += 4;
        break;
      case 2: {
        std::uint64_t n = varint();
        if (n > s.size() - pos) bad("a length of " + std::to_string(n) + " past the end of the file");
        payload = s.substr(pos, n);
        pos += n;
        break;
      }
      default:
        bad("wire type " + std::to_string(wire));
    }
    return true;
  }
};

template <class F>
void fields(std::string_view bytes, const std::string& what, F&& f) {
  Reader r{bytes, 0, what};
  std::uint32_t field;
  int wire;
  std::string_view payload;
  std::uint64_t value = 0;
  while (r.next(field, wire, payload, value)) f(field, wire, payload, value);
}

}  // namespace

std::vector<OnnxInput> parse_onnx_inputs(const std::string& bytes, const std::string& what) {
  std::string_view graph;
  bool have_graph = false;
  fields(bytes, what, [&](std::uint32_t f, int w, std::string_view p, std::uint64_t) {
    if (f == 7 && w == 2) {
      graph = p;
      have_graph = true;
    }
  });
  if (!have_graph) throw std::runtime_error(what + ": no graph (ModelProto field 7): not an ONNX model");
  std::vector<OnnxInput> inputs;
  std::set<std::string> initializers;
  fields(graph, what, [&](std::uint32_t f, int w, std::string_view p, std::uint64_t) {
    if (w != 2) return;
    if (f == 5) {
      fields(p, what, [&](std::uint32_t tf, int tw, std::string_view tp, std::uint64_t) {
        if (tf == 8 && tw == 2) initializers.insert(std::string(tp));
      });
    } else if (f == 11) {
      if (inputs.size() >= 256) throw std::runtime_error(what + ": more than 256 graph inputs");
      OnnxInput in;
      fields(p, what, [&](std::uint32_t vf, int vw, std::string_view vp, std::uint64_t) {
        if (vf == 1 && vw == 2) in.name = std::string(vp.substr(0, 1024));
        if (vf == 2 && vw == 2)
          fields(vp, what, [&](std::uint32_t tf, int tw, std::string_view tp, std::uint64_t) {
            if (tf != 1 || tw != 2) return;
            fields(tp, what, [&](std::uint32_t ef, int ew, std::string_view ep, std::uint64_t ev) {
              if (ef == 1 && ew == 0) in.elem_type = static_cast<int>(ev);
              if (ef == 2 && ew == 2)
                fields(ep, what, [&](std::uint32_t df, int dw, std::string_view dp, std::uint64_t) {
                  if (df != 1 || dw != 2) return;
                  if (in.dims.size() >= 16)
                    throw std::runtime_error(what + ": input '" + in.name + "' has rank over 16");
                  std::int64_t d = -1;
                  fields(dp, what, [&](std::uint32_t xf, int xw, std::string_view, std::uint64_t xv) {
                    if (xf == 1 && xw == 0) d = static_cast<std::int64_t>(xv);
                  });
                  in.dims.push_back(d);
                });
            });
          });
      });
      inputs.push_back(std::move(in));
    }
  });
  std::vector<OnnxInput> real;
  for (auto& i : inputs)
    if (!initializers.count(i.name)) real.push_back(std::move(i));
  if (real.empty()) throw std::runtime_error(what + ": the graph has no inputs besides its initializers");
  return real;
}

std::vector<OnnxInput> read_onnx_inputs(const std::filesystem::path& model) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(model, ec)) throw std::runtime_error(model.string() + ": not a file");
  auto size = std::filesystem::file_size(model, ec);
  if (ec || size > (std::uintmax_t{2} << 30)) throw std::runtime_error(model.string() + ": unreadable or over 2 GiB");
  std::ifstream in(model, std::ios::binary);
  std::string bytes(size, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (!in) throw std::runtime_error(model.string() + ": read failed");
  return parse_onnx_inputs(bytes, model.string());
}

}  // namespace wb::infer
