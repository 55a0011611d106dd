// The child's timeline as a table of stages (child.cc), run in order in the
// fresh namespaces; the first stage that fails is named in the error the
// user reads ("paddock: stage mounts: cannot bind-mount /x: ...").
#pragma once

#include <span>

#include "jail/child_context.h"

namespace paddock::jail {

// One step of the child's timeline. `run` returns false with `error`
// filled. It runs between clone and exec of a multi-threaded parent, so it
// only makes system calls: no allocation (the parent prepared everything).
struct ChildStage {
  const char* name;  // what the user reads: "stage <name>: ..."
  bool (*run)(ChildContext& ctx, ChildError& error);
};

// The child's stages, in order.
std::span<const ChildStage> ChildStages();

// Runs `stages` in order; at the first that fails, copies its name into
// error.stage and returns false.
bool RunChildStages(std::span<const ChildStage> stages, ChildContext& ctx, ChildError& error);

// The child's entry after clone: runs ChildStages(). The last, "init",
// becomes pid 1 and does not return; a failed stage is written to
// ctx.error_fd and the child exits 125.
[[noreturn]] void ChildMain(ChildContext& ctx);

}  // namespace paddock::jail
