// A tensor as the runner holds it (name, OAAX type, shape, bytes) and the conversions to and
// from the C tensors_struct that crosses the runtime boundary (malloc'ed, as spec 1.0 §5 asks).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "infer/oaax_interface.h"

namespace wb::infer {

struct Tensor {
  std::string name;
  int dtype = WB_OAAX_FLOAT;  // wb_oaax_dtype (= ONNX TensorProto.DataType for the shared values)
  std::vector<std::size_t> shape;
  std::vector<std::uint8_t> bytes;
  std::size_t elements() const;
};
using Tensors = std::vector<Tensor>;

// Bytes per element; nullopt for types the runner does not synthesise (STRING, FLOAT16...).
std::optional<std::size_t> dtype_size(int dtype);
// "float32", "uint8", ... (config spelling) and back; nullopt when unknown.
std::optional<int> dtype_from_name(const std::string& s);
std::string dtype_name(int dtype);

// A malloc'ed copy for send_input (the runtime frees it on success; free_tensors_struct otherwise).
tensors_struct* to_c(const Tensors& t);
void free_tensors_struct(tensors_struct* s);
// Copies out what a runtime returned, bounded: a rank over 16 or more than max_bytes is refused.
Tensors from_c(const tensors_struct& s, std::size_t max_bytes = std::size_t{1} << 30);

}  // namespace wb::infer
