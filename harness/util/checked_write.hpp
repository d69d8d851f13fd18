// Writes checked to the last byte: a full disk or an unwritable path is an error that names the
// path, and a good file is never replaced by a cut one.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>

namespace wb {

// "disk full: <path>" for ENOSPC and EDQUOT (what a user must act on), else "cannot write <path>: <strerror>".
std::string io_error_text(int err, const std::filesystem::path& p);
// Every byte of data to fd, retrying short writes and EINTR; throws io_error_text on failure.
void write_all(int fd, std::string_view data, const std::filesystem::path& p);
// A temporary unique to this process and call, synced, then renamed over p: a reader (or a full
// disk) sees the old file or the new one, never half of one.
void write_file_atomic(const std::filesystem::path& p, std::string_view text);
// A file the user named (compare --output, check --junit): atomic where p is or will be a regular
// file; written in place, still checked, where it is a device or pipe (/dev/stdout).
void write_output_file(const std::filesystem::path& p, std::string_view text);

}  // namespace wb
