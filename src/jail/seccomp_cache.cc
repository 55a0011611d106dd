#include "jail/seccomp_cache.h"

#include <seccomp.h>

#include <cstdio>
#include <cstring>
#include <string_view>

#include "base/strings.h"
#include "jail/cache_file.h"

namespace paddock::jail {
namespace {

constexpr char kMagic[] = "paddock-seccomp-v1\n";
constexpr size_t kMaxCacheBytes = 4u << 20;

// What the compiled program depends on besides the profile.
std::string CacheKey(const plan::SeccompProfile& profile) {
  return SeccompLibraryVersion() + "/api" + std::to_string(seccomp_api_get()) + "/" + plan::NativeSeccompArch() + "\n" +
         plan::SeccompProfileKey(profile);
}

std::string CachePath(const std::string& dir, const std::string& key) {
  char name[32];
  snprintf(name, sizeof name, "%016llx.bpf", static_cast<unsigned long long>(StableHash(key)));
  return dir + "/" + name;
}

void PutFilter(CacheWriter& w, const std::vector<sock_filter>& f) {
  w.U32(static_cast<uint32_t>(f.size()));
  w.Raw(f.data(), f.size() * sizeof(sock_filter));
}

bool GetFilter(CacheReader& r, std::vector<sock_filter>& f) {
  uint32_t n;
  constexpr uint32_t kMaxInstructions = 4096;  // BPF_MAXINSNS
  if (!r.U32(n) || n > kMaxInstructions) return false;
  f.resize(n);
  return r.Raw(f.data(), n * sizeof(sock_filter));
}

std::string Serialize(const std::string& key, const SeccompProgram& p) {
  CacheWriter w;
  w.Raw(kMagic, sizeof kMagic - 1);
  w.Str(key);
  w.U32(p.flags);
  PutFilter(w, p.instructions);
  PutFilter(w, p.guard);
  w.U32(static_cast<uint32_t>(p.skipped.size()));
  for (const auto& s : p.skipped) w.Str(s);
  // Last: a damaged file (a flipped bit, a short write) must not become a
  // different filter.
  w.U64(StableHash(std::string_view(w.out).substr(sizeof kMagic - 1)));
  return w.out;
}

std::optional<SeccompProgram> Load(const std::string& path, const std::string& key) {
  auto data = LoadCacheFile(path, kMagic, kMaxCacheBytes);
  uint64_t sum = 0;
  if (!data || data->size() < sizeof sum) return std::nullopt;
  std::memcpy(&sum, data->data() + data->size() - sizeof sum, sizeof sum);
  data->resize(data->size() - sizeof sum);
  if (StableHash(*data) != sum) return std::nullopt;
  CacheReader r(*data);
  std::string stored_key;
  SeccompProgram p;
  uint32_t skipped = 0;
  // The whole key, not its hash: a collision must never hand a run another
  // profile's filter.
  if (!r.Str(stored_key) || stored_key != key || !r.U32(p.flags) || !GetFilter(r, p.instructions) ||
      p.instructions.empty() || !GetFilter(r, p.guard) || !r.U32(skipped))
    return std::nullopt;
  for (uint32_t i = 0; i < skipped; ++i) {
    std::string s;
    if (!r.Str(s)) return std::nullopt;
    p.skipped.push_back(std::move(s));
  }
  if (!r.AtEnd()) return std::nullopt;
  return p;
}

}  // namespace

Result<SeccompProgram> CompileSeccompCached(const plan::SeccompProfile& profile, const std::string& cache_dir) {
  if (cache_dir.empty()) return CompileSeccomp(profile);
  std::string key = CacheKey(profile);
  std::string path = CachePath(cache_dir, key);
  if (auto cached = Load(path, key)) return std::move(*cached);
  auto compiled = CompileSeccomp(profile);
  if (compiled) SaveCacheFile(path, Serialize(key, *compiled));
  return compiled;
}

}  // namespace paddock::jail
