// Which files a Bash layer reads or writes, for applying Read/Edit rules to
// Bash commands (docs/policy-semantics.md §Matching, docs/policy.md "Read
// rules").
//
// Reads: every argument of every program that names a path is a read, apart
// from a short list of programs that never read file contents (ls, stat,
// mkdir, rm, echo, ...). Recognised readers (cat, grep, sed, ...) have their
// operands parsed precisely; other programs contribute each argument that
// looks like a path, option values (--file=PATH), NAME=PATH, @PATH and
// key=@PATH. Writes: recognised writers and redirect targets.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rules/tree_filter.h"
#include "rules/units.h"

namespace paddock::rules {

struct FileAccess {
  std::string path;  // as written (normalised word)
  bool write = false;
  // From a recognised reader or writer, whose operands are known to be
  // files. Otherwise an argument of another program: a dynamic one is only
  // a possible read when it names what a rule protects (see evaluate.cc).
  bool recognised = true;
  // A write that may also create or remove what is below the path (`cp -r
  // SRC DIR`, `rm -r DIR`, `tar -x -C DIR`), or a read of everything below
  // it (`grep -r KEY .`, `tar cf - ~`): it touches a protected path inside it.
  bool below = false;
  // `below` only when the write creates the path (a copy's destination that
  // does not exist yet): never for the working directory or one above it,
  // which exist, so `mv x /tmp` writes /tmp/x and not all of /tmp.
  bool below_if_created = false;
  // A change of mode, owner or attributes (chmod, chown, chattr): Edit rules
  // judge it, Read rules do not.
  bool metadata_only = false;
  // The directory a relative path is in, when not the unit's (env -C DIR).
  std::optional<std::string> cwd = std::nullopt;
  // What a recursive reader skips below the path (grep --exclude=.env).
  TreeFilter filter = {};
};

// File operands of one layer.
std::vector<FileAccess> LayerFileAccesses(const Words& layer);
// Files a unit's redirections read (<) or write (>, >>, &>, ...).
std::vector<FileAccess> RedirectAccesses(const std::vector<Redir>& redirects);
// Files that variables in a command's environment make it write: git's
// GIT_TRACE* to an absolute path, SSLKEYLOGFILE.
std::vector<FileAccess> EnvironmentAccesses(const std::vector<Assign>& env);
// Output redirect that needs no approval: /dev/null or an fd duplication.
bool IsHarmlessOutput(const Redir& r);
bool IsOutputRedirect(const Redir& r);
// Programs that never read the contents of the files they are given.
bool NeverReadsContents(const std::string& command_name);
// Programs without a Tool entry that read, copy or send whole trees they are
// given (tar, zip, rsync, scp, ag): a directory argument reads what is below it.
bool ReadsTrees(const std::string& command_name);

}  // namespace paddock::rules
