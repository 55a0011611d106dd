#include "plan/limits_plan.h"

#include <cinttypes>
#include <cstdio>

namespace paddock::plan {
namespace {

// Which single cgroup version this jail uses: v2 where a writable subtree
// offers controllers, else v1 where a hierarchy is writable. Never both: a
// controller lives in one version on a given host.
CgroupMode ChooseCgroupMode(const CgroupFacts& f) {
  bool v2_subtree = !f.v2_parent.empty() || !f.v2_systemd_manager.empty();
  if (v2_subtree && !f.v2_controllers.empty()) return CgroupMode::kV2;
  if (!f.v1_parents.empty()) return CgroupMode::kV1;
  return CgroupMode::kNone;
}

// The cgroup mechanism for one controller, or kNone.
LimitMechanism CgroupFor(CgroupMode mode, const CgroupFacts& f, const std::string& controller) {
  if (mode == CgroupMode::kV2 && f.v2_controllers.count(controller)) return LimitMechanism::kCgroupV2;
  if (mode == CgroupMode::kV1 && f.v1_parents.count(controller)) return LimitMechanism::kCgroupV1;
  return LimitMechanism::kNone;
}

bool IsCgroup(LimitMechanism m) { return m == LimitMechanism::kCgroupV2 || m == LimitMechanism::kCgroupV1; }

std::string Cpus(double cpus) {
  char buf[32];
  snprintf(buf, sizeof buf, "%g", cpus);
  return buf;
}

// An explicit limit nothing can enforce: refuse unless "cgroup" may degrade.
Status Unenforceable(const LaunchPlan& plan, const std::string& flag, const std::string& why,
                     std::vector<std::string>& warnings) {
  if (!plan.degrade.count(policy::kLayerCgroup))
    return OpError("enforce", flag, why + "; pass --degrade " + policy::kLayerCgroup + " to run without this limit")
        .WithHint(
            "run paddock where your cgroup subtree is delegated to you, e.g. "
            "systemd-run --user --scope paddock run ...")
        .WithLayer(policy::kLayerCgroup);
  warnings.push_back(flag + " is not enforced (--degrade " + policy::kLayerCgroup + "): " + why);
  return Ok();
}

constexpr const char* kNoCgroup =
    "no writable cgroup offers the %s controller (needs a delegated cgroup v2 subtree or a "
    "writable cgroup v1 hierarchy)";

std::string NoCgroupReason(const char* controller) {
  char buf[256];
  snprintf(buf, sizeof buf, kNoCgroup, controller);
  return buf;
}

// The "cgroup" entry of plan.layers: which limits a cgroup enforces, and
// what falls back to rlimits or is not enforced.
LayerState CgroupLayerState(const LimitsPlan& l) {
  std::vector<std::string> by_cgroup, by_rlimit, by_paddock, none;
  auto sort = [&](const char* name, LimitMechanism m, bool wanted) {
    if (IsCgroup(m)) by_cgroup.push_back(name);
    else if (m == LimitMechanism::kRlimit) by_rlimit.push_back(name);
    else if (m == LimitMechanism::kPaddock) by_paddock.push_back(name);
    else if (wanted) none.push_back(name);
  };
  sort("memory", l.memory_by, true);
  sort("pids", l.pids_by, true);
  sort("cpu", l.cpus_by, l.cpus.has_value());
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
  };
  std::string detail;
  if (!by_cgroup.empty()) {
    detail = l.cgroup == CgroupMode::kV1           ? "cgroup v1"
             : l.cgroup_v2_systemd_manager.empty() ? "cgroup v2"
                                                   : "cgroup v2 in a scope the user's systemd delegates per run";
    detail += ": " + join(by_cgroup);
  }
  if (!by_rlimit.empty()) detail += (detail.empty() ? "" : "; ") + std::string("rlimits (weaker): ") + join(by_rlimit);
  if (!by_paddock.empty())
    detail += (detail.empty() ? "" : "; ") + std::string("sampled by paddock (weaker): ") + join(by_paddock);
  if (!none.empty()) detail += (detail.empty() ? "" : "; ") + std::string("not limited: ") + join(none);
  return LayerState{policy::kLayerCgroup, !by_cgroup.empty(), detail};
}

}  // namespace

