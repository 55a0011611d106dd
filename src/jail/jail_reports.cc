#include "jail/jail_reports.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string_view>

#include "audit/jail_report.h"
#include "base/strings.h"
#include "jail/audit_file.h"
#include "jail/unique_fd.h"

namespace paddock::jail {
namespace {

// Where the hook's default log lands inside the jail ($HOME/.local/state/
// paddock/audit.log), relative to the jail home on the host; the rotated
// files are taken too.
constexpr const char* kJailStateDir[] = {".local", "state", "paddock"};
constexpr const char* kJailLogs[] = {"audit.log.2", "audit.log.1", "audit.log"};
constexpr size_t kMaxReportBytes = 32u << 20;  // what the jail's rotation keeps, and some

// The jail's state dir, each component opened without following a link.
UniqueFd OpenJailStateDir(const std::string& jail_home) {
  UniqueFd dir(::open(jail_home.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  for (const char* name : kJailStateDir) {
    if (dir.get() < 0) break;
    dir = UniqueFd(::openat(dir.get(), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  }
  return dir;
}

// Takes one file: renamed first (a concurrent run of the project, sharing
// the jail home, then cannot take it too), read if it is a regular file,
// removed.
std::string TakeFile(int dir, const char* name, const std::string& tag) {
  std::string taken = std::string(name) + ".taken." + tag;
  if (::renameat(dir, name, dir, taken.c_str()) != 0) return "";
  UniqueFd fd(::openat(dir, taken.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  ::unlinkat(dir, taken.c_str(), 0);
  struct stat st {};
  if (fd.get() < 0 || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) return "";
  std::string text;
  char buf[65536];
  ssize_t n;
  while (text.size() < kMaxReportBytes && (n = ::read(fd.get(), buf, sizeof buf)) > 0) text.append(buf, n);
  return text;
}

}  // namespace

JailReports CollectJailReports(const plan::LaunchPlan& plan) {
  JailReports out;
  if (plan.audit_log.empty() || plan.jail_home_host.empty()) return out;
  UniqueFd dir = OpenJailStateDir(plan.jail_home_host);
  if (dir.get() < 0) return out;
  for (const char* name : kJailLogs) {
    std::string text = TakeFile(dir.get(), name, plan.run_id.empty() ? std::to_string(getpid()) : plan.run_id);
    for (const auto& line : Split(text, '\n')) {
      if (line.empty()) continue;
      auto record = audit::JailReport(line);
      if (!record) {
        ++out.dropped;
        continue;
      }
      ++out.taken;
      if (audit::IsDenial(*record)) ++out.denials;
      RecordRunEvent(plan, std::move(*record));
    }
  }
  if (out.dropped)
    RecordRunEvent(
        plan,
        {{"event", "jail-report-dropped"}, {"lines", out.dropped}, {"reason", "not a hook decision paddock writes"}});
  return out;
}

}  // namespace paddock::jail
