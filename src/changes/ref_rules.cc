#include "changes/ref_rules.h"

#include "base/strings.h"

namespace paddock::changes {
namespace {

constexpr const char* kRefsDir = ".git/refs";
constexpr const char* kPackedRefs = ".git/packed-refs";
constexpr const char* kObjectsDir = ".git/objects";

std::string RefName(const std::string& path) { return path.substr(5); }  // ".git/refs/x" -> "refs/x"

void EraseAtOrBelow(git::RefValues& refs, const std::string& ref) {
  for (auto it = refs.begin(); it != refs.end();) it = AtOrBelow(it->first, ref) ? refs.erase(it) : std::next(it);
}

bool StartsWith(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

bool Named(const std::string& ref, const RefProtection& p) {
  for (const auto& n : p.named)
    if (ref == n || ref == "refs/heads/" + n || ref == "refs/tags/" + n || ref == "refs/replace/" + n) return true;
  return false;
}

bool ProtectedBranch(const std::string& ref, const RefProtection& p) {
  if (!StartsWith(ref, "refs/heads/")) return false;
  std::string branch = ref.substr(11);
  for (const auto& pattern : p.branches)
    if (git::BranchPatternMatches(pattern, branch)) return true;
  return false;
}

std::string Short(const std::string& oid) { return oid.substr(0, 12); }

std::string ShortRef(const std::string& ref) {
  for (const char* prefix : {"refs/heads/", "refs/tags/", "refs/replace/"})
    if (StartsWith(ref, prefix)) return ref.substr(std::string(prefix).size());
  return ref;
}

// Applies one change at or below .git/refs to the loose refs. Changes come
// sorted by path: a directory's before its entries'.
void ApplyLoose(git::RefValues& loose, const Change& c, const std::function<std::string(const std::string&)>& text) {
  if (c.kind == ChangeKind::kRenamed && AtOrBelow(c.from, kRefsDir)) EraseAtOrBelow(loose, RefName(c.from));
  if (!AtOrBelow(c.path, kRefsDir) || c.kind == ChangeKind::kModeChanged) return;
  EraseAtOrBelow(loose, RefName(c.path));  // what was there (a file, a directory of refs) is replaced
  if (c.kind == ChangeKind::kDeleted || c.new_type != EntryType::kFile) return;
  std::string value = git::LooseRefValue(text(c.path));
  if (!value.empty()) loose[RefName(c.path)] = value;  // a symbolic or broken ref names no commit
}

// At or below .git/objects, and not one of the indexes git rewrites there.
bool InObjectStore(const std::string& path) {
  if (!AtOrBelow(path, kObjectsDir) || AtOrBelow(path, ".git/objects/info")) return false;
  return !StartsWith(path, ".git/objects/pack/multi-pack-index");
}

}  // namespace

bool IsRefPath(const std::string& path) { return path == kPackedRefs || AtOrBelow(path, kRefsDir); }

bool SkippedOnApply(const Change& change) {
  return change.kind == ChangeKind::kDeleted && AtOrBelow(change.path, kObjectsDir);
}

git::RefStore RefsAfter(const git::RefStore& host, const std::vector<Change>& selected,
                        const std::function<std::string(const std::string&)>& upper_text) {
  git::RefStore after = host;
  for (const auto& c : selected) {
    ApplyLoose(after.loose, c, upper_text);
    bool packed_gone = (c.kind == ChangeKind::kRenamed && c.from == kPackedRefs) ||
                       (c.path == kPackedRefs && (c.kind == ChangeKind::kDeleted || c.new_type != EntryType::kFile));
    if (packed_gone) after.packed.clear();
    // A deletion of .git or .git/refs as a whole takes every ref with it.
    if ((c.kind == ChangeKind::kDeleted || c.kind == ChangeKind::kTypeChanged) && AtOrBelow(kRefsDir, c.path)) {
      after.loose.clear();
      if (AtOrBelow(kPackedRefs, c.path)) after.packed.clear();
    }
    if (c.path == kPackedRefs && c.kind != ChangeKind::kDeleted && c.new_type == EntryType::kFile)
      after.packed = git::ParsePackedRefs(upper_text(c.path));
  }
  return after;
}

bool NeedsAncestryCheck(const git::RefUpdate& update, const RefProtection& protection) {
  return !update.old_oid.empty() && !update.new_oid.empty() && ProtectedBranch(update.ref, protection) &&
         !Named(update.ref, protection);
}

std::optional<Refusal> RefRefusal(const git::RefUpdate& u, const RefProtection& p, std::optional<bool> fast_forward,
                                  const std::string& problem) {
  if (Named(u.ref, p)) return std::nullopt;
  std::string name = ShortRef(u.ref);
  std::string hint = "; name it with --rewrite " + name + " to apply it";
  Refusal r{"ref " + u.ref, ""};
  if (ProtectedBranch(u.ref, p)) {
    if (u.old_oid.empty()) return std::nullopt;
    if (u.new_oid.empty()) r.reason = "it deletes the protected branch " + name;
    else if (!fast_forward)
      r.reason = "cannot tell whether it rewrites the protected branch " + name + " (" + problem + ")";
    else if (!*fast_forward)
      r.reason = "it rewrites the history of the protected branch " + name + ": " + Short(u.old_oid) +
                 " is not an ancestor of " + Short(u.new_oid);
    else return std::nullopt;
  } else if (StartsWith(u.ref, "refs/tags/") && !u.old_oid.empty()) {
    r.reason = u.new_oid.empty() ? "it deletes the tag " + name : "it moves the tag " + name;
  } else if (StartsWith(u.ref, "refs/replace/") && !u.new_oid.empty()) {
    r.reason = "a replace ref makes host git show another object in place of " + Short(name);
  } else {
    return std::nullopt;
  }
  r.reason += hint;
  return r;
}

std::string RefLine(const RefReview& r) {
  const auto& u = r.update;
  std::string line = "ref " + ShortRef(u.ref) + " ";
  if (u.old_oid.empty()) line += "created at " + Short(u.new_oid);
  else if (u.new_oid.empty()) line += "deleted (was " + Short(u.old_oid) + ")";
  else line += Short(u.old_oid) + " -> " + Short(u.new_oid);
  if (r.fast_forward) line += *r.fast_forward ? " (fast-forward)" : " (rewrites history)";
  return TerminalSafe(line);  // the names and ids come from the run's files
}

std::vector<Refusal> GitStoreRefusals(const std::vector<Change>& selected) {
  std::vector<Refusal> out;
  for (const auto& c : selected) {
    bool odd = c.new_type == EntryType::kSymlink || c.new_type == EntryType::kSpecial;
    if (c.kind != ChangeKind::kDeleted && IsRefPath(c.path) && odd)
      out.push_back({c.path, "git's refs hold regular files only; a " + std::string(TypeName(c.new_type)) +
                                 " there is never applied"});
    if (c.kind == ChangeKind::kRenamed && InObjectStore(c.from))
      out.push_back({c.from + " -> " + c.path, "it would delete a git object of the repository"});
    bool rewritten = c.kind == ChangeKind::kTypeChanged || (c.kind == ChangeKind::kModified && !c.directory);
    if (InObjectStore(c.path) && rewritten)
      out.push_back({c.path,
                     "git objects never change once written; different content there would corrupt the "
                     "repository"});
  }
  return out;
}

}  // namespace paddock::changes
