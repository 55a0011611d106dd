// Test seams (plan::TestSeams): the one place that reads them from the
// environment. Compiled in only with the CMake option PADDOCK_TEST_SEAMS
// (on when the tests are built); without it this reads nothing and the
// binary holds none of their names.
#pragma once

#include "plan/host_facts.h"

namespace paddock::jail {

// Sets host.test_seams from host.env (a variable set to anything but "" or
// "0" turns its seam on); a no-op in a build without test seams.
void ReadTestSeams(plan::HostFacts& host);

}  // namespace paddock::jail
