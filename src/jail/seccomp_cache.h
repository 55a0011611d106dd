// Compiled seccomp filters kept between runs. libseccomp takes most of a
// millisecond to turn the profile into BPF, the same BPF each run of the
// same profile, so the program is kept in <state>/seccomp/ with the exact
// profile it came from (SeccompProfileKey) and the libseccomp that compiled
// it; a run whose profile, libseccomp or kernel API level differs compiles
// anew. The state directory is the user's own and never inside the jail,
// and a cache file that is not the user's own is ignored (cache_file.h).
#pragma once

#include <string>

#include "base/error.h"
#include "jail/seccomp.h"

namespace paddock::jail {

// The compiled program for `profile`: from `cache_dir` when it holds this
// profile's, else compiled and stored there. An empty `cache_dir` compiles.
Result<SeccompProgram> CompileSeccompCached(const plan::SeccompProfile& profile, const std::string& cache_dir);

}  // namespace paddock::jail
