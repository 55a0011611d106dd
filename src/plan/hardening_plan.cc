#include "plan/hardening_plan.h"

#include "base/strings.h"
#include "plan/landlock_rules.h"
#include "plan/no_namespaces_plan.h"
#include "plan/overlay_plan.h"
#include "plan/protected_paths.h"
#include "plan/seccomp_oci.h"

namespace paddock::plan {
namespace {

Status PlanSeccomp(const policy::Policy& policy, const HostFacts& host, LaunchPlan& plan) {
  std::string detail;
  if (policy.seccomp_profile.empty()) {
    SeccompOptions options;
    options.allow_debug = policy.allow_debug;
    plan.seccomp = DefaultSeccompProfile(options);
    detail = std::string("built-in profile") + (policy.allow_debug ? " with --allow-debug" : "");
  } else {
    // The probe reads the file (and refuses one it cannot read); a host
    // without its text is a caller's mistake, not a profile to skip.
    if (!host.seccomp_profile_text)
      return OpError("load seccomp profile", policy.seccomp_profile, "its text was not read from the host");
    OciSeccompContext ctx;
    SetKernelRelease(ctx, host.kernel_release);
    auto loaded = LoadOciSeccomp(*host.seccomp_profile_text, policy.seccomp_profile, ctx);
    if (!loaded) return loaded.error();
    plan.seccomp = std::move(*loaded);
    plan.seccomp.mandatory_guard = true;
    detail = "profile " + policy.seccomp_profile +
             " (+ mandatory guard: no setuid/setgid modes, openat2, io_uring, TIOCSTI/TIOCLINUX/TIOCSETD)";
    if (policy.allow_debug) {
      plan.hardening_warnings.push_back(
          "--allow-debug has no effect with --seccomp-profile: the profile decides about ptrace");
    }
    if (PathIsWithin(policy.seccomp_profile, policy.project_dir)) {
      plan.hardening_warnings.push_back("the seccomp profile " + policy.seccomp_profile +
                                        " is inside the project, which the jail can write: a run can "
                                        "weaken the filter the next run loads; keep it outside the project");
    }
  }
  detail += ", " + std::to_string(plan.seccomp.rules.size()) + " rules";
  plan.seccomp_enabled = true;
  if (auto st = RequireLayer(policy::kLayerSeccomp, host.seccomp, "the kernel has no seccomp filter support",
                             "use a kernel built with CONFIG_SECCOMP_FILTER", detail, plan);
      !st) {
    return st;
  }
  if (!host.seccomp) {
    plan.seccomp_enabled = false;
    // The mandatory guard goes with the layer; say what that opens.
    plan.hardening_warnings.push_back(
        "without seccomp the command can create setuid/setgid files in the project and its "
        "grants (owned by root on the host when root started paddock)");
  }
  return Ok();
}

// Before ABI 6 (Linux 6.12) Landlock cannot scope signals or abstract Unix
// sockets. Say what covers each instead: the jail's own pid namespace and
// process group keep its signals in; its own network namespace keeps the
// host's abstract sockets out, but --net host shares them.
void DescribeMissingScopes(int abi, LaunchPlan& plan, std::string& detail) {
  if (plan.namespaces.pid)
    detail += "; no signal scoping (ABI 6): the jail's own pid namespace and process group cover it";
  else detail += "; no signal scoping (ABI 6)";
  if (plan.namespaces.net) {
    detail += "; no abstract-socket scoping (ABI 6): the jail's own network namespace covers it";
    return;
  }
  detail += "; no abstract-socket scoping (ABI 6): with --net host the host's abstract sockets are reachable";
  plan.hardening_warnings.push_back("with --net host on Landlock ABI " + std::to_string(abi) +
                                    " the jail can connect to the host's abstract Unix sockets (X11, D-Bus, "
                                    "systemd's); Linux 6.12 (Landlock ABI 6) scopes them");
}

Status PlanLandlock(const policy::Policy& policy, const HostFacts& host, LaunchPlan& plan) {
  plan.landlock = DeriveLandlock(plan);
  // What is enforced is decided here, once, from the probed ABI: the jail
  // applies exactly these rights (jail/landlock.cc).
  landlock::MaskToAbi(plan.landlock, host.landlock_abi);
  int abi = plan.landlock.abi;
  std::string detail = "ABI " + std::to_string(abi) + ", " + std::to_string(plan.landlock.rules.size()) + " rules";
  if (abi > 0 && abi < 6) DescribeMissingScopes(abi, plan, detail);
  if (abi == 1) detail += "; renames across directories fail (no REFER before ABI 2)";
  if (auto st = RequireLayer(policy::kLayerLandlock, host.landlock_abi > 0,
                             "the kernel has no Landlock (needs Linux 5.13+ with CONFIG_SECURITY_LANDLOCK=y and "
                             "\"landlock\" in the lsm= boot parameter)",
                             "enable Landlock in the kernel command line (lsm=landlock,...)", detail, plan);
      !st) {
    return st;
  }
  plan.landlock.enabled = host.landlock_abi > 0;
  return Ok();
}

// Test only: a deliberate mount mistake, added after Landlock was derived,
// so a test can show Landlock alone keeping the jail out of it: the real
// home, read-write, at kExposedHomeForTest.
void WeakenForTest(const HostFacts& host, LaunchPlan& plan) {
  if (!host.test_seams.expose_home || host.home.empty()) return;
  MountOp op;
  op.type = MountType::kBind;
  op.source = host.home;
  op.target = kExposedHomeForTest;
  op.idmapped = plan.use_idmapped_mounts;
  op.why = "TEST ONLY (test seam expose-home): a mount mistake for Landlock to contain";
  plan.mounts.push_back(op);
}

// Loudly, first: a plan made under a test seam is not what this host would
// enforce.
void WarnTestSeams(const HostFacts& host, LaunchPlan& plan) {
  const TestSeams& t = host.test_seams;
  auto warn = [&](bool on, const std::string& what) {
    if (on) plan.hardening_warnings.push_back("TEST SEAM ACTIVE (test build only): " + what);
  };
  warn(t.no_landlock, "pretending the kernel has no Landlock");
  warn(t.no_seccomp, "pretending the kernel has no seccomp filters");
  warn(t.no_userns, "pretending user namespaces are refused");
  warn(t.no_cgroup, "pretending no cgroup is writable");
  warn(t.expose_home, std::string("the real home is mounted read-write at ") + kExposedHomeForTest);
  warn(!t.dns_answers.empty(), "the network proxy's host lookups are answered from a test list");
  warn(t.total_memory_bytes != 0, "pretending the host has " + std::to_string(t.total_memory_bytes) + " bytes of RAM");
}

}  // namespace

Status RequireLayer(const std::string& layer, bool available, const std::string& reason, const std::string& fix,
                    const std::string& detail, LaunchPlan& plan) {
  if (available) {
    plan.layers.push_back(LayerState{layer, true, detail});
    return Ok();
  }
  if (!plan.degrade.count(layer)) {
    return OpError("apply layer", layer, reason)
        .WithHint(fix + ", or pass --degrade " + layer + " to run without it")
        .WithLayer(layer);
  }
  plan.layers.push_back(LayerState{layer, false, "degraded (--degrade " + layer + "): " + reason});
  plan.hardening_warnings.push_back("layer " + layer + " is NOT enforced (--degrade " + layer + "): " + reason);
  return Ok();
}

void ApplyTestSeams(HostFacts& host) {
  const TestSeams& t = host.test_seams;
  if (t.no_landlock) host.landlock_abi = 0;
  if (t.no_seccomp) host.seccomp = false;
  if (t.no_userns) host.user_namespaces = false;
  if (t.total_memory_bytes) host.total_memory_bytes = t.total_memory_bytes;
  if (t.no_cgroup) {
    bool per_userns = host.cgroups.rlimit_nproc_per_userns;
    host.cgroups = CgroupFacts{};
    host.cgroups.rlimit_nproc_per_userns = per_userns;
  }
}

Status ApplyHardening(const policy::Policy& policy, const HostFacts& host, LaunchPlan& plan) {
  WarnTestSeams(host, plan);
  plan.placeholder_dir = host.state_dir.empty() ? "" : host.state_dir + "/placeholders";
  plan.stale_placeholders = host.stale_placeholders;
  if (plan.namespaces.user) {
    if (auto st = RequireLayer(policy::kLayerUserns, host.user_namespaces,
                               "this host refuses user namespaces (user.max_user_namespaces=0, "
                               "kernel.unprivileged_userns_clone=0, or a container without them)",
                               "allow them (sysctl user.max_user_namespaces=15000; on Ubuntu 24.04+ also "
                               "kernel.apparmor_restrict_unprivileged_userns=0 or an AppArmor profile for paddock)",
                               "user, mount, pid, ipc, uts, net, cgroup namespaces", plan);
        !st) {
      return st;
    }
  }
  if (auto st = PlanProtectedPaths(policy, host, plan); !st) return st;
  if (auto st = PlanOverlay(policy, host, plan); !st) return st;
  if (auto st = PlanSeccomp(policy, host, plan); !st) return st;
  // Degraded by name above: the same allow-list, as Landlock over host paths.
  if (plan.namespaces.user && !host.user_namespaces) return PlanWithoutNamespaces(policy, host, plan);
  // After the protected paths: a worktree's git dir outside the project is
  // one more writable mount.
  if (auto st = PlanLandlock(policy, host, plan); !st) return st;
  WeakenForTest(host, plan);
  return Ok();
}

}  // namespace paddock::plan
