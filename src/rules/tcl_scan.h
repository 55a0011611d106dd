// Tcl and expect programs: the commands they start (tcl_scan.cc).
#pragma once

#include <string>

#include "rules/spawn_scan.h"

namespace paddock::rules {

SpawnFindings ScanTcl(const std::string& code);

}  // namespace paddock::rules
