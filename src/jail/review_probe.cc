#include "jail/review_probe.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <map>

#include "base/strings.h"
#include "git/config.h"
#include "git/config_commands.h"
#include "git/index.h"
#include "jail/index_cache.h"
#include "jail/project_scan.h"
#include "jail/read_file.h"
#include "jail/unique_fd.h"
#include "review/agent_configs.h"

namespace paddock::jail {
namespace {

constexpr size_t kMaxIndexBytes = 256u << 20;  // an index this large is not read

// A git file that must be a regular file (a symlink or FIFO planted in its
// place is not followed), at most `limit` bytes.
bool ReadFile(const std::string& path, std::string& out, size_t limit) {
  auto text = ReadSmallFile(path, limit, {.follow_links = false, .regular_only = true});
  if (!text) return false;
  out = std::move(*text);
  return true;
}

std::string Dirname(const std::string& p) { return p.substr(0, p.find_last_of('/')); }

// The directory git takes config, hooks and objects from: `commondir`
// (a linked worktree's admin dir, or one the agent made) redirects it.
std::string CommonDir(const std::string& gitdir) {
  std::string text;
  if (!ReadFile(gitdir + "/commondir", text, 4096)) return gitdir;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (text.empty()) return gitdir;
  return text[0] == '/' ? text : gitdir + "/" + text;
}

// SHA-256 repositories have 32-byte object names in the index.
size_t HashSize(const std::string& gitdir) {
  std::string text, common = CommonDir(gitdir);
  if (!ReadFile(common + "/config", text, 1 << 20)) return 20;
  for (const auto& e : git::ParseConfig(text).entries)
    if (e.Key() == "extensions.objectformat" && e.value == "sha256") return 32;
  return 20;
}

review::RepoTraits Traits(const std::string& entry) {
  review::RepoTraits t;
  struct stat st;
  if (lstat(entry.c_str(), &st) != 0) return t;
  std::string gitdir = entry;
  if (S_ISLNK(st.st_mode)) {
    char buf[PATH_MAX];
    ssize_t n = readlink(entry.c_str(), buf, sizeof buf - 1);
    t.symlink = true;
    t.pointer = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "?";
    return t;
  }
  if (S_ISREG(st.st_mode)) {
    std::string text;
    if (!ReadFile(entry, text, 4096)) return t;
    std::string target = git::GitfileTarget(text);
    if (target.empty()) return t;
    gitdir = target[0] == '/' ? target : Dirname(entry) + "/" + target;
    t.pointer = gitdir;
  }
  // Where git finds them: the common dir's config and hooks, and the git
  // dir's own config.worktree.
  std::string common = CommonDir(gitdir), config, worktree_config;
  ReadFile(common + "/config", config, 1 << 20);
  ReadFile(gitdir + "/config.worktree", worktree_config, 1 << 20);
  review::RepoTraits found = review::AnalyzeRepo(config + "\n" + worktree_config, ListDir(common + "/hooks"));
  if (common != gitdir && t.pointer.empty()) t.pointer = gitdir;
  if (common != gitdir) t.pointer += " (common dir " + common + ")";
  found.pointer = t.pointer;
  return found;
}

// What identifies an index file's content: any write changes its ctime
// (which, unlike mtime, cannot be set back), and git replaces the file (a new
// inode). Empty, never trusted, when its ctime is within two seconds of now:
// a write in the same timestamp tick would not move it.
std::string IndexIdentity(const struct stat& st) {
  struct timespec now {};
  clock_gettime(CLOCK_REALTIME, &now);
  constexpr int64_t kRacySeconds = 2;
  if (st.st_ctim.tv_sec >= now.tv_sec - kRacySeconds) return "";
  return std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino) + ":" + std::to_string(st.st_size) + ":" +
         std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec) + ":" +
         std::to_string(st.st_ctim.tv_sec) + "." + std::to_string(st.st_ctim.tv_nsec);
}

// The run left the index exactly as the first snapshot read it: its result
// stands, without reading a large index again.
bool ReuseIndex(const review::Snapshot& before, const std::string& index, const std::string& identity,
                review::Snapshot& s) {
  auto was = before.index_identity.find(index);
  if (identity.empty() || was == before.index_identity.end() || was->second != identity) return false;
  s.index_identity[index] = identity;
  if (auto it = before.hidden.find(index); it != before.hidden.end()) s.hidden[index] = it->second;
  if (auto it = before.unreadable_index.find(index); it != before.unreadable_index.end())
    s.unreadable_index[index] = it->second;
  return true;
}

