// Git's references as files (gitrepository-layout(5)): loose refs
// (refs/heads/main holding an object name, or "ref: ..." for a symbolic
// one), packed-refs, HEAD, and which branches a repository's config says
// track an upstream. paddock reads them to tell a fast-forward from a
// rewritten history when an --overlay run's refs are applied
// (docs/overlay.md). Pure: text in, values out.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "git/config.h"

namespace paddock::git {

// Full ref name ("refs/heads/main") -> object name (lower-case hex).
using RefValues = std::map<std::string, std::string>;

// A repository's refs as two sources: a loose ref wins over its packed one.
struct RefStore {
  RefValues loose;
  RefValues packed;
  RefValues Effective() const;
};

// The object name a loose ref file holds: 40 (SHA-1) or 64 (SHA-256) hex
// digits and a newline. "" for a symbolic ref or anything else.
std::string LooseRefValue(std::string_view text);

// packed-refs: "<oid> <ref>" lines; the "# pack-refs with:" header, peeled
// "^<oid>" lines and malformed lines are skipped.
RefValues ParsePackedRefs(std::string_view text);

// The branch HEAD's "ref: refs/heads/NAME" names, or "" (detached, other).
std::string HeadBranch(std::string_view head_text);

// Branches with an upstream: every branch.NAME.merge of the config.
std::vector<std::string> TrackedBranches(const ParsedConfig& config);

// Does a --protect-branch pattern match the branch `name` ("main",
// "release/1.0")? A pattern is a name, or holds `*` for any run of
// characters ("release/*").
bool BranchPatternMatches(std::string_view pattern, std::string_view name);

struct RefUpdate {
  std::string ref;      // "refs/heads/main"
  std::string old_oid;  // "" when it is created
  std::string new_oid;  // "" when it is deleted
};

// The refs whose value differs between `before` and `after`, by name.
std::vector<RefUpdate> RefUpdates(const RefValues& before, const RefValues& after);

}  // namespace paddock::git
