#include "jail/audit_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>

#include "audit/audit_log.h"
#include "base/strings.h"
#include "jail/make_dirs.h"
#include "jail/test_seams.h"
#include "jail/unique_fd.h"
#include "jail/user_dirs.h"

namespace paddock::jail {
namespace {

uint64_t RotateBytes() {
  uint64_t seam = AuditRotateBytesSeam();
  return seam ? seam : audit::kRotateBytes;
}

UniqueFd OpenLog(const std::string& path) {
  return UniqueFd(::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
}

// Rotates under the lock file, after checking again that the log is still
// over the size: another writer may have rotated it while we waited. A
// writer that opened the old file before the rename still appends whole
// lines to it (now audit.log.1).
Status Rotate(const std::string& path, uint64_t line_size) {
  std::string lock_path = path + ".lock";
  UniqueFd lock(::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!lock.valid()) return SysError("open audit log lock", lock_path, errno);
  while (flock(lock.get(), LOCK_EX) != 0)
    if (errno != EINTR) return SysError("lock", lock_path, errno);
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return errno == ENOENT ? Ok() : SysError("inspect", path, errno);
  if (!audit::ShouldRotate(st.st_size, line_size, RotateBytes())) return Ok();
  for (int n = audit::kKeptRotations; n >= 1; --n) {
    std::string from = audit::RotatedName(path, n - 1), to = audit::RotatedName(path, n);
    if (::rename(from.c_str(), to.c_str()) != 0 && errno != ENOENT) return SysError("rotate audit log", from, errno);
  }
  return Ok();  // the lock goes with its descriptor
}

}  // namespace

Status AppendAuditEvent(const std::string& path, const nlohmann::json& event) {
  auto line = audit::EventLine(event, std::chrono::system_clock::now());
  if (!line) return line.error();
  UniqueFd fd = OpenLog(path);
  if (!fd.valid()) return SysError("open audit log", path, errno);
  struct stat st;
  if (fstat(fd.get(), &st) == 0 && audit::ShouldRotate(st.st_size, line->size(), RotateBytes())) {
    if (auto rotated = Rotate(path, line->size()); !rotated) return rotated;
    fd = OpenLog(path);
    if (!fd.valid()) return SysError("open audit log", path, errno);
  }
  ssize_t n;
  do {
    n = ::write(fd.get(), line->data(), line->size());
  } while (n < 0 && errno == EINTR);
  if (n < 0) return SysError("append to audit log", path, errno);
  if (static_cast<size_t>(n) != line->size()) return OpError("append to audit log", path, "short write");
  return Ok();
}

Result<std::string> DefaultAuditLog() {
  auto home = RealHome();
  if (!home) return home.error();
  // A first use of paddock on this host: the state dir is private.
  std::string dir = StateDir(*home);
  if (auto st = MakeDirs(dir, 0700); !st) return st.error();
  return dir + "/audit.log";
}

std::string NewRunId() {
  unsigned char bytes[8] = {};
  ssize_t got = getrandom(bytes, sizeof bytes, GRND_NONBLOCK);
  if (got != static_cast<ssize_t>(sizeof bytes)) {
    // No entropy yet (early boot): the pid and the clock still tell runs apart.
    uint64_t fallback = static_cast<uint64_t>(getpid()) << 40 ^
                        static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    for (size_t i = 0; i < sizeof bytes; ++i) bytes[i] = static_cast<unsigned char>(fallback >> (8 * i));
  }
  return HexEncode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

void RecordRunEvent(const plan::LaunchPlan& plan, nlohmann::json event) {
  if (plan.audit_log.empty()) return;
  if (!plan.run_id.empty()) event["run"] = plan.run_id;
  if (auto st = AppendAuditEvent(plan.audit_log, event); !st)
    std::fprintf(stderr, "paddock: warning: %s\n", st.error().message.c_str());
}

}  // namespace paddock::jail
