// The one reader for the small files paddock looks at on the host: /proc
// and /sys entries, cgroup files, git pointers and configs, the seccomp
// profile, placeholder and cache records. Always bounded (a device such as
// /dev/zero named in their place must not exhaust memory) and O_NONBLOCK (a
// FIFO swapped in must not hang paddock: it reads as empty).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "base/error.h"

namespace paddock::jail {

struct ReadOptions {
  bool follow_links = true;   // false: a symbolic link is refused (ELOOP)
  bool regular_only = false;  // refuse anything but a regular file
  bool truncate = false;      // past the limit: keep the first `limit` bytes instead of failing
  const char* op = "read";    // the operation an error names ("cannot <op> <path>: why")
};

// The content of `path`, at most `limit` bytes. An error names the path and
// why (it cannot be opened, it is not a regular file, it is larger).
Result<std::string> ReadSmallFile(const std::string& path, size_t limit, ReadOptions options = {});

// Entry names of a directory ("." and ".." excluded), sorted; empty when it
// cannot be listed.
std::vector<std::string> ListDir(const std::string& dir);

}  // namespace paddock::jail
