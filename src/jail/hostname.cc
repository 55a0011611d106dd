#include "jail/hostname.h"

#include <errno.h>
#include <unistd.h>

namespace paddock::jail {

bool SetHostname(ChildContext& ctx, ChildError& error) {
  const auto& plan = *ctx.plan;
  if (!plan.namespaces.uts) return true;  // sharing the host's: not ours to change
  if (sethostname(plan.hostname.c_str(), plan.hostname.size()) != 0)
    return FailWithErrno(error, "set hostname", plan.hostname.c_str());
  return true;
}

}  // namespace paddock::jail
