// The per-project jail home on the host, made ready for this run's mounts.
// The jail writes its home freely, so an earlier run may have replaced a
// directory where this run mounts the project or a share (`mv work x; ln -s
// /tmp work`). Mount points are opened without following symlinks, so that
// cannot redirect a mount, but it would stop every later run; the jail home
// is jail-owned data, so the entry in the way is moved aside and reported.
#pragma once

#include <string>
#include <vector>

#include "base/error.h"
#include "plan/launch_plan.h"

namespace paddock::jail {

// Creates the jail home and moves aside whatever an earlier run left in
// place of a mount point below it; `notes` says what was moved where.
// `created`: this run made the home (the first run in this project).
Status PrepareJailHome(const plan::LaunchPlan& plan, std::vector<std::string>& notes, bool& created);

// The first-run notice: where the jail home is and that the real one is
// hidden (one line, without the "paddock: " prefix).
std::string FirstRunNotice(const plan::LaunchPlan& plan);

}  // namespace paddock::jail
