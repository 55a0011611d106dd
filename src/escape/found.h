// What one escape attempt found, and the helpers every attempt file uses to
// say it: an attempt is contained or escaped, with a detail for people.
#pragma once

#include <string>

namespace paddock::escape {

struct Found {
  bool escaped = false;
  std::string detail;
};

inline Found Escaped(std::string detail) { return {true, std::move(detail)}; }
inline Found Contained(std::string detail) { return {false, std::move(detail)}; }

// "EPERM" rather than "Operation not permitted": the detail column is narrow.
std::string ErrnoText(int err);

// A call that must fail: success is an escape.
Found MustFail(long rc, const std::string& what);

// A call the kernel checks permission for before anything else: failing
// with any other error than a denial means the permission check passed.
Found MustBeDenied(long rc, const std::string& what);

}  // namespace paddock::escape
