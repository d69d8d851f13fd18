// SHA-256 of a model artifact, a file or a folder of files (dxbenchmark's --dir): what
// identifies the model a result measured, whatever its file is called.
#pragma once
#include <filesystem>
#include <optional>
#include <string>

namespace wb {

// Hex digest; nullopt when the path cannot be read as a regular file or a folder (a FIFO, a
// device, missing). A folder hashes each regular file's relative name and content in name
// order, at most kMaxHashedFiles files and depth 8.
inline constexpr std::size_t kMaxHashedFiles = 10000;
std::optional<std::string> content_sha256(const std::filesystem::path& p);

}  // namespace wb
