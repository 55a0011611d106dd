#include "jail/audit_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

#include "audit/audit_log.h"

namespace paddock::jail {

Status AppendAuditEvent(const std::string& path, const nlohmann::json& event) {
  auto line = audit::EventLine(event, std::chrono::system_clock::now());
  if (!line) return line.error();
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return SysError("open audit log", path, errno);
  ssize_t n;
  do {
    n = ::write(fd, line->data(), line->size());
  } while (n < 0 && errno == EINTR);
  int err = errno;
  ::close(fd);
  if (n < 0) return SysError("append to audit log", path, err);
  if (static_cast<size_t>(n) != line->size()) return OpError("append to audit log", path, "short write");
  return Ok();
}

}  // namespace paddock::jail
