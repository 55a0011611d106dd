// Reading a directory's entries with getdents64 and one large buffer: the
// walks on the start-up path (the project scan, the placeholder pool) would
// otherwise pay opendir's extra descriptor and system calls per directory.
#pragma once

#include <dirent.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace paddock::jail {

struct LinuxDirent64 {
  ino64_t d_ino;
  off64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[];
};

// Calls `visit(name, d_type)` for each entry of the directory `fd` but "."
// and "..", from the descriptor's current offset to the end. d_type may be
// DT_UNKNOWN (some filesystems do not fill it).
template <typename Visit>
void ForEachName(int fd, Visit visit) {
  alignas(8) char buf[32768];
  for (;;) {
    long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
    if (n <= 0) return;
    for (long off = 0; off < n;) {
      auto* d = reinterpret_cast<LinuxDirent64*>(buf + off);
      off += d->d_reclen;
      const char* name = d->d_name;
      if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'))) continue;
      visit(name, d->d_type);
    }
  }
}

// As ForEachName, with the type looked up where d_type is missing; an entry
// that cannot be looked up (it went away) is skipped.
template <typename Visit>
void ForEachEntry(int fd, Visit visit) {
  ForEachName(fd, [&](const char* name, unsigned char type) {
    if (type == DT_UNKNOWN) {
      struct stat st;
      if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) return;
      type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISLNK(st.st_mode) ? DT_LNK : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
    }
    visit(name, type);
  });
}

}  // namespace paddock::jail
