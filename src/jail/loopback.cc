#include "jail/loopback.h"

#include <errno.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

namespace paddock::jail {

bool BringUpLoopback(ChildContext& ctx, ChildError& error) {
  if (!ctx.plan->namespaces.net) return true;  // the host's network: its lo is up
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return FailWithErrno(error, "open", "socket to configure loopback");
  struct ifreq ifr {};
  strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
  bool ok = ioctl(fd, SIOCGIFFLAGS, &ifr) == 0;
  if (ok) {
    ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
    ok = ioctl(fd, SIOCSIFFLAGS, &ifr) == 0;
  }
  if (!ok) SetChildError(error, errno, "bring up", "loopback interface");
  close(fd);
  return ok;
}

}  // namespace paddock::jail
