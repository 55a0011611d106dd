#include "base/kernel_version.h"

#include <charconv>

namespace paddock {

std::optional<KernelVersion> ParseKernelRelease(std::string_view release) {
  KernelVersion v;
  const char* p = release.data();
  const char* end = p + release.size();
  auto major = std::from_chars(p, end, v.major);
  if (major.ec != std::errc() || major.ptr == end || *major.ptr != '.') return std::nullopt;
  auto minor = std::from_chars(major.ptr + 1, end, v.minor);
  if (minor.ec != std::errc()) return std::nullopt;
  return v;
}

}  // namespace paddock
