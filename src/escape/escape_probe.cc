#include "escape/escape_probe.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/io_uring.h>
#include <linux/keyctl.h>
#include <linux/perf_event.h>
#include <linux/userfaultfd.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "check/attempts.h"
#include "escape/egress_attempts.h"
#include "escape/file_attempts.h"
#include "escape/found.h"
#include "escape/limit_attempts.h"
#include "escape/scratch_file.h"

extern char** environ;

namespace paddock::escape {
namespace {

std::string ReadSmall(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> List(const std::string& dir) {
  std::vector<std::string> names;
  DIR* d = opendir(dir.c_str());
  if (!d) return names;
  while (dirent* e = readdir(d)) {
    std::string n = e->d_name;
    if (n != "." && n != "..") names.push_back(n);
  }
  closedir(d);
  return names;
}

std::string Join(const std::string& dir, const std::string& name) { return dir == "/" ? "/" + name : dir + "/" + name; }

bool Below(const std::string& path, const std::string& dir) {
  return path == dir || (path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/');
}

// Where the real home could be: every mount point, every entry of / and /home.
std::vector<std::string> HomeCandidates() {
  std::vector<std::string> out = {"/root"};
  std::istringstream mounts(ReadSmall("/proc/self/mountinfo"));
  for (std::string line; std::getline(mounts, line);) {
    std::istringstream fields(line);
    std::string id, parent, devno, root, point;
    if (fields >> id >> parent >> devno >> root >> point) out.push_back(point);
  }
  for (const auto& n : List("/")) out.push_back("/" + n);
  for (const auto& n : List("/home")) out.push_back("/home/" + n);
  return out;
}

// The paths inside that are the real home (or its .ssh), by inode.
std::vector<std::string> RealHomePaths(const check::ProbeInputs& in) {
  std::vector<std::string> found;
  auto same = [](const std::string& path, uint64_t dev, uint64_t ino) {
    struct stat st {};
    return ino != 0 && stat(path.c_str(), &st) == 0 && st.st_dev == dev && st.st_ino == ino;
  };
  for (const auto& c : HomeCandidates()) {
    if (same(c, in.home_dev, in.home_ino)) found.push_back(c);
    if (same(c, in.ssh_dev, in.ssh_ino)) found.push_back(c);
    if (same(c + "/.ssh", in.ssh_dev, in.ssh_ino)) found.push_back(c + "/.ssh");
  }
  return found;
}

Found RealHomeVisible(const check::ProbeInputs& in) {
  if (in.home_ino == 0) return Contained("no real home to look for");
  auto found = RealHomePaths(in);
  if (!found.empty()) return Escaped("the real home is visible at " + found.front());
  return Contained("no path inside has the real home's inode");
}

// Landlock may let the jail list every directory (so `ls /` works) but not
// open files outside the plan's paths: the proof is opening a file.
Found RealHomeRead(const check::ProbeInputs& in) {
  auto found = RealHomePaths(in);
  if (found.empty()) return Contained("the real home is not visible");
  std::string denied;
  size_t tried = 0;
  std::function<std::optional<std::string>(const std::string&, int)> walk =
      [&](const std::string& dir, int depth) -> std::optional<std::string> {
    DIR* d = opendir(dir.c_str());
    if (!d) {
      if (denied.empty()) denied = "list " + dir + ": " + ErrnoText(errno);
      return std::nullopt;
    }
    std::vector<std::string> names;
    while (dirent* e = readdir(d))
      if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) names.push_back(e->d_name);
    closedir(d);
    for (const auto& name : names) {
      if (++tried > 500) return std::nullopt;
      std::string path = Join(dir, name);
      struct stat st {};
      if (lstat(path.c_str(), &st) != 0) continue;
      if (S_ISDIR(st.st_mode) && depth < 2) {
        if (auto hit = walk(path, depth + 1)) return hit;
      } else if (S_ISREG(st.st_mode)) {
        int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
        if (fd >= 0) {
          close(fd);
          return path;
        }
        if (denied.empty()) denied = "open " + path + ": " + ErrnoText(errno);
      }
    }
    return std::nullopt;
  };
  for (const auto& path : found)
    if (auto hit = walk(path, 0)) return Escaped("opened " + *hit + " for reading");
  if (denied.empty()) return Contained("visible, but no file in it to open");
  return Contained("visible but unreadable (" + denied + ")");
}

Found CreateIn(const std::string& dir) {
  std::string path = ScratchName(dir);
  if (!CreateAndRemove(path)) return Contained("create in " + dir + ": " + ErrnoText(errno));
  return Escaped("created " + path + " (removed)");
}

Found ReadShadow() {
  int fd = open("/etc/shadow", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Contained("/etc/shadow: " + ErrnoText(errno));
  char c;
  ssize_t n = read(fd, &c, 1);
  close(fd);
  if (n > 0) return Escaped("read /etc/shadow");
  return Contained("/etc/shadow is empty");
}

// /root and /home show nothing but the way to the jail's home and the project.
Found OtherHomes() {
  const char* home_env = getenv("HOME");
  std::string home = home_env ? home_env : "";
  char cwd_buf[4096];
  std::string cwd = getcwd(cwd_buf, sizeof cwd_buf) ? cwd_buf : "";
  std::function<std::string(const std::string&, int)> leak = [&](const std::string& dir, int depth) -> std::string {
    if (depth > 8) return "";
    for (const auto& name : List(dir)) {
      std::string path = Join(dir, name);
      if (path == home || path == cwd || Below(path, home) || Below(path, cwd)) continue;
      if (Below(home, path) || Below(cwd, path)) {
        if (auto l = leak(path, depth + 1); !l.empty()) return l;
        continue;
      }
      return path;
    }
    return "";
  };
  for (const char* dir : {"/root", "/home"}) {
    if (auto l = leak(dir, 0); !l.empty()) return Escaped(l + " is visible");
  }
  return Contained("only the jail's home and the project");
}

Found ProtectedHooks() {
  struct stat st {};
  if (stat(".git", &st) != 0) {
    if (mkdir(".git", 0700) == 0) {
      rmdir(".git");
      return Escaped("created .git in the project (removed)");
    }
    return Contained("create .git: " + ErrnoText(errno));
  }
  if (stat(".git/hooks", &st) != 0) {
    if (mkdir(".git/hooks", 0700) == 0) {
      rmdir(".git/hooks");
      return Escaped("created .git/hooks (removed)");
    }
    return Contained("create .git/hooks: " + ErrnoText(errno));
  }
  return CreateIn(".git/hooks");
}

// An existing file is opened for appending (nothing is written); a missing
// one is created and removed.
Found OpenForWriting(const std::string& path) {
  struct stat st {};
  bool exists = lstat(path.c_str(), &st) == 0;
  if (!(exists ? OpenToAppend(path, true) : CreateAndRemove(path)))
    return Contained((exists ? "open " : "create ") + path + ": " + ErrnoText(errno));
  return Escaped(exists ? "opened " + path + " for writing" : "created " + path + " (removed)");
}

Found GitConfig() {
  struct stat st {};
  if (stat(".git", &st) != 0) return Contained("the project has no .git (creating one is tried with the hooks)");
  return OpenForWriting(".git/config");
}

// Connects with a deadline; true when connected.
bool ConnectWithin(int fd, const sockaddr* addr, socklen_t len) {
  fcntl(fd, F_SETFL, O_NONBLOCK);
  if (connect(fd, addr, len) == 0) return true;
  if (errno != EINPROGRESS) return false;
  pollfd p{fd, POLLOUT, 0};
  if (poll(&p, 1, 2000) != 1) {
    errno = ETIMEDOUT;
    return false;
  }
  int err = 0;
  socklen_t l = sizeof err;
  getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &l);
  errno = err;
  return err == 0;
}

Found HostLoopback(const check::ProbeInputs& in) {
  if (in.tcp_port == 0) return Contained("no host listener to try");
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Contained("socket: " + ErrnoText(errno));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(in.tcp_port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = ConnectWithin(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  int err = errno;
  close(fd);
  if (ok) return Escaped("connected to 127.0.0.1:" + std::to_string(in.tcp_port));
  return Contained("127.0.0.1:" + std::to_string(in.tcp_port) + ": " + ErrnoText(err));
}

// The interfaces of the jail's network namespace, from /proc/self/net/dev
// (two header lines, then "name: counters").
Found HostInterfaces() {
  std::istringstream dev(ReadSmall("/proc/self/net/dev"));
  std::vector<std::string> others;
  bool read_any = false;
  for (std::string line; std::getline(dev, line);) {
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    name.erase(0, name.find_first_not_of(' '));
    read_any = true;
    if (name != "lo") others.push_back(name);
  }
  if (!read_any) return Escaped("cannot read /proc/self/net/dev to list the interfaces");
  if (others.empty()) return Contained("loopback only");
  std::string list;
  for (const auto& o : others) list += (list.empty() ? "" : ", ") + o;
  return Escaped("interfaces: " + list);
}

Found ConnectUnix(const std::string& name, bool abstract) {
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Contained("socket: " + ErrnoText(errno));
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  size_t off = abstract ? 1 : 0;
  if (name.size() + off >= sizeof a.sun_path) {
    close(fd);
    return Contained(name + ": name too long to try");
  }
  std::memcpy(a.sun_path + off, name.data(), name.size());
  socklen_t len = offsetof(sockaddr_un, sun_path) + off + name.size() + (abstract ? 0 : 1);
  bool ok = ConnectWithin(fd, reinterpret_cast<sockaddr*>(&a), len);
  int err = errno;
  close(fd);
  std::string shown = abstract ? "@" + name : name;
  if (ok) return Escaped("connected to " + shown);
  return Contained(shown + ": " + ErrnoText(err));
}

Found AgentSockets(const check::ProbeInputs& in) {
  if (in.sockets.empty()) return Contained("none of these sockets on the host");
  std::string details;
  for (const auto& s : in.sockets) {
    Found f = ConnectUnix(s, false);
    if (f.escaped) return f;
    details += (details.empty() ? "" : "; ") + f.detail;
  }
  return Contained(details);
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// Whether PID inside is the host's process: a pid number inside the jail's
// namespace may belong to one of the jail's own processes.
bool IsHostProcess(const check::ProbeInputs& in) {
  return Trim(ReadSmall("/proc/" + std::to_string(in.host_pid) + "/comm")) == in.host_comm;
}

bool SomeOtherProcess(const check::ProbeInputs& in) {
  struct stat st {};
  return stat(("/proc/" + std::to_string(in.host_pid)).c_str(), &st) == 0 && !IsHostProcess(in);
}

Found HostProcessVisible(const check::ProbeInputs& in) {
  if (in.host_pid <= 0) return Contained("no host process to look for");
  std::string pid = std::to_string(in.host_pid);
  if (IsHostProcess(in)) return Escaped("/proc/" + pid + " is the host's " + in.host_comm);
  if (SomeOtherProcess(in)) return Contained("pid " + pid + " inside is one of the jail's processes");
  return Contained("pid " + pid + " is not visible");
}

Found SignalHost(const check::ProbeInputs& in) {
  if (in.host_pid <= 0) return Contained("no host process to signal");
  if (SomeOtherProcess(in)) return Contained("pid " + std::to_string(in.host_pid) + " inside is a jail process");
  return MustFail(kill(static_cast<pid_t>(in.host_pid), SIGTERM), "kill(" + std::to_string(in.host_pid) + ", SIGTERM)");
}

Found PtraceHost(const check::ProbeInputs& in) {
  if (in.host_pid <= 0) return Contained("no host process to trace");
  if (SomeOtherProcess(in)) return Contained("pid " + std::to_string(in.host_pid) + " inside is a jail process");
  pid_t pid = static_cast<pid_t>(in.host_pid);
  long rc = ptrace(PTRACE_ATTACH, pid, nullptr, nullptr);
  Found f = MustFail(rc, "PTRACE_ATTACH " + std::to_string(pid));
  if (rc == 0) {
    waitpid(pid, nullptr, __WALL);
    ptrace(PTRACE_DETACH, pid, nullptr, nullptr);
  }
  return f;
}

Found VmReadHost(const check::ProbeInputs& in) {
  if (in.host_pid <= 0) return Contained("no host process to read");
  if (SomeOtherProcess(in)) return Contained("pid " + std::to_string(in.host_pid) + " inside is a jail process");
  char byte;
  iovec local{&byte, 1};
  // An unmapped address: EFAULT means the kernel let us at the process.
  iovec remote{reinterpret_cast<void*>(0x1000), 1};
  long rc = process_vm_readv(static_cast<pid_t>(in.host_pid), &local, 1, &remote, 1, 0);
  if (rc >= 0 || errno == EFAULT) return Escaped("process_vm_readv reached the host process");
  return Contained("process_vm_readv: " + ErrnoText(errno));
}

Found Mount() {
  long rc = mount("paddock-check", "/tmp", "tmpfs", 0, nullptr);
  if (rc == 0) umount2("/tmp", MNT_DETACH);
  return MustFail(rc, "mount tmpfs on /tmp");
}

Found Chroot() {
  if (chroot("/") == 0) return Escaped("chroot succeeded");
  Found c = Contained("chroot: " + ErrnoText(errno));
  // pivot_root checks the permission before it looks up the paths.
  Found p = MustBeDenied(syscall(SYS_pivot_root, "/paddock-check-missing-a", "/paddock-check-missing-b"), "pivot_root");
  if (p.escaped) return p;
  return Contained(c.detail + "; " + p.detail);
}

Found Mknod() {
  std::string path = "/tmp/.paddock-check-null-" + std::to_string(getpid());
  long rc = mknod(path.c_str(), S_IFCHR | 0600, makedev(1, 3));
  if (rc == 0) unlink(path.c_str());
  return MustFail(rc, "mknod of a character device");
}

Found Capabilities() {
  std::istringstream status(ReadSmall("/proc/self/status"));
  std::string held;
  for (std::string line; std::getline(status, line);) {
    for (const char* key : {"CapEff:", "CapPrm:", "CapAmb:"}) {
      if (line.rfind(key, 0) != 0) continue;
      std::string value = Trim(line.substr(std::strlen(key)));
      value.erase(0, value.find_first_not_of(" \t"));
      if (value.find_first_not_of('0') != std::string::npos)
        held += std::string(held.empty() ? "" : ", ") + key + " " + value;
    }
  }
  if (!held.empty()) return Escaped(held);
  return Contained("no capabilities");
}

Found NoNewPrivs() {
  int v = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
  if (v == 1) return Contained("no_new_privs is set");
  return Escaped("no_new_privs is not set");
}

Found SetuidRoot() {
  if (getuid() == 0 || geteuid() == 0) return Escaped("runs as uid 0");
  return MustFail(setuid(0), "setuid(0)");
}

Found Bpf() {
  bpf_attr attr{};
  attr.map_type = BPF_MAP_TYPE_ARRAY;
  attr.key_size = 4;
  attr.value_size = 4;
  attr.max_entries = 1;
  return MustFail(syscall(SYS_bpf, BPF_MAP_CREATE, &attr, sizeof attr), "bpf(BPF_MAP_CREATE)");
}

Found PerfEvent() {
  perf_event_attr attr{};
  attr.type = PERF_TYPE_SOFTWARE;
  attr.size = sizeof attr;
  attr.config = PERF_COUNT_SW_CPU_CLOCK;
  attr.exclude_kernel = 1;
  attr.exclude_hv = 1;
  return MustFail(syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0), "perf_event_open");
}

Found IoUring() {
  io_uring_params params{};
  return MustFail(syscall(SYS_io_uring_setup, 1, &params), "io_uring_setup");
}

Found Userfaultfd() { return MustFail(syscall(SYS_userfaultfd, O_CLOEXEC | UFFD_USER_MODE_ONLY), "userfaultfd"); }

Found OpenByHandle() {
  struct {
    file_handle handle;
    unsigned char bytes[MAX_HANDLE_SZ];
  } h{};
  h.handle.handle_bytes = MAX_HANDLE_SZ;
  int mount_id = 0;
  if (name_to_handle_at(AT_FDCWD, "/", &h.handle, &mount_id, 0) != 0)
    return Contained("name_to_handle_at: " + ErrnoText(errno));
  int root = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  long rc = open_by_handle_at(root, &h.handle, O_RDONLY | O_CLOEXEC);
  int err = errno;
  if (rc >= 0) close(static_cast<int>(rc));
  close(root);
  errno = err;
  return MustFail(rc, "open_by_handle_at");
}

Found Tiocsti() {
  int fd = isatty(0) ? 0 : open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (fd < 0) return Contained("no terminal to inject into");
  char c = '#';  // a comment character, should it ever land in a shell
  if (ioctl(fd, TIOCSTI, &c) == 0) return Escaped("TIOCSTI injected a byte");
  int err = errno;
  // High bits set: the kernel truncates the request to 32 bits.
  if (syscall(SYS_ioctl, fd, 0x100000000UL | TIOCSTI, &c) == 0) return Escaped("TIOCSTI (high bits) injected a byte");
  return Contained("TIOCSTI: " + ErrnoText(err));
}

// Sets the terminal's line discipline to the one it has: harmless if it
// works, which it must not (N_NULL would outlive the jail).
Found Tiocsetd() {
  int fd = isatty(0) ? 0 : open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (fd < 0) return Contained("no terminal to change");
  int disc = 0;
  if (ioctl(fd, TIOCGETD, &disc) != 0) return Contained("TIOCGETD: " + ErrnoText(errno));
  if (ioctl(fd, TIOCSETD, &disc) == 0) return Escaped("TIOCSETD set the terminal's line discipline");
  int err = errno;
  if (syscall(SYS_ioctl, fd, 0x100000000UL | TIOCSETD, &disc) == 0)
    return Escaped("TIOCSETD (high bits) set the terminal's line discipline");
  return Contained("TIOCSETD: " + ErrnoText(err));
}

Found ProcKernel() {
  int fd = open("/proc/kcore", O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    close(fd);
    return Escaped("opened /proc/kcore");
  }
  std::string detail = "/proc/kcore: " + ErrnoText(errno);
  fd = open("/proc/sysrq-trigger", O_WRONLY | O_CLOEXEC);
  if (fd >= 0) {
    close(fd);
    return Escaped("opened /proc/sysrq-trigger for writing");
  }
  return Contained(detail + "; /proc/sysrq-trigger: " + ErrnoText(errno));
}

Found SysWritable() {
  std::vector<std::string> files;
  std::function<void(const std::string&, int)> walk = [&](const std::string& dir, int depth) {
    for (const auto& name : List(dir)) {
      std::string path = Join(dir, name);
      struct stat st {};
      if (lstat(path.c_str(), &st) != 0) continue;
      if (S_ISREG(st.st_mode) && (st.st_mode & 0222)) files.push_back(path);
      else if (S_ISDIR(st.st_mode) && depth < 2) walk(path, depth + 1);
    }
  };
  walk("/sys/kernel", 0);
  walk("/sys/power", 0);
  walk("/sys/devices/system/cpu", 0);  // cpuN/online: a host root could take CPUs offline
  if (files.empty()) return Contained("nothing writable-looking under /sys");
  for (const auto& f : files) {
    int fd = open(f.c_str(), O_WRONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd >= 0) {
      close(fd);
      return Escaped("opened " + f + " for writing");
    }
  }
  return Contained("none of " + std::to_string(files.size()) + " files under /sys opens for writing");
}

// Host identifiers and kernel internals that sysfs holds: the machine's
// serial numbers, ACPI tables, other devices, debug/tracing/BPF filesystems.
// The jail's /sys is an allow-list, so none of them may even exist.
// /sys/fs/cgroup may: the jail's own cgroup (CgroupEscape tries it).
Found SysIdentifiers() {
  constexpr const char* kPaths[] = {"/sys/class/dmi/id/product_uuid",
                                    "/sys/devices/virtual/dmi",
                                    "/sys/firmware",
                                    "/sys/kernel/debug",
                                    "/sys/kernel/tracing",
                                    "/sys/kernel/security",
                                    "/sys/fs/bpf",
                                    "/sys/devices/virtual/powercap",
                                    "/sys/block",
                                    "/sys/bus",
                                    "/sys/module",
                                    "/sys/kernel/notes",
                                    "/sys/kernel/vmcoreinfo",
                                    "/sys/class/block"};
  for (const char* path : kPaths) {
    struct stat st {};
    if (lstat(path, &st) == 0) return Escaped(std::string(path) + " is visible");
  }
  return Contained("none of " + std::to_string(std::size(kPaths)) + " identifying /sys paths exists");
}

// The jail's own cgroup, shown at /sys/fs/cgroup (v2, or one directory per
// v1 hierarchy) so that runtimes find their limits: written, it would raise
// them, or make a child cgroup to move into.
Found CgroupViewWrite() {
  constexpr const char* kFiles[] = {"memory.max",
                                    "pids.max",
                                    "cpu.max",
                                    "cgroup.procs",
                                    "cgroup.subtree_control",
                                    "memory/memory.limit_in_bytes",
                                    "memory/cgroup.procs",
                                    "pids/pids.max"};
  for (const char* file : kFiles) {
    std::string path = std::string("/sys/fs/cgroup/") + file;
    int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {
      close(fd);
      return Escaped(path + " opens for writing");
    }
  }
  for (const char* dir : {"/sys/fs/cgroup/paddock-probe", "/sys/fs/cgroup/memory/paddock-probe"}) {
    if (mkdir(dir, 0755) == 0) {
      rmdir(dir);
      return Escaped(std::string("made the cgroup ") + dir);
    }
  }
  return Contained("");
}

Found CgroupEscape() {
  if (Found view = CgroupViewWrite(); view.escaped) return view;
  std::istringstream lines(ReadSmall("/proc/self/cgroup"));
  std::string path;
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("0::", 0) == 0) path = line.substr(3);
  if (path.empty()) return Contained("no cgroup v2 membership");
  // Inside a cgroup namespace the jail's own cgroup is "/"; any other path
  // means cgroupfs shows cgroups above the jail's.
  if (path == "/") return Contained("the jail's cgroup is the root of its view, read-only");
  int fd = open("/sys/fs/cgroup/cgroup.procs", O_WRONLY | O_CLOEXEC);
  if (fd < 0) return Contained("the root cgroup.procs: " + ErrnoText(errno));
  std::string pid = std::to_string(getpid());
  ssize_t n = write(fd, pid.data(), pid.size());
  int err = errno;
  close(fd);
  if (n > 0) return Escaped("moved into the root cgroup from " + path);
  return Contained("write to the root cgroup.procs: " + ErrnoText(err));
}

Found EnvCanary(const check::ProbeInputs& in) {
  if (in.canary_name.empty()) return Contained("no canary");
  if (getenv(in.canary_name.c_str())) return Escaped(in.canary_name + " is set");
  for (char** e = environ; *e; ++e)
    if (!in.canary_value.empty() && std::strstr(*e, in.canary_value.c_str()))
      return Escaped("the canary's value is in the environment");
  return Contained(in.canary_name + " is not set");
}

std::optional<Found> Attempt(const std::string& id, const check::ProbeInputs& in) {
  if (id == "real-home-visible") return RealHomeVisible(in);
  if (id == "real-home-read") return RealHomeRead(in);
  if (id == "write-usr") return CreateIn("/usr");
  if (id == "write-etc") return CreateIn("/etc");
  if (id == "read-shadow") return ReadShadow();
  if (id == "other-homes") return OtherHomes();
  if (id == "protected-git-hooks") return ProtectedHooks();
  if (id == "protected-git-config") return GitConfig();
  if (id == "protected-paddock-toml") return OpenForWriting(".paddock.toml");
  if (id == "protected-paths") return ProtectedPaths(in);
  if (id == "host-loopback") return HostLoopback(in);
  if (id == "host-interfaces") return HostInterfaces();
  if (id == "host-abstract-socket")
    return in.abstract_name.empty() ? Contained("no host socket to try") : ConnectUnix(in.abstract_name, true);
  if (id == "raw-address") return RawAddress();
  if (id == "metadata-service") return MetadataService();
  if (id == "udp-resolver") return UdpResolver(in);
  if (id == "denied-name") return DeniedName(in);
  if (id == "agent-sockets") return AgentSockets(in);
  if (id == "host-process-visible") return HostProcessVisible(in);
  if (id == "signal-host") return SignalHost(in);
  if (id == "ptrace-host") return PtraceHost(in);
  if (id == "vm-read-host") return VmReadHost(in);
  if (id == "mount") return Mount();
  if (id == "userns") return MustFail(unshare(CLONE_NEWUSER), "unshare(CLONE_NEWUSER)");
  if (id == "chroot") return Chroot();
  if (id == "mknod") return Mknod();
  if (id == "capabilities") return Capabilities();
  if (id == "no-new-privs") return NoNewPrivs();
  if (id == "setuid-root") return SetuidRoot();
  if (id == "setid-file") return SetidFile();
  if (id == "file-capability") return FileCapability();
  if (id == "keyctl")
    return MustFail(syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0), "keyctl");
  if (id == "bpf") return Bpf();
  if (id == "perf-event") return PerfEvent();
  if (id == "io-uring") return IoUring();
  if (id == "userfaultfd") return Userfaultfd();
  if (id == "open-by-handle") return OpenByHandle();
  if (id == "kernel-module") return MustBeDenied(syscall(SYS_finit_module, -1, "", 0), "finit_module");
  if (id == "tiocsti") return Tiocsti();
  if (id == "tiocsetd") return Tiocsetd();
  if (id == "proc-kernel") return ProcKernel();
  if (id == "sys-writable") return SysWritable();
  if (id == "sys-identifiers") return SysIdentifiers();
  if (id == "cgroup-escape") return CgroupEscape();
  if (id == "hostname") return Hostname(in);
  if (id == "pids-limit") return PidsLimit(in);
  if (id == "env-canary") return EnvCanary(in);
  if (id == "inherited-fd") return InheritedDescriptors(in);
  if (id == "umount") return Umount(in);
  return std::nullopt;  // not reported: check shows it as unknown
}

bool WriteAll(int fd, const std::string& text) {
  for (size_t done = 0; done < text.size();) {
    ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

int RunEscapeProbe(const check::ProbeInputs& inputs) {
  constexpr unsigned kSecondsPerAttempt = 10;
  bool reported_all = true;
  for (const auto& a : check::Attempts()) {
    if (!inputs.only.empty() && std::find(inputs.only.begin(), inputs.only.end(), a.id) == inputs.only.end()) continue;
    pid_t child = fork();
    if (child < 0) {
      reported_all = false;
      continue;
    }
    if (child == 0) {
      alarm(kSecondsPerAttempt);  // a hung attempt dies unreported: unknown
      auto f = Attempt(a.id, inputs);
      if (!f) _exit(1);
      nlohmann::json line = {{"id", a.id}, {"result", f->escaped ? "escaped" : "contained"}, {"detail", f->detail}};
      _exit(WriteAll(inputs.report_fd, line.dump() + "\n") ? 0 : 1);
    }
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {}
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) reported_all = false;
  }
  return reported_all ? 0 : 1;
}

}  // namespace paddock::escape
