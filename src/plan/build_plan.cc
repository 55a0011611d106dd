#include "plan/build_plan.h"

#include <cstdio>
#include <utility>

#include "base/strings.h"
#include "plan/hardening_plan.h"
#include "plan/limits_plan.h"
#include "policy/env_filter.h"

namespace paddock::plan {
namespace {

Status CheckProject(const policy::Policy& policy, const HostFacts& host) {
  const auto& dir = policy.project_dir;
  auto kind = host.KindOf(dir);
  if (kind == PathKind::kMissing) return OpError("use project", dir, "No such file or directory");
  if (kind != PathKind::kDirectory) return OpError("use project", dir, "Not a directory");
  // Jailing "/" or the whole home would make everything it guards writable.
  if (dir == "/" || PathIsWithin(host.home, dir))
    return OpError("use project", dir,
                   "it is / or contains your home directory; run paddock inside a project directory");
  return Ok();
}

std::vector<std::string> DefaultCommand(const HostFacts& host) {
  auto shell = host.env.find("SHELL");
  if (shell != host.env.end() && host.KindOf(shell->second) != PathKind::kMissing &&
      (StartsWith(shell->second, "/usr/") || StartsWith(shell->second, "/bin/")))
    return {shell->second};
  return {kDefaultShell};
}

}  // namespace

const char* const kDefaultShell = "/bin/bash";

namespace {

// <name>-<hash>: the project's base name made safe, and a hash of its path.
std::string ProjectKey(const std::string& project_dir) {
  std::string base = project_dir.substr(project_dir.find_last_of('/') + 1);
  std::string safe;
  for (char c : base) safe += (isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
  if (safe.empty() || safe[0] == '.') safe = "project" + safe;
  char hash[17];
  snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(StableHash(project_dir)));
  return safe.substr(0, 64) + "-" + hash;
}

// " (and paddock-hook, paddock-init beside it)" for the ones there are.
std::string BinariesBeside(const HostFacts& host) {
  std::string names;
  for (const auto& [exe, name] : {std::pair{&host.hook_exe, "paddock-hook"}, std::pair{&host.init_exe, "paddock-init"}})
    if (!exe->empty()) names += (names.empty() ? "" : ", ") + std::string(name);
  return names.empty() ? "" : " (and " + names + " beside it)";
}

}  // namespace

std::string JailHomeFor(const std::string& state_dir, const std::string& project_dir) {
  return state_dir + "/homes/" + ProjectKey(project_dir);
}

std::string OverlayRunsFor(const std::string& state_dir, const std::string& project_dir) {
  return state_dir + "/overlays/" + ProjectKey(project_dir);
}

std::string AuditLogFor(const std::string& asked, const std::string& state_dir) {
  if (asked == kNoAuditLog) return "";
  if (!asked.empty() || state_dir.empty()) return asked;
  return state_dir + "/audit.log";
}

std::string ScanCacheFor(const std::string& state_dir, const std::string& project_dir) {
  if (state_dir.empty()) return "";
  char hash[17];
  snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(StableHash(project_dir)));
  return state_dir + "/scan/" + hash;
}

Result<LaunchPlan> BuildPlan(const policy::Policy& policy, const HostFacts& host) {
  if (auto st = CheckProject(policy, host); !st) return st.error();
  LaunchPlan plan;
  plan.argv = policy.command.empty() ? DefaultCommand(host) : policy.command;
  plan.cwd = policy.project_dir;
  plan.hostname = policy.hostname;
  plan.net = policy.net;
  plan.namespaces.net = policy.net != policy::NetMode::kHost;
  plan.keep_fds = policy.pass_fds;
  plan.degrade = policy.degrade;
  plan.stats = policy.stats;
  plan.audit_log = AuditLogFor(policy.audit_log, host.state_dir);
  if (!plan.audit_log.empty() && PathIsWithin(plan.audit_log, policy.project_dir))
    plan.hardening_warnings.push_back("the audit log " + plan.audit_log +
                                      " is inside the project, which the jail can write: a run can forge or erase "
                                      "its records; keep it outside the project");
  // The jail could replace it, and the user starts it outside any jail next
  // (a checkout of paddock run from its build directory). Protecting the file
  // would not do: the command can rename its directory and make another.
  if (!host.self_exe.empty() && PathIsWithin(host.self_exe, policy.project_dir))
    plan.hardening_warnings.push_back("paddock's own binary " + host.self_exe + BinariesBeside(host) +
                                      " is inside the project, which the jail can write: the command can replace it, "
                                      "and the next paddock started from there runs unjailed; use one installed "
                                      "outside the project");
  plan.profile = policy.profile;
  plan.preset = policy.preset;
  plan.verbosity = policy.verbosity;
  plan.jail_home_host = JailHomeFor(host.state_dir, policy.project_dir);
  plan.jail_home_target = host.home;

  if (auto st = PlanIdentity(policy, host, plan); !st) return st.error();
  if (auto st = PlanMounts(policy, host, plan); !st) return st.error();
  auto proxy_env = PlanNetwork(policy, host, plan);
  if (!proxy_env) return proxy_env.error();

  std::map<std::string, std::string> fixed = std::move(*proxy_env);
  fixed["HOME"] = host.home;
  fixed["PADDOCK_JAIL"] = "1";
  if (plan.inside_uid != host.uid) {
    fixed["USER"] = fixed["LOGNAME"] = "paddock";
  }
  if (!host.env.count("PATH")) fixed["PATH"] = "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin";
  plan.env = policy::FilterEnvironment(host.env, policy.env_pass, fixed);
  AddGitStatEnv(plan, plan.env);

  SeccompOptions seccomp_options;
  seccomp_options.allow_debug = policy.allow_debug;
  plan.seccomp = DefaultSeccompProfile(seccomp_options);
  plan.seccomp_enabled = true;
  if (!host.state_dir.empty()) plan.seccomp_cache_dir = host.state_dir + "/seccomp";
  if (auto st = PlanLimits(policy, host, plan); !st) return st.error();
  AddCgroupView(plan);
  // Last: Landlock rules and protected paths derive from the finished mounts.
  if (auto st = ApplyHardening(policy, host, plan); !st) return st.error();
  if (plan.namespaces.pid && plan.landlock.enabled) plan.init_binary = host.init_exe;
  return plan;
}

}  // namespace paddock::plan
