// Who the jailed command is. Run by an ordinary user: the same uid/gid inside
// as outside. Run by root: never host uid 0, because a uid-0 process in a user
// namespace still owns root's 0600 files on the host. The command then runs as
// an otherwise unused host id, and the user's data is bound through idmapped
// mounts so its writes land as the invoking user.
#include "plan/build_plan.h"

namespace paddock::plan {

Status PlanIdentity(const policy::Policy& policy, const HostFacts& host, LaunchPlan& plan) {
  plan.invoker_uid = host.uid;
  plan.invoker_gid = host.gid;
  if (host.uid != 0) {
    plan.inside_uid = plan.host_uid = host.uid;
    plan.inside_gid = plan.host_gid = host.gid;
    plan.deny_setgroups = true;  // required for an unprivileged gid_map
    plan.drop_groups = false;
    plan.use_idmapped_mounts = false;
  } else if (host.idmapped_mounts) {
    plan.inside_uid = plan.inside_gid = kRootJailInsideId;
    plan.host_uid = plan.host_gid = kRootJailHostId;
    plan.deny_setgroups = false;  // root's supplementary groups are dropped inside instead
    plan.drop_groups = true;
    plan.use_idmapped_mounts = true;
  } else if (policy.allow_host_root || policy.degrade.count(policy::kLayerIdmap)) {
    // Explicitly allowed: the command stays host uid 0 (without capabilities).
    plan.inside_uid = plan.inside_gid = 0;
    plan.host_uid = plan.host_gid = 0;
    plan.deny_setgroups = false;
    plan.drop_groups = true;
    plan.use_idmapped_mounts = false;
  } else {
    return Error{
        "cannot run as root without idmapped mounts: the jailed command would own root's files on "
        "the host (layer 'idmap'; this kernel or the project's filesystem lacks MOUNT_ATTR_IDMAP). "
        "Run paddock as an ordinary user, or pass --allow-host-root to accept it"};
  }
  plan.uid_map = {IdMapLine{plan.inside_uid, plan.host_uid, 1}};
  plan.gid_map = {IdMapLine{plan.inside_gid, plan.host_gid, 1}};
  return Ok();
}

}  // namespace paddock::plan
