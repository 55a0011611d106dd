#include "cli/agent_program.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/strings.h"
#include "plan/build_plan.h"

namespace paddock::cli {
namespace {

std::string FindOnPath(const std::string& name, const std::string& path_var) {
  for (const auto& dir : Split(path_var, ':')) {
    if (dir.empty() || dir[0] != '/') continue;
    std::string candidate = dir + "/" + name;
    struct stat st;
    if (stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(candidate.c_str(), X_OK) == 0)
      return candidate;
  }
  return "";
}

// The unit to show: for an npm package, the node_modules directory that
// holds it (its native binary often comes in a sibling package, as
// @openai/codex-linux-x64 for @openai/codex), else the program's own directory.
std::string DirectoryToShow(const std::string& program) {
  size_t at = program.rfind("/node_modules/");
  if (at != std::string::npos) return program.substr(0, at + std::string("/node_modules").size());
  return program.substr(0, program.rfind('/'));
}

}  // namespace

Status LocateAgentProgram(const config::Preset& preset, const std::map<std::string, std::string>& env,
                          policy::Policy& policy) {
  if (policy.command.empty() || preset.command.empty() || policy.command[0] != preset.command[0]) return Ok();
  std::string name = policy.command[0];
  std::string found = name.find('/') != std::string::npos ? name : "";
  if (found.empty()) {
    auto path = env.find("PATH");
    found = FindOnPath(name, path == env.end() ? "/usr/local/bin:/usr/bin:/bin" : path->second);
  }
  char real[PATH_MAX];
  if (found.empty() || !realpath(found.c_str(), real)) {
    Error e = OpError("run preset " + preset.name, name, "not found on PATH").WithLayer(kAgentLayer);
    return preset.install.empty() ? e : e.WithHint("install it: " + preset.install);
  }
  policy.command[0] = real;
  std::string program = real;
  if (plan::InSystemDir(program) || PathIsWithin(program, policy.project_dir)) return Ok();
  policy.extra_paths.push_back({DirectoryToShow(program), false, false});
  return Ok();
}

}  // namespace paddock::cli
