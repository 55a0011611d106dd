// The git side of `paddock apply` (docs/overlay.md, "Git"): the refs of the
// real repository, the ones an apply would leave, and whether a moved
// branch only moved forward, asked of host git with the run's new objects
// visible as alternates. Reads only; changes/ref_rules.h decides.
#pragma once

#include <string>
#include <vector>

#include "base/error.h"
#include "changes/ref_rules.h"
#include "git/refs.h"
#include "overlay/run_store.h"

namespace paddock::overlay {

// The loose refs below `project`/.git/refs and its packed-refs (none when
// the project has no .git directory of its own; a .git file or link is a
// repository elsewhere, which an --overlay run cannot change).
Result<git::RefStore> ReadHostRefs(const std::string& project);

// The branches a run protects when the user named none: the one the
// project's HEAD is on when the run starts and every branch with an
// upstream in .git/config. Nothing readable: none.
std::vector<std::string> DefaultProtectedBranches(const std::string& project);

// Is `old_oid` an ancestor of `new_oid`? `git merge-base --is-ancestor` in
// the real repository, with the .git/objects of each of `uppers` (a run's
// upper dir, then its bases') as alternate object stores, no user or
// system config, and nothing run from the repository's config (no
// fsmonitor). An error when git cannot say (not installed, an object
// missing).
Result<bool> IsAncestor(const std::string& project, const std::vector<std::string>& uppers, const std::string& old_oid,
                        const std::string& new_oid);

// The ref updates `selected` would make, each judged (ref_rules): what
// `paddock changes` shows. None when no selected change touches a ref. A
// stacked run's updates are from the refs its pending bases leave.
Result<std::vector<changes::RefReview>> ReviewRefs(const StoredRun& stored,
                                                   const std::vector<changes::Change>& selected,
                                                   const changes::RefProtection& protection);

// Every reason the ref updates of `selected` may not be applied (ref_rules).
Result<std::vector<changes::Refusal>> RefRefusals(const StoredRun& stored, const std::vector<changes::Change>& selected,
                                                  const changes::RefProtection& protection);

}  // namespace paddock::overlay
