#include "overlay/run_store.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "base/strings.h"
#include "overlay/fd.h"
#include "overlay/remove_tree.h"

namespace paddock::overlay {
namespace {

constexpr size_t kRunJsonLimit = 1 << 20;

std::string Parent(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string BaseName(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// mkdir -p: each missing directory of `path` is made with `mode`.
Status MakeParents(const std::string& path, mode_t mode) {
  std::string so_far;
  for (const auto& part : Split(path, '/')) {
    if (part.empty()) continue;
    so_far += "/" + part;
    if (mkdir(so_far.c_str(), mode) != 0 && errno != EEXIST) return SysError("create directory", so_far, errno);
  }
  return Ok();
}

int64_t NowNs() {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME_COARSE, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

Status MakeRunContents(int run_fd, const std::string& run_dir, const changes::PendingRun& run) {
  for (const char* sub : {"upper", "work"}) {
    if (mkdirat(run_fd, sub, 0700) != 0) return SysError("create directory", run_dir + "/" + sub, errno);
    if (fchmodat(run_fd, sub, 0755, 0) != 0) return SysError("chmod", run_dir + "/" + sub, errno);
  }
  return WriteFileAtomic(run_fd, "run.json", changes::ToJson(run), 0600, run_dir + "/run.json");
}

// The start of process `pid` in nanoseconds since the epoch (from its start
// in ticks after boot and the boot time), 0 when /proc does not say.
int64_t ProcessStartNs(int pid) {
  Fd proc(open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!proc.valid()) return 0;
  auto stat = ReadSmallFileAt(proc.get(), std::to_string(pid) + "/stat", 4096, "/proc/PID/stat");
  auto sys = ReadSmallFileAt(proc.get(), "stat", 1 << 20, "/proc/stat");
  if (!stat || !sys) return 0;
  auto close_paren = stat->rfind(')');
  auto btime_at = sys->find("\nbtime ");
  if (close_paren == std::string::npos || btime_at == std::string::npos) return 0;
  // Fields after the command name: state is field 3, starttime field 22.
  auto fields = Split(stat->substr(close_paren + 2), ' ');
  if (fields.size() < 20) return 0;
  long long ticks = std::atoll(fields[19].c_str());
  long long btime = std::atoll(sys->c_str() + btime_at + 7);
  long hz = sysconf(_SC_CLK_TCK);
  if (hz <= 0 || btime <= 0) return 0;
  return btime * 1000000000LL + ticks * (1000000000LL / hz);
}

}  // namespace

Status CreateRun(const std::string& run_dir, const changes::PendingRun& run) {
  if (run_dir.empty() || run_dir[0] != '/') return OpError("create run directory", run_dir, "not an absolute path");
  if (auto st = MakeParents(Parent(run_dir), 0700); !st) return st;
  if (mkdir(run_dir.c_str(), 0700) != 0) return SysError("create run directory", run_dir, errno);
  Fd run_fd = OpenDirAt(AT_FDCWD, run_dir);
  Status st = run_fd.valid() ? MakeRunContents(run_fd.get(), run_dir, run) : SysError("open", run_dir, errno);
  if (!st) {
    Fd parent(open(Parent(run_dir).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (parent.valid()) (void)RemoveTreeAt(parent.get(), BaseName(run_dir), run_dir);
  }
  return st;
}

Status FinishRun(const std::string& run_dir, int exit_status) {
  Fd run_fd = OpenDirAt(AT_FDCWD, run_dir);
  if (!run_fd.valid()) return SysError("open", run_dir, errno);
  std::string json_path = run_dir + "/run.json";
  auto text = ReadSmallFileAt(run_fd.get(), "run.json", kRunJsonLimit, json_path);
  if (!text) return text.error();
  auto run = changes::PendingRunFromJson(*text);
  if (!run) return OpError("read", json_path, run.error().message);
  run->ended = true;
  run->exit_status = exit_status;
  run->ended_ns = NowNs();
  return WriteFileAtomic(run_fd.get(), "run.json", changes::ToJson(*run), 0600, json_path);
}

Status SaveRun(const std::string& run_dir, const changes::PendingRun& run) {
  Fd run_fd = OpenDirAt(AT_FDCWD, run_dir);
  if (!run_fd.valid()) return SysError("open", run_dir, errno);
  return WriteFileAtomic(run_fd.get(), "run.json", changes::ToJson(run), 0600, run_dir + "/run.json");
}

bool PaddockAlive(int pid, int64_t started_ns) {
  if (pid <= 0) return false;
  if (kill(pid, 0) != 0 && errno != EPERM) return false;
  int64_t start = ProcessStartNs(pid);
  // A process started well after the run is another one with a reused pid.
  // (The minute of slack absorbs the second-granular boot time and clock
  // adjustments.)
  constexpr int64_t kSlackNs = 60LL * 1000000000;
  return start == 0 || start <= started_ns + kSlackNs;
}

StoredRun LoadRun(const std::string& run_dir) {
  StoredRun stored;
  stored.dir = run_dir;
  stored.run.id = BaseName(run_dir);
  Fd run_fd = OpenDirAt(AT_FDCWD, run_dir);
  if (!run_fd.valid()) {
    stored.problem = SysError("open", run_dir, errno).message;
    return stored;
  }
  auto text = ReadSmallFileAt(run_fd.get(), "run.json", kRunJsonLimit, run_dir + "/run.json");
  if (!text) {
    stored.problem = text.error().message;
    return stored;
  }
  auto run = changes::PendingRunFromJson(*text);
  if (!run) {
    stored.problem = "cannot read " + run_dir + "/run.json: " + run.error().message;
    return stored;
  }
  stored.run = std::move(*run);
  if (stored.run.ended) stored.state = RunState::kEnded;
  else if (PaddockAlive(stored.run.pid, stored.run.started_ns)) stored.state = RunState::kRunning;
  else stored.state = RunState::kInterrupted;
  return stored;
}

Result<std::vector<StoredRun>> ListRuns(const std::string& runs_dir) {
  Fd dir = OpenDirAt(AT_FDCWD, runs_dir);
  if (!dir.valid()) {
    if (errno == ENOENT) return std::vector<StoredRun>{};
    return SysError("open", runs_dir, errno);
  }
  auto names = ListDirFd(dir.get(), runs_dir);
  if (!names) return names.error();
  std::vector<StoredRun> runs;
  for (const auto& name : *names) {
    struct stat st;
    if (!changes::IsRunId(name) || fstatat(dir.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 ||
        !S_ISDIR(st.st_mode))
      continue;
    runs.push_back(LoadRun(runs_dir + "/" + name));
  }
  // Ids sort by the second only: two runs started in the same second are
  // ordered by their start time, so "the latest run" is the one started last.
  std::stable_sort(runs.begin(), runs.end(),
                   [](const StoredRun& a, const StoredRun& b) { return a.run.started_ns < b.run.started_ns; });
  return runs;
}

Result<StoredRun> FindRun(const std::string& runs_dir, const std::string& id_or_prefix) {
  auto runs = ListRuns(runs_dir);
  if (!runs) return runs.error();
  if (runs->empty())
    return OpError("find", id_or_prefix.empty() ? "a run" : "run " + id_or_prefix, "this project has no pending run");
  if (id_or_prefix.empty()) return runs->back();
  std::vector<const StoredRun*> matches;
  for (const auto& r : *runs) {
    if (BaseName(r.dir) == id_or_prefix) return r;
    if (StartsWith(BaseName(r.dir), id_or_prefix)) matches.push_back(&r);
  }
  if (matches.size() == 1) return *matches[0];
  if (matches.empty())
    return OpError("find", "run " + id_or_prefix, "no pending run of this project has that id")
        .WithHint("'paddock changes' lists the pending runs");
  std::vector<std::string> ids;
  for (const auto* m : matches) ids.push_back(BaseName(m->dir));
  return OpError("find", "run " + id_or_prefix, "the prefix matches " + Join(ids, ", "))
      .WithHint("give more of the id");
}

Status RemoveRun(const std::string& run_dir) {
  if (run_dir.empty() || run_dir == "/") return OpError("remove", run_dir, "not a run directory");
  Fd parent(open(Parent(run_dir).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!parent.valid()) return SysError("remove", run_dir, errno);
  return RemoveTreeAt(parent.get(), BaseName(run_dir), run_dir);
}

}  // namespace paddock::overlay
