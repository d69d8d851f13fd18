// An OAAX runtime behind the backend seam. Interface generations, chosen by the symbols present
// (or by `interface:`):
//  - "spec-1.0": receive_output(tensors_struct **) and runtime_initialization_with_args, as in
//    OAAX-standard/OAAX docs/Specification.md §4.2, §4.5 (commit e55f660), the reference runtime
//    (OAAX-standard/reference-implementation runtime-library/include/runtime_core.hpp, v1.1.3) and
//    the hosts in OAAX-standard/examples (c-example/include/runtime_utils.h, commit 7eea732).
//  - "header-1.0": receive_output(tensors_struct *) filled in place and no _with_args, as in
//    OAAX-standard/OAAX "Illustrative example/Runtime/include/interface.h" (commit 183e9c8).
// The spec requires runtime_initialization_with_args, so a runtime without it is taken for the
// illustrative header's generation (OAAX-standard/OAAX docs/DEEPX.md says DeepX's runtime had
// none at OAAX 1.1.0). Runtime arguments go as NUL-terminated strings (the reference runtime
// reads every value with `static_cast<char *>` and std::stoi, runtime_core.cpp v1.1.3), or as an
// `int` where written "int:N" (the Hailo runtime reads `*(int *) values[i]`,
// OAAX-standard/hailo-acceleration runtime-library/src/runtime_core.c L63-79, commit d60b99c).
// The stored snapshots carry no renamed generation (OAAX-standard/examples 7913dfc, its branches
// and pull requests 1-11: no v2.0.0; OAAX-standard/OAAX's open pull request #10 "Introduce new
// OAAX Runtime interface 2.0" is not in the snapshot): such a runtime is refused naming the
// missing symbol.
#include "infer/backends/oaax/oaax_backend.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace wb::infer {

