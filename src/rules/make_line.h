// GNU make's command line, read the way make 4.3/4.4 reads it: getopt_long
// in permute mode (options after targets, `-sf FILE` clusters, `-fFILE`,
// unambiguous long abbreviations `--ev=TEXT`, `--fi=-`), variable definitions
// among the operands (`CC=clang`, `X!=cmd`), and what a MAKEFLAGS or
// GNUMAKEFLAGS definition on that line adds. One parser for everything that
// asks what make reads or runs (carried_build_tools.cc, walker_program_files.cc).
#pragma once

#include <string>
#include <vector>

#include "rules/words.h"

namespace paddock::rules {

struct MakeAssignment {
  std::string name;
  std::string op;  // "=", ":=", "::=", ":::=", "+=", "?=", "!="
  std::string value;
};

struct MakeLine {
  std::vector<std::string> files;           // -f/--file/--makefile values, as given
  std::vector<std::string> makefiles_var;   // MAKEFILES=…: read before the others
  std::string dir;                          // -C DIR (chained), "" for the working directory
  std::vector<std::string> evals;           // -E/--eval texts, in order
  std::vector<MakeAssignment> assignments;  // NAME=VALUE operands, MAKEFLAGS' ones too
};

// `w` is make's argv (w[0] is the program).
MakeLine ParseMakeLine(const Words& w);

// The makefiles make reads, each in -C's directory: MAKEFILES' words, then
// the -f files, or GNUmakefile, makefile and Makefile (the first that exists:
// all three here) when there is no -f.
std::vector<std::string> MakeInputFiles(const MakeLine& line);

}  // namespace paddock::rules
