/* Seccomp hardening probes, included by probe.c after its helpers
 * (blocked/escaped/verdict). Each attempts a call the seccomp profile must
 * deny; run with PROBE_ERRNO=N to insist on the errno.
 *
 *   probe sys NAME        one denied system call, with arguments that would
 *                         work (or fail differently) without the filter
 *   probe sys-list        prints the NAMEs
 *   probe x32 getpid      the same call through the x32 ABI: must be killed
 *   probe int80 getpid    the same call through int 0x80 (i386): must be killed
 *   probe personality HEX personality(HEX)
 *   probe socket FAMILY   socket(FAMILY, SOCK_STREAM or DGRAM, 0)
 *   probe threads N       N threads each doing a syscall; exits 0 when all ran */
#include <linux/perf_event.h>
#include <pthread.h>
#include <sys/personality.h>
#include <sys/timex.h>
#include <sys/uio.h>

#ifndef SYS_clone3
#define SYS_clone3 435
#endif

struct hp_call {
  const char* name;
  long (*fn)(void);
};

static long hp_io_uring_setup(void) {
  char params[120] = {0};
  return syscall(425, 4, params);
}
static long hp_io_uring_enter(void) { return syscall(426, 0, 0, 0, 0, NULL, 0); }
static long hp_io_uring_register(void) { return syscall(427, 0, 0, NULL, 0); }
static long hp_ptrace(void) { return syscall(SYS_ptrace, PTRACE_TRACEME, 0, 0, 0); }
static long hp_process_vm_readv(void) {
  char src[8] = "secret", dst[8];
  struct iovec l = {dst, sizeof dst}, r = {src, sizeof src};
  return syscall(SYS_process_vm_readv, getpid(), &l, 1, &r, 1, 0);
}
static long hp_process_vm_writev(void) {
  char src[8] = "x", dst[8];
  struct iovec l = {src, sizeof src}, r = {dst, sizeof dst};
  return syscall(SYS_process_vm_writev, getpid(), &l, 1, &r, 1, 0);
}
static long hp_bpf(void) {
  char attr[128] = {0};
  return syscall(SYS_bpf, 0 /* MAP_CREATE */, attr, sizeof attr);
}
static long hp_keyctl(void) { return syscall(SYS_keyctl, 0 /* GET_KEYRING_ID */, -3 /* session */, 0); }
static long hp_add_key(void) { return syscall(SYS_add_key, "user", "paddock", "v", 1, -2 /* process */); }
static long hp_request_key(void) { return syscall(SYS_request_key, "user", "paddock", NULL, 0); }
static long hp_perf_event_open(void) {
  struct perf_event_attr a;
  memset(&a, 0, sizeof a);
  a.type = PERF_TYPE_SOFTWARE;
  a.size = sizeof a;
  a.config = PERF_COUNT_SW_TASK_CLOCK;
  a.exclude_kernel = 1;
  return syscall(SYS_perf_event_open, &a, 0, -1, -1, 0);
}
static long hp_userfaultfd(void) { return syscall(SYS_userfaultfd, O_CLOEXEC | 1 /* USER_MODE_ONLY */); }
static long hp_kexec_load(void) { return syscall(SYS_kexec_load, 0, 0, NULL, 0); }
static long hp_init_module(void) { return syscall(SYS_init_module, "", 0, ""); }
static long hp_finit_module(void) { return syscall(SYS_finit_module, 0, "", 0); }
static long hp_delete_module(void) { return syscall(SYS_delete_module, "paddock", 0); }
static long hp_mount(void) { return syscall(SYS_mount, "none", "/tmp", "tmpfs", 0, NULL); }
static long hp_umount2(void) { return syscall(SYS_umount2, "/tmp", MNT_DETACH); }
static long hp_fsopen(void) { return syscall(430, "tmpfs", 0); }
static long hp_fsmount(void) { return syscall(432, -1, 0, 0); }
static long hp_move_mount(void) { return syscall(429, -1, "", -1, "", 0); }
static long hp_open_tree(void) { return syscall(428, AT_FDCWD, "/tmp", 0); }
static long hp_mount_setattr(void) { return syscall(442, -1, "", 0, NULL, 0); }
static long hp_pivot_root(void) { return syscall(SYS_pivot_root, "/tmp", "/tmp"); }
static long hp_swapon(void) { return syscall(SYS_swapon, "/tmp/swap", 0); }
static long hp_swapoff(void) { return syscall(SYS_swapoff, "/tmp/swap"); }
static long hp_reboot(void) { return syscall(SYS_reboot, 0, 0, 0, NULL); /* bad magic */ }
static long hp_settimeofday(void) { return syscall(SYS_settimeofday, NULL, NULL); }
static long hp_clock_settime(void) {
  struct timespec t = {0, 0};
  return syscall(SYS_clock_settime, 99, &t);
}
static long hp_adjtimex(void) {
  struct timex t;
  memset(&t, 0, sizeof t);
  return syscall(SYS_adjtimex, &t);
}
static long hp_clock_adjtime(void) {
  struct timex t;
  memset(&t, 0, sizeof t);
  return syscall(SYS_clock_adjtime, 0, &t);
}
static long hp_unshare(void) { return syscall(SYS_unshare, CLONE_NEWUSER); }
static long hp_clone_newuser(void) {
  long pid = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, NULL, NULL, NULL, 0);
  if (pid == 0) _exit(0);
  if (pid > 0) waitpid((pid_t)pid, NULL, 0);
  return pid;
}
static long hp_clone3(void) {
  uint64_t args[11] = {0};
  args[4] = SIGCHLD; /* exit_signal */
  long pid = syscall(SYS_clone3, args, sizeof args);
  if (pid == 0) _exit(0);
  if (pid > 0) waitpid((pid_t)pid, NULL, 0);
  return pid;
}
static long hp_setns(void) {
  int fd = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
  long rc = syscall(SYS_setns, fd, 0);
  int e = errno;
  if (fd >= 0) close(fd);
  errno = e;
  return rc;
}
static long hp_acct(void) { return syscall(SYS_acct, NULL); }
static long hp_quotactl(void) { return syscall(SYS_quotactl, 0x800002 /* Q_GETFMT user */, "/", 0, NULL); }
static long hp_lookup_dcookie(void) {
  char b[8];
  return syscall(SYS_lookup_dcookie, 0, b, sizeof b);
}
static long hp_open_by_handle_at(void) {
  char h[16] = {0};
  return syscall(SYS_open_by_handle_at, AT_FDCWD, h, 0);
}
static long hp_syslog(void) { return syscall(SYS_syslog, 10 /* SIZE_BUFFER */, NULL, 0); }
static long hp_personality(void) { return syscall(SYS_personality, 0x0400000 /* READ_IMPLIES_EXEC */); }

