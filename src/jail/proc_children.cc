#include "jail/proc_children.h"

#include <cstdlib>

#include "base/strings.h"
#include "jail/read_file.h"

namespace paddock::jail {

std::vector<pid_t> ChildrenOf(pid_t pid, const std::string& proc) {
  constexpr size_t kMaxChildrenFile = 1 << 20;  // ~140k pids; a longer list is cut, not refused
  std::vector<pid_t> out;
  std::string tasks = proc + "/" + std::to_string(pid) + "/task";
  for (const auto& tid : ListDir(tasks)) {
    auto children = ReadSmallFile(tasks + "/" + tid + "/children", kMaxChildrenFile, {.truncate = true});
    if (!children) continue;
    for (const auto& word : Split(*children, ' ')) {
      long child = std::strtol(word.c_str(), nullptr, 10);
      if (child > 0) out.push_back(static_cast<pid_t>(child));
    }
  }
  return out;
}

}  // namespace paddock::jail
