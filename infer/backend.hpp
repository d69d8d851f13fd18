// The seam between the runner and an inference runtime: one folder per backend under
// infer/backends/ and one line in infer/backends/registry.cpp. A backend drives one model on
// one runtime asynchronously: send() queues an input, receive() polls for an output.
#pragma once
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "infer/tensor.hpp"

namespace wb::infer {

// A runtime refused something; what() names the call and quotes the runtime's own message.
class RuntimeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct BackendOptions {
  std::string library;                                    // the runtime (a shared library)
  std::vector<std::pair<std::string, std::string>> args;  // runtime key-value arguments
  std::string interface = "auto";                         // backend-specific generation choice
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string runtime_name() const = 0;
  virtual std::string runtime_version() const = 0;
  virtual std::string interface() const = 0;  // the interface generation in use
  virtual void load_model(const std::string& path) = 0;
  virtual void send(const Tensors& inputs) = 0;
  // An output if one is ready (copied into *out when out is not null), false when none is.
  virtual bool receive(Tensors* out) = 0;
  // The runtime's own words about its last error ("" when it has none).
  virtual std::string runtime_message() const = 0;
};

struct BackendEntry {
  const char* name;
  std::unique_ptr<Backend> (*make)(const BackendOptions&);
};
const std::vector<BackendEntry>& backends();
std::unique_ptr<Backend> make_backend(const std::string& name, const BackendOptions& o);

}  // namespace wb::infer
