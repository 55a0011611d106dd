#include "cli/overlay_runs.h"

#include <climits>
#include <cstdlib>
#include <ctime>

#include "base/strings.h"
#include "jail/user_dirs.h"
#include "overlay/upper_walk.h"
#include "plan/build_plan.h"

namespace paddock::cli {

Result<OverlayProject> ResolveOverlayProject(const std::string& project_option) {
  auto cwd = jail::CurrentDir();
  if (!cwd) return cwd.error();
  std::string dir = project_option.empty()     ? *cwd
                    : project_option[0] == '/' ? project_option
                                               : *cwd + "/" + project_option;
  char real[PATH_MAX];
  if (!::realpath(NormalizePath(dir).c_str(), real)) return SysError("resolve project", dir, errno);
  OverlayProject project{real, ""};
  auto home = jail::RealHome();
  if (!home) return home.error();
  project.runs_dir = plan::OverlayRunsFor(jail::StateDir(*home), project.dir);
  return project;
}

void AddProjectOption(CLI::App& app, std::string& project) {
  app.add_option("--project", project, "The project whose --overlay runs these are (default: the current directory)");
}

Result<overlay::StoredRun> FindOverlayRun(const OverlayProject& project, const std::string& id) {
  auto run = overlay::FindRun(project.runs_dir, id);
  if (!run) {
    Error e = run.error();
    if (e.hint.empty()) e.hint = "'paddock run --overlay' makes runs; 'paddock changes' lists them";
    return e;
  }
  return run;
}

std::string LocalTime(int64_t ns) {
  time_t secs = static_cast<time_t>(ns / 1000000000);
  struct tm tm;
  char buf[64];
  if (!localtime_r(&secs, &tm) || !strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm)) return "?";
  return buf;
}

Result<size_t> CountChanges(const overlay::StoredRun& run) {
  if (run.state == overlay::RunState::kBroken) return Error{run.problem};
  auto changes = overlay::ReadChanges(run.dir, run.run);
  if (!changes) return changes.error();
  return changes->size();
}

}  // namespace paddock::cli
