// Interpreter inline code (docs/policy-semantics.md §Pipeline): finds
// process-spawning calls such as os.system('…'), subprocess.run([...]), `…`,
// qx{…}, awk system() and pipes. A literal command string is returned for
// parsing as a shell script; a list literal gives argv; anything else is an
// opaque point.
#pragma once

#include <string>
#include <vector>

namespace paddock::rules {

struct SpawnFindings {
  std::vector<std::string> scripts;             // shell command strings
  std::vector<std::vector<std::string>> argvs;  // exec-style argument lists
  bool opaque = false;                          // a spawn call with a non-literal argument
  std::string opaque_what;
};

SpawnFindings ScanSpawns(const std::string& code, const std::string& language);

}  // namespace paddock::rules
