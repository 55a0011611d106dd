// Kernel versions from a release string ("6.8.0-45-generic", uname -r or
// /proc/sys/kernel/osrelease): the one parser for every layer that decides
// by version (the OCI seccomp loader's minKernel, the cgroup probe).
#pragma once

#include <optional>
#include <string_view>

namespace paddock {

struct KernelVersion {
  int major = 0;
  int minor = 0;

  bool AtLeast(int want_major, int want_minor) const {
    return major > want_major || (major == want_major && minor >= want_minor);
  }
};

// "major.minor[.anything]"; nullopt when the release does not start so.
std::optional<KernelVersion> ParseKernelRelease(std::string_view release);

}  // namespace paddock
