// The child's timeline: the table at the end of this file lists every stage
// in order, each with the reason for its place. The child runs in fresh
// namespaces as pid 1 of the jail; paddock waits on the error pipe for
// either a ChildError or EOF at exec.
#include "jail/child.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "jail/binaries.h"
#include "jail/capabilities.h"
#include "jail/fds.h"
#include "jail/hostname.h"
#include "jail/init.h"
#include "jail/landlock.h"
#include "jail/loopback.h"
#include "jail/mounts.h"
#include "jail/net_setup.h"
#include "jail/no_new_privs.h"
#include "jail/rlimits.h"
#include "jail/switch_ids.h"

extern char** environ;

namespace paddock::jail {
namespace {

[[noreturn]] void Report(const ChildContext& ctx, const ChildError& error, int status) {
  (void)!write(ctx.error_fd, &error, sizeof error);
  _exit(status);
}

bool WaitForRelease(ChildContext& ctx, ChildError& error) {
  prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  // A process group of its own, so nothing in the jail can signal paddock's
  // group. paddock does the same from its side before it gives the terminal
  // to this group, as shells do, so neither order races.
  int pgid_err = setpgid(0, 0) == 0 ? 0 : errno;
  // EOF instead of the byte: paddock is gone, no one is left to report to.
  char go = 0;
  if (read(ctx.sync_fd, &go, 1) != 1) _exit(1);
  // Reported once released: paddock reads the error pipe only then.
  if (pgid_err != 0) {
    SetChildError(error, pgid_err, "give", "the jail a process group of its own");
    return false;
  }
  return true;
}

// cgroup v1: the child moves itself into each leaf, first thing once
// released, so that its setup is charged there too. "0" into `tasks` moves
// the calling thread (the child has one) without the thread-group lock a pid
// written to cgroup.procs takes, whose RCU grace period held start-up for
// 5-35 ms here. The files were opened by paddock, whose credentials the
// kernel checks.
bool JoinCgroup(ChildContext& ctx, ChildError& error) {
  for (const CgroupJoin& join : ctx.cgroup_joins) {
    ssize_t n = write(join.fd, "0", 1);
    int err = errno;
    close(join.fd);
    if (n != 1) {
      SetChildError(error, n < 0 ? err : EIO, "join the cgroup leaf", join.leaf);
      return false;
    }
  }
  return true;
}

// The cgroup namespace the jail was cloned with is rooted where paddock is.
// Once in its own leaves, a nested one rooted there makes /proc/self/cgroup
// say "/" and match the view of them at /sys/fs/cgroup (runtimes read both
// to find their limits), and names nothing of the host's tree. Only the
// view depends on it: where the kernel refuses, nothing is shown.
bool RootCgroupNamespace(ChildContext& ctx, ChildError& error) {
  (void)error;
  if (ctx.cgroup_views.empty() || !ctx.plan->namespaces.cgroup) return true;
  if (unshare(CLONE_NEWCGROUP) != 0) ctx.cgroup_views.clear();
  return true;
}

// paddock confirms the cgroup: on v1 the child joined above, or, where its
// `tasks` files could not be opened, paddock attached it by pid meanwhile;
// on v2 the jail was born in its leaf and the byte is already there. The
// jail goes on only once it is in, before anything forks or runs the command.
bool WaitForCgroup(ChildContext& ctx, ChildError& error) {
  (void)error;
  char in = 0;
  ssize_t n;
  do n = read(ctx.sync_fd, &in, 1);
  while (n < 0 && errno == EINTR);
  if (n != 1) _exit(1);  // paddock is gone, or could not attach: it ends the jail
  close(ctx.sync_fd);
  return true;
}

bool EnterWorkingDirectory(ChildContext& ctx, ChildError& error) {
  if (chdir(ctx.plan->cwd.c_str()) != 0) return FailWithErrno(error, "enter", ctx.plan->cwd.c_str());
  return true;
}

bool LowerRlimits(ChildContext& ctx, ChildError& error) {
  const char* rlimit = nullptr;
  if (int err = ApplyRlimits(ctx.plan->limits.rlimits, &rlimit); err != 0) {
    SetChildError(error, err, "set", rlimit);
    return false;
  }
  return true;
}

bool EnforceLandlock(ChildContext& ctx, ChildError& error) {
  if (!ctx.plan->landlock.enabled) return true;
  const char* path = nullptr;
  if (int err = ApplyLandlock(ctx.landlock, &path); err != 0) {
    SetChildError(error, err, path ? "add Landlock rule for" : "apply", path ? path : "Landlock ruleset");
    return false;
  }
  return true;
}

bool EnforceSeccomp(ChildContext& ctx, ChildError& error) {
  if (!ctx.plan->seccomp_enabled) return true;
  if (int err = InstallSeccomp(ctx.seccomp); err != 0) {
    SetChildError(error, err, "install", "seccomp filter");
    return false;
  }
  return true;
}

// Not a stage failure: the command itself could not run (126, or 127 when
// it does not exist), reported as such.
[[noreturn]] void ExecCommand(ChildContext& ctx) {
  if (ctx.init_fd >= 0) {
    if (int err = NestBelowPid1(ctx.plan->landlock.abi); err != 0) {
      ChildError error;
      snprintf(error.stage, sizeof error.stage, "%s", "init");
      SetChildError(error, err, "apply", "the Landlock layer that keeps pid 1 out of the command's reach");
      Report(ctx, error, 125);
    }
  }
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  signal(SIGPIPE, SIG_DFL);
  environ = ctx.envp.data();  // execvp searches the jail's PATH
  execvp(ctx.argv[0], ctx.argv.data());
  int err = errno;
  ChildError error;
  error.kind = ChildError::kExec;
  SetChildError(error, err, "execute", ctx.argv[0]);
  Report(ctx, error, err == ENOENT ? 127 : 126);
}

// paddock's own environment, inherited by clone, may hold what stays
// outside (a preset's API key): pid 1 keeps no copy of it to show in
// /proc/1/environ, whatever else guards that file.
void WipeInheritedEnvironment() {
  for (char** e = environ; e && *e; ++e) memset(*e, 0, strlen(*e));
}

// A command that ends sooner never waits for pid 1's exec: the start-up an
// agent pays per tool call stays as it was. One that runs longer (the agent
// itself, a build) has pid 1 shed paddock's memory after that long.
constexpr int kShortRunMs = 50;

// Pid 1 keeps one descriptor, its reports to paddock, as fd 3, and once the
// command has run kShortRunMs, execs paddock-init: 0.7 MB instead of a copy
// of paddock (its code, its heap, the keys a forwarder holds) for as long as
// the command runs. If that cannot run, pid 1 goes on as paddock.
[[noreturn]] void BecomeInit(ChildContext& ctx, pid_t command) {
  int init = ctx.init_fd >= 0 ? fcntl(ctx.init_fd, F_DUPFD_CLOEXEC, 5) : -1;  // clear of 3 and 4
  if (ctx.report_fd != 3 && dup2(ctx.report_fd, 3) != 3) _exit(125);
  if (init >= 0 && dup3(init, 4, O_CLOEXEC) == 4) {
    close_range(5, ~0U, 0);
    ReapAndRelayFor(command, 3, nullptr, kShortRunMs);  // does not return once the command has ended
    char pid[16];
    snprintf(pid, sizeof pid, "%d", static_cast<int>(command));
    char* argv[] = {const_cast<char*>(kInitBinaryName), pid, nullptr};
    char* envp[] = {nullptr};
    syscall(SYS_execveat, 4, "", argv, envp, AT_EMPTY_PATH);
  }
  close_range(4, ~0U, 0);
  RunInit(command, 3);
}

// Returns only when the command cannot be forked.
bool StartCommand(ChildContext& ctx, ChildError& error) {
  // Pid 1 cannot be inspected by the command (no /proc/1/fd), from before
  // the command exists; exec makes the command dumpable again.
  prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  // Without a pid namespace, orphans would go to the host's init: keep them.
  if (!ctx.plan->namespaces.pid && prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0)
    return FailWithErrno(error, "become", "the jail's subreaper");
  WipeInheritedEnvironment();
  // Blocked before the fork: a signal paddock relays meanwhile waits for pid
  // 1's loop (here or in paddock-init: the mask and what is pending survive
  // exec). The command unblocks them before its exec.
  sigset_t all;
  sigfillset(&all);
  sigprocmask(SIG_BLOCK, &all, nullptr);
  pid_t command = fork();
  if (command < 0) return FailWithErrno(error, "fork", "the command");
  if (command == 0) ExecCommand(ctx);
  close(ctx.error_fd);
  BecomeInit(ctx, command);
}

// The child's timeline, in order; each row says why it runs there.
constexpr ChildStage kStages[] = {
    // First: die with paddock, lead a process group of its own, wait for the id maps.
    {"sync", WaitForRelease},
    // Before anything else is charged or forked (cgroup v1; v2: born in its leaf).
    {"cgroup-join", JoinCgroup},
    // In its leaves now (v2: born there); before /proc is mounted and the view of the leaves.
    {"cgroup-ns", RootCgroupNamespace},
    // Host view intact, invoker's access: before the ids switch and before /tmp is covered.
    {"mount-sources", OpenMountSources},
    // Before anything is created (unmapped ids fail with EOVERFLOW); namespace caps survive.
    {"ids", SwitchIds},
    // Over /tmp only now that the sources under /tmp are open.
    {"new-root", MountNewRoot},
    // Mounts need the namespace's capabilities: before they go.
    {"mounts", ApplyMounts},
    // After every mount: each needed its mount point created.
    {"read-only", MakeMountsReadOnly},
    // pivot_root, never chroot, once the root is complete; the host's tree is detached.
    {"pivot", PivotToNewRoot},
    // A path of the new root.
    {"cwd", EnterWorkingDirectory},
    // Needs CAP_SYS_ADMIN in the jail's UTS namespace.
    {"hostname", SetHostname},
    // Needs CAP_NET_ADMIN in the jail's network namespace.
    {"loopback", BringUpLoopback},
    {"network", SetUpFilteredNetwork},
    // In the jail's user ns (RLIMIT_NPROC counts per ns), before the command's first fork.
    {"rlimits", LowerRlimits},
    // Every stage above needed them; bounding set and securebits first (need CAP_SETPCAP).
    {"capabilities", DropCapabilities},
    // Landlock and a seccomp filter installed without CAP_SYS_ADMIN require it.
    {"no-new-privs", SetNoNewPrivs},
    // After no_new_privs (required), before seccomp (a custom profile could deny its calls).
    {"landlock", EnforceLandlock},
    // Before seccomp, which could deny fcntl; the command inherits only --pass-fd fds.
    {"fds", MarkFdsCloseOnExec},
    // Before anything forks; before seccomp, which a custom profile could make deny read.
    {"cgroup", WaitForCgroup},
    // Last, so every stage above may use what it forbids.
    {"seccomp", EnforceSeccomp},
    // Non-dumpable before the command exists (no /proc/1/fd); forks it, becomes paddock-init.
    {"init", StartCommand},
};

}  // namespace

std::span<const ChildStage> ChildStages() { return kStages; }

bool RunChildStages(std::span<const ChildStage> stages, ChildContext& ctx, ChildError& error) {
  for (const ChildStage& stage : stages) {
    if (stage.run(ctx, error)) continue;
    error.kind = ChildError::kSetup;
    snprintf(error.stage, sizeof error.stage, "%s", stage.name);
    return false;
  }
  return true;
}

void ChildMain(ChildContext& ctx) {
  ChildError error;
  if (!RunChildStages(kStages, ctx, error)) Report(ctx, error, 125);
  _exit(125);  // not reached: stage "init" became pid 1
}

}  // namespace paddock::jail