static const struct hp_call hp_calls[] = {
    {"io_uring_setup", hp_io_uring_setup},
    {"io_uring_enter", hp_io_uring_enter},
    {"io_uring_register", hp_io_uring_register},
    {"ptrace", hp_ptrace},
    {"process_vm_readv", hp_process_vm_readv},
    {"process_vm_writev", hp_process_vm_writev},
    {"bpf", hp_bpf},
    {"keyctl", hp_keyctl},
    {"add_key", hp_add_key},
    {"request_key", hp_request_key},
    {"perf_event_open", hp_perf_event_open},
    {"userfaultfd", hp_userfaultfd},
    {"kexec_load", hp_kexec_load},
    {"init_module", hp_init_module},
    {"finit_module", hp_finit_module},
    {"delete_module", hp_delete_module},
    {"mount", hp_mount},
    {"umount2", hp_umount2},
    {"fsopen", hp_fsopen},
    {"fsmount", hp_fsmount},
    {"move_mount", hp_move_mount},
    {"open_tree", hp_open_tree},
    {"mount_setattr", hp_mount_setattr},
    {"pivot_root", hp_pivot_root},
    {"swapon", hp_swapon},
    {"swapoff", hp_swapoff},
    {"reboot", hp_reboot},
    {"settimeofday", hp_settimeofday},
    {"clock_settime", hp_clock_settime},
    {"adjtimex", hp_adjtimex},
    {"clock_adjtime", hp_clock_adjtime},
    {"unshare-newuser", hp_unshare},
    {"clone-newuser", hp_clone_newuser},
    {"clone3", hp_clone3},
    {"setns", hp_setns},
    {"acct", hp_acct},
    {"quotactl", hp_quotactl},
    {"lookup_dcookie", hp_lookup_dcookie},
    {"open_by_handle_at", hp_open_by_handle_at},
    {"syslog", hp_syslog},
    {"personality-read-implies-exec", hp_personality},
};

