#include "jail/userns.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <string>

#include "jail/unique_fd.h"

namespace paddock::jail {
namespace {

std::string Render(const std::vector<plan::IdMapLine>& lines) {
  std::string out;
  for (const auto& l : lines)
    out += std::to_string(l.inside) + " " + std::to_string(l.outside) + " " + std::to_string(l.count) + "\n";
  return out;
}

}  // namespace

Status WriteProcFile(pid_t pid, const char* name, const std::string& content) {
  std::string path = "/proc/" + std::to_string(pid) + "/" + name;
  UniqueFd fd(open(path.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd.valid()) return SysError("open", path, errno);
  if (write(fd.get(), content.data(), content.size()) != static_cast<ssize_t>(content.size()))
    return SysError("write", path, errno);
  return Ok();
}

Status WriteIdMaps(pid_t child, const plan::LaunchPlan& plan) {
  if (plan.deny_setgroups) {
    if (auto st = WriteProcFile(child, "setgroups", "deny"); !st) return st;
  }
  if (auto st = WriteProcFile(child, "gid_map", Render(plan.gid_map)); !st) return st;
  return WriteProcFile(child, "uid_map", Render(plan.uid_map));
}

}  // namespace paddock::jail
