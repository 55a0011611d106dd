#include "git/index.h"

namespace paddock::git {
namespace {

constexpr size_t kStatBytes = 40;  // ctime, mtime (sec, nsec), dev, ino, mode, uid, gid, size
constexpr uint16_t kAssumeValid = 0x8000, kExtended = 0x4000, kNameMask = 0x0fff;
constexpr uint16_t kSkipWorktree = 0x4000;

class Reader {
 public:
  explicit Reader(std::string_view d) : d_(d) {}
  bool Has(size_t n) const { return n <= d_.size() - pos_; }
  uint32_t U32() {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(d_[pos_++]);
    return v;
  }
  uint16_t U16() {
    uint16_t v =
        static_cast<uint16_t>((static_cast<unsigned char>(d_[pos_]) << 8) | static_cast<unsigned char>(d_[pos_ + 1]));
    pos_ += 2;
    return v;
  }
  void Skip(size_t n) { pos_ += n; }
  size_t pos() const { return pos_; }
  std::string_view Rest() const { return d_.substr(pos_); }
  // Git's offset varint (varint.c): 7 bits a byte, each continuation adds one.
  bool Varint(uint64_t& out) {
    if (!Has(1)) return false;
    unsigned char c = static_cast<unsigned char>(d_[pos_++]);
    uint64_t v = c & 127;
    while (c & 128) {
      if (!Has(1) || v >= (1ull << 56)) return false;
      c = static_cast<unsigned char>(d_[pos_++]);
      v = ((v + 1) << 7) | (c & 127);
    }
    out = v;
    return true;
  }

 private:
  std::string_view d_;
  size_t pos_ = 0;
};

// A v4 path: a count of bytes to strip from the previous path, then a
// NUL-terminated suffix. Returns what is wrong, or "".
std::string ReadPathV4(Reader& r, std::string& previous) {
  uint64_t strip;
  if (!r.Varint(strip) || strip > previous.size()) return "bad path compression";
  size_t nul = r.Rest().find('\0');
  if (nul == std::string_view::npos) return "unterminated path";
  previous.resize(previous.size() - strip);
  previous += r.Rest().substr(0, nul);
  r.Skip(nul + 1);
  return "";
}

// A v2/v3 path: NUL-padded so the entry (which began at `start`) is a
// multiple of 8 bytes long; its length is in the flags unless it is 0xfff or
// longer.
std::string ReadPathV2(Reader& r, size_t start, uint16_t flags, std::string& previous) {
  size_t nul = r.Rest().find('\0');
  if (nul == std::string_view::npos) return "unterminated path";
  size_t len = flags & kNameMask;
  if (len < kNameMask && len != nul) return "path length mismatch";
  previous.assign(r.Rest().substr(0, nul));
  size_t entry_len = r.pos() - start + nul;
  size_t padded = (entry_len + 8) & ~size_t{7};
  if (!r.Has(padded - (r.pos() - start))) return "truncated entry";
  r.Skip(padded - (r.pos() - start));
  return "";
}

// One entry; `previous` is the path of the entry before (v4 compresses
// against it). Returns what is wrong, or "".
std::string ReadEntry(Reader& r, size_t hash_size, ParsedIndex& out, std::string& previous) {
  size_t start = r.pos();
  if (!r.Has(kStatBytes + hash_size + 2)) return "truncated entry";
  r.Skip(kStatBytes + hash_size);
  uint16_t flags = r.U16();
  IndexEntry e;
  e.assume_unchanged = flags & kAssumeValid;
  if (flags & kExtended) {
    if (out.version < 3 || !r.Has(2)) return "bad extended flags in entry";
    e.skip_worktree = r.U16() & kSkipWorktree;
  }
  std::string error = out.version == 4 ? ReadPathV4(r, previous) : ReadPathV2(r, start, flags, previous);
  if (!error.empty()) return error + (error == "truncated entry" ? "" : " in entry");
  ++out.entries;
  if (e.assume_unchanged || e.skip_worktree) {
    e.path = previous;
    out.flagged.push_back(std::move(e));
  }
  return "";
}

// Extensions: 4-byte signature, 4-byte size; the trailing checksum is
// exactly hash_size bytes.
void ReadExtensions(Reader& r, size_t hash_size, ParsedIndex& out) {
  while (r.Has(8 + hash_size)) {
    std::string_view sig = r.Rest().substr(0, 4);
    r.Skip(4);
    uint32_t size = r.U32();
    if (sig == "link") out.split = true;
    if (!r.Has(size)) break;
    r.Skip(size);
  }
}

}  // namespace

ParsedIndex ParseIndex(std::string_view data, size_t hash_size) {
  ParsedIndex out;
  Reader r(data);
  if (!r.Has(12) || data.substr(0, 4) != "DIRC") {
    out.error = "not an index file";
    return out;
  }
  r.Skip(4);
  out.version = r.U32();
  if (out.version < 2 || out.version > 4) {
    out.error = "unsupported index version " + std::to_string(out.version);
    return out;
  }
  uint32_t count = r.U32();
  std::string previous;
  for (uint32_t i = 0; i < count; ++i) {
    std::string error = ReadEntry(r, hash_size, out, previous);
    if (!error.empty()) {
      out.error = error + " " + std::to_string(i);
      return out;
    }
  }
  ReadExtensions(r, hash_size, out);
  return out;
}

}  // namespace paddock::git