namespace {

std::string bounded(const char* s) { return s ? std::string(s, strnlen(s, 4096)) : std::string(); }

class OaaxBackend : public Backend {
 public:
  explicit OaaxBackend(const BackendOptions& o) : m_path(o.library) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(m_path, ec))
      throw RuntimeError("OAAX runtime '" + m_path +
                         "': not a file (runtime: the path of the runtime's shared library)");
    m_handle = dlopen(m_path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!m_handle) throw RuntimeError("OAAX runtime '" + m_path + "' does not load: " + bounded(dlerror()));
    // Name and messages first, so that every later error can quote the runtime.
    sym(m_name, "runtime_name");
    sym(m_version, "runtime_version");
    sym(m_error, "runtime_error_message");
    sym(m_load, "runtime_model_loading");
    sym(m_send, "send_input");
    sym(m_destroy, "runtime_destruction");
    m_init = reinterpret_cast<int (*)()>(dlsym(m_handle, "runtime_initialization"));
    m_init_args =
        reinterpret_cast<int (*)(int, const char**, const void**)>(dlsym(m_handle, "runtime_initialization_with_args"));
    if (!m_init && !m_init_args)
      throw RuntimeError(
          who() + " has neither runtime_initialization nor runtime_initialization_with_args: not an OAAX runtime");
    m_generation = o.interface == "auto" ? (m_init_args ? "spec-1.0" : "header-1.0") : o.interface;
    if (m_generation != "spec-1.0" && m_generation != "header-1.0")
      throw RuntimeError("interface '" + o.interface + "': expected auto, spec-1.0 or header-1.0");
    void* r = dlsym(m_handle, "receive_output");
    if (!r) throw RuntimeError(who() + " lacks the symbol receive_output: not an OAAX runtime of a known generation");
    if (m_generation == "spec-1.0")
      m_recv2 = reinterpret_cast<int (*)(tensors_struct**)>(r);
    else
      m_recv1 = reinterpret_cast<int (*)(tensors_struct*)>(r);
    int rc = 0;
    if (m_init_args && (!o.args.empty() || !m_init)) {
      std::vector<const char*> keys;
      std::vector<const void*> values;
      std::vector<int> ints(o.args.size());  // stable storage for "int:N" values
      for (std::size_t i = 0; i < o.args.size(); ++i) {
        const auto& [k, v] = o.args[i];
        keys.push_back(k.c_str());
        if (v.rfind("int:", 0) == 0) {
          try {
            std::size_t used = 0;
            ints[i] = std::stoi(v.substr(4), &used);
            if (used != v.size() - 4) throw std::invalid_argument(v);
          } catch (const std::exception&) {
            throw RuntimeError("runtime argument " + k + "=" + v + ": expected int:<integer>");
          }
          values.push_back(&ints[i]);
        } else {
          values.push_back(v.c_str());
        }
      }
      rc = m_init_args(static_cast<int>(keys.size()), keys.data(), values.data());
      if (rc != 0) throw RuntimeError(fail("runtime_initialization_with_args", rc));
    } else {
      if (!o.args.empty())
        throw RuntimeError(who() + " has no runtime_initialization_with_args: its " + std::to_string(o.args.size()) +
                           " runtime argument(s) cannot be passed (remove runtime_args)");
      rc = m_init();
      if (rc != 0) throw RuntimeError(fail("runtime_initialization", rc));
    }
    m_initialised = true;
  }
  ~OaaxBackend() override {
    // Not dlclose'd: a runtime's worker threads may outlive runtime_destruction by a little.
    if (m_initialised && m_destroy) m_destroy();
  }
  std::string runtime_name() const override { return bounded(m_name()); }
  std::string runtime_version() const override { return bounded(m_version()); }
  std::string interface() const override { return m_generation; }
  std::string runtime_message() const override { return bounded(m_error()); }

  void load_model(const std::string& path) override {
    int rc = m_load(path.c_str());
    if (rc != 0) throw RuntimeError(fail("runtime_model_loading('" + path + "')", rc));
  }
  void send(const Tensors& in) override {
    tensors_struct* s = to_c(in);
    int rc = m_send(s);
    if (rc != 0) {
      free_tensors_struct(s);  // spec 1.0 §4.4: on failure the caller frees
      throw RuntimeError(fail("send_input", rc));
    }
  }
  bool receive(Tensors* out) override {
    if (m_recv2) {
      tensors_struct* s = nullptr;
      if (m_recv2(&s) != 0) return false;
      if (!s) throw RuntimeError(who() + ": receive_output returned 0 and no tensors");
      struct Free {
        tensors_struct* p;
        ~Free() { free_tensors_struct(p); }
      } guard{s};
      if (out) *out = from_c(*s);
      return true;
    }
    tensors_struct s{};
    if (m_recv1(&s) != 0) return false;
    // The header generation fills a host struct: its members are the host's to free.
    auto* heap = static_cast<tensors_struct*>(std::malloc(sizeof(tensors_struct)));
    if (!heap) throw std::bad_alloc();
    *heap = s;
    struct Free {
      tensors_struct* p;
      ~Free() { free_tensors_struct(p); }
    } guard{heap};
    if (out) *out = from_c(s);
    return true;
  }

 private:
  template <class F>
  void sym(F& f, const char* name) {
    dlerror();
    f = reinterpret_cast<F>(dlsym(m_handle, name));
    if (!f)
      throw RuntimeError(who() + " lacks the symbol " + name + ": not an OAAX runtime of a known generation (" +
                         bounded(dlerror()) + ")");
  }
  std::string who() const {
    std::string n = m_name ? bounded(m_name()) : "";
    return "OAAX runtime '" + m_path + "'" + (n.empty() ? "" : " (" + n + ")");
  }
  std::string fail(const std::string& call, int rc) const {
    std::string msg = m_error ? bounded(m_error()) : "";
    return who() + ": " + call + " failed (returned " + std::to_string(rc) +
           "): " + (msg.empty() ? "(the runtime gave no message)" : msg);
  }

  std::string m_path, m_generation;
  void* m_handle = nullptr;
  bool m_initialised = false;
  const char* (*m_name)() = nullptr;
  const char* (*m_version)() = nullptr;
  const char* (*m_error)() = nullptr;
  int (*m_init)() = nullptr;
  int (*m_init_args)(int, const char**, const void**) = nullptr;
  int (*m_load)(const char*) = nullptr;
  int (*m_send)(tensors_struct*) = nullptr;
  int (*m_recv2)(tensors_struct**) = nullptr;
  int (*m_recv1)(tensors_struct*) = nullptr;
  int (*m_destroy)() = nullptr;
};

}  // namespace

std::unique_ptr<Backend> make_oaax_backend(const BackendOptions& o) { return std::make_unique<OaaxBackend>(o); }

}  // namespace wb::infer
