// Policy: what the user asked for, validated. Built from the CLI (and later
// config files and built-in profiles); never carries facts about the host.
// BuildPlan (src/plan) turns it into a LaunchPlan for this machine.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "net/host_pattern.h"
#include "net/upstream_url.h"

namespace paddock::policy {

// none: loopback only; host: the host's network; allow: only what NetPolicy
// allows, through paddock's resolver and proxy (docs/network.md).
enum class NetMode { kNone, kHost, kAllow };

// The jail listens on every port an allow pattern opens (docs/network.md).
inline constexpr size_t kMaxAllowedPorts = 64;

// --net allow: which names, addresses and ports the jail may reach.
struct NetPolicy {
  std::vector<net::HostPattern> allow;  // --allow-host
  std::vector<net::HostPattern> deny;   // --deny-host
  std::vector<net::ResolvePin> pins;    // --resolve NAME=ADDRESS

  friend bool operator==(const NetPolicy&, const NetPolicy&) = default;
};

// A host path made visible inside the jail at the same path.
struct PathGrant {
  std::string path;  // absolute, canonical
  bool writable = false;
  bool if_present = false;  // --share-if-present: a missing path is skipped

  friend bool operator==(const PathGrant&, const PathGrant&) = default;
};

// The key stays outside (docs/agents.md): the jail gets `placeholder` in
// `key_env` and a forwarder's URL on its loopback in `base_url_env`; paddock
// sends each request on to `upstream` with `header: value`, where {key} in
// `value` is the real key, read from paddock's own environment when the run
// starts (never part of the policy or the plan).
// Stands for a forwarder's URL in the command's arguments until the plan
// knows its port.
inline std::string ForwardUrlToken(const std::string& name) { return "{paddock:forward:" + name + ":url}"; }

struct CredentialForward {
  std::string name;  // "anthropic"
  std::string key_env;
  std::string header;  // lowercase
  std::string value;   // "Bearer {key}"
  net::UpstreamUrl upstream;
  std::string base_url_env;
  std::string placeholder;

  friend bool operator==(const CredentialForward&, const CredentialForward&) = default;
};

// Resource limits (cgroups, rlimits). Unset means "use the built-in default".
struct Limits {
  std::optional<uint64_t> memory_bytes;
  std::optional<double> cpus;
  std::optional<uint64_t> pids;
  std::optional<uint64_t> timeout_ms;

  friend bool operator==(const Limits&, const Limits&) = default;
};

// Layer names are stable: shared by --degrade, `doctor`, the audit log and exporters.
inline constexpr const char* kLayerUserns = "userns";
inline constexpr const char* kLayerSeccomp = "seccomp";
inline constexpr const char* kLayerLandlock = "landlock";
inline constexpr const char* kLayerCgroup = "cgroup";
inline constexpr const char* kLayerIdmap = "idmap";

// --publish PORT[:HOSTPORT]: a server on the jail's loopback, reachable on
// the host's loopback (only there).
struct Publish {
  uint16_t jail_port = 0;
  uint16_t host_port = 0;

  friend bool operator==(const Publish&, const Publish&) = default;
};

// How much paddock itself says on stderr (--quiet, --verbose). Errors are
// always printed.
enum class Verbosity { kQuiet, kNormal, kVerbose };

struct Policy {
  std::string project_dir;             // absolute, canonical; the jail's cwd
  std::vector<std::string> command;    // argv; empty means an interactive shell
  std::vector<PathGrant> extra_paths;  // --ro / --rw
  std::vector<PathGrant> home_shares;  // --share / --share-rw (paths of the real home)
  std::vector<std::string> env_pass;   // --env NAME or NAME=VALUE
  NetMode net = NetMode::kNone;
  NetPolicy network;  // --net allow
  std::vector<Publish> publish;
  uint64_t tmp_size_bytes = 1ull << 30;  // --tmp-size
  bool tmp_noexec = false;               // --tmp-noexec
  // --overlay: the project's changes land in a per-run layer that waits for
  // `paddock apply` (docs/overlay.md), the real project is left untouched.
  bool overlay = false;
  // --protect-branch: branch patterns whose history `paddock apply` keeps
  // (docs/overlay.md, "Git"); none: the run's defaults.
  std::vector<std::string> protect_branches;
  // --overlay-on RUN: the pending run (id or prefix) this one continues; its
  // layers become this run's lower layers. Implies `overlay`.
  std::string overlay_on;
  bool allow_host_root = false;  // --allow-host-root: root may stay host uid 0
  std::vector<int> pass_fds;     // --pass-fd
  std::string hostname = "paddock";
  Limits limits;
  std::set<std::string> degrade;     // layers allowed to be missing (--degrade)
  std::vector<std::string> protect;  // --protect (project-relative or absolute)
  // --protect-if-present: protected only while it exists (no placeholder):
  // what runs code only once installed (an agent's local install).
  std::vector<std::string> protect_if_present;
  std::vector<std::string> unprotect;  // --unprotect
  std::string seccomp_profile;         // --seccomp-profile FILE ("" = built-in)
  bool allow_debug = false;            // --allow-debug: ptrace within the jail
  bool stats = false;                  // --stats
  std::string audit_log;               // --audit-log FILE ("" = the state dir's, "none" = off)
  // Agent presets (docs/agents.md).
  std::string preset;                                          // --preset NAME ("" none)
  std::vector<CredentialForward> forwards;                     // the preset's keys, when set where paddock runs
  std::vector<std::pair<std::string, std::string>> upstreams;  // --upstream NAME=URL, as given
  std::string ca_file;                                         // --ca-file: TLS trust of the upstreams
  // Files added to the jail's /etc, read-only (path below /etc, content): an
  // agent's system-wide settings, such as Claude Code's managed settings.
  std::vector<std::pair<std::string, std::string>> etc_files;
  bool show_self = false;                    // paddock's own binary visible inside (a hook that runs it)
  std::string profile;                       // --profile NAME: the built-in profile the options started from
  Verbosity verbosity = Verbosity::kNormal;  // --quiet / --verbose

  friend bool operator==(const Policy&, const Policy&) = default;
};

}  // namespace paddock::policy
