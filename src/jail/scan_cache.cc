#include "jail/scan_cache.h"

#include "jail/cache_file.h"

namespace paddock::jail {
namespace {

constexpr char kMagic[] = "paddock-scan-v2\n";

}  // namespace

ScanCache LoadScanCache(const std::string& path, const std::string& project) {
  ScanCache cache;
  // A cache this large is not worth reading: the walk reads everything.
  constexpr size_t kMaxCacheBytes = 256u << 20;
  auto data = LoadCacheFile(path, kMagic, kMaxCacheBytes);
  if (!data) return cache;
  CacheReader r(*data);
  std::string owner;
  if (!r.Str(owner) || owner != project) return {};
  while (!r.AtEnd()) {
    std::string rel;
    ScannedDir d;
    uint64_t sec;
    uint32_t nsec, git, names, n;
    if (!r.Str(rel) || !r.U64(d.ino) || !r.U64(sec) || !r.U32(nsec) || !r.U32(git) || !r.U32(names) || !r.U32(n))
      return {};
    d.ctime_sec = static_cast<int64_t>(sec);
    d.ctime_nsec = nsec;
    d.has_git = git != 0;
    d.git_dir_names = names;
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
  CacheWriter w;
  w.Raw(kMagic, sizeof kMagic - 1);
  w.Str(project);
  for (const auto& [rel, d] : cache) {
    w.Str(rel);
    w.U64(d.ino);
    w.U64(static_cast<uint64_t>(d.ctime_sec));
    w.U32(d.ctime_nsec);
    w.U32(d.has_git ? 1 : 0);
    w.U32(d.git_dir_names);
    w.U32(static_cast<uint32_t>(d.subdirs.size()));
    for (const auto& s : d.subdirs) w.Str(s);
  }
  SaveCacheFile(path, w.out);
}

}  // namespace paddock::jail
