// A failure in the child, sent to paddock as one fixed-size record over the
// error pipe: the child cannot allocate, so it fills fixed buffers.
#pragma once

#include <cstdint>
#include <string>

namespace paddock::jail {

struct ChildError {
  // kSetup: a stage of the child failed (exit 125). kExec: the command could
  // not be executed (126, or 127 when it does not exist).
  enum Kind : int32_t { kSetup = 1, kExec = 2 } kind = kSetup;
  int32_t err = 0;
  char stage[32] = {};  // the failing stage's name (child.h), set for kSetup
  char message[1000] = {};
};

// Child side, async-signal-safe. Fills "cannot <op> <object>: <strerror(err)>".
void SetChildError(ChildError& error, int err, const char* op, const char* object);
// SetChildError with the current errno; returns false (`return Fail...;`).
bool FailWithErrno(ChildError& error, const char* op, const char* object);

// Parent side: what the user reads after "paddock: ". A setup failure names
// its stage ("stage mounts: cannot bind-mount /x: ..."); an exec failure is
// about the user's command and says only that.
std::string DescribeChildError(const ChildError& error);

}  // namespace paddock::jail