uint64_t DefaultMemoryBytes(const HostFacts& host) { return host.total_memory_bytes / 2; }

namespace {

// Memory. Through a cgroup where one is writable. Elsewhere paddock's
// supervisor samples the resident memory of the jail's processes and kills
// the jail above the limit: it contains one runaway process and a group of
// them, but polls, so a fast allocator overshoots by what it touches
// between two samples (the interval shrinks as the limit nears). No default
// per-process RLIMIT_DATA: it counts reserved writable address space, which
// sanitizers (16 TiB of shadow) and runtimes (JVM heaps) take without using.
// An explicit --memory adds it as the user's hard per-process ceiling.
void PlanMemory(const policy::Limits& want, const HostFacts& host, CgroupMode mode, LimitsPlan& out) {
  const CgroupFacts& facts = host.cgroups;
  out.memory_by = CgroupFor(mode, facts, "memory");
  if (want.memory_bytes) {
    out.memory_bytes = want.memory_bytes;
  } else if (DefaultMemoryBytes(host) > 0) {
    out.memory_bytes = DefaultMemoryBytes(host);
  } else {
    out.memory_by = LimitMechanism::kNone;
  }
  if (out.memory_bytes && out.memory_by == LimitMechanism::kNone) {
    out.memory_by = LimitMechanism::kPaddock;
    if (want.memory_bytes) {
      out.rlimits.data = want.memory_bytes;
      out.warnings.push_back("--memory " + HumanBytes(*want.memory_bytes) +
                             " is enforced by paddock sampling the jail's resident memory and per process by "
                             "RLIMIT_DATA (weaker: " +
                             NoCgroupReason("memory") +
                             "; a fast allocator overshoots between samples, and programs that reserve more "
                             "address space than they use, such as the JVM, may not start)");
    }
  }
  if (out.memory_by == LimitMechanism::kCgroupV2) out.limit_swap = true;
  if (out.memory_by == LimitMechanism::kCgroupV1) {
    out.limit_swap = facts.v1_memsw;
    if (!facts.v1_memsw && want.memory_bytes)
      out.warnings.push_back("--memory: swap is not limited (cgroup v1 without swap accounting)");
  }
}

// Pids: the cgroup, else RLIMIT_NPROC in the jail's user namespace. Next to
// a cgroup NPROC is an extra guard at twice the limit, so the cgroup is what
// refuses (and counts, for --stats) the fork that hits the limit: NPROC is
// charged at the start of fork and the cgroup later, so under a fork bomb
// hundreds of forks in flight made a guard one task above refuse first
// (measured: at 3550-3950 in pids.current against 4096).
// RLIMIT_NPROC bounds the jail only when it counts per user namespace and
// the jail has its own; otherwise it would count every process the invoking
// user runs on the host, and refuse forks for reasons outside.
Status PlanPids(const policy::Limits& want, const CgroupFacts& facts, CgroupMode mode, LaunchPlan& plan) {
  LimitsPlan& out = plan.limits;
  const bool nproc_is_per_jail = facts.rlimit_nproc_per_userns && plan.namespaces.user;
  uint64_t pids = want.pids.value_or(kDefaultPids);
  out.pids_by = CgroupFor(mode, facts, "pids");
  if (nproc_is_per_jail)
    out.rlimits.nproc = out.pids_by == LimitMechanism::kNone ? pids : pids > UINT64_MAX / 2 ? UINT64_MAX : 2 * pids;
  if (out.pids_by == LimitMechanism::kNone && nproc_is_per_jail) {
    out.pids_by = LimitMechanism::kRlimit;
    if (want.pids)
      out.warnings.push_back("--pids " + std::to_string(pids) +
                             " is enforced by RLIMIT_NPROC in the jail's user namespace (weaker: " +
                             NoCgroupReason("pids") + "; forks fail with EAGAIN and are not counted)");
  }
  if (out.pids_by != LimitMechanism::kNone) {
    out.pids = pids;
    return Ok();
  }
  if (!want.pids) return Ok();
  return Unenforceable(plan, "--pids " + std::to_string(pids),
                       NoCgroupReason("pids") +
                           ", and RLIMIT_NPROC would count the "
                           "invoking user's processes outside the jail",
                       out.warnings);
}

// CPU bandwidth: only a cgroup can do it (RLIMIT_CPU caps total CPU time,
// not a rate). No default.
Status PlanCpus(const policy::Limits& want, const CgroupFacts& facts, CgroupMode mode, LaunchPlan& plan) {
  LimitsPlan& out = plan.limits;
  out.cpus_by = LimitMechanism::kNone;
  if (!want.cpus) return Ok();
  out.cpus_by = CgroupFor(mode, facts, "cpu");
  if (out.cpus_by == LimitMechanism::kNone)
    return Unenforceable(plan, "--cpus " + Cpus(*want.cpus), NoCgroupReason("cpu"), out.warnings);
  out.cpus = want.cpus;
  return Ok();
}

// Leaves are needed only for what the chosen version enforces.
void PlanLeaves(const CgroupFacts& facts, CgroupMode mode, LimitsPlan& out) {
  bool any_cgroup = IsCgroup(out.memory_by) || IsCgroup(out.pids_by) || IsCgroup(out.cpus_by);
  out.cgroup_v2_parent.clear();
  out.cgroup_v2_systemd_manager.clear();
  out.cgroup_v2_controllers.clear();
  out.cgroup_v1_parents.clear();
  if (!any_cgroup) {
    out.cgroup = CgroupMode::kNone;
  } else if (mode == CgroupMode::kV2) {
    out.cgroup_v2_parent = facts.v2_parent;
    out.cgroup_v2_systemd_manager = facts.v2_systemd_manager;
    for (const char* c : {"memory", "pids", "cpu"})
      if (facts.v2_controllers.count(c)) out.cgroup_v2_controllers.insert(c);
  } else {
    // The limiting controllers, plus cpuacct (CPU time) and freezer (a
    // race-free kill) when writable: cheap, and they serve stats and kill.
    const std::pair<const char*, bool> wanted[] = {{"memory", out.memory_by == LimitMechanism::kCgroupV1},
                                                   {"pids", out.pids_by == LimitMechanism::kCgroupV1},
                                                   {"cpu", out.cpus_by == LimitMechanism::kCgroupV1},
                                                   {"cpuacct", true},
                                                   {"freezer", true}};
    for (const auto& [c, use] : wanted) {
      auto it = facts.v1_parents.find(c);
      if (use && it != facts.v1_parents.end()) out.cgroup_v1_parents[c] = it->second;
    }
  }
}

}  // namespace