// The hidden entries of the index file `index`, read and parsed.
void ReadIndex(const std::string& index, review::Snapshot& s) {
  std::string data;
  if (!ReadFile(index, data, kMaxIndexBytes)) {
    s.unreadable_index[index] = "cannot read it";
    return;
  }
  git::ParsedIndex parsed = git::ParseIndex(data, HashSize(Dirname(index)));
  if (!parsed.error.empty()) s.unreadable_index[index] = parsed.error;
  else if (parsed.split) s.unreadable_index[index] = "a split index (core.splitIndex) is not checked";
  auto& hidden = s.hidden[index];
  for (const auto& e : parsed.flagged) {
    if (e.skip_worktree) hidden.insert(std::string("skip-worktree") + '\0' + e.path);
    if (e.assume_unchanged) hidden.insert(std::string("assume-unchanged") + '\0' + e.path);
  }
}

// Each watched index is read unless it is the file read before: at the end
// of a run, by the snapshot at its start; at the start, by an earlier run
// (the index cache, saved when this snapshot read something new).
void ReadIndexes(const plan::ReviewWatch& watch, const review::Snapshot* before, review::Snapshot& s) {
  const std::string cache_path = before || watch.scan_cache.empty() ? "" : watch.scan_cache + ".index";
  IndexCache cache = cache_path.empty() ? IndexCache{} : LoadIndexCache(cache_path);
  IndexCache fresh;
  bool read = false;
  for (const auto& index : watch.index_files) {
    struct stat st;
    if (lstat(index.c_str(), &st) != 0) continue;  // no index (yet)
    std::string identity = IndexIdentity(st);
    if (before && ReuseIndex(*before, index, identity, s)) continue;
    s.index_identity[index] = identity;
    auto cached = cache.find(index);
    if (!identity.empty() && cached != cache.end() && cached->second.identity == identity) {
      if (!cached->second.hidden.empty()) s.hidden[index] = cached->second.hidden;
      if (!cached->second.unreadable.empty()) s.unreadable_index[index] = cached->second.unreadable;
      fresh.insert(*cached);
      continue;
    }
    ReadIndex(index, s);
    if (identity.empty()) continue;  // may change again unseen: not cached
    read = true;
    auto why = s.unreadable_index.find(index);
    fresh[index] = {identity, s.hidden[index], why == s.unreadable_index.end() ? "" : why->second};
  }
  if (!cache_path.empty() && (read || fresh.size() != cache.size())) SaveIndexCache(cache_path, fresh);
}

constexpr size_t kMaxFingerprintEntries = 4096;  // a bigger tree is "too large" (and so changed if it grows)
constexpr size_t kMaxFingerprintFile = 16u << 20;

// What identifies a path's content: type, size and a hash of each file, and
// of every entry below a directory (not following links, depth-first, in
// name order). Compared only with another fingerprint of the same path.
void Fingerprint(const std::string& path, const std::string& rel, int depth, std::string& out, size_t& entries) {
  if (++entries > kMaxFingerprintEntries) return;
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) {
    out += rel + " absent\n";
    return;
  }
  out += rel + " " + std::to_string(st.st_mode) + " " + std::to_string(st.st_size);
  if (S_ISLNK(st.st_mode)) {
    char buf[PATH_MAX];
    ssize_t n = readlink(path.c_str(), buf, sizeof buf - 1);
    out += " -> " + (n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string("?"));
  } else if (S_ISREG(st.st_mode)) {
    auto text = ReadSmallFile(path, kMaxFingerprintFile, {.follow_links = false, .regular_only = true});
    out += text ? " " + std::to_string(StableHash(*text)) : " unreadable " + std::to_string(st.st_mtim.tv_nsec);
  }
  out += "\n";
  if (!S_ISDIR(st.st_mode) || depth >= 16) return;
  for (const auto& name : ListDir(path)) Fingerprint(path + "/" + name, rel + "/" + name, depth + 1, out, entries);
}

constexpr size_t kMaxGitDirEntries = 20000;  // per git dir: refs and logs of a large repository

// Symbolic links below a git dir, but not in objects/ (loose objects are
// many, and git only ever creates new files there). Not followed.
void GitDirSymlinks(const std::string& dir, int depth, size_t& entries, std::map<std::string, std::string>& out) {
  for (const auto& name : ListDir(dir)) {
    if (++entries > kMaxGitDirEntries) return;
    if (depth == 0 && name == "objects") continue;
    std::string path = dir + "/" + name;
    struct stat st;
    if (lstat(path.c_str(), &st) != 0) continue;
    if (S_ISLNK(st.st_mode)) {
      char buf[PATH_MAX];
      ssize_t n = readlink(path.c_str(), buf, sizeof buf - 1);
      out[path] = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "?";
    } else if (S_ISDIR(st.st_mode) && depth < 12) {
      GitDirSymlinks(path, depth + 1, entries, out);
    }
  }
}

}  // namespace

