// What applying an --overlay run does to the project's git refs, and which
// of those ref updates `paddock apply` refuses (docs/overlay.md, "Git").
// Inside the overlay the agent commits, resets and prunes as it likes; on
// the way into the real repository a protected branch may only move
// forward, existing tags stay where they are and no replace ref appears,
// unless the user names the ref (`--rewrite NAME`). Pure: the changes and
// the refs' text in, refusals out; whether one commit is an ancestor of
// another is asked of the caller.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "changes/apply_rules.h"
#include "changes/change.h"
#include "git/refs.h"

namespace paddock::changes {

struct RefProtection {
  // Branch patterns (git::BranchPatternMatches): the run's --protect-branch
  // and its defaults, plus apply's own --protect-branch.
  std::vector<std::string> branches;
  // --rewrite NAME: a branch, tag or replace-ref name, or a full ref name.
  std::vector<std::string> named;
};

// Is `path` (project-relative) one of git's ref files: .git/packed-refs or
// at or below .git/refs?
bool IsRefPath(const std::string& path);

// A deletion in git's object store (at or below .git/objects): what `git gc
// --prune` or a repack did in the overlay. Never applied: objects are
// immutable and only the host's own gc may drop them, so a refused ref
// rewrite never leaves a branch pointing at pruned commits. `paddock
// apply` drops it from the run instead.
bool SkippedOnApply(const Change& change);

// The refs once `selected` is applied to a repository whose refs are
// `host`: each selected change at or below .git/refs and to
// .git/packed-refs replaces the host's; `upper_text(path)` reads what the
// run's upper dir holds at a project-relative path.
git::RefStore RefsAfter(const git::RefStore& host, const std::vector<Change>& selected,
                        const std::function<std::string(const std::string&)>& upper_text);

// Does `update` need a fast-forward check (a protected branch, moved, not
// named)?
bool NeedsAncestryCheck(const git::RefUpdate& update, const RefProtection& protection);

// Why `update` may not be applied, or none. `fast_forward`: for updates
// NeedsAncestryCheck wants, whether old_oid is an ancestor of new_oid
// (none: it could not be told, `problem` says why: refused, fail closed).
std::optional<Refusal> RefRefusal(const git::RefUpdate& update, const RefProtection& protection,
                                  std::optional<bool> fast_forward, const std::string& problem = "");

// One ref update as `paddock changes` shows it and apply judges it.
struct RefReview {
  git::RefUpdate update;
  std::optional<bool> fast_forward;  // asked only where NeedsAncestryCheck
  std::string refused;               // RefRefusal's reason, "" when it applies
};

// "ref main 5d1c0e2a9b3f -> 8e77f0c1d2a4 (fast-forward)", "ref v2 created
// at ...", "ref feature deleted (was ...)", with "(rewrites history)" where
// the new commit does not descend from the old.
std::string RefLine(const RefReview& review);

// Selected changes git's stores must never see, refused whatever is named:
// anything but a regular file among the refs; an object file or pack
// rewritten in place, or turned into something else (objects never change
// once written: different bytes under the same name corrupt the
// repository); an object moved away (a rename would delete its old path).
// The multi-pack-index and .git/objects/info are indexes git rewrites.
std::vector<Refusal> GitStoreRefusals(const std::vector<Change>& selected);

}  // namespace paddock::changes
