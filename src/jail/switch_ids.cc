#include "jail/switch_ids.h"

#include <grp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

namespace paddock::jail {

bool SwitchIds(ChildContext& ctx, ChildError& error) {
  const auto& plan = *ctx.plan;
  if (plan.drop_groups && setgroups(0, nullptr) != 0) return FailWithErrno(error, "drop", "supplementary groups");
  if (setresgid(plan.inside_gid, plan.inside_gid, plan.inside_gid) != 0)
    return FailWithErrno(error, "switch to", "the jail's group id");
  if (setresuid(plan.inside_uid, plan.inside_uid, plan.inside_uid) != 0)
    return FailWithErrno(error, "switch to", "the jail's user id");
  prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  return true;
}

}  // namespace paddock::jail
