// Files that programs write because an option or operand says so, beyond the
// recognised writers of file_access.cc: `curl -o F`, `wget -O F`, `sort -o F`,
// `dd of=F`, extraction directories (`tar -x -C D`, `unzip -d D`), and git
// commands that overwrite or create work-tree paths (`git checkout -- P`,
// `git restore P`, `git clone URL D`). Edit rules judge them.
#pragma once

#include <vector>

#include "rules/file_access.h"

namespace paddock::rules {

// The writes `layer` makes through its options and, for git, its operands.
void OptionWrites(const Words& layer, std::vector<FileAccess>& out);

}  // namespace paddock::rules
