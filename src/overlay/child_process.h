// Starting a helper program (diff, git) for the overlay commands and waiting
// for it: the fork, the wait and the errors that name it, in one place.
#pragma once

#include <functional>
#include <string>

#include "base/error.h"

namespace paddock::overlay {

// Runs `in_child` in a forked process, where it must exec or _exit (127 by
// convention when the program cannot be started), and waits for it. The
// wait status, or an error naming `program` when it cannot start or be
// waited for.
Result<int> RunChild(const std::string& program, const std::function<void()>& in_child);

// The wait status says the program was not found (exit 127).
bool NotStarted(int status);

}  // namespace paddock::overlay
