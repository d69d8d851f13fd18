// Seeded synthetic inputs. splitmix64 (a fixed, documented generator) rather than std::mt19937
// plus a distribution: the distributions' output is implementation-defined, the bytes must not be.
#include "infer/inputs.hpp"

#include <cstring>
#include <iostream>
#include <stdexcept>

#include "infer/onnx_inputs.hpp"

namespace wb::infer {

namespace {
std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
constexpr std::size_t kMaxInputBytes = std::size_t{1} << 30;
}  // namespace

InputSpec parse_input_spec(const std::string& s) {
  // From the right: TensorFlow-exported names carry ':' themselves ("input:0").
  auto b = s.rfind(':'), a = b == std::string::npos || b == 0 ? std::string::npos : s.rfind(':', b - 1);
  if (a == std::string::npos || b == std::string::npos || a == 0)
    throw std::runtime_error("input '" + s + "': expected NAME:TYPE:DIMS, e.g. input:float32:1x3x224x224");
  InputSpec in;
  in.name = s.substr(0, a);
  auto t = dtype_from_name(s.substr(a + 1, b - a - 1));
  if (!t || !dtype_size(*t))
    throw std::runtime_error(
        "input '" + s + "': type '" + s.substr(a + 1, b - a - 1) +
        "' (expected float32, float64, int8, uint8, int16, uint16, int32, uint32, int64, uint64 or bool)");
  in.dtype = *t;
  std::string dims = s.substr(b + 1);
  std::size_t pos = 0, total = *dtype_size(*t);
  while (pos <= dims.size()) {
    auto x = dims.find('x', pos);
    std::string d = dims.substr(pos, x == std::string::npos ? std::string::npos : x - pos);
    if (d.empty() || d.size() > 9 || d.find_first_not_of("0123456789") != std::string::npos || std::stoul(d) == 0)
      throw std::runtime_error("input '" + s + "': dimension '" + d + "' (expected positive integers joined by x)");
    in.shape.push_back(std::stoul(d));
    total *= in.shape.back();
    if (total > kMaxInputBytes || in.shape.size() > 16)
      throw std::runtime_error("input '" + s + "': over 1 GiB or rank 16");
    if (x == std::string::npos) break;
    pos = x + 1;
  }
  return in;
}

std::vector<InputSpec> specs_from_onnx(const std::string& onnx_path) {
  std::vector<InputSpec> out;
  for (const auto& i : read_onnx_inputs(onnx_path)) {
    InputSpec s;
    s.name = i.name;
    if (!dtype_size(i.elem_type))
      throw std::runtime_error(onnx_path + ": input '" + i.name + "' has ONNX element type " +
                               std::to_string(i.elem_type) +
                               ", which the runner does not synthesise (give inputs: in the config)");
    s.dtype = i.elem_type;
    std::size_t total = *dtype_size(i.elem_type);
    for (auto d : i.dims) {
      if (d <= 0)
        std::cerr << "wattbench-infer: " << onnx_path << ": input '" << i.name
                  << "' has a symbolic dimension: taken as 1\n";
      s.shape.push_back(d > 0 ? static_cast<std::size_t>(d) : 1);
      total *= s.shape.back();
      if (total > kMaxInputBytes) throw std::runtime_error(onnx_path + ": input '" + i.name + "' is over 1 GiB");
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<Tensors> synth_inputs(const std::vector<InputSpec>& specs, std::uint64_t seed, std::size_t sets) {
  std::vector<Tensors> out(sets);
  for (std::size_t k = 0; k < sets; ++k)
    for (std::size_t i = 0; i < specs.size(); ++i) {
      Tensor t{specs[i].name, specs[i].dtype, specs[i].shape, {}};
      std::size_t size = *dtype_size(t.dtype), n = t.elements();
      t.bytes.resize(n * size);
      std::uint64_t state = seed * 1000003ULL + k * 7919ULL + i;
      for (std::size_t e = 0; e < n; ++e) {
        std::uint64_t r = splitmix64(state);
        std::uint8_t* p = t.bytes.data() + e * size;
        if (t.dtype == WB_OAAX_FLOAT) {
          float f = static_cast<float>(static_cast<double>(r >> 11) / 9007199254740992.0 * 2.0 - 1.0);
          std::memcpy(p, &f, 4);
        } else if (t.dtype == WB_OAAX_DOUBLE) {
          double f = static_cast<double>(r >> 11) / 9007199254740992.0 * 2.0 - 1.0;
          std::memcpy(p, &f, 8);
        } else if (t.dtype == WB_OAAX_BOOL) {
          *p = r & 1;
        } else {
          std::memcpy(p, &r, size);  // little-endian low bytes: the whole range of the type
        }
      }
      out[k].push_back(std::move(t));
    }
  return out;
}

}  // namespace wb::infer
