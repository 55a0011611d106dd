#include "jail/cache_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include "jail/make_dirs.h"
#include "jail/read_file.h"
#include "jail/unique_fd.h"

namespace paddock::jail {

void CacheWriter::Str(const std::string& s) {
  U32(static_cast<uint32_t>(s.size()));
  out.append(s);
}

bool CacheReader::Str(std::string& s) {
  uint32_t n;
  if (!U32(n) || n > d_.size() - pos_) return false;
  s.assign(d_, pos_, n);
  pos_ += n;
  return true;
}

bool CacheReader::Raw(void* p, size_t n) {
  if (n > d_.size() - pos_) return false;
  if (n == 0) return true;  // p may be null for an empty field
  std::memcpy(p, d_.data() + pos_, n);
  pos_ += n;
  return true;
}

void SaveCacheFile(const std::string& path, const std::string& bytes) {
  std::string dir = path.substr(0, path.find_last_of('/'));
  if (!MakeDirs(dir, 0700)) return;
  std::string tmp = path + ".tmp." + std::to_string(getpid());
  UniqueFd fd(open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd.valid()) return;
  bool ok = write(fd.get(), bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
  fd.reset();
  if (!ok || rename(tmp.c_str(), path.c_str()) != 0) unlink(tmp.c_str());
}

std::optional<std::string> LoadCacheFile(const std::string& path, const std::string& magic, size_t max_bytes) {
  struct stat st;
  // Written by this user only: another user's file (or a group-writable
  // one) could have been planted to steer the run.
  if (lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 022) != 0)
    return std::nullopt;
  auto text = ReadSmallFile(path, max_bytes, {.follow_links = false, .regular_only = true});
  if (!text || text->compare(0, magic.size(), magic) != 0) return std::nullopt;
  text->erase(0, magic.size());
  return std::move(*text);
}

}  // namespace paddock::jail