std::string FingerprintPath(const std::string& path) {
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) return "absent";
  std::string out;
  size_t entries = 0;
  Fingerprint(path, ".", 0, out, entries);
  if (entries > kMaxFingerprintEntries) out += "too large\n";
  return out;
}

namespace {

// Fingerprints the agent and editor config entries of `dirs` (directory ->
// AgentConfigBit bits). At the start (no `before`) the first
// kMaxAgentConfigsChecked in path order; at the end those fingerprinted at
// the start: a new entry is reported as such without one, and one left
// unchecked at the start cannot be compared.
void FingerprintAgentConfigs(const std::map<std::string, uint64_t>& dirs, const review::Snapshot* before,
                             review::Snapshot& s) {
  size_t checked = 0;
  for (const auto& [dir, bits] : dirs) {
    for (std::string_view name : review::AgentConfigNames(bits)) {
      std::string path = dir + "/" + std::string(name);
      std::string& print = s.agent_configs[path];
      bool known = false, check = false;
      if (before) {
        auto was = before->agent_configs.find(path);
        known = was != before->agent_configs.end();
        check = known && !was->second.empty();
      } else {
        known = true;
        check = checked < review::kMaxAgentConfigsChecked;
      }
      if (check) {
        print = FingerprintPath(path);
        ++checked;
      } else if (known) {
        ++s.agent_configs_unchecked;
      }
    }
  }
}

// Agent and editor config at the project root that the plan does not
// protect: a name protected only while present was missing, so the run
// could create it; --unprotect let it change one. Present ones are
// fingerprinted (few: the root holds each name once); a missing one is left
// out, so one there after the run counts as created.
void FingerprintRootConfigs(const plan::ReviewWatch& watch, review::Snapshot& s) {
  for (std::string_view name : review::AgentConfigNames(review::kAllAgentConfigs)) {
    std::string path = watch.project + "/" + std::string(name);
    bool guarded = false;
    for (const auto& p : watch.protected_paths) guarded = guarded || PathIsWithin(path, p);
    if (guarded) continue;
    std::string print = FingerprintPath(path);
    if (print != "absent") s.agent_configs[path] = std::move(print);
  }
}

}  // namespace

review::Snapshot TakeReviewSnapshot(const plan::ReviewWatch& watch, const review::Snapshot* before) {
  review::Snapshot s;
  if (!watch.project.empty()) {
    if (!before) {
      s.git_entries.insert(watch.known_git_entries.begin(), watch.known_git_entries.end());
      s.bare_git_dirs = watch.known_bare_git_dirs;
      s.too_deep.insert(watch.known_too_deep.begin(), watch.known_too_deep.end());
      FingerprintAgentConfigs(watch.known_agent_configs, nullptr, s);
    } else {
      auto scan = FindNestedGitEntries(watch.project, watch.scan_cache, ScanCacheUse::kReadWrite);
      s.git_entries.insert(scan.entries.begin(), scan.entries.end());
      s.bare_git_dirs = std::move(scan.bare_git_dirs);
      s.too_deep.insert(scan.too_deep.begin(), scan.too_deep.end());
      FingerprintAgentConfigs(scan.agent_configs, before, s);
    }
    FingerprintRootConfigs(watch, s);
  }
  for (const auto& path : watch.unguarded_paths) s.unguarded[path] = FingerprintPath(path);
  for (const auto& path : watch.mode_paths) {
    struct stat st;
    if (lstat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) s.modes[path] = st.st_mode & 07777;
  }
  for (const auto& dir : watch.modules_dirs) {
    for (auto& g : FindModuleGitDirs(dir)) s.module_git_dirs.insert(std::move(g));
  }
  ReadIndexes(watch, before, s);
  for (const auto& index : watch.index_files) {  // <git dir>/index: one per git dir watched
    size_t entries = 0;
    GitDirSymlinks(Dirname(index), 0, entries, s.git_symlinks);
  }
  for (const auto& todo : watch.todo_files) {
    std::string text;
    if (ReadFile(todo, text, 16u << 20)) {
      auto lines = review::TodoExecLines(text);
      if (!lines.empty()) s.todo_exec[todo] = std::move(lines);
    }
  }
  if (before) {
    for (const auto& e : s.git_entries)
      if (!before->git_entries.count(e)) s.traits[e] = Traits(e);
    for (const auto& g : s.module_git_dirs)
      if (!before->module_git_dirs.count(g)) s.traits[g] = Traits(g);
    for (const auto& [dir, names] : s.bare_git_dirs)
      if (review::BareRepoChanged(*before, dir, names)) s.traits[dir] = Traits(dir);
  }
  return s;
}

}  // namespace paddock::jail
