/* The escape probe: run inside the jail, each subcommand attempts one escape.
 *
 *   probe NAME [ARGS...]
 *
 * Prints "BLOCKED name: reason" and exits 0 when the attempt failed, as it
 * must; prints "ESCAPED name: detail" and exits 1 when it worked; exits 2 on
 * bad usage. With PROBE_ERRNO=N set, a block with any other errno exits 3.
 * signal-group is the exception: it prints "SENT" and exits 0 whatever the
 * kernel did, since the verdict is whether the processes outside survived.
 * Static, so it needs nothing from the jail's view of the host. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static const char* name;

static int blocked(int err, const char* what) {
  printf("BLOCKED %s: %s: %s\n", name, what, strerror(err));
  const char* want = getenv("PROBE_ERRNO");
  if (want && atoi(want) != err) {
    printf("  but errno %d, expected %s\n", err, want);
    return 3;
  }
  return 0;
}

static int escaped(const char* detail) {
  printf("ESCAPED %s: %s\n", name, detail);
  return 1;
}

/* rc < 0 means the call failed with errno. */
static int verdict(long rc, const char* what) { return rc < 0 ? blocked(errno, what) : escaped(what); }

static int probe_read(const char* path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return blocked(errno, path);
  char buf[64];
  ssize_t n = read(fd, buf, sizeof buf);
  if (n < 0) return blocked(errno, path);
  if (n == 0) return blocked(ENODATA, "empty (masked)");
  return escaped(path);
}

static int probe_write(const char* path) {
  int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd < 0) return blocked(errno, path);
  if (write(fd, "probe\n", 6) != 6) return blocked(errno, path);
  return escaped(path);
}

static int probe_exists(const char* path) {
  struct stat st;
  return verdict(lstat(path, &st), path);
}

static int probe_connect_tcp(const char* host, int port) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0) return blocked(errno, "socket");
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  inet_pton(AF_INET, host, &a.sin_addr);
  return verdict(connect(s, (struct sockaddr*)&a, sizeof a), host);
}

static int probe_connect_unix(const char* path) {
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  if (s < 0) return blocked(errno, "socket");
  struct sockaddr_un a = {.sun_family = AF_UNIX};
  socklen_t len;
  if (path[0] == '@') { /* abstract */
    strncpy(a.sun_path + 1, path + 1, sizeof a.sun_path - 2);
    len = offsetof(struct sockaddr_un, sun_path) + 1 + strlen(path + 1);
  } else {
    strncpy(a.sun_path, path, sizeof a.sun_path - 1);
    len = sizeof a;
  }
  return verdict(connect(s, (struct sockaddr*)&a, len), path);
}

/* Any open descriptor above 2 is an escape hatch to whatever it names. */
static int probe_fds(void) {
  char detail[256] = "";
  for (int fd = 3; fd < 4096; fd++) {
    if (fcntl(fd, F_GETFD) < 0) continue;
    char link[64], target[200] = "";
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n > 0) target[n] = 0;
    snprintf(detail, sizeof detail, "fd %d open: %s", fd, target);
    return escaped(detail);
  }
  return blocked(EBADF, "no inherited descriptors above 2");
}

/* Any capability or a missing no_new_privs is a privilege left behind. */
static int probe_privileges(void) {
  FILE* f = fopen("/proc/self/status", "r");
  if (!f) return blocked(errno, "/proc/self/status unreadable");
  char line[256];
  int bad = 0, nnp = 0;
  char detail[256] = "";
  while (fgets(line, sizeof line, f)) {
    if (!strncmp(line, "Cap", 3)) {
      char* v = strchr(line, ':');
      if (v && strtoull(v + 1, NULL, 16) != 0) {
        bad = 1;
        snprintf(detail, sizeof detail, "%s", line);
      }
    }
    if (!strncmp(line, "NoNewPrivs:", 11)) nnp = atoi(line + 11);
  }
  fclose(f);
  if (bad) return escaped(detail);
  if (!nnp) return escaped("no_new_privs not set");
  if (geteuid() == 0) return escaped("euid 0");
  return blocked(EPERM, "no capabilities, no_new_privs set, not uid 0");
}

static int probe_tiocsti(void) {
  int fd = isatty(0) ? 0 : open("/dev/tty", O_RDWR);
  if (fd < 0) return blocked(errno, "no terminal");
  char c = '#';
  if (ioctl(fd, TIOCSTI, &c) == 0) return escaped("TIOCSTI injected a byte");
  int err = errno;
  /* High bits set: the kernel truncates the request to 32 bits. */
  if (syscall(SYS_ioctl, fd, 0x100000000UL | TIOCSTI, &c) == 0) return escaped("TIOCSTI with high bits");
  return blocked(err, "TIOCSTI");
}

/* Sets the terminal's line discipline to the one it has (a no-op if it
 * worked): N_NULL set this way would outlive the jail. */
