// Everything the child needs, prepared by the parent before clone, so the
// child only makes system calls: no parsing, no allocation decisions.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <vector>

#include "jail/landlock.h"
#include "jail/seccomp.h"
#include "plan/launch_plan.h"

namespace paddock::jail {

// A failure in the child, sent to the parent as one fixed-size record.
struct ChildError {
  enum Kind : int32_t { kSetup = 1, kExec = 2 } kind = kSetup;
  int32_t err = 0;
  char message[1000] = {};
};

struct ChildContext {
  const plan::LaunchPlan* plan = nullptr;
  int sync_fd = -1;   // read: one byte = go; EOF = the parent is gone
  int error_fd = -1;  // write, close-on-exec: a ChildError, or EOF at exec
  int report_fd = -1; // write, close-on-exec, non-blocking: pid 1's reports (init.h)
  // Per mount op: a prepared detached tree (idmapped, made by the parent), or -1.
  std::vector<int> prepared_trees;
  std::vector<int> trees;  // per mount op: the mount, kept to make it read-only last
  SeccompProgram seccomp;
  LandlockProgram landlock;
  int cap_last_cap = 40;
  std::vector<char*> argv;  // null-terminated, point into plan
  std::vector<char*> envp;
};

// Stage implementations (src/jail/*.cc). Each returns 0 or fills `error`.
// Reports a failure: "cannot <op> <object>: <strerror(err)>".
void SetChildError(ChildError& error, int err, const char* op, const char* object);

// mounts.cc: opens host sources (with the invoker's access), then builds
// the jail's root and pivots into it.
bool OpenMountSources(ChildContext& ctx, ChildError& error);
bool BuildRoot(ChildContext& ctx, ChildError& error);
// identity.cc: hostname, loopback, ids, capabilities, no_new_privs.
bool SetupIdentity(const ChildContext& ctx, ChildError& error);
bool BringUpLoopback(ChildError& error);
bool SwitchIds(const ChildContext& ctx, ChildError& error);
bool DropCapabilities(const ChildContext& ctx, ChildError& error);

// child.cc
[[noreturn]] void ChildMain(ChildContext& ctx);

}  // namespace paddock::jail
