// Who the jailed command is. Run by an ordinary user: the same uid/gid inside
// as outside. Run by root: never host uid 0, because a uid-0 process in a user
// namespace still owns root's 0600 files on the host. The command then runs as
// an otherwise unused host id, and the user's data is bound through idmapped
// mounts so its writes land as the invoking user.
#include <algorithm>
#include <charconv>

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

// Started by root, the project's files show as the jail's uid, but the index
// the host's git wrote records root's: with git's default stat checks every
// `git status` in the jail would re-read every tracked file and rewrite the
// index with the jail's uid, and the host's next one would do the same back
// (seconds each way in a large repository). In the jail only, git compares
// modification times in whole seconds and sizes (core.checkStat=minimal,
// made for such file systems), after any GIT_CONFIG_COUNT pairs given.
void AddGitStatEnv(const LaunchPlan& plan, std::vector<std::string>& env) {
  if (!plan.use_idmapped_mounts) return;
  size_t count = 0;
  auto have =
      std::find_if(env.begin(), env.end(), [](const std::string& e) { return e.starts_with("GIT_CONFIG_COUNT="); });
  if (have != env.end()) {
    std::string_view value = std::string_view(*have).substr(sizeof("GIT_CONFIG_COUNT=") - 1);
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), count);
    if (ec != std::errc() || end != value.data() + value.size()) return;  // git refuses it anyway
    env.erase(have);
  }
  env.push_back("GIT_CONFIG_COUNT=" + std::to_string(count + 1));
  env.push_back("GIT_CONFIG_KEY_" + std::to_string(count) + "=core.checkStat");
  env.push_back("GIT_CONFIG_VALUE_" + std::to_string(count) + "=minimal");
}

}  // namespace paddock::plan
