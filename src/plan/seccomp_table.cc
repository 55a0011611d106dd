#include "plan/seccomp_table.h"

#include <algorithm>
#include <cerrno>
#include <string_view>

namespace paddock::plan {
namespace {

// Numbers from the kernel's uapi headers; the pure core avoids kernel headers.
constexpr uint64_t kTIOCSTI = 0x5412;
constexpr uint64_t kTIOCLINUX = 0x541C;
constexpr uint64_t kTIOCSETD = 0x5423;
constexpr uint64_t kS_ISUID = 04000, kS_ISGID = 02000;
constexpr uint64_t kCLONE_NEWUSER = 0x10000000;
constexpr uint32_t kAF_UNIX = 1, kAF_INET = 2, kAF_INET6 = 10, kAF_NETLINK = 16;
// personality(2) values that change nothing a sandbox cares about.
constexpr uint32_t kPER_LINUX = 0x0000, kPER_LINUX32 = 0x0008, kUNAME26 = 0x0020000, kPER_QUERY = 0xffffffff,
                   kADDR_NO_RANDOMIZE = 0x0040000;

SeccompRule Deny(std::vector<std::string> names, int err, std::string why) {
  return SeccompRule{std::move(names), SeccompAction::kErrno, err, {}, std::move(why)};
}

// Emits masked-compare "cubes" (fixed bits under a mask, the rest free)
// whose union is every 32-bit value not in `allowed`. `todo` holds the bits
// not yet decided on the path from the root; `mask`/`value` the decided ones.
void CoverComplement(const std::vector<uint32_t>& allowed, uint32_t todo, uint32_t mask, uint32_t value,
                     std::vector<std::pair<uint32_t, uint32_t>>& cubes) {
  uint32_t all_one = todo, all_zero = todo;
  for (uint32_t v : allowed) {
    all_one &= v;
    all_zero &= ~v;
  }
  // A bit every allowed value agrees on: any value with it the other way is
  // denied, whatever its other undecided bits are.
  for (int bit = 31; bit >= 0; --bit) {
    uint32_t b = 1u << bit;
    if (all_zero & b) cubes.emplace_back(mask | b, value | b);
    if (all_one & b) cubes.emplace_back(mask | b, value);
  }
  uint32_t free_bits = todo & ~all_one & ~all_zero;
  if (free_bits == 0) return;  // one value left, fully pinned
  // Split on the highest bit the allowed values disagree on; bits decided by
  // agreement above need no more cubes below.
  int bit = 31;
  while (!(free_bits & (1u << bit))) --bit;
  uint32_t b = 1u << bit;
  std::vector<uint32_t> ones, zeros;
  for (uint32_t v : allowed) (v & b ? ones : zeros).push_back(v);
  CoverComplement(zeros, free_bits & ~b, mask | b, value, cubes);
  CoverComplement(ones, free_bits & ~b, mask | b, value | b, cubes);
}

bool ArgMatches(const SeccompArg& a, uint64_t v) {
  switch (a.op) {
    case SeccompOp::kEq: return v == a.value;
    case SeccompOp::kNe: return v != a.value;
    case SeccompOp::kLt: return v < a.value;
    case SeccompOp::kLe: return v <= a.value;
    case SeccompOp::kGt: return v > a.value;
    case SeccompOp::kGe: return v >= a.value;
    case SeccompOp::kMaskedEq: return (v & a.value) == a.value_two;
  }
  return false;
}

}  // namespace

const char* NativeSeccompArch() {
#if defined(__x86_64__) && defined(__ILP32__)
  return "x32";
#elif defined(__x86_64__)
  return "x86_64";
#elif defined(__i386__)
  return "x86";
#elif defined(__aarch64__)
  return "aarch64";
#elif defined(__arm__)
  return "arm";
#elif defined(__riscv) && __riscv_xlen == 64
  return "riscv64";
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  return "ppc64le";
#elif defined(__s390x__)
  return "s390x";
#else
#error "add this architecture's libseccomp name"
#endif
}

std::vector<SeccompRule> DenyUnlessOneOf(const std::vector<std::string>& syscalls, unsigned index,
                                         const std::vector<uint32_t>& allowed, int errno_value,
                                         const std::string& why) {
  std::vector<uint32_t> values = allowed;
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  std::vector<std::pair<uint32_t, uint32_t>> cubes;
  if (values.empty()) {
    cubes.emplace_back(0, 0);  // everything
  } else {
    CoverComplement(values, 0xffffffffu, 0, 0, cubes);
  }
  std::vector<SeccompRule> rules;
  // The upper half first: the kernel ignores it for int arguments, but a
  // value carrying it is never a legitimate call.
  rules.push_back(SeccompRule{
      syscalls, SeccompAction::kErrno, errno_value, {SeccompArg{index, SeccompOp::kGt, 0xffffffffull, 0}}, why});
  for (auto [mask, value] : cubes) {
    rules.push_back(SeccompRule{
        syscalls, SeccompAction::kErrno, errno_value, {SeccompArg{index, SeccompOp::kMaskedEq, mask, value}}, why});
  }
  return rules;
}

bool RulesMatch(const std::vector<SeccompRule>& rules, const std::string& syscall, const uint64_t args[6]) {
  for (const auto& r : rules) {
    if (std::find(r.syscalls.begin(), r.syscalls.end(), syscall) == r.syscalls.end()) continue;
    bool all = true;
    for (const auto& a : r.args) all = all && a.index < 6 && ArgMatches(a, args[a.index]);
    if (all) return true;
  }
  return false;
}

std::vector<SeccompRule> MandatoryGuardRules() {
  std::vector<SeccompRule> rules;
  // io_uring first: a ring's operations (IORING_OP_OPENAT with a mode among
  // them) never pass through seccomp, so without this rule the others would
  // not hold.
  rules.push_back(Deny({"io_uring_setup", "io_uring_enter", "io_uring_register"}, ENOSYS,
                       "io_uring: large kernel attack surface, bypasses seccomp for its "
                       "operations; ENOSYS makes libuv and liburing fall back to epoll and "
                       "threads"));

  // Set-id files. The jail's files belong to root on the host when root
  // started paddock (idmapped project), or to the user; a setuid or setgid
  // file there runs with that identity for anyone on the host who can reach
  // it. Each rule tests one bit under a one-bit mask, so garbage in the rest
  // of the 64-bit argument (the kernel keeps the low 16 bits of a mode)
  // cannot hide it. S_ISGID is denied on directories too: seccomp cannot
  // tell a directory from a file (docs/hardening.md). mkdir is absent: the
  // kernel keeps only the permission and sticky bits of its mode.
  const std::vector<std::pair<std::vector<std::string>, unsigned>> mode_args = {
      {{"chmod", "fchmod", "creat", "mknod"}, 1},
      {{"fchmodat", "fchmodat2", "open", "mknodat"}, 2},
      {{"openat"}, 3},
  };
  for (const auto& [calls, index] : mode_args) {
    for (uint64_t bit : {kS_ISUID, kS_ISGID}) {
      rules.push_back(
          SeccompRule{calls,
                      SeccompAction::kErrno,
                      EPERM,
                      {SeccompArg{index, SeccompOp::kMaskedEq, bit, bit}},
                      bit == kS_ISUID ? "setuid files (S_ISUID in a mode)" : "setgid files (S_ISGID in a mode)"});
    }
  }
  rules.push_back(Deny({"openat2"}, ENOSYS,
                       "openat2 passes its mode in memory, which seccomp cannot read; ENOSYS makes "
                       "callers fall back to openat"));

  // Keystroke injection into the user's terminal. The request is compared on
  // its low 32 bits: the kernel truncates it, so a value with high bits set
  // would otherwise slip past a plain equality (CVE-2019-10063).
  for (uint64_t request : {kTIOCSTI, kTIOCLINUX}) {
    rules.push_back(SeccompRule{{"ioctl"},
                                SeccompAction::kErrno,
                                EPERM,
                                {SeccompArg{1, SeccompOp::kMaskedEq, 0xFFFFFFFFu, request}},
                                "terminal input injection (TIOCSTI, TIOCLINUX)"});
  }
  // The terminal's line discipline outlives the jail: N_NULL left on the
  // user's terminal swallows everything typed after paddock exits.
  rules.push_back(SeccompRule{{"ioctl"},
                              SeccompAction::kErrno,
                              EPERM,
                              {SeccompArg{1, SeccompOp::kMaskedEq, 0xFFFFFFFFu, kTIOCSETD}},
                              "a line discipline for the user's terminal (TIOCSETD)"});
  return rules;
}

SeccompProfile MandatoryGuardProfile(const std::vector<std::string>& architectures) {
  SeccompProfile guard;
  guard.default_action = SeccompAction::kAllow;
  guard.architectures = architectures;
  if (std::find(guard.architectures.begin(), guard.architectures.end(), NativeSeccompArch()) ==
      guard.architectures.end()) {
    guard.architectures.insert(guard.architectures.begin(), NativeSeccompArch());
  }
  guard.rules = MandatoryGuardRules();
  return guard;
}

SeccompProfile DefaultSeccompProfile(const SeccompOptions& options) {
  SeccompProfile p;
  p.default_action = SeccompAction::kAllow;
  // Native only: i386 (int 0x80) and x32 (__X32_SYSCALL_BIT) calls are killed
  // before any rule runs. A deny-list written for one syscall table says
  // nothing about another (socketcall(2) would bypass the socket rules).
  p.architectures = {NativeSeccompArch()};
  auto& r = p.rules;

  for (auto& rule : MandatoryGuardRules()) r.push_back(std::move(rule));
  if (!options.allow_debug) {
    r.push_back(Deny({"ptrace", "process_vm_readv", "process_vm_writev"}, EPERM,
                     "reading and writing other processes' memory (--allow-debug re-allows it)"));
  }
  r.push_back(Deny({"bpf", "perf_event_open", "userfaultfd"}, EPERM,
                   "kernel attack surface: eBPF, perf events, userfaultfd (race widening)"));
  r.push_back(Deny({"keyctl", "add_key", "request_key"}, EPERM,
                   "kernel keyrings are not namespaced: the host user's keys live there"));
  r.push_back(Deny({"kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module"}, EPERM,
                   "loading kernels and kernel modules"));
  r.push_back(Deny({"mount", "umount2", "pivot_root", "chroot", "fsopen", "fsconfig", "fsmount", "fspick", "move_mount",
                    "open_tree", "mount_setattr"},
                   EPERM, "the mount API: the jail's view of the filesystem is fixed"));
  r.push_back(Deny({"swapon", "swapoff", "reboot"}, EPERM, "host-wide system state"));
  r.push_back(
      Deny({"settimeofday", "clock_settime", "clock_adjtime", "adjtimex"}, EPERM, "the clock is not namespaced"));
  r.push_back(Deny({"setns"}, EPERM, "joining other namespaces"));
  r.push_back(Deny({"acct", "quotactl", "quotactl_fd", "lookup_dcookie"}, EPERM,
                   "process accounting, disk quotas, profiling cookies"));
  r.push_back(Deny({"open_by_handle_at"}, EPERM, "opens files by handle, bypassing the mount view (\"shocker\")"));
  r.push_back(Deny({"syslog", "iopl", "ioperm", "vhangup", "uselib"}, EPERM,
                   "kernel log, raw I/O ports, other terminals' sessions, a.out libraries"));

  // Nested user namespaces give the full kernel attack surface of a
  // namespace root. clone3 passes its flags in memory, which seccomp cannot
  // read: ENOSYS makes glibc and others fall back to clone, filtered here.
  r.push_back(Deny({"clone3"}, ENOSYS, "flags are in memory: ENOSYS makes callers use clone(2)"));
  r.push_back(SeccompRule{{"unshare", "clone"},
                          SeccompAction::kErrno,
                          EPERM,
                          {SeccompArg{0, SeccompOp::kMaskedEq, kCLONE_NEWUSER, kCLONE_NEWUSER}},
                          "nested user namespaces"});

  // Address families: only what ordinary programs need. EAFNOSUPPORT is what
  // a kernel without the family says, so callers take their fallback path.
  for (auto& rule :
       DenyUnlessOneOf({"socket", "socketpair"}, 0, {kAF_UNIX, kAF_INET, kAF_INET6, kAF_NETLINK}, EAFNOSUPPORT,
                       "socket families other than UNIX, INET, INET6, NETLINK "
                       "(no VSOCK, ALG, PACKET, ...)")) {
    r.push_back(std::move(rule));
  }

  // personality(2): READ_IMPLIES_EXEC, MMAP_PAGE_ZERO and friends weaken
  // memory protections; only the query and the plain Linux flavours remain.
  std::vector<uint32_t> personas = {kPER_LINUX, kPER_LINUX32, kUNAME26, kUNAME26 | kPER_LINUX32, kPER_QUERY};
  if (options.allow_debug) {
    // Debuggers (gdb, setarch -R) switch ASLR off for the program they start.
    personas.push_back(kADDR_NO_RANDOMIZE);
    personas.push_back(kADDR_NO_RANDOMIZE | kPER_LINUX32);
  }
  for (auto& rule :
       DenyUnlessOneOf({"personality"}, 0, personas, EPERM, "personality flags other than the harmless ones")) {
    r.push_back(std::move(rule));
  }
  return p;
}

namespace {

// Length-prefixed, so no two different field sequences give one string.
void Put(std::string& out, std::string_view s) {
  out += std::to_string(s.size());
  out += ':';
  out += s;
}
void Put(std::string& out, uint64_t v) { Put(out, std::to_string(v)); }

}  // namespace

std::string SeccompProfileKey(const SeccompProfile& profile) {
  std::string out;
  Put(out, static_cast<uint64_t>(profile.default_action));
  Put(out, static_cast<uint64_t>(static_cast<uint32_t>(profile.default_errno)));
  Put(out, profile.architectures.size());
  for (const auto& a : profile.architectures) Put(out, a);
  Put(out, profile.flags.size());
  for (const auto& f : profile.flags) Put(out, f);
  Put(out, profile.mandatory_guard ? 1 : 0);
  Put(out, profile.rules.size());
  for (const auto& r : profile.rules) {
    Put(out, r.syscalls.size());
    for (const auto& s : r.syscalls) Put(out, s);
    Put(out, static_cast<uint64_t>(r.action));
    Put(out, static_cast<uint64_t>(static_cast<uint32_t>(r.errno_value)));
    Put(out, r.args.size());
    for (const auto& a : r.args) {
      Put(out, a.index);
      Put(out, static_cast<uint64_t>(a.op));
      Put(out, a.value);
      Put(out, a.value_two);
    }
    Put(out, r.why);
  }
  return out;
}

}  // namespace paddock::plan
