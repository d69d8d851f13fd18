// The graph inputs of an ONNX model (names, element types, shapes), read from the file's
// protobuf wire format with bounds on every length: the inputs that are not initializers.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace wb::infer {

struct OnnxInput {
  std::string name;
  int elem_type = 0;               // onnx.proto TensorProto.DataType (FLOAT 1, UINT8 2, ...)
  std::vector<std::int64_t> dims;  // -1 where the model names a symbolic dimension
};

// Throws std::runtime_error naming the file and what was malformed.
std::vector<OnnxInput> read_onnx_inputs(const std::filesystem::path& model);
std::vector<OnnxInput> parse_onnx_inputs(const std::string& bytes, const std::string& what);

}  // namespace wb::infer
