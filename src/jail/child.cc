// The child's timeline, one stage per step, each with the reason for its
// place. Runs in fresh namespaces as pid 1 of the jail; the parent waits on
// the error pipe for either a ChildError or EOF at exec.
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "jail/child_context.h"
#include "jail/init.h"
#include "jail/rlimits.h"

extern char** environ;

namespace paddock::jail {

void SetChildError(ChildError& error, int err, const char* op, const char* object) {
  error.err = err;
  snprintf(error.message, sizeof error.message, "cannot %s %s: %s", op, object, strerror(err));
}

namespace {

[[noreturn]] void Report(const ChildContext& ctx, const ChildError& error, int status) {
  (void)!write(ctx.error_fd, &error, sizeof error);
  _exit(status);
}

// Every inherited descriptor above 2 is closed at exec, except those the user
// passed on purpose: an fd to a host directory would walk out of the jail.
bool MarkFdsCloseOnExec(const ChildContext& ctx, ChildError& error) {
  if (close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
    SetChildError(error, errno, "mark close-on-exec", "inherited file descriptors");
    return false;
  }
  for (int fd : ctx.plan->keep_fds) {
    int flags = fcntl(fd, F_GETFD);
    if (flags < 0 || fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC) != 0) {
      char what[32];
      snprintf(what, sizeof what, "%d", fd);
      SetChildError(error, errno, "pass file descriptor", what);
      return false;
    }
  }
  return true;
}

[[noreturn]] void ExecCommand(ChildContext& ctx) {
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

}  // namespace

void ChildMain(ChildContext& ctx) {
  ChildError error;
  // Die with paddock.
  prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  // A process group of its own, so nothing in the jail can signal paddock's
  // group. paddock does the same from its side before it gives the terminal
  // to this group, as shells do, so neither order races.
  int pgid_err = setpgid(0, 0) == 0 ? 0 : errno;
  // Wait for the id maps. EOF means paddock is gone.
  char go = 0;
  if (read(ctx.sync_fd, &go, 1) != 1) _exit(1);
  close(ctx.sync_fd);
  if (pgid_err != 0) {
    SetChildError(error, pgid_err, "give", "the jail a process group of its own");
    Report(ctx, error, 125);
  }

  // Mounts first: they need the namespace's full capabilities. Host sources
  // are opened with the invoker's access, before the ids switch.
  if (!OpenMountSources(ctx, error)) Report(ctx, error, 125);
  if (!SwitchIds(ctx, error)) Report(ctx, error, 125);
  if (!BuildRoot(ctx, error)) Report(ctx, error, 125);
  if (chdir(ctx.plan->cwd.c_str()) != 0) {
    SetChildError(error, errno, "enter", ctx.plan->cwd.c_str());
    Report(ctx, error, 125);
  }
  if (!SetupIdentity(ctx, error)) Report(ctx, error, 125);
  // Rlimits in the jail's user namespace (RLIMIT_NPROC counts per namespace
  // there), before the command's first fork; lowered hard limits stay.
  const char* rlimit = nullptr;
  if (int err = ApplyRlimits(ctx.plan->limits.rlimits, &rlimit); err != 0) {
    SetChildError(error, err, "set", rlimit);
    Report(ctx, error, 125);
  }
  // Then give up every privilege; seccomp is last so the steps above may use
  // what it forbids.
  if (!DropCapabilities(ctx, error)) Report(ctx, error, 125);
  // Landlock after no_new_privs (it requires it), before seccomp (which
  // could deny its calls in a custom profile).
  if (ctx.plan->landlock.enabled) {
    const char* path = nullptr;
    if (int err = ApplyLandlock(ctx.landlock, &path); err != 0) {
      SetChildError(error, err, path ? "add Landlock rule for" : "apply", path ? path : "Landlock ruleset");
      Report(ctx, error, 125);
    }
  }
  if (!MarkFdsCloseOnExec(ctx, error)) Report(ctx, error, 125);
  if (ctx.plan->seccomp_enabled) {
    if (int err = InstallSeccomp(ctx.seccomp); err != 0) {
      SetChildError(error, err, "install", "seccomp filter");
      Report(ctx, error, 125);
    }
  }

  // Pid 1 cannot be inspected by the command (no /proc/1/fd), from before
  // the command exists; exec makes the command dumpable again.
  prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  pid_t command = fork();
  if (command < 0) {
    SetChildError(error, errno, "fork", "the command");
    Report(ctx, error, 125);
  }
  if (command == 0) ExecCommand(ctx);
  // Pid 1 keeps one descriptor, its reports to paddock, as fd 3.
  close(ctx.error_fd);
  if (ctx.report_fd != 3 && dup2(ctx.report_fd, 3) != 3) _exit(125);
  close_range(4, ~0U, 0);
  RunInit(command, 3);
}

}  // namespace paddock::jail
