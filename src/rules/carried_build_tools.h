// Build tools whose own words carry commands (carried.h): make's --eval
// text and makefile from a stream, the variables its command line defines
// (SHELL=PROGRAM, CC=…: recipes run them); npm's --script-shell and
// the scripts and programs `npm pkg set` and `npm config set` record for
// its next run. Internal to src/rules.
#pragma once

#include <vector>

#include "rules/carried.h"

namespace paddock::rules::carried_detail {

void MakeCarried(const Words& w, std::vector<Carried>& out);
void NpmCarried(const Words& w, std::vector<Carried>& out);

}  // namespace paddock::rules::carried_detail
