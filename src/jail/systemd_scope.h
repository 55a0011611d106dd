// A delegated cgroup v2 subtree from the user's systemd manager, for a
// rootless run whose own cgroup is not delegated (an ssh or console login
// session: session-N.scope belongs to root). paddock asks the manager for a
// transient scope with Delegate=yes holding this process, as
// `systemd-run --user --scope -p Delegate=yes` would, then moves itself into
// a leaf of it so the scope's root may enable controllers for the jail's leaf
// ("no internal processes"; jail/cgroup.cc). The scope ends with paddock:
// systemd stops and removes an empty scope.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

#include "base/error.h"

namespace paddock::jail {

// The D-Bus address of the private socket of `uid`'s systemd manager
// ("unix:path=<runtime dir>/systemd/private"), or "" when there is none that
// `uid` owns. `runtime_dir` "" = $XDG_RUNTIME_DIR when `uid` owns it, else
// /run/user/<uid>. Reads only.
std::string UserManagerAddress(uid_t uid, const std::string& runtime_dir = "");

// Starts the transient scope `unit` (a name ending in ".scope") holding this
// process through the manager at `address` and waits for it to be running:
// this process is then in the scope's cgroup. `tasks_max` is
// the scope's TasksMax: systemd's default for a unit (15% of the kernel's
// thread limit: 2310 tasks on a 2 GiB machine) would otherwise cap the
// jail's planned pids limit below what paddock reports.
Status StartSystemdScope(const std::string& address, const std::string& unit, std::optional<uint64_t> tasks_max);

}  // namespace paddock::jail
