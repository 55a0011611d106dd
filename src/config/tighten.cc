#include "config/tighten.h"

#include <map>
#include <optional>

namespace paddock::config {
namespace {

// Keys that can only make the policy stricter, or that change nothing it
// enforces.
bool AlwaysTightens(const std::string& key) {
  static const std::set<std::string> kKeys = {"protect", "protect-if-present", "deny-host", "tmp-noexec",
                                              "overlay", "protect-branch",     "stats",     "verbose"};
  return kKeys.count(key) > 0;
}

// Why each loosening key loosens, for the message.
std::string WhyLoosens(const std::string& key) {
  static const std::map<std::string, std::string> kWhy = {
      {"project", "a different project directory"},
      {"ro", "more host paths visible"},
      {"rw", "host paths writable"},
      {"share", "files of your real home visible"},
      {"share-rw", "files of your real home writable"},
      {"share-if-present", "files of your real home visible"},
      {"share-rw-if-present", "files of your real home writable"},
      {"env", "more of your environment in the jail"},
      {"allow-host", "more hosts reachable"},
      {"resolve", "names answered with addresses the file chooses"},
      {"publish", "the jail's servers reachable from the host"},
      {"pass-fd", "descriptors of yours passed in"},
      {"allow-host-root", "the command may stay host root"},
      {"degrade", "layers allowed to be missing"},
      {"unprotect", "protected paths made writable"},
      {"seccomp-profile", "a different seccomp filter"},
      {"allow-debug", "ptrace allowed"},
      {"audit-log", "paddock writes a file the project names"},
      {"quiet", "paddock's warnings and end-of-run summaries hidden from you"},
      {"preset", "an agent with its network and credentials"},
      {"upstream", "credentials forwarded to a host the file names"},
      {"ca-file", "upstreams trusted through certificates the file names"},
  };
  auto it = kWhy.find(key);
  return it == kWhy.end() ? "may loosen the policy" : it->second;
}

int NetRank(policy::NetMode mode) {
  switch (mode) {
    case policy::NetMode::kNone: return 0;
    case policy::NetMode::kAllow: return 1;
    case policy::NetMode::kHost: return 2;
  }
  return 2;
}

std::string NetName(policy::NetMode mode) {
  switch (mode) {
    case policy::NetMode::kNone: return "none";
    case policy::NetMode::kAllow: return "allow";
    case policy::NetMode::kHost: return "host";
  }
  return "?";
}

// A limit may only go down from what applies without the file; an unset
// limit with no default (cpus, timeout) may be set to anything.
template <typename T>
std::optional<std::string> Raised(const std::optional<T>& base, const std::optional<T>& with,
                                  std::optional<T> fallback) {
  std::optional<T> before = base ? base : fallback;
  if (!with || !before || *with <= *before) return std::nullopt;
  return "raises the limit";
}

}  // namespace

Problems Loosenings(const ConfigFile& file, const policy::Policy& base, const policy::Policy& with,
                    const LimitDefaults& defaults) {
  Problems out;
  for (const auto& option : file.options) {
    const std::string& key = option.key;
    std::optional<std::string> why;
    if (AlwaysTightens(key)) continue;
    if (key == "net") {
      if (NetRank(with.net) > NetRank(base.net))
        why = "opens the network (" + NetName(base.net) + " -> " + NetName(with.net) + ")";
    } else if (key == "memory") {
      why = Raised(base.limits.memory_bytes, with.limits.memory_bytes, std::optional<uint64_t>(defaults.memory_bytes));
    } else if (key == "pids") {
      why = Raised(base.limits.pids, with.limits.pids, std::optional<uint64_t>(defaults.pids));
    } else if (key == "cpus") {
      why = Raised(base.limits.cpus, with.limits.cpus, std::optional<double>());
    } else if (key == "timeout") {
      why = Raised(base.limits.timeout_ms, with.limits.timeout_ms, std::optional<uint64_t>());
    } else if (key == "tmp-size") {
      if (with.tmp_size_bytes > base.tmp_size_bytes) why = "raises the limit";
    } else {
      why = WhyLoosens(key);
    }
    if (why)
      out.push_back(Error{option.where + ": " + key + ": loosens the policy (" + *why + ")"}.WithLayer("config"));
  }
  return out;
}

}  // namespace paddock::config
