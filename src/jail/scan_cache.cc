#include "jail/scan_cache.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include "jail/make_dirs.h"
#include "jail/read_file.h"
#include "jail/unique_fd.h"

namespace paddock::jail {
namespace {

constexpr char kMagic[] = "paddock-scan-v1\n";

class Writer {
 public:
  void U32(uint32_t v) { Raw(&v, sizeof v); }
  void U64(uint64_t v) { Raw(&v, sizeof v); }
  void Str(const std::string& s) {
    U32(static_cast<uint32_t>(s.size()));
    out.append(s);
  }
  void Raw(const void* p, size_t n) { out.append(static_cast<const char*>(p), n); }
  std::string out;
};

class Reader {
 public:
  explicit Reader(const std::string& d) : d_(d) {}
  bool U32(uint32_t& v) { return Raw(&v, sizeof v); }
  bool U64(uint64_t& v) { return Raw(&v, sizeof v); }
  bool Str(std::string& s) {
    uint32_t n;
    if (!U32(n) || n > d_.size() - pos_) return false;
    s.assign(d_, pos_, n);
    pos_ += n;
    return true;
  }
  bool Raw(void* p, size_t n) {
    if (n > d_.size() - pos_) return false;
    std::memcpy(p, d_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  bool AtEnd() const { return pos_ == d_.size(); }

 private:
  const std::string& d_;
  size_t pos_ = 0;
};

}  // namespace

ScanCache LoadScanCache(const std::string& path, const std::string& project) {
  ScanCache cache;
  // A cache this large is not worth reading: the walk reads everything.
  constexpr size_t kMaxCacheBytes = 256u << 20;
  auto text = ReadSmallFile(path, kMaxCacheBytes, {.follow_links = false, .regular_only = true});
  if (!text) return cache;
  std::string& data = *text;
  if (data.compare(0, sizeof kMagic - 1, kMagic) != 0) return {};
  data.erase(0, sizeof kMagic - 1);
  Reader r(data);
  std::string owner;
  if (!r.Str(owner) || owner != project) return {};
  while (!r.AtEnd()) {
    std::string rel;
    ScannedDir d;
    uint64_t sec;
    uint32_t nsec, git, n;
    if (!r.Str(rel) || !r.U64(d.ino) || !r.U64(sec) || !r.U32(nsec) || !r.U32(git) || !r.U32(n)) return {};
    d.ctime_sec = static_cast<int64_t>(sec);
    d.ctime_nsec = nsec;
    d.has_git = git != 0;
    for (uint32_t i = 0; i < n; ++i) {
      std::string name;
      if (!r.Str(name)) return {};
      d.subdirs.push_back(std::move(name));
    }
    cache.emplace(std::move(rel), std::move(d));
  }
  return cache;
}

void SaveScanCache(const std::string& path, const std::string& project, const ScanCache& cache) {
  Writer w;
  w.Raw(kMagic, sizeof kMagic - 1);
  w.Str(project);
  for (const auto& [rel, d] : cache) {
    w.Str(rel);
    w.U64(d.ino);
    w.U64(static_cast<uint64_t>(d.ctime_sec));
    w.U32(d.ctime_nsec);
    w.U32(d.has_git ? 1 : 0);
    w.U32(static_cast<uint32_t>(d.subdirs.size()));
    for (const auto& s : d.subdirs) w.Str(s);
  }
  std::string dir = path.substr(0, path.find_last_of('/'));
  if (!MakeDirs(dir, 0700)) return;
  std::string tmp = path + ".tmp." + std::to_string(getpid());
  UniqueFd fd(open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd.valid()) return;
  bool ok = write(fd.get(), w.out.data(), w.out.size()) == static_cast<ssize_t>(w.out.size());
  fd.reset();
  if (!ok || rename(tmp.c_str(), path.c_str()) != 0) unlink(tmp.c_str());
}

}  // namespace paddock::jail
