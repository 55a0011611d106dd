// Test seams (plan::TestSeams): the one place that reads them from the
// environment. Compiled in only with the CMake option PADDOCK_TEST_SEAMS
// (on when the tests are built); without it this reads nothing and the
// binary holds none of their names.
#pragma once

#include <cstdint>

#include "plan/host_facts.h"

namespace paddock::jail {

// Sets host.test_seams from host.env (a variable set to anything but "" or
// "0" turns its seam on); a no-op in a build without test seams.
void ReadTestSeams(plan::HostFacts& host);

// PADDOCK_TEST_AUDIT_ROTATE_BYTES: the audit log's rotation size, so a test
// can rotate it with a few lines (0: unset, or a build without seams).
uint64_t AuditRotateBytesSeam();

// PADDOCK_TEST_FAIL_CGROUP_ATTACH: attaching the jail to its cgroup fails, so
// a test can see the run stop with the reason and leave nothing (false in a
// build without seams).
bool FailCgroupAttachSeam();

// PADDOCK_TEST_KILL_JAIL_BEFORE_CGROUP: the jail is killed before paddock
// confirms its cgroup, as when a stage fails meanwhile, so a test can see
// paddock report it instead of dying of SIGPIPE.
bool KillJailBeforeCgroupSeam();

// PADDOCK_TEST_SWAP_PATHS=WHEN:A:B: exchanges the paths A and B
// (renameat2 RENAME_EXCHANGE) at step WHEN ("placeholders": before they are
// made; "mounts": after the mount sources are opened; "placeholders+mounts":
// both, so the path is back before the run ends), as an agent racing the
// host-side paddock would; a no-op in a build without seams.
void SwapPathsSeam(const char* when);

}  // namespace paddock::jail
