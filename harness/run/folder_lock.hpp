// Claims a results folder for one `wattbench run`: a lock file created with O_CREAT|O_EXCL and
// holding the owner's pid, host and start time, so two runs can never share one folder.
#pragma once
#include <filesystem>
#include <string>

namespace wb {

class FolderLock {
 public:
  static constexpr const char* kFileName = ".wattbench.lock";
  // Throws ConfigError naming the holder when a live process holds the folder. A lock left by
  // a process that no longer runs on this host is taken over; `note` then says so.
  FolderLock(const std::filesystem::path& dir, std::string& note);
  ~FolderLock();  // removes the lock file
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

 private:
  std::filesystem::path m_path;
};

}  // namespace wb
