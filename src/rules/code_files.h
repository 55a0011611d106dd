// Files named inside the programs a command line carries, for Read/Edit
// rules (docs/policy-semantics.md §Matching), where the program's words
// say it opens them: vi-family editors' Ex file commands (`vim -c 'e .env'`,
// `-c 'w .git/hooks/x'`) and awk's redirections to a literal file
// (`getline < ".env"`, `print > "F"`), as sed's r and w. Other interpreter
// code (`python3 -c "open('.env')"`) is the sandbox's part, as in Claude
// Code.
#pragma once

#include <string>
#include <vector>

#include "rules/file_access.h"

namespace paddock::rules {

void CodeFileAccesses(const Words& layer, std::vector<FileAccess>& out);

// The quoted strings of a program's text ('…', "…", `…`), each without
// Perl's open modes (">x.sh"), as a path would be written there.
std::vector<std::string> QuotedTexts(const std::string& code);

}  // namespace paddock::rules
