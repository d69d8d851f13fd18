// Output agreement and the reference pass's output file ("WBIO1", counts, then per tensor: type,
// rank, dims, byte count, bytes; every count bounded on reading).
#include "infer/accuracy.hpp"

#include <cmath>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace wb::infer {

namespace {
std::vector<double> as_doubles(const Tensor& t) {
  std::size_t n = t.elements();
  std::vector<double> v(n);
  const auto* p = t.bytes.data();
  for (std::size_t i = 0; i < n; ++i) {
    switch (t.dtype) {
      case WB_OAAX_FLOAT: {
        float f;
        std::memcpy(&f, p + 4 * i, 4);
        v[i] = f;
        break;
      }
      case WB_OAAX_DOUBLE: {
        std::memcpy(&v[i], p + 8 * i, 8);
        break;
      }
      case WB_OAAX_UINT8:
      case WB_OAAX_BOOL:
        v[i] = p[i];
        break;
      case WB_OAAX_INT8:
        v[i] = static_cast<std::int8_t>(p[i]);
        break;
      case WB_OAAX_INT16: {
        std::int16_t x;
        std::memcpy(&x, p + 2 * i, 2);
        v[i] = x;
        break;
      }
      case WB_OAAX_UINT16: {
        std::uint16_t x;
        std::memcpy(&x, p + 2 * i, 2);
        v[i] = x;
        break;
      }
      case WB_OAAX_INT32: {
        std::int32_t x;
        std::memcpy(&x, p + 4 * i, 4);
        v[i] = x;
        break;
      }
      case WB_OAAX_UINT32: {
        std::uint32_t x;
        std::memcpy(&x, p + 4 * i, 4);
        v[i] = x;
        break;
      }
      case WB_OAAX_INT64: {
        std::int64_t x;
        std::memcpy(&x, p + 8 * i, 8);
        v[i] = static_cast<double>(x);
        break;
      }
      case WB_OAAX_UINT64: {
        std::uint64_t x;
        std::memcpy(&x, p + 8 * i, 8);
        v[i] = static_cast<double>(x);
        break;
      }
      default:
        throw std::runtime_error("output '" + t.name + "': " + dtype_name(t.dtype) + " cannot be compared");
    }
  }
  return v;
}
std::size_t argmax(const std::vector<double>& v) {
  std::size_t k = 0;
  for (std::size_t i = 1; i < v.size(); ++i)
    if (v[i] > v[k]) k = i;
  return k;
}
}  // namespace

Agreement compare_outputs(const std::vector<Tensors>& got, const std::vector<Tensors>& ref) {
  Agreement a;
  a.sets = std::min(got.size(), ref.size());
  if (got.size() != ref.size())
    a.problem = "output sets: " + std::to_string(got.size()) + " against the reference's " + std::to_string(ref.size());
  if (a.sets == 0) {
    if (a.problem.empty()) a.problem = "no outputs to compare";
    return a;
  }
  double sum_abs_diff = 0, sum_abs_ref = 0;
  std::size_t agree = 0;
  for (std::size_t s = 0; s < a.sets; ++s) {
    if (got[s].size() != ref[s].size() || got[s].empty()) {
      a.problem = "set " + std::to_string(s) + ": " + std::to_string(got[s].size()) +
                  " outputs against the reference's " + std::to_string(ref[s].size());
      a.top1 = 0;
      return a;
    }
    double dot = 0, na = 0, nb = 0, max_diff = 0, max_ref = 0;
    for (std::size_t t = 0; t < got[s].size(); ++t) {
      auto x = as_doubles(got[s][t]), y = as_doubles(ref[s][t]);
      if (x.size() != y.size()) {
        a.problem = "set " + std::to_string(s) + " output '" + ref[s][t].name + "': " + std::to_string(x.size()) +
                    " elements against the reference's " + std::to_string(y.size());
        a.top1 = 0;
        return a;
      }
      if (t == 0 && !x.empty() && argmax(x) == argmax(y)) ++agree;
      for (std::size_t i = 0; i < x.size(); ++i) {
        double d = std::fabs(x[i] - y[i]);
        dot += x[i] * y[i];
        na += x[i] * x[i];
        nb += y[i] * y[i];
        max_diff = std::max(max_diff, d);
        max_ref = std::max(max_ref, std::fabs(y[i]));
        sum_abs_diff += d;
        sum_abs_ref += std::fabs(y[i]);
      }
    }
    double cos = (na > 0 && nb > 0) ? dot / std::sqrt(na * nb) : (na == nb ? 1.0 : 0.0);
    a.min_cosine = std::min(a.min_cosine, cos);
    a.max_rel_err = std::max(a.max_rel_err, max_ref > 0 ? max_diff / max_ref : (max_diff > 0 ? INFINITY : 0.0));
  }
  a.top1 = static_cast<double>(agree) / static_cast<double>(a.sets);
  a.mean_rel_err = sum_abs_ref > 0 ? sum_abs_diff / sum_abs_ref : (sum_abs_diff > 0 ? INFINITY : 0.0);
  return a;
}

