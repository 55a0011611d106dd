/* Set-id probes, included by probe.c after its helpers. Each makes
 * one raw system call that sets a file's mode, in the current directory,
 * passing MODE as the full 64-bit argument (so tests can add garbage above
 * the 16 bits the kernel keeps), then looks at the file it made:
 *
 *   probe setid WAY MODE   WAY as listed by setid-list; MODE as strtoull
 *                          reads it (0755 octal, 0x... hex)
 *   probe setid-list       prints the WAYs
 *
 * The call failed: BLOCKED (with PROBE_ERRNO=N, a different errno exits 3).
 * It worked and the file has S_ISUID or S_ISGID: ESCAPED, exit 1.
 * It worked without them: "ALLOWED WAY: mode NNNN", exit 0, or exit 3 when
 * PROBE_ERRNO asked for a denial. The file is left for the host to inspect. */
#include <stdint.h>

#ifndef SYS_openat2
#define SYS_openat2 437
#endif
#define SP_SYS_fchmodat2 452 /* Linux 6.6; not in every libc's headers */

struct sp_open_how {
  uint64_t flags, mode, resolve;
};

/* Modify ways change an existing 0644 file; create ways make a new one. */
static long sp_call(const char* way, const char* path, uint64_t mode, int* creates) {
  *creates = 1;
  if (!strcmp(way, "creat")) return syscall(SYS_creat, path, mode);
  if (!strcmp(way, "open")) return syscall(SYS_open, path, O_CREAT | O_EXCL | O_WRONLY, mode);
  if (!strcmp(way, "openat")) return syscall(SYS_openat, AT_FDCWD, path, O_CREAT | O_EXCL | O_WRONLY, mode);
  if (!strcmp(way, "openat-tmpfile")) {
    /* An unnamed file given a name afterwards: the mode comes from openat. */
    long fd = syscall(SYS_openat, AT_FDCWD, ".", O_TMPFILE | O_WRONLY, mode);
    if (fd < 0) return fd;
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%ld", fd);
    return linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW);
  }
  if (!strcmp(way, "openat2")) {
    /* The kernel refuses mode bits beyond S_IALLUGO with EINVAL. */
    struct sp_open_how how = {O_CREAT | O_EXCL | O_WRONLY, mode & 07777, 0};
    return syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof how);
  }
  if (!strcmp(way, "mknod")) return syscall(SYS_mknod, path, mode | S_IFREG, 0);
  if (!strcmp(way, "mknodat")) return syscall(SYS_mknodat, AT_FDCWD, path, mode | S_IFREG, 0);
  if (!strcmp(way, "mkdir")) return syscall(SYS_mkdir, path, mode);
  if (!strcmp(way, "mkdirat")) return syscall(SYS_mkdirat, AT_FDCWD, path, mode);
  *creates = 0;
  int fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0) return -1;
  long rc = -2; /* unknown way */
  if (!strcmp(way, "chmod")) rc = syscall(SYS_chmod, path, mode);
  if (!strcmp(way, "fchmod")) rc = syscall(SYS_fchmod, fd, mode);
  if (!strcmp(way, "fchmodat")) rc = syscall(SYS_fchmodat, AT_FDCWD, path, mode);
  if (!strcmp(way, "fchmodat2")) rc = syscall(SP_SYS_fchmodat2, AT_FDCWD, path, mode, 0);
  int e = errno;
  close(fd);
  errno = e;
  return rc;
}

static const char* const sp_ways[] = {"chmod",  "fchmod",         "fchmodat", "fchmodat2", "creat",  "open",
                                      "openat", "openat-tmpfile", "mknod",    "mknodat",   "openat2"};

static int probe_setid(const char* n, const char* way, const char* mode_text) {
  if (!strcmp(n, "setid-list")) {
    for (size_t i = 0; i < sizeof sp_ways / sizeof sp_ways[0]; ++i) printf("%s\n", sp_ways[i]);
    return 0;
  }
  char* end;
  errno = 0;
  uint64_t mode = strtoull(mode_text, &end, 0);
  if (!*way || !*mode_text || *end || errno) {
    fprintf(stderr, "probe: usage: setid WAY MODE\n");
    return 2;
  }
  char path[128], what[192];
  snprintf(path, sizeof path, "setid-%s-%llo", way, (unsigned long long)(mode & 07777));
  snprintf(what, sizeof what, "%s(%s, 0x%llx)", way, path, (unsigned long long)mode);
  unlink(path);
  rmdir(path);
  int creates;
  errno = 0;
  long rc = sp_call(way, path, mode, &creates);
  if (rc == -2) {
    unlink(path);
    fprintf(stderr, "probe: unknown way '%s'\n", way);
    return 2;
  }
  if (rc < 0) {
    int e = errno;
    if (!creates) unlink(path); /* the 0644 file made to be modified */
    return blocked(e, what);
  }
  struct stat st;
  if (lstat(path, &st) != 0) return blocked(errno, "the file the call made is missing");
  char detail[256];
  snprintf(detail, sizeof detail, "%s: mode %04o", what, st.st_mode & 07777);
  if (st.st_mode & (S_ISUID | S_ISGID)) return escaped(detail);
  printf("ALLOWED %s: %s\n", name, detail);
  return getenv("PROBE_ERRNO") ? 3 : 0;
}
