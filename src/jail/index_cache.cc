#include "jail/index_cache.h"

#include "jail/cache_file.h"

namespace paddock::jail {
namespace {

constexpr char kMagic[] = "paddock-index-v1\n";

}  // namespace

IndexCache LoadIndexCache(const std::string& path) {
  IndexCache cache;
  constexpr size_t kMaxCacheBytes = 64u << 20;
  auto data = LoadCacheFile(path, kMagic, kMaxCacheBytes);
  if (!data) return cache;
  CacheReader r(*data);
  while (!r.AtEnd()) {
    std::string index;
    CachedIndex c;
    uint32_t n;
    if (!r.Str(index) || !r.Str(c.identity) || !r.Str(c.unreadable) || !r.U32(n) || c.identity.empty()) return {};
    for (uint32_t i = 0; i < n; ++i) {
      std::string e;
      if (!r.Str(e)) return {};
      c.hidden.insert(std::move(e));
    }
    cache.emplace(std::move(index), std::move(c));
  }
  return cache;
}

void SaveIndexCache(const std::string& path, const IndexCache& cache) {
  CacheWriter w;
  w.Raw(kMagic, sizeof kMagic - 1);
  for (const auto& [index, c] : cache) {
    w.Str(index);
    w.Str(c.identity);
    w.Str(c.unreadable);
    w.U32(static_cast<uint32_t>(c.hidden.size()));
    for (const auto& e : c.hidden) w.Str(e);
  }
  SaveCacheFile(path, w.out);
}

}  // namespace paddock::jail
