// paddock-hook: the `paddock hook` command alone (jail/binaries.h says why a
// second binary). Same options, input and answers; it is the hook the agent's
// settings register when it sits beside paddock.
#include <cstdio>
#include <exception>
#include <string>

#include "cli/command.h"

int main(int argc, char** argv) {
  // As paddock's main(): the last resort fails closed (exit 2 is a deny).
  std::string what = "the hook command is not linked in";
  try {
    for (const auto& c : paddock::cli::Commands())
      if (c.name == "hook") return c.main(argc, argv);
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
    what = "unknown exception";
  }
  std::fprintf(stderr, "paddock hook: blocked (fail closed): internal error: %s\n", what.c_str());
  return 2;
}
