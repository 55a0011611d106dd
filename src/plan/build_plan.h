// BuildPlan: Policy + HostFacts -> LaunchPlan. Pure: every path, id map line,
// mount, env entry and argv is decided here, before anything is cloned.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/error.h"
#include "plan/host_facts.h"
#include "plan/launch_plan.h"
#include "policy/policy.h"

namespace paddock::plan {

// The command when none is given, unless $SHELL is a system shell.
extern const char* const kDefaultShell;

Result<LaunchPlan> BuildPlan(const policy::Policy& policy, const HostFacts& host);

// The persistent jail home of a project: <state_dir>/homes/<name>-<hash>.
std::string JailHomeFor(const std::string& state_dir, const std::string& project_dir);

// Where --overlay runs of a project wait for review, one directory per run:
// <state_dir>/overlays/<name>-<hash> (the jail home's naming).
std::string OverlayRunsFor(const std::string& state_dir, const std::string& project_dir);

// The audit log of a run: --audit-log FILE, none for "none"
// (kNoAuditLog), else <state_dir>/audit.log ("" without a state dir).
inline constexpr const char* kNoAuditLog = "none";
std::string AuditLogFor(const std::string& asked, const std::string& state_dir);

// <state_dir>/scan/<hash> ("" without a state dir).
std::string ScanCacheFor(const std::string& state_dir, const std::string& project_dir);

// Identity: who the command is inside and on the host, and the id maps.
Status PlanIdentity(const policy::Policy& policy, const HostFacts& host, LaunchPlan& plan);
// Root's runs: git in the jail does not take the uid it sees for a change.
void AddGitStatEnv(const LaunchPlan& plan, std::vector<std::string>& env);

// Host paths whose kinds PlanMounts and BuildPlan read from HostFacts: the
// system dirs, secrets to mask, the resolver link, the shell, the policy's
// paths. One list, so probing and planning cannot drift apart.
std::vector<std::string> HostPathsToProbe(const policy::Policy& policy, const std::map<std::string, std::string>& env);

// Whether `path` is below a system directory the jail shows read-only at the
// same path (/usr, /opt, /etc, ...): a program there needs no grant.
bool InSystemDir(const std::string& path);

// The filesystem view, in mount order.
Status PlanMounts(const policy::Policy& policy, const HostFacts& host, LaunchPlan& plan);
// A larger /etc/hosts (a blocklist) stays the host's: the jail's name is
// then resolved by nothing.
inline constexpr size_t kMaxEtcHostsBytes = 4u << 20;
// The jail's /etc/hosts: the host's entries without the host's own name,
// then the jail's name at 127.0.1.1.
std::string JailHostsFile(const std::string& host_file, const std::string& host_name, const std::string& jail_name);

// /sys/fs/cgroup: the jail's own cgroup, read-only, where the limits use
// one (after PlanLimits; PlanMounts made /sys).
void AddCgroupView(LaunchPlan& plan);

}  // namespace paddock::plan
