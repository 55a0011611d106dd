// The absolute path of the running paddock binary, for command lines that
// must find it again whatever PATH they run with (the hook registrations,
// the `paddock run` of --jail-commands).
#pragma once

#include <string>

namespace paddock::cli {

// /proc/self/exe, read; "" when it cannot be read.
std::string SelfPath();

}  // namespace paddock::cli
