#include "jail/rlimits.h"

#include <errno.h>
#include <sys/resource.h>

namespace paddock::jail {
namespace {

// Lowers `resource` to at most `value`: hard = min(hard, value), soft =
// min(soft, new hard). Never raises either (a lower limit the user chose
// outside stays in force inside).
int Lower(int resource, uint64_t value) {
  struct rlimit cur;
  if (getrlimit(resource, &cur) != 0) return errno;
  rlim_t v = value >= static_cast<uint64_t>(RLIM_INFINITY) ? RLIM_INFINITY : static_cast<rlim_t>(value);
  struct rlimit next = cur;
  if (next.rlim_max == RLIM_INFINITY || next.rlim_max > v) next.rlim_max = v;
  if (next.rlim_cur == RLIM_INFINITY || next.rlim_cur > next.rlim_max) next.rlim_cur = next.rlim_max;
  if (setrlimit(resource, &next) != 0) return errno;
  return 0;
}

}  // namespace

int ApplyRlimits(const plan::RlimitsPlan& plan, const char** failed) {
  struct Item {
    int resource;
    const char* name;
    bool set;
    uint64_t value;
  };
  const Item items[] = {
      {RLIMIT_CORE, "RLIMIT_CORE", true, plan.core},
      {RLIMIT_NPROC, "RLIMIT_NPROC", plan.nproc.has_value(), plan.nproc.value_or(0)},
      {RLIMIT_DATA, "RLIMIT_DATA", plan.data.has_value(), plan.data.value_or(0)},
      {RLIMIT_NOFILE, "RLIMIT_NOFILE", plan.nofile.has_value(), plan.nofile.value_or(0)},
  };
  for (const Item& item : items) {
    if (!item.set) continue;
    if (int err = Lower(item.resource, item.value); err != 0) {
      if (failed) *failed = item.name;
      return err;
    }
  }
  return 0;
}

}  // namespace paddock::jail
