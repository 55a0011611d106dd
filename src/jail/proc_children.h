// The children of a process, from every thread's /proc/<pid>/task/<tid>/children
// (Linux 3.5+; a child belongs to the thread that forked it).
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace paddock::jail {

// In the order the kernel lists them; empty once the process is gone.
std::vector<pid_t> ChildrenOf(pid_t pid, const std::string& proc = "/proc");

}  // namespace paddock::jail