static void* hp_thread(void* arg) {
  (void)arg;
  return (void*)(long)syscall(SYS_gettid);
}

/* Returns -1 when `n` is not a hardening probe. */
static int probe_hardening(const char* n, int argc, char** argv) {
  const char* a1 = argc > 2 ? argv[2] : "";
  if (!strcmp(n, "sys-list")) {
    for (size_t i = 0; i < sizeof hp_calls / sizeof hp_calls[0]; ++i) printf("%s\n", hp_calls[i].name);
    return 0;
  }
  if (!strcmp(n, "sys")) {
    for (size_t i = 0; i < sizeof hp_calls / sizeof hp_calls[0]; ++i) {
      if (strcmp(a1, hp_calls[i].name)) continue;
      errno = 0;
      return verdict(hp_calls[i].fn(), a1);
    }
    fprintf(stderr, "probe: unknown call '%s'\n", a1);
    return 2;
  }
  if (!strcmp(n, "x32")) {
    /* getpid through the x32 ABI: __X32_SYSCALL_BIT | 39. */
    long rc = syscall(0x40000000L | 39);
    return verdict(rc, "x32 getpid (the process should have been killed)");
  }
  if (!strcmp(n, "int80")) {
#if defined(__x86_64__)
    long rc;
    /* i386 getpid is 20: through the compat entry, a different syscall table. */
    __asm__ volatile("int $0x80" : "=a"(rc) : "0"(20L) : "memory");
    if (rc < 0) {
      errno = (int)-rc;
      return verdict(-1, "int 0x80 getpid");
    }
    return escaped("int 0x80 getpid returned (the process should have been killed)");
#else
    return blocked(ENOSYS, "not x86_64");
#endif
  }
  if (!strcmp(n, "personality")) {
    unsigned long v = strtoul(a1, NULL, 16);
    long rc = syscall(SYS_personality, v);
    char what[64];
    snprintf(what, sizeof what, "personality(0x%lx)", v);
    return verdict(rc, what);
  }
  if (!strcmp(n, "socket")) {
    int family = atoi(a1);
    int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 && errno != EAFNOSUPPORT && errno != EPERM) fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0 && errno != EAFNOSUPPORT && errno != EPERM) fd = socket(family, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    char what[64];
    snprintf(what, sizeof what, "socket(family %d)", family);
    return verdict(fd, what);
  }
  if (!strcmp(n, "threads")) {
    int count = atoi(a1) > 0 ? atoi(a1) : 8;
    pthread_t t[64];
    if (count > 64) count = 64;
    for (int i = 0; i < count; ++i) {
      if (pthread_create(&t[i], NULL, hp_thread, NULL) != 0) return blocked(errno, "pthread_create");
    }
    for (int i = 0; i < count; ++i) pthread_join(t[i], NULL);
    printf("ok threads: %d\n", count);
    return 0;
  }
  return -1;
}
