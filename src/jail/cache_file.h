// paddock's own caches in its state directory (the project walk, compiled
// seccomp filters): binary records in the host's byte order, written whole to
// a new file and renamed into place, so a reader sees an old or a new cache,
// never half of one. Losing or refusing a cache only costs time: every user
// of one treats anything unexpected as "no cache".
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace paddock::jail {

class CacheWriter {
 public:
  void U32(uint32_t v) { Raw(&v, sizeof v); }
  void U64(uint64_t v) { Raw(&v, sizeof v); }
  void Str(const std::string& s);
  void Raw(const void* p, size_t n) { out.append(static_cast<const char*>(p), n); }
  std::string out;
};

class CacheReader {
 public:
  explicit CacheReader(const std::string& data) : d_(data) {}
  bool U32(uint32_t& v) { return Raw(&v, sizeof v); }
  bool U64(uint64_t& v) { return Raw(&v, sizeof v); }
  bool Str(std::string& s);
  bool Raw(void* p, size_t n);
  // Steps over `n` bytes, which the caller reads in place from Pos().
  bool Skip(size_t n) {
    if (n > d_.size() - pos_) return false;
    pos_ += n;
    return true;
  }
  size_t Pos() const { return pos_; }
  size_t Left() const { return d_.size() - pos_; }
  bool AtEnd() const { return pos_ == d_.size(); }

 private:
  const std::string& d_;
  size_t pos_ = 0;
};

// Atomically replaces `path` (mode 0600, parents made 0700); best effort.
void SaveCacheFile(const std::string& path, const std::string& bytes);

// The content after `magic`, or nothing: missing, larger than `max_bytes`, a
// symbolic link or not a regular file, not the user's own or writable by
// others, or another format.
std::optional<std::string> LoadCacheFile(const std::string& path, const std::string& magic, size_t max_bytes);

}  // namespace paddock::jail
