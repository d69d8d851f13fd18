// Every backend the runner knows, one line each (no static self-registration).
#include "infer/backend.hpp"
#include "infer/backends/oaax/oaax_backend.hpp"

namespace wb::infer {

const std::vector<BackendEntry>& backends() {
  static const std::vector<BackendEntry> all{
      {"oaax", &make_oaax_backend},
  };
  return all;
}

std::unique_ptr<Backend> make_backend(const std::string& name, const BackendOptions& o) {
  std::string known;
  for (const auto& b : backends()) {
    if (name == b.name) return b.make(o);
    known += (known.empty() ? "" : ", ") + std::string(b.name);
  }
  throw std::runtime_error("unknown backend '" + name + "' (known: " + known + ")");
}

}  // namespace wb::infer
