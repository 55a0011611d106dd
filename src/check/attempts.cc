#include "check/attempts.h"

namespace paddock::check {

const std::vector<Attempt>& Attempts() {
  // What the jail test suites try (tests/jail), one line each.
  static const std::vector<Attempt> attempts = {
      {"real-home-visible", "mounts", "find the real home (or ~/.ssh) by its inode"},
      {"real-home-read", "landlock", "read a file of the real home where it is visible"},
      {"write-usr", "mounts", "create a file in /usr"},
      {"write-etc", "mounts", "create a file in /etc"},
      {"read-shadow", "mounts", "read /etc/shadow"},
      {"other-homes", "mounts", "list /root and other users' homes"},
      {"protected-git-hooks", "mounts", "create a hook in the project's .git/hooks"},
      {"protected-git-config", "mounts", "open the project's .git/config for writing"},
      {"protected-paddock-toml", "mounts", "write the project's .paddock.toml"},
      {"protected-paths", "mounts", "write, create in or rename any other protected path"},
      {"host-loopback", "network", "connect to a TCP listener on the host's 127.0.0.1"},
      {"host-interfaces", "network", "see a network interface other than loopback"},
      {"host-abstract-socket", "network", "connect to an abstract Unix socket of the host"},
      {"raw-address", "network", "connect to a public address directly (1.1.1.1, 8.8.8.8 on 443)"},
      {"metadata-service", "network", "reach the cloud metadata service (169.254.169.254)"},
      {"udp-resolver", "network", "ask a public resolver over UDP for a name not allowed"},
      {"denied-name", "network", "resolve, or CONNECT through the jail's proxy to, a name not allowed"},
      {"agent-sockets", "mounts", "connect to the SSH agent, Docker, or the user's systemd or D-Bus"},
      {"host-process-visible", "namespaces", "see a host process in /proc"},
      {"signal-host", "signals", "send SIGTERM to a host process"},
      {"ptrace-host", "namespaces", "ptrace a host process"},
      {"vm-read-host", "namespaces", "read a host process's memory (process_vm_readv)"},
      {"mount", "seccomp", "mount a tmpfs"},
      {"userns", "seccomp", "unshare a new user namespace"},
      {"chroot", "capabilities", "chroot, pivot_root"},
      {"mknod", "capabilities", "create a device node"},
      {"capabilities", "capabilities", "hold a capability (effective, permitted or ambient)"},
      {"no-new-privs", "capabilities", "run without no_new_privs"},
      {"setuid-root", "capabilities", "setuid(0)"},
      {"setid-file", "seccomp", "leave a set-user-id or set-group-id file in the jail home"},
      {"file-capability", "capabilities", "give a file in the jail home a file capability"},
      {"keyctl", "seccomp", "use the kernel keyring (keyctl)"},
      {"bpf", "seccomp", "create a BPF map"},
      {"perf-event", "seccomp", "open a perf event"},
      {"io-uring", "seccomp", "set up an io_uring"},
      {"userfaultfd", "seccomp", "create a userfaultfd"},
      {"open-by-handle", "capabilities", "open a file by handle (open_by_handle_at)"},
      {"kernel-module", "capabilities", "load a kernel module"},
      {"tiocsti", "seccomp", "inject keystrokes into the terminal (TIOCSTI)"},
      {"tiocsetd", "seccomp", "change the terminal's line discipline (TIOCSETD)"},
      {"proc-kernel", "mounts", "read /proc/kcore or write /proc/sysrq-trigger"},
      {"sys-writable", "mounts", "open a file under /sys for writing"},
      {"sys-identifiers", "mounts", "read host identifiers or kernel internals from /sys (DMI, firmware, debugfs)"},
      {"cgroup-escape", "namespaces", "move into a cgroup outside the jail's, or raise its own limits"},
      {"hostname", "namespaces", "see the host's name, or set the hostname"},
      {"pids-limit", "limits", "fork more processes than the limit (stops at the limit)"},
      {"env-canary", "environment", "read a secret from the invoker's environment"},
      {"inherited-fd", "descriptors", "use a descriptor paddock's caller left open (check leaves the real home)"},
      // Last: if it works, the attempts after it would see a damaged view.
      {"umount", "seccomp", "unmount a protected path or a mask over /proc or /sys"},
  };
  return attempts;
}

const Attempt* FindAttempt(const std::string& id) {
  for (const auto& a : Attempts())
    if (a.id == id) return &a;
  return nullptr;
}

}  // namespace paddock::check
