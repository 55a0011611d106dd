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
  struct stat st {};
  bool have_stat = fstat(fd.get(), &st) == 0;
  if (options.regular_only) {
    if (!have_stat) return SysError(options.op, path, errno);
    if (!S_ISREG(st.st_mode)) return OpError(options.op, path, "not a regular file");
  }
  // Read straight into the string, sized from fstat (a git index of 20k
  // entries is 1.4 MiB, read on every run): one copy, no regrowth. The
  // extra byte shows end of file, or a file that grew past the limit,
  // without another allocation; /proc files say size 0 and grow as read.
  size_t expected = have_stat && S_ISREG(st.st_mode) && st.st_size > 0 ? static_cast<size_t>(st.st_size) : 0;
  if (expected > limit && !options.truncate) return OpError(options.op, path, "larger than " + SizeText(limit));
  std::string text(std::max<size_t>(std::min(expected, limit) + 1, 4096), '\0');
  size_t len = 0;
  for (;;) {
    if (len == text.size()) text.resize(text.size() * 2);
    ssize_t n = read(fd.get(), text.data() + len, text.size() - len);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN) return SysError(options.op, path, errno);
    if (n <= 0) break;  // end of file, or an empty FIFO (EAGAIN)
    len += static_cast<size_t>(n);
    if (len > limit) {
      if (!options.truncate) return OpError(options.op, path, "larger than " + SizeText(limit));
      len = limit;
      break;
    }
  }
  text.resize(len);
  return text;
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