static int probe_tiocsetd(void) {
  int fd = isatty(0) ? 0 : open("/dev/tty", O_RDWR);
  if (fd < 0) return blocked(errno, "no terminal");
  int disc = 0;
  if (ioctl(fd, TIOCGETD, &disc) != 0) return blocked(errno, "TIOCGETD");
  if (ioctl(fd, TIOCSETD, &disc) == 0) return escaped("TIOCSETD set the line discipline");
  return blocked(errno, "TIOCSETD");
}

static int probe_ptrace(pid_t pid) { return verdict(ptrace(PTRACE_ATTACH, pid, NULL, NULL), "PTRACE_ATTACH"); }

/* Signals "its own" process group, or everything, the ways a jailed process
 * might: kill(0), killpg(getpgrp()), kill(-1). The probe ignores the signal
 * so it lives to report; whether anything outside the jail was reached is
 * for the caller to see (the invoking shell and its other children). */
static int probe_signal_group(const char* how, int sig) {
  if (sig != SIGKILL && sig != SIGSTOP) signal(sig, SIG_IGN);
  long rc;
  if (!strcmp(how, "kill0")) rc = kill(0, sig);
  else if (!strcmp(how, "killpg")) rc = killpg(getpgrp(), sig);
  else if (!strcmp(how, "all")) rc = kill(-1, sig);
  else {
    fprintf(stderr, "probe: signal-group kill0|killpg|all SIG\n");
    return 2;
  }
  printf("SENT %s %s: %s\n", name, how, rc == 0 ? "delivered" : strerror(errno));
  return 0;
}

#include "hardening_probe.h"
#include "setid_probe.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: probe NAME [ARGS...]\n");
    return 2;
  }
  name = argv[1];
  const char* a1 = argc > 2 ? argv[2] : "";
  const char* a2 = argc > 3 ? argv[3] : "";
  if (!strcmp(name, "read")) return probe_read(a1);
  if (!strcmp(name, "write")) return probe_write(a1);
  if (!strcmp(name, "exists")) return probe_exists(a1);
  if (!strcmp(name, "list")) {
    DIR* d = opendir(a1);
    if (!d) return blocked(errno, a1);
    struct dirent* e;
    int n = 0;
    while ((e = readdir(d))) n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    char detail[300];
    snprintf(detail, sizeof detail, "%s has %d entries", a1, n);
    return n ? escaped(detail) : blocked(ENOENT, "empty");
  }
  if (!strcmp(name, "getenv")) {
    const char* v = getenv(a1);
    return v ? escaped(a1) : blocked(ENOENT, a1);
  }
  if (!strcmp(name, "kill")) return verdict(kill(atoi(a1), argc > 3 ? atoi(a2) : 0), "kill");
  if (!strcmp(name, "signal-group")) return probe_signal_group(a1, atoi(a2));
  if (!strcmp(name, "ptrace")) return probe_ptrace(atoi(a1));
  if (!strcmp(name, "connect-tcp")) return probe_connect_tcp(a1, atoi(a2));
  if (!strcmp(name, "connect-unix")) return probe_connect_unix(a1);
  if (!strcmp(name, "fds")) return probe_fds();
  if (!strcmp(name, "privileges")) return probe_privileges();
  if (!strcmp(name, "mount")) return verdict(mount("none", a1[0] ? a1 : "/tmp", "tmpfs", 0, NULL), "mount tmpfs");
  if (!strcmp(name, "umount")) return verdict(umount2(a1, MNT_DETACH), a1);
  if (!strcmp(name, "hostname")) return verdict(sethostname("escaped", 7), "sethostname");
  if (!strcmp(name, "userns")) return verdict(unshare(CLONE_NEWUSER), "unshare(CLONE_NEWUSER)");
  if (!strcmp(name, "chroot")) return verdict(chroot("/tmp"), "chroot");
  if (!strcmp(name, "tiocsti")) return probe_tiocsti();
  if (!strcmp(name, "tiocsetd")) return probe_tiocsetd();
  if (!strcmp(name, "setuid")) return verdict(setuid(0), "setuid(0)");
  if (!strcmp(name, "euid")) { /* run as a setuid binary: did it elevate? */
    if (geteuid() != getuid() || geteuid() == 0) return escaped("euid changed by a setuid binary");
    return blocked(EPERM, "setuid bit ignored");
  }
  if (!strcmp(name, "sys") || !strcmp(name, "sys-list") || !strcmp(name, "x32") || !strcmp(name, "int80") ||
      !strcmp(name, "personality") || !strcmp(name, "socket") || !strcmp(name, "threads"))
    return probe_hardening(name, argc, argv);
  if (!strcmp(name, "setid") || !strcmp(name, "setid-list")) return probe_setid(name, a1, a2);
  fprintf(stderr, "probe: unknown probe '%s'\n", name);
  return 2;
}
