// An OAAX runtime loaded with dlopen (OAAX-standard/OAAX docs/Specification.md, spec 1.0).
#pragma once
#include <memory>

#include "infer/backend.hpp"

namespace wb::infer {

std::unique_ptr<Backend> make_oaax_backend(const BackendOptions& o);

}  // namespace wb::infer
