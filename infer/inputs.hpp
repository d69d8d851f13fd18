// The inputs every runtime gets: seeded synthetic tensors by name, type and shape (from the
// config or the source ONNX model). The bytes depend only on the seed, the set's index and the
// tensor's spec, never on the runtime, so every card sees the same bytes.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "infer/tensor.hpp"

namespace wb::infer {

struct InputSpec {
  std::string name;
  int dtype = WB_OAAX_FLOAT;
  std::vector<std::size_t> shape;
};

// "name:float32:1x3x64x64" -> spec; throws naming what was expected.
InputSpec parse_input_spec(const std::string& s);
// The specs of a model's graph inputs; symbolic dimensions become 1 (batch), said on stderr.
std::vector<InputSpec> specs_from_onnx(const std::string& onnx_path);
// `sets` different input sets from `seed`: floats uniform in [-1, 1), integers over their range.
std::vector<Tensors> synth_inputs(const std::vector<InputSpec>& specs, std::uint64_t seed, std::size_t sets);

}  // namespace wb::infer