Status PlanLimits(const policy::Policy& policy, const HostFacts& host, LaunchPlan& plan) {
  const auto& want = policy.limits;
  const CgroupFacts& facts = host.cgroups;
  LimitsPlan& out = plan.limits;
  CgroupMode mode = ChooseCgroupMode(facts);
  out.cgroup = mode;
  out.tmp_size_bytes = policy.tmp_size_bytes;
  out.kill_grace_ms = kDefaultKillGraceMs;
  out.rlimits = RlimitsPlan{};
  out.rlimits.nofile = kDefaultNofile;
  out.warnings.clear();
  PlanMemory(want, host, mode, out);
  if (auto st = PlanPids(want, facts, mode, plan); !st) return st;
  if (auto st = PlanCpus(want, facts, mode, plan); !st) return st;
  // Wall clock: paddock's own supervisor. No default.
  out.timeout_ms = want.timeout_ms;
  out.timeout_by = want.timeout_ms ? LimitMechanism::kPaddock : LimitMechanism::kNone;
  PlanLeaves(facts, mode, out);
  std::erase_if(plan.layers, [](const LayerState& s) { return s.layer == policy::kLayerCgroup; });
  plan.layers.push_back(CgroupLayerState(out));
  return Ok();
}

const char* MechanismName(LimitMechanism m) {
  switch (m) {
    case LimitMechanism::kNone: return "none";
    case LimitMechanism::kCgroupV2: return "cgroup-v2";
    case LimitMechanism::kCgroupV1: return "cgroup-v1";
    case LimitMechanism::kRlimit: return "rlimit";
    case LimitMechanism::kPaddock: return "paddock";
    case LimitMechanism::kTmpfs: return "tmpfs";
  }
  return "?";
}

