#include "changes/change.h"

#include <algorithm>
#include <map>
#include <set>

namespace paddock::changes {
namespace {

bool IsDeletion(const UpperFact& f) { return f.type == EntryType::kWhiteout || f.hidden_by_opaque; }

Change Base(const UpperFact& f) {
  Change c;
  c.path = f.path;
  c.old_type = f.host.type;
  c.new_type = f.type;
  c.old_mode = f.host.type == EntryType::kMissing ? 0 : f.host.mode;
  c.new_mode = f.mode;
  c.directory = f.type == EntryType::kDirectory;
  c.origin = f.origin;
  c.hidden_by_opaque = f.hidden_by_opaque;
  c.host_ctime_ns = f.host.ctime_ns;
  c.host_parent_ctime_ns = f.host_parent_ctime_ns;
  return c;
}

// Both sides are of the same type: what differs, if anything.
std::optional<Change> CompareSameType(const UpperFact& f, Change c) {
  switch (f.type) {
    case EntryType::kDirectory:
      if (f.mode == f.host.mode) return std::nullopt;
      c.kind = ChangeKind::kModeChanged;
      return c;
    case EntryType::kFile:
      if (!f.same_content) c.kind = ChangeKind::kModified;
      else if (f.mode != f.host.mode) c.kind = ChangeKind::kModeChanged;
      else return std::nullopt;
      return c;
    case EntryType::kSymlink:
      if (f.link_target == f.host.link_target) return std::nullopt;
      c.kind = ChangeKind::kModified;
      return c;
    default:  // special files cannot be compared: shown, never applied
      c.kind = ChangeKind::kModified;
      return c;
  }
}

bool IsAddedFile(const Change& c) { return c.kind == ChangeKind::kAdded && c.new_type == EntryType::kFile; }
bool IsDeletedFile(const Change& c) { return c.kind == ChangeKind::kDeleted && c.old_type == EntryType::kFile; }

Change MakeRename(const Change& added, const Change& deleted) {
  Change r = added;
  r.kind = ChangeKind::kRenamed;
  r.from = deleted.path;
  r.old_type = EntryType::kFile;
  r.old_mode = deleted.old_mode;
  r.from_host_ctime_ns = deleted.host_ctime_ns;
  r.from_hidden_by_opaque = deleted.hidden_by_opaque;
  r.origin = false;  // copied up at the old path: the rename explains it
  return r;
}

}  // namespace

bool Change::ModeChanged() const {
  if (old_type == EntryType::kMissing || new_type == EntryType::kMissing) return false;
  if (old_type == EntryType::kSymlink || new_type == EntryType::kSymlink) return false;
  return old_mode != new_mode;
}

std::optional<Change> Classify(const UpperFact& f) {
  Change c = Base(f);
  const HostState& host = f.host;
  if (IsDeletion(f)) {
    if (host.type == EntryType::kMissing) return std::nullopt;  // the host deleted it too
    c.kind = ChangeKind::kDeleted;
    c.new_type = EntryType::kMissing;
    c.new_mode = 0;
    c.directory = host.type == EntryType::kDirectory;
    return c;
  }
  if (host.type == EntryType::kMissing) {
    c.kind = ChangeKind::kAdded;  // new, or renamed (copied up elsewhere), or deleted on the host (FindConflicts)
    return c;
  }
  if (host.type != f.type) {
    c.kind = ChangeKind::kTypeChanged;
    return c;
  }
  return CompareSameType(f, std::move(c));
}

std::vector<size_t> RenameCandidates(const std::vector<UpperFact>& facts) {
  std::set<int64_t> added_sizes, deleted_sizes;
  std::vector<std::pair<size_t, int64_t>> added, deleted;
  for (size_t i = 0; i < facts.size(); ++i) {
    auto c = Classify(facts[i]);
    if (!c) continue;
    if (IsAddedFile(*c) && facts[i].size > 0) {
      added_sizes.insert(facts[i].size);
      added.emplace_back(i, facts[i].size);
    } else if (IsDeletedFile(*c) && facts[i].host.size > 0) {
      deleted_sizes.insert(facts[i].host.size);
      deleted.emplace_back(i, facts[i].host.size);
    }
  }
  std::vector<size_t> out;
  for (auto [i, size] : added)
    if (deleted_sizes.count(size)) out.push_back(i);
  for (auto [i, size] : deleted)
    if (added_sizes.count(size)) out.push_back(i);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Change> ClassifyAll(const std::vector<UpperFact>& facts) {
  std::vector<Change> all;
  // (size, hash) -> the deleted files with them, in path order
  std::map<std::pair<int64_t, std::string>, std::vector<size_t>> deleted_by_content;
  std::vector<std::pair<size_t, std::pair<int64_t, std::string>>> added;
  for (const auto& f : facts) {
    auto c = Classify(f);
    if (!c) continue;
    all.push_back(std::move(*c));
    const Change& last = all.back();
    if (f.content_hash.empty()) continue;
    if (IsDeletedFile(last) && f.host.size > 0)
      deleted_by_content[{f.host.size, f.content_hash}].push_back(all.size() - 1);
    if (IsAddedFile(last) && f.size > 0) added.push_back({all.size() - 1, {f.size, f.content_hash}});
  }
  for (auto& [key, list] : deleted_by_content)
    std::sort(list.begin(), list.end(), [&](size_t a, size_t b) { return all[a].path < all[b].path; });
  std::sort(added.begin(), added.end(),
            [&](const auto& a, const auto& b) { return all[a.first].path < all[b.first].path; });
  std::vector<bool> gone(all.size(), false);
  for (const auto& [index, key] : added) {
    auto it = deleted_by_content.find(key);
    if (it == deleted_by_content.end() || it->second.empty()) continue;
    size_t del = it->second.front();
    it->second.erase(it->second.begin());
    all[index] = MakeRename(all[index], all[del]);
    gone[del] = true;
  }
  std::vector<Change> out;
  for (size_t i = 0; i < all.size(); ++i)
    if (!gone[i]) out.push_back(std::move(all[i]));
  std::sort(out.begin(), out.end(), [](const Change& a, const Change& b) { return a.path < b.path; });
  return out;
}

bool AtOrBelow(const std::string& path, const std::string& dir) {
  if (dir.empty()) return true;
  return path == dir || (path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/');
}

const char* KindName(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::kAdded: return "added";
    case ChangeKind::kModified: return "modified";
    case ChangeKind::kDeleted: return "deleted";
    case ChangeKind::kRenamed: return "renamed";
    case ChangeKind::kTypeChanged: return "type-changed";
    case ChangeKind::kModeChanged: return "mode-changed";
  }
  return "?";
}

const char* TypeName(EntryType type) {
  switch (type) {
    case EntryType::kMissing: return "missing";
    case EntryType::kFile: return "file";
    case EntryType::kDirectory: return "directory";
    case EntryType::kSymlink: return "symlink";
    case EntryType::kWhiteout: return "whiteout";
    case EntryType::kSpecial: return "special";
  }
  return "?";
}

}  // namespace paddock::changes
