#include "jail/scan_cache.h"

#include <algorithm>
#include <limits>
#include <unordered_map>

#include "jail/cache_file.h"

namespace paddock::jail {
namespace {

// The format's version: a cache of another one is not read (v4 held 32
// agent config bits, v5 holds 64), and the walk then reads everything.
constexpr char kMagic[] = "paddock-scan-v5\n";

constexpr uint32_t kTrusted = 1;
constexpr uint32_t kHasGit = 2;

// Bytes of a record with an empty name: the smallest there is.
constexpr size_t kMinRecord = 4 + 1 + 8 + 8 + 4 + 4 + 4 + 8 + 4 + 4;

bool ByName(const WalkedDir* a, const WalkedDir* b) { return a->name < b->name; }

}  // namespace

const CachedDir* ScanCache::Child(const CachedDir& d, std::string_view name) const {
  auto kids = Children(d);
  auto it = std::lower_bound(kids.begin(), kids.end(), name,
                             [&](const CachedDir& k, std::string_view n) { return NameView(k) < n; });
  return it != kids.end() && NameView(*it) == name ? &*it : nullptr;
}

ScanCache LoadScanCache(const std::string& path, const std::string& project) {
  // A cache this large is not worth reading: the walk reads everything.
  constexpr size_t kMaxCacheBytes = 256u << 20;
  static_assert(kMaxCacheBytes <= std::numeric_limits<uint32_t>::max(), "name offsets are 32 bits");
  auto data = LoadCacheFile(path, kMagic, kMaxCacheBytes);
  if (!data) return {};
  ScanCache cache;
  cache.data_ = std::move(*data);
  CacheReader r(cache.data_);
  std::string owner;
  uint32_t count;
  if (!r.Str(owner) || owner != project || !r.U32(count) || count > r.Left() / kMinRecord) return {};
  cache.dirs_.resize(count);
  for (uint32_t i = 0; i < count; ++i) {
    CachedDir& d = cache.dirs_[i];
    uint64_t sec;
    uint32_t flags;
    if (!r.U32(d.name_size) || r.Left() <= d.name_size) return {};
    d.name_offset = static_cast<uint32_t>(r.Pos());
    if (!r.Skip(d.name_size) || cache.data_[r.Pos()] != '\0' || !r.Skip(1)) return {};
    if (!r.U64(d.ino) || !r.U64(sec) || !r.U32(d.ctime_nsec) || !r.U32(flags) || !r.U32(d.git_dir_names) ||
        !r.U64(d.agent_configs) || !r.U32(d.first_child) || !r.U32(d.child_count))
      return {};
    // Breadth-first order: children come after their parent, so the records
    // form a tree (no loop) and every range lies inside the file.
    if (d.child_count > 0 && (d.first_child <= i || d.first_child > count || d.child_count > count - d.first_child))
      return {};
    d.ctime_sec = static_cast<int64_t>(sec);
    d.trusted = (flags & kTrusted) != 0;
    d.has_git = (flags & kHasGit) != 0;
  }
  if (!r.AtEnd()) return {};
  return cache;
}

void SaveScanCache(const std::string& path, const std::string& project, std::span<const WalkedDir* const> dirs) {
  const WalkedDir* root = nullptr;
  std::unordered_map<const WalkedDir*, std::vector<const WalkedDir*>> kids;
  for (const WalkedDir* d : dirs) {
    if (!d->parent) root = d;
    else kids[d->parent].push_back(d);
  }
  if (!root) return;
  // Numbered breadth first: a directory's subdirectories are consecutive.
  std::vector<const WalkedDir*> order{root};
  order.reserve(dirs.size());
  std::vector<std::pair<uint32_t, uint32_t>> range;  // first child, count
  range.reserve(dirs.size());
  for (size_t i = 0; i < order.size(); ++i) {
    auto it = kids.find(order[i]);
    if (it == kids.end()) {
      range.emplace_back(0, 0);
      continue;
    }
    std::sort(it->second.begin(), it->second.end(), ByName);
    range.emplace_back(static_cast<uint32_t>(order.size()), static_cast<uint32_t>(it->second.size()));
    order.insert(order.end(), it->second.begin(), it->second.end());
  }
  CacheWriter w;
  w.Raw(kMagic, sizeof kMagic - 1);
  w.Str(project);
  w.U32(static_cast<uint32_t>(order.size()));
  for (size_t i = 0; i < order.size(); ++i) {
    const WalkedDir& d = *order[i];
    w.U32(static_cast<uint32_t>(d.name.size()));
    w.Raw(d.name.data(), d.name.size());
    w.Raw("", 1);
    w.U64(d.ino);
    w.U64(static_cast<uint64_t>(d.ctime_sec));
    w.U32(d.ctime_nsec);
    w.U32((d.trusted ? kTrusted : 0) | (d.has_git ? kHasGit : 0));
    w.U32(d.git_dir_names);
    w.U64(d.agent_configs);
    w.U32(range[i].first);
    w.U32(range[i].second);
  }
  SaveCacheFile(path, w.out);
}

}  // namespace paddock::jail
