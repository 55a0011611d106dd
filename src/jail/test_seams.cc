#include "jail/test_seams.h"

#include <fcntl.h>
#include <stdio.h>

#include <cstdlib>
#include <string>
#include <string_view>

#include "base/strings.h"

namespace paddock::jail {

#ifdef PADDOCK_TEST_SEAMS
namespace {

bool EnvSet(const plan::HostFacts& host, const char* name) {
  auto it = host.env.find(name);
  return it != host.env.end() && !it->second.empty() && it->second != "0";
}

bool FlagSet(const char* name) {
  const char* v = std::getenv(name);
  return v && *v && std::string_view(v) != "0";
}

}  // namespace

void ReadTestSeams(plan::HostFacts& host) {
  plan::TestSeams& t = host.test_seams;
  t.no_landlock = EnvSet(host, "PADDOCK_TEST_PRETEND_NO_LANDLOCK");
  t.no_seccomp = EnvSet(host, "PADDOCK_TEST_PRETEND_NO_SECCOMP");
  t.no_userns = EnvSet(host, "PADDOCK_TEST_PRETEND_NO_USERNS");
  t.no_cgroup = EnvSet(host, "PADDOCK_TEST_PRETEND_NO_CGROUP");
  t.expose_home = EnvSet(host, "PADDOCK_TEST_WEAKEN_EXPOSE_HOME");
  if (auto it = host.env.find("PADDOCK_TEST_DNS_ANSWERS"); it != host.env.end()) t.dns_answers = it->second;
  if (auto it = host.env.find("PADDOCK_TEST_TOTAL_MEMORY"); it != host.env.end())
    t.total_memory_bytes = std::strtoull(it->second.c_str(), nullptr, 10);
}

uint64_t AuditRotateBytesSeam() {
  const char* v = std::getenv("PADDOCK_TEST_AUDIT_ROTATE_BYTES");
  return v ? std::strtoull(v, nullptr, 10) : 0;
}

bool FailCgroupAttachSeam() { return FlagSet("PADDOCK_TEST_FAIL_CGROUP_ATTACH"); }
bool KillJailBeforeCgroupSeam() { return FlagSet("PADDOCK_TEST_KILL_JAIL_BEFORE_CGROUP"); }

void SwapPathsSeam(const char* when) {
  const char* v = std::getenv("PADDOCK_TEST_SWAP_PATHS");
  if (!v) return;
  std::string_view spec(v);
  size_t first = spec.find(':'), second = spec.find(':', first == std::string_view::npos ? first : first + 1);
  if (second == std::string_view::npos) return;
  // WHEN may name several steps: "placeholders+mounts" swaps and swaps back.
  bool now = false;
  for (const auto& step : Split(spec.substr(0, first), '+')) now = now || step == when;
  if (!now) return;
  std::string a(spec.substr(first + 1, second - first - 1)), b(spec.substr(second + 1));
  renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE);
}
#else
void ReadTestSeams(plan::HostFacts&) {}
uint64_t AuditRotateBytesSeam() { return 0; }
bool FailCgroupAttachSeam() { return false; }
bool KillJailBeforeCgroupSeam() { return false; }
void SwapPathsSeam(const char*) {}
#endif

}  // namespace paddock::jail