nlohmann::json LimitsToJson(const LimitsPlan& l) {
  nlohmann::json j;
  const char* mode = l.cgroup == CgroupMode::kV2 ? "v2" : l.cgroup == CgroupMode::kV1 ? "v1" : "none";
  j["cgroup"] = mode;
  auto entry = [](auto value, LimitMechanism by) {
    nlohmann::json e;
    e["by"] = MechanismName(by);
    if (value) e["value"] = *value;
    else e["value"] = nullptr;
    return e;
  };
  j["memory_bytes"] = entry(l.memory_bytes, l.memory_by);
  if (l.memory_by == LimitMechanism::kCgroupV1 || l.memory_by == LimitMechanism::kCgroupV2)
    j["memory_bytes"]["swap_limited"] = l.limit_swap;
  j["cpus"] = entry(l.cpus, l.cpus_by);
  j["pids"] = entry(l.pids, l.pids_by);
  j["timeout_ms"] = entry(l.timeout_ms, l.timeout_by);
  if (l.timeout_ms) j["timeout_ms"]["kill_grace_ms"] = l.kill_grace_ms;
  j["tmp_size_bytes"] = {{"by", MechanismName(LimitMechanism::kTmpfs)}, {"value", l.tmp_size_bytes}};
  nlohmann::json r;
  if (l.rlimits.nproc) r["nproc"] = *l.rlimits.nproc;
  if (l.rlimits.data) r["data"] = *l.rlimits.data;
  if (l.rlimits.nofile) r["nofile"] = *l.rlimits.nofile;
  r["core"] = l.rlimits.core;
  j["rlimits"] = r;
  if (l.cgroup == CgroupMode::kV2) {
    j["cgroup_parent"] = l.cgroup_v2_parent;
    if (!l.cgroup_v2_systemd_manager.empty()) j["cgroup_systemd_manager"] = l.cgroup_v2_systemd_manager;
    j["cgroup_controllers"] = l.cgroup_v2_controllers;
  } else if (l.cgroup == CgroupMode::kV1) {
    j["cgroup_parents"] = l.cgroup_v1_parents;
  }
  j["warnings"] = l.warnings;
  return j;
}

namespace {

// The limit that ended the jail, if any, in words.
std::vector<std::string> LimitsHit(const RunStats& s, const LimitsPlan& l) {
  std::vector<std::string> hit;
  for (const auto& h : LimitHits(s, l)) hit.push_back(h.limit + " (" + h.detail + ")");
  return hit;
}

std::string Mech(LimitMechanism m) { return MechanismName(m); }

}  // namespace

std::vector<LimitHit> LimitHits(const RunStats& s, const LimitsPlan& l) {
  std::vector<LimitHit> hit;
  if (s.oom_kills && *s.oom_kills > 0)
    hit.push_back({"memory", std::to_string(*s.oom_kills) + " process" + (*s.oom_kills == 1 ? "" : "es") +
                                 " killed by the " +
                                 (l.memory_bytes ? HumanBytes(*l.memory_bytes) : std::string("memory")) + " limit"});
  if (s.memory_kill_bytes)
    hit.push_back({"memory", "the jail was killed at " + HumanBytes(*s.memory_kill_bytes) + " resident, over the " +
                                 (l.memory_bytes ? HumanBytes(*l.memory_bytes) : std::string("memory")) +
                                 " limit, by paddock's sampling"});
  if (s.pids_limit_hits && *s.pids_limit_hits > 0)
    hit.push_back({"pids", std::to_string(*s.pids_limit_hits) + " fork" + (*s.pids_limit_hits == 1 ? "" : "s") +
                               " refused at " + (l.pids ? std::to_string(*l.pids) : std::string("the limit"))});
  if (s.timed_out)
    hit.push_back({"timeout", (l.timeout_ms ? HumanDuration(*l.timeout_ms) : std::string()) +
                                  (s.killed_after_grace ? ", killed after SIGTERM was ignored" : ", terminated")});
  return hit;
}