nlohmann::json to_json(const Agreement& a) {
  auto num = [](double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); };
  nlohmann::json j = {{"sets", a.sets},
                      {"top1_agreement", a.top1},
                      {"max_rel_err", num(a.max_rel_err)},
                      {"mean_rel_err", num(a.mean_rel_err)},
                      {"cosine_min", num(a.min_cosine)}};
  if (!a.problem.empty()) j["problem"] = a.problem;
  return j;
}

namespace {
template <class T>
void put(std::ofstream& o, T v) {
  o.write(reinterpret_cast<const char*>(&v), sizeof v);
}
template <class T>
T get(std::ifstream& i, const std::string& what) {
  T v{};
  if (!i.read(reinterpret_cast<char*>(&v), sizeof v)) throw std::runtime_error(what + ": truncated");
  return v;
}
}  // namespace

void write_outputs(const std::filesystem::path& p, const std::vector<Tensors>& sets) {
  std::ofstream o(p, std::ios::binary | std::ios::trunc);
  o.write("WBIO1", 5);
  put<std::uint64_t>(o, sets.size());
  for (const auto& s : sets) {
    put<std::uint64_t>(o, s.size());
    for (const auto& t : s) {
      put<std::int32_t>(o, t.dtype);
      put<std::uint64_t>(o, t.shape.size());
      for (auto d : t.shape) put<std::uint64_t>(o, d);
      put<std::uint64_t>(o, t.bytes.size());
      o.write(reinterpret_cast<const char*>(t.bytes.data()), static_cast<std::streamsize>(t.bytes.size()));
    }
  }
  if (!o.flush()) throw std::runtime_error(p.string() + ": write failed");
}

std::vector<Tensors> read_outputs(const std::filesystem::path& p) {
  std::ifstream i(p, std::ios::binary);
  std::string what = p.string();
  char magic[5];
  if (!i.read(magic, 5) || std::memcmp(magic, "WBIO1", 5) != 0)
    throw std::runtime_error(what + ": not a wattbench-infer outputs file");
  auto n = get<std::uint64_t>(i, what);
  if (n > 4096) throw std::runtime_error(what + ": more than 4096 sets");
  std::vector<Tensors> sets(n);
  std::uint64_t total = 0;
  for (auto& s : sets) {
    auto k = get<std::uint64_t>(i, what);
    if (k > 4096) throw std::runtime_error(what + ": more than 4096 tensors in a set");
    s.resize(k);
    for (auto& t : s) {
      t.dtype = get<std::int32_t>(i, what);
      auto r = get<std::uint64_t>(i, what);
      if (r > 16) throw std::runtime_error(what + ": rank over 16");
      for (std::uint64_t d = 0; d < r; ++d) t.shape.push_back(get<std::uint64_t>(i, what));
      auto b = get<std::uint64_t>(i, what);
      total += b;
      auto size = dtype_size(t.dtype);
      if (total > (std::uint64_t{1} << 31) || !size || b != t.elements() * *size)
        throw std::runtime_error(what + ": a tensor's size does not match its shape");
      t.bytes.resize(b);
      if (b && !i.read(reinterpret_cast<char*>(t.bytes.data()), static_cast<std::streamsize>(b)))
        throw std::runtime_error(what + ": truncated");
    }
  }
  return sets;
}

}  // namespace wb::infer
