#include "jail/read_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "jail/unique_fd.h"

namespace paddock::jail {
namespace {

std::string SizeText(size_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " bytes";
}

}  // namespace

Result<std::string> ReadSmallFile(const std::string& path, size_t limit, ReadOptions options) {
  int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | (options.follow_links ? 0 : O_NOFOLLOW);
  UniqueFd fd(open(path.c_str(), flags));
  if (!fd.valid()) return SysError(options.op, path, errno);
  if (options.regular_only) {
    struct stat st;
    if (fstat(fd.get(), &st) != 0) return SysError(options.op, path, errno);
    if (!S_ISREG(st.st_mode)) return OpError(options.op, path, "not a regular file");
  }
  std::string text;
  char buf[65536];
  for (;;) {
    ssize_t n = read(fd.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return text;  // an empty FIFO
    if (n < 0) return SysError(options.op, path, errno);
    if (n == 0) return text;
    if (text.size() + static_cast<size_t>(n) > limit) {
      if (!options.truncate) return OpError(options.op, path, "larger than " + SizeText(limit));
      text.append(buf, limit - text.size());
      return text;
    }
    text.append(buf, static_cast<size_t>(n));
  }
}

std::vector<std::string> ListDir(const std::string& dir) {
  std::vector<std::string> names;
  if (DIR* d = opendir(dir.c_str())) {
    while (struct dirent* ent = readdir(d)) {
      std::string name = ent->d_name;
      if (name != "." && name != "..") names.push_back(name);
    }
    closedir(d);
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace paddock::jail