nlohmann::json StatsToJson(const RunStats& s, const LimitsPlan& l) {
  nlohmann::json j;
  j["wall_ms"] = s.wall_ms;
  if (s.cpu_usec) j["cpu_usec"] = *s.cpu_usec;
  else j["cpu_usec"] = nullptr;
  if (s.peak_memory_bytes) j["peak_memory_bytes"] = *s.peak_memory_bytes;
  else j["peak_memory_bytes"] = nullptr;
  j["peak_memory_source"] = s.peak_memory_is_sampled           ? "paddock-samples"
                            : s.peak_memory_is_largest_process ? "largest-process-rss"
                                                               : "cgroup";
  if (s.oom_kills) j["oom_kills"] = *s.oom_kills;
  else j["oom_kills"] = nullptr;
  if (s.memory_kill_bytes) j["memory_kill_bytes"] = *s.memory_kill_bytes;
  if (s.pids_limit_hits) j["pids_limit_hits"] = *s.pids_limit_hits;
  else j["pids_limit_hits"] = nullptr;
  j["timed_out"] = s.timed_out;
  j["killed_after_grace"] = s.killed_after_grace;
  j["limits_hit"] = LimitsHit(s, l);
  j["enforced_by"] = {{"memory", Mech(l.memory_by)},
                      {"cpus", Mech(l.cpus_by)},
                      {"pids", Mech(l.pids_by)},
                      {"timeout", Mech(l.timeout_by)},
                      {"tmp", Mech(LimitMechanism::kTmpfs)}};
  return j;
}

std::string FormatStats(const RunStats& s, const LimitsPlan& l) {
  std::string out = "stats: wall " + HumanDuration(s.wall_ms) + ", cpu " +
                    (s.cpu_usec ? HumanDuration(*s.cpu_usec / 1000) : std::string("unknown")) + ", peak memory " +
                    (s.peak_memory_bytes ? HumanBytes(*s.peak_memory_bytes) : std::string("unknown")) +
                    (s.peak_memory_is_largest_process ? " (largest process)" : "") +
                    (s.peak_memory_is_sampled ? " (sampled)" : "") + "\n";
  auto limit = [](const std::string& name, const std::string& value, LimitMechanism by) {
    return name + " " + value + " [" + MechanismName(by) + "]";
  };
  out += "stats: limits: ";
  out += limit("memory", l.memory_bytes ? HumanBytes(*l.memory_bytes) : "-", l.memory_by) + ", ";
  out += limit("cpus", l.cpus ? Cpus(*l.cpus) : "-", l.cpus_by) + ", ";
  out += limit("pids", l.pids ? std::to_string(*l.pids) : "-", l.pids_by) + ", ";
  out += limit("timeout", l.timeout_ms ? HumanDuration(*l.timeout_ms) : "-", l.timeout_by) + ", ";
  out += limit("tmp", HumanBytes(l.tmp_size_bytes), LimitMechanism::kTmpfs) + "\n";
  auto hit = LimitsHit(s, l);
  out += "stats: limit hit: ";
  if (hit.empty()) {
    // Under rlimits a refused fork or allocation is invisible from outside.
    bool blind = l.memory_by == LimitMechanism::kRlimit || l.pids_by == LimitMechanism::kRlimit;
    out += blind ? "none seen (rlimit hits are not observable)" : "none";
  } else {
    for (size_t i = 0; i < hit.size(); ++i) out += (i ? ", " : "") + hit[i];
  }
  out += "\n";
  return out;
}

std::string HumanBytes(uint64_t bytes) {
  static const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  int u = 0;
  double v = static_cast<double>(bytes);
  while (v >= 1024 && u < 6) {
    v /= 1024;
    ++u;
  }
  char buf[32];
  if (u == 0) snprintf(buf, sizeof buf, "%" PRIu64 " B", bytes);
  else if (v == static_cast<double>(static_cast<uint64_t>(v))) snprintf(buf, sizeof buf, "%.0f %s", v, kUnits[u]);
  else snprintf(buf, sizeof buf, "%.1f %s", v, kUnits[u]);
  return buf;
}

std::string HumanDuration(uint64_t ms) {
  if (ms < 1000) return std::to_string(ms) + "ms";
  if (ms < 60000) {
    char buf[32];
    if (ms % 1000 == 0) snprintf(buf, sizeof buf, "%" PRIu64 "s", ms / 1000);
    else snprintf(buf, sizeof buf, "%.2fs", static_cast<double>(ms) / 1000);
    return buf;
  }
  uint64_t s = ms / 1000;
  std::string out;
  if (s >= 3600) out += std::to_string(s / 3600) + "h";
  if (s % 3600 >= 60) out += std::to_string(s % 3600 / 60) + "m";
  if (s % 60) out += std::to_string(s % 60) + "s";
  return out;
}

}  // namespace paddock::plan
