// Streaming SHA-256 (OpenSSL EVP) of files and folders, never blocking on special files.
#include "harness/util/content_hash.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <vector>

namespace wb {

namespace fs = std::filesystem;

namespace {
using Digest = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

// Feeds a regular file's bytes; false when it is not one or cannot be read whole.
bool feed_file(EVP_MD_CTX* ctx, const fs::path& p) {
  int fd = ::open(p.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st {};
  bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  std::vector<char> buf(1 << 16);
  while (ok) {
    ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) ok = false;
    if (n <= 0) break;
    EVP_DigestUpdate(ctx, buf.data(), static_cast<std::size_t>(n));
  }
  ::close(fd);
  return ok;
}
}  // namespace

std::optional<std::string> content_sha256(const fs::path& p) {
  Digest ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) return std::nullopt;
  std::error_code ec;
  auto st = fs::status(p, ec);
  if (ec) return std::nullopt;
  if (fs::is_regular_file(st)) {
    if (!feed_file(ctx.get(), p)) return std::nullopt;
  } else if (fs::is_directory(st)) {
    std::vector<fs::path> files;
    fs::recursive_directory_iterator it(p, fs::directory_options::none, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      if (it.depth() > 8) it.disable_recursion_pending();
      if (it->is_regular_file(ec)) files.push_back(it->path());
      if (files.size() > kMaxHashedFiles) return std::nullopt;
    }
    if (ec) return std::nullopt;
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::string name = fs::relative(f, p).generic_string();
      EVP_DigestUpdate(ctx.get(), name.c_str(), name.size() + 1);  // the NUL separates name from content
      if (!feed_file(ctx.get(), f)) return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx.get(), md, &len) != 1) return std::nullopt;
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) out += {hex[md[i] >> 4], hex[md[i] & 15]};
  return out;
}

}  // namespace wb
