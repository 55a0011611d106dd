#include "plan/no_namespaces_plan.h"

#include <errno.h>

#include <algorithm>

#include "base/strings.h"
#include "plan/git_identity.h"
#include "plan/landlock_rules.h"

namespace paddock::plan {
namespace {

constexpr uint32_t kAF_UNIX = 1, kAF_INET = 2, kAF_INET6 = 10, kAF_NETLINK = 16;

// What only a namespace can give: refused by name instead of run without.
Status RefuseWhatNeedsNamespaces(const policy::Policy& policy, const HostFacts& host) {
  auto refuse = [](const std::string& what, const std::string& why) {
    return Error{"cannot run without user namespaces with " + what + ": " + why}.WithLayer(policy::kLayerUserns);
  };
  if (host.uid == 0)
    return refuse("root",
                  "the command would be the host's uid 0 with only Landlock around it; run paddock as an "
                  "ordinary user");
  if (policy.net == policy::NetMode::kAllow)
    return refuse("--net allow", "the allow-list needs the jail's own network namespace; use --net none or --net host");
  if (!policy.publish.empty()) return refuse("--publish", "it needs the jail's own network namespace");
  if (!policy.etc_files.empty())
    return refuse("files added to /etc (an agent preset's managed settings)", "they need a mount namespace");
  if (!policy.seccomp_profile.empty())
    return refuse("--seccomp-profile", "the built-in filter carries the network wall in this mode");
  if (host.landlock_abi <= 0)
    return refuse("a kernel without Landlock",
                  "Landlock is then the only filesystem wall, so it cannot be missing too");
  if (!host.seccomp) return refuse("a kernel without seccomp filters", "seccomp is then the only network wall");
  return Ok();
}

MountOp HostBind(std::string path, bool writable, bool noexec) {
  MountOp op;
  op.type = MountType::kBind;
  op.source = path;
  op.target = std::move(path);
  op.read_only = !writable;
  op.noexec = noexec;
  return op;
}

// The mount plan seen from the host: each bind at its source, /etc as it is,
// /proc and the sysfs parts read-only (the host's: other processes' files
// there are not the jail's to write). Fresh filesystems (tmpfs, devpts,
// mqueue) have no host counterpart and are left out.
std::vector<MountOp> HostPathsOf(const std::vector<MountOp>& mounts) {
  std::vector<MountOp> out;
  for (const auto& op : mounts) {
    switch (op.type) {
      case MountType::kBind:
        if (op.source_in_jail) break;
        out.push_back(op);
        out.back().target = op.source;
        break;
      case MountType::kOverlay: out.push_back(HostBind(op.source, false, op.noexec)); break;
      case MountType::kProc: out.push_back(HostBind("/proc", false, true)); break;
      case MountType::kSysfs:
        for (const auto& part : op.sysfs_parts)
          if (!part.own_net_only) out.push_back(HostBind("/sys/" + part.path, false, true));
        break;
      default: break;
    }
  }
  return out;
}

// Seccomp is the network wall: no socket at all with --net none, only IP and
// netlink with --net host, and never a Unix-domain socket (Landlock does not
// govern connect() to a path: the user's systemd manager and session bus
// would run anything outside). socketpair() stays, for pipes between
// processes.
void AddSocketRules(const policy::Policy& policy, LaunchPlan& plan) {
  std::vector<uint32_t> families;
  if (policy.net == policy::NetMode::kHost) families = {kAF_INET, kAF_INET6, kAF_NETLINK};
  const char* why = policy.net == policy::NetMode::kHost
                        ? "no user namespaces: sockets only for IP and netlink (no Unix-domain sockets)"
                        : "no user namespaces: no sockets (--net none without a network namespace)";
  // EAFNOSUPPORT, as the built-in family rules say (a filter may not give
  // one condition two actions): programs read it as "no such network here".
  auto add = [&](const SeccompRule& rule) {
    for (const auto& have : plan.seccomp.rules)
      if (have.args == rule.args && have.action == rule.action && have.errno_value == rule.errno_value &&
          std::find(have.syscalls.begin(), have.syscalls.end(), rule.syscalls.front()) != have.syscalls.end())
        return;  // the built-in profile says it already
    plan.seccomp.rules.push_back(rule);
  };
  for (const auto& rule : DenyUnlessOneOf({"socket"}, 0, families, EAFNOSUPPORT, why)) add(rule);
  for (const auto& rule : DenyUnlessOneOf({"socketpair"}, 0, {kAF_UNIX}, EAFNOSUPPORT,
                                          "no user namespaces: socket pairs only of the Unix family"))
    add(rule);
}

void SetEnv(std::vector<std::string>& env, const std::string& name, const std::string& value) {
  for (auto& e : env)
    if (StartsWith(e, name + "=")) {
      e = name + "=" + value;
      return;
    }
  env.push_back(name + "=" + value);
}

// Said once, plainly: what the namespaces gave that this run does not have.
void WarnWhatIsMissing(const LaunchPlan& plan, const std::string& tmp, std::vector<std::string>& out) {
  out.push_back(
      "without user namespaces (--degrade userns): no mount, pid, network, ipc, uts or cgroup namespace. The "
      "filesystem wall is Landlock alone, over the host's own paths; the network wall is seccomp (" +
      std::string(plan.net == policy::NetMode::kHost ? "IP sockets allowed, " : "no sockets, ") +
      "never a Unix-domain socket)");
  out.push_back(
      "protected paths (.git/hooks, .git/config, agent settings) are NOT read-only in this mode: the "
      "end-of-run review reports every change to them, but not while the run lasts");
  out.push_back("HOME is the jail home itself and TMPDIR=" + tmp +
                " (kept with the home, no size cap); /tmp, /var/tmp and /dev/shm are not writable");
  out.push_back("your other processes are visible in /proc (their command lines, not their environment)");
  if (!(plan.landlock.scoped & landlock::kScopeSignal))
    out.push_back("Landlock ABI " + std::to_string(plan.landlock.abi) +
                  " cannot scope signals (ABI 6, Linux 6.12): the command can signal your other processes");
}

}  // namespace

Status PlanWithoutNamespaces(const policy::Policy& policy, const HostFacts& host, LaunchPlan& plan) {
  if (auto st = RefuseWhatNeedsNamespaces(policy, host); !st) return st;
  plan.namespaces = Namespaces{false, false, false, false, false, false, false};
  plan.uid_map.clear();
  plan.gid_map.clear();

  LaunchPlan host_view;
  host_view.mounts = HostPathsOf(plan.mounts);
  plan.landlock = DeriveLandlock(host_view);
  // The jail's "/" is a tmpfs of mount points, so listing beneath it shows
  // only what is mounted; the host's "/" would show every directory's names
  // (a right on a directory holds for all below it).
  std::erase_if(plan.landlock.rules, [](const LandlockRule& r) { return r.path == "/"; });
  landlock::MaskToAbi(plan.landlock, host.landlock_abi);
  plan.landlock.enabled = true;
  std::string detail = "ABI " + std::to_string(plan.landlock.abi) + ", " + std::to_string(plan.landlock.rules.size()) +
                       " rules over the host's paths (the only wall)";
  plan.layers.push_back(LayerState{policy::kLayerLandlock, true, detail});

  AddSocketRules(policy, plan);
  for (auto& layer : plan.layers)
    if (layer.layer == policy::kLayerSeccomp)
      layer.detail +=
          "; the network wall: " + std::string(policy.net == policy::NetMode::kHost ? "no Unix-domain sockets"
                                                                                    : "no sockets, socket pairs only");

  // Nothing is mounted, so nothing needs a mount point or a placeholder,
  // and no generated file is there to point git at.
  plan.mounts.clear();
  std::erase(plan.env, std::string("GIT_CONFIG_SYSTEM=") + kJailSystemGitConfig);
  plan.placeholders.clear();
  // Landlock cannot take writing away below the project: compared instead.
  plan.review.unguarded_paths = std::move(plan.protected_paths);
  plan.protected_paths.clear();
  std::string tmp = plan.jail_home_host + "/" + kNoNamespacesTmp;
  SetEnv(plan.env, "HOME", plan.jail_home_host);
  SetEnv(plan.env, "TMPDIR", tmp);
  WarnWhatIsMissing(plan, tmp, plan.hardening_warnings);
  return Ok();
}

}  // namespace paddock::plan
