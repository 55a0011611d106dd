#include "plan/seccomp_table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <set>

namespace paddock::plan {
namespace {

bool Denies(const SeccompProfile& p, const std::string& call, uint64_t a0 = 0, uint64_t a1 = 0) {
  uint64_t args[6] = {a0, a1, 0, 0, 0, 0};
  return RulesMatch(p.rules, call, args);
}

int ErrnoFor(const SeccompProfile& p, const std::string& call) {
  for (const auto& r : p.rules) {
    if (std::find(r.syscalls.begin(), r.syscalls.end(), call) != r.syscalls.end()) {
      return r.action == SeccompAction::kErrno ? r.errno_value : -1;
    }
  }
  return 0;
}

TEST(SeccompTable, DefaultAllowsWithDenyListAndNativeArchOnly) {
  auto p = DefaultSeccompProfile({});
  EXPECT_EQ(p.default_action, SeccompAction::kAllow);
  // x32 and i386 are absent: libseccomp kills calls from them.
  EXPECT_EQ(p.architectures, std::vector<std::string>{NativeSeccompArch()});
}

TEST(SeccompTable, DeniesKernelAttackSurfaceUnconditionally) {
  auto p = DefaultSeccompProfile({});
  for (const char* call : {"io_uring_setup",
                           "io_uring_enter",
                           "io_uring_register",
                           "ptrace",
                           "process_vm_readv",
                           "process_vm_writev",
                           "bpf",
                           "keyctl",
                           "add_key",
                           "request_key",
                           "perf_event_open",
                           "userfaultfd",
                           "kexec_load",
                           "kexec_file_load",
                           "init_module",
                           "finit_module",
                           "delete_module",
                           "mount",
                           "umount2",
                           "fsopen",
                           "fsmount",
                           "move_mount",
                           "open_tree",
                           "mount_setattr",
                           "pivot_root",
                           "swapon",
                           "swapoff",
                           "reboot",
                           "settimeofday",
                           "clock_settime",
                           "adjtimex",
                           "clock_adjtime",
                           "setns",
                           "acct",
                           "quotactl",
                           "lookup_dcookie",
                           "clone3",
                           "open_by_handle_at"}) {
    EXPECT_TRUE(Denies(p, call)) << call;
  }
  EXPECT_FALSE(Denies(p, "read"));
  EXPECT_FALSE(Denies(p, "execve"));
  EXPECT_EQ(ErrnoFor(p, "clone3"), ENOSYS);  // glibc falls back to clone
  EXPECT_EQ(ErrnoFor(p, "io_uring_setup"), ENOSYS);
  EXPECT_EQ(ErrnoFor(p, "bpf"), EPERM);
}

TEST(SeccompTable, AllowDebugReallowsPtraceOnly) {
  auto p = DefaultSeccompProfile({.allow_debug = true});
  EXPECT_FALSE(Denies(p, "ptrace"));
  EXPECT_FALSE(Denies(p, "process_vm_readv"));
  EXPECT_FALSE(Denies(p, "process_vm_writev"));
  EXPECT_TRUE(Denies(p, "bpf"));
  EXPECT_TRUE(Denies(p, "clone", 0x10000000));
  // gdb switches ASLR off for its inferior.
  EXPECT_FALSE(Denies(p, "personality", 0x0040000));
  EXPECT_TRUE(Denies(DefaultSeccompProfile({}), "personality", 0x0040000));
}

TEST(SeccompTable, UserNamespacesOnlyDeniedWhenRequested) {
  auto p = DefaultSeccompProfile({});
  const uint64_t kNewUser = 0x10000000;
  EXPECT_TRUE(Denies(p, "unshare", kNewUser));
  EXPECT_TRUE(Denies(p, "unshare", kNewUser | 0x00020000));  // with CLONE_NEWNS
  EXPECT_TRUE(Denies(p, "clone", kNewUser | 17 /* SIGCHLD */));
  EXPECT_FALSE(Denies(p, "clone", 0x003d0f00));    // pthread_create's flags
  EXPECT_FALSE(Denies(p, "unshare", 0x00000400));  // CLONE_FILES
}

TEST(SeccompTable, SocketFamiliesAreAnAllowList) {
  auto p = DefaultSeccompProfile({});
  for (uint64_t ok : {1, 2, 10, 16}) {
    EXPECT_FALSE(Denies(p, "socket", ok)) << ok;
    EXPECT_FALSE(Denies(p, "socketpair", ok)) << ok;
  }
  for (uint64_t bad :
       {0ull, 3ull, 17ull /*PACKET*/, 38ull /*ALG*/, 40ull /*VSOCK*/, 44ull, 0x100000001ull, 0xffffffffffffffffull}) {
    EXPECT_TRUE(Denies(p, "socket", bad)) << bad;
  }
  EXPECT_EQ(ErrnoFor(p, "socket"), EAFNOSUPPORT);
}

TEST(SeccompTable, TerminalInjectionMaskedOnLow32Bits) {
  auto p = DefaultSeccompProfile({});
  EXPECT_TRUE(Denies(p, "ioctl", 0, 0x5412));
  EXPECT_TRUE(Denies(p, "ioctl", 0, 0x541C));
  EXPECT_TRUE(Denies(p, "ioctl", 0, 0xdead00005412ull));  // CVE-2019-10063
  EXPECT_FALSE(Denies(p, "ioctl", 0, 0x5413));            // TIOCGWINSZ
}

// Every call that passes a mode, with the index of its mode argument.
const std::vector<std::pair<std::string, unsigned>> kModeArgs = {
    {"chmod", 1},     {"fchmod", 1}, {"creat", 1},   {"mknod", 1},  {"fchmodat", 2},
    {"fchmodat2", 2}, {"open", 2},   {"mknodat", 2}, {"openat", 3},
};

bool DeniesMode(const std::vector<SeccompRule>& rules, const std::string& call, unsigned index, uint64_t mode,
                uint64_t others = 0) {
  uint64_t args[6] = {others, others, others, others, others, others};
  args[index] = mode;
  return RulesMatch(rules, call, args);
}

// Exhaustive over the 16 bits the kernel keeps of a mode (umode_t): denied
// exactly when S_ISUID or S_ISGID is among them, whatever the file type or
// permission bits. Then every 12-bit mode again under garbage in the bits the
// kernel drops: it must neither hide a set-id bit nor deny a plain mode.
void ExpectSetIdExactlyDenied(const std::vector<SeccompRule>& all_rules) {
  for (const auto& [call, index] : kModeArgs) {
    // Only the rules naming `call` can match it: the same verdicts, fewer
    // string comparisons (this loop also runs under ASan).
    std::vector<SeccompRule> rules;
    for (const auto& r : all_rules) {
      const auto& names = r.syscalls;
      if (std::find(names.begin(), names.end(), call) != names.end()) rules.push_back(r);
    }
    for (uint64_t mode = 0; mode <= 0xffff; ++mode) {
      ASSERT_EQ(DeniesMode(rules, call, index, mode), (mode & 06000) != 0) << call << " mode 0" << std::oct << mode;
    }
    for (uint64_t garbage :
         {1ull << 16, 0x7fff0000ull, 1ull << 32, 0xdead00000000ull, 1ull << 63, 0xffffffffffff0000ull}) {
      for (uint64_t mode = 0; mode <= 07777; ++mode) {
        ASSERT_EQ(DeniesMode(rules, call, index, garbage | mode), (mode & 06000) != 0)
            << call << " mode 0x" << std::hex << (garbage | mode);
      }
    }
    // The other arguments are paths, descriptors and flags (O_NONBLOCK and
    // O_APPEND share the set-id bits' values): they must not matter.
    EXPECT_FALSE(DeniesMode(rules, call, index, 0755, ~0ull)) << call;
    EXPECT_TRUE(DeniesMode(rules, call, index, 04755, ~0ull)) << call;
  }
}

TEST(SeccompTable, SetIdModesDeniedThroughEveryCallExactly) {
  ExpectSetIdExactlyDenied(DefaultSeccompProfile({}).rules);
  ExpectSetIdExactlyDenied(DefaultSeccompProfile({.allow_debug = true}).rules);
  ExpectSetIdExactlyDenied(MandatoryGuardRules());
}

TEST(SeccompTable, SetIdRulesAreEpermWithOneMaskedComparison) {
  for (const auto& r : MandatoryGuardRules()) {
    if (r.args.empty()) continue;
    ASSERT_EQ(r.args.size(), 1u) << r.why;  // same meaning in libseccomp, runc, crun
    EXPECT_EQ(r.args[0].op, SeccompOp::kMaskedEq) << r.why;
    EXPECT_EQ(r.action, SeccompAction::kErrno) << r.why;
    EXPECT_EQ(r.errno_value, EPERM) << r.why;
  }
}

TEST(SeccompTable, Openat2IsEnosysAndMkdirIsFree) {
  for (const auto& rules : {DefaultSeccompProfile({}).rules, MandatoryGuardRules()}) {
    SeccompProfile p;
    p.rules = rules;
    EXPECT_TRUE(Denies(p, "openat2"));
    EXPECT_EQ(ErrnoFor(p, "openat2"), ENOSYS);  // callers fall back to openat
    // The kernel keeps only the permission and sticky bits of mkdir's mode.
    for (uint64_t mode = 0; mode <= 07777; ++mode) {
      EXPECT_FALSE(DeniesMode(rules, "mkdir", 1, mode)) << std::oct << mode;
      EXPECT_FALSE(DeniesMode(rules, "mkdirat", 2, mode)) << std::oct << mode;
    }
  }
}

// The built-in profile carries the guard itself; a custom one has it stacked.
TEST(SeccompTable, BuiltInProfileHoldsEveryMandatoryRule) {
  for (bool debug : {false, true}) {
    auto p = DefaultSeccompProfile({.allow_debug = debug});
    EXPECT_FALSE(p.mandatory_guard);
    for (const auto& rule : MandatoryGuardRules()) {
      EXPECT_NE(std::find(p.rules.begin(), p.rules.end(), rule), p.rules.end()) << rule.why;
    }
  }
}

TEST(SeccompTable, MandatoryGuardProfileAllowsByDefaultOnTheProfilesArches) {
  auto g = MandatoryGuardProfile({"x86", NativeSeccompArch()});
  EXPECT_EQ(g.default_action, SeccompAction::kAllow);
  EXPECT_EQ(g.architectures, (std::vector<std::string>{"x86", NativeSeccompArch()}));
  EXPECT_EQ(g.rules, MandatoryGuardRules());
  EXPECT_FALSE(g.mandatory_guard);  // not stacked on itself
  // The native architecture is always there, as in every filter paddock builds.
  EXPECT_EQ(MandatoryGuardProfile({}).architectures, std::vector<std::string>{NativeSeccompArch()});
  SeccompProfile guard;
  guard.rules = g.rules;
  EXPECT_EQ(ErrnoFor(guard, "io_uring_setup"), ENOSYS);  // ring operations bypass seccomp
  EXPECT_TRUE(Denies(guard, "ioctl", 0, 0x5412));
  EXPECT_FALSE(Denies(guard, "ptrace"));  // the profile decides about everything else
}

// The cube cover must deny exactly the complement of the allowed set: check
// every value a brute force can reach plus the bit patterns near the edges.
TEST(SeccompTable, DenyUnlessOneOfIsExact) {
  std::vector<uint32_t> allowed = {0, 8, 0x20000, 0x20008, 0xffffffff, 0x40000};
  auto rules = DenyUnlessOneOf({"personality"}, 0, allowed, EPERM, "t");
  std::set<uint64_t> ok(allowed.begin(), allowed.end());
  auto check = [&](uint64_t v) {
    uint64_t args[6] = {v};
    EXPECT_EQ(RulesMatch(rules, "personality", args), !ok.count(v)) << std::hex << v;
  };
  for (uint64_t v = 0; v < 0x50000; ++v) check(v);
  for (int bit = 0; bit < 64; ++bit) {
    check(1ull << bit);
    check(~(1ull << bit) & 0xffffffffull);
    check(0xffffffffull | (1ull << bit));
  }
  for (uint32_t a : allowed) check(0x100000000ull | a);      // upper half set
  for (const auto& r : rules) EXPECT_EQ(r.args.size(), 1u);  // same meaning in runc
}

TEST(SeccompTable, DenyUnlessOneOfEmptySetDeniesAll) {
  auto rules = DenyUnlessOneOf({"x"}, 2, {}, EPERM, "t");
  for (uint64_t v : {0ull, 1ull, 0xffffffffull, 0x100000000ull}) {
    uint64_t args[6] = {0, 0, v};
    EXPECT_TRUE(RulesMatch(rules, "x", args));
  }
}

TEST(SeccompTable, PersonalityOnlyHarmlessValues) {
  auto p = DefaultSeccompProfile({});
  for (uint64_t ok : {0x0ull, 0x8ull, 0x20000ull, 0x20008ull, 0xffffffffull}) {
    EXPECT_FALSE(Denies(p, "personality", ok)) << ok;
  }
  for (uint64_t bad : {0x0400000ull /*READ_IMPLIES_EXEC*/, 0x0100000ull /*MMAP_PAGE_ZERO*/, 0x0200000ull, 0x1ull}) {
    EXPECT_TRUE(Denies(p, "personality", bad)) << bad;
  }
}

}  // namespace
}  // namespace paddock::plan
