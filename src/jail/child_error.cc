#include "jail/child_error.h"

#include <errno.h>

#include <cstdio>
#include <cstring>

namespace paddock::jail {

void SetChildError(ChildError& error, int err, const char* op, const char* object) {
  error.err = err;
  snprintf(error.message, sizeof error.message, "cannot %s %s: %s", op, object, strerror(err));
}

bool FailWithErrno(ChildError& error, const char* op, const char* object) {
  SetChildError(error, errno, op, object);
  return false;
}

std::string DescribeChildError(const ChildError& error) {
  // The record crossed a pipe: never trust its strings to be terminated.
  std::string message(error.message, strnlen(error.message, sizeof error.message));
  if (error.kind == ChildError::kExec) return message;
  std::string stage(error.stage, strnlen(error.stage, sizeof error.stage));
  return "stage " + (stage.empty() ? std::string("unknown") : stage) + ": " + message;
}

}  // namespace paddock::jail
