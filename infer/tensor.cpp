// Tensor <-> tensors_struct, every allocation with malloc (the runtime side frees with free).
#include "infer/tensor.hpp"

#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>

namespace wb::infer {

std::size_t Tensor::elements() const {
  std::size_t n = 1;
  for (auto d : shape) n *= d;
  return n;
}

std::optional<std::size_t> dtype_size(int t) {
  switch (t) {
    case WB_OAAX_FLOAT:
    case WB_OAAX_INT32:
    case WB_OAAX_UINT32:
      return 4;
    case WB_OAAX_UINT8:
    case WB_OAAX_INT8:
    case WB_OAAX_BOOL:
      return 1;
    case WB_OAAX_UINT16:
    case WB_OAAX_INT16:
      return 2;
    case WB_OAAX_INT64:
    case WB_OAAX_DOUBLE:
    case WB_OAAX_UINT64:
      return 8;
    default:
      return std::nullopt;
  }
}

namespace {
struct Name {
  const char* name;
  int type;
};
constexpr Name kNames[] = {{"float32", WB_OAAX_FLOAT}, {"uint8", WB_OAAX_UINT8},   {"int8", WB_OAAX_INT8},
                           {"uint16", WB_OAAX_UINT16}, {"int16", WB_OAAX_INT16},   {"int32", WB_OAAX_INT32},
                           {"int64", WB_OAAX_INT64},   {"bool", WB_OAAX_BOOL},     {"float64", WB_OAAX_DOUBLE},
                           {"uint32", WB_OAAX_UINT32}, {"uint64", WB_OAAX_UINT64}, {"string", WB_OAAX_STRING}};

template <class T>
T* alloc(std::size_t n) {
  void* p = std::calloc(n ? n : 1, sizeof(T));
  if (!p) throw std::bad_alloc();
  return static_cast<T*>(p);
}
}  // namespace

std::optional<int> dtype_from_name(const std::string& s) {
  for (const auto& n : kNames)
    if (s == n.name) return n.type;
  if (s == "float") return WB_OAAX_FLOAT;
  return std::nullopt;
}

std::string dtype_name(int t) {
  for (const auto& n : kNames)
    if (t == n.type) return n.name;
  return "type " + std::to_string(t);
}

tensors_struct* to_c(const Tensors& t) {
  auto* s = alloc<tensors_struct>(1);
  try {
    s->num_tensors = t.size();
    s->names = alloc<char*>(t.size());
    s->data_types = alloc<wb_oaax_dtype>(t.size());
    s->ranks = alloc<std::size_t>(t.size());
    s->shapes = alloc<std::size_t*>(t.size());
    s->data = alloc<void*>(t.size());
    for (std::size_t i = 0; i < t.size(); ++i) {
      s->names[i] = alloc<char>(t[i].name.size() + 1);
      std::memcpy(s->names[i], t[i].name.c_str(), t[i].name.size() + 1);
      s->data_types[i] = static_cast<wb_oaax_dtype>(t[i].dtype);
      s->ranks[i] = t[i].shape.size();
      s->shapes[i] = alloc<std::size_t>(t[i].shape.size());
      for (std::size_t d = 0; d < t[i].shape.size(); ++d) s->shapes[i][d] = t[i].shape[d];
      s->data[i] = alloc<std::uint8_t>(t[i].bytes.size());
      if (!t[i].bytes.empty()) std::memcpy(s->data[i], t[i].bytes.data(), t[i].bytes.size());
    }
  } catch (...) {
    free_tensors_struct(s);
    throw;
  }
  return s;
}

void free_tensors_struct(tensors_struct* s) {
  if (!s) return;
  for (std::size_t i = 0; i < s->num_tensors; ++i) {
    if (s->names) std::free(s->names[i]);
    if (s->shapes) std::free(s->shapes[i]);
    if (s->data) std::free(s->data[i]);
  }
  std::free(s->names);
  std::free(s->data_types);
  std::free(s->ranks);
  std::free(s->shapes);
  std::free(s->data);
  std::free(s);
}

Tensors from_c(const tensors_struct& s, std::size_t max_bytes) {
  if (s.num_tensors > 4096)
    throw std::runtime_error("the runtime returned " + std::to_string(s.num_tensors) +
                             " output tensors (at most 4096 read)");
  if (s.num_tensors && (!s.data_types || !s.ranks || !s.shapes || !s.data))
    throw std::runtime_error("the runtime returned an output with null type, rank, shape or data arrays");
  Tensors out(s.num_tensors);
  std::size_t total = 0;
  for (std::size_t i = 0; i < s.num_tensors; ++i) {
    auto& t = out[i];
    if (s.names && s.names[i]) t.name.assign(s.names[i], strnlen(s.names[i], 1024));
    t.dtype = s.data_types[i];
    if (s.ranks[i] > 16)
      throw std::runtime_error("output '" + t.name + "' has rank " + std::to_string(s.ranks[i]) + " (at most 16 read)");
    auto size = dtype_size(t.dtype);
    if (!size)
      throw std::runtime_error("output '" + t.name + "' has " + dtype_name(t.dtype) +
                               ", which the runner does not read");
    std::size_t n = 1;
    for (std::size_t d = 0; d < s.ranks[i]; ++d) {
      t.shape.push_back(s.shapes[i][d]);
      if (s.shapes[i][d] && n > max_bytes / s.shapes[i][d])
        throw std::runtime_error("output '" + t.name + "' is too large");
      n *= s.shapes[i][d];
    }
    total += n * *size;
    if (total > max_bytes) throw std::runtime_error("outputs larger than " + std::to_string(max_bytes) + " bytes");
    t.bytes.resize(n * *size);
    if (n && !s.data[i]) throw std::runtime_error("output '" + t.name + "' has no data");
    if (n) std::memcpy(t.bytes.data(), s.data[i], t.bytes.size());
  }
  return out;
}

}  // namespace wb::infer
