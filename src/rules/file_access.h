// Which files a Bash layer reads or writes, for applying Read/Edit rules to
// recognised readers and writers (spec §9.4 "Cross-tool").
#pragma once

#include <string>
#include <vector>

#include "rules/units.h"

namespace paddock::rules {

struct FileAccess {
  std::string path;  // as written (normalised word)
  bool write = false;
};

// File operands of recognised readers/writers in one layer.
std::vector<FileAccess> LayerFileAccesses(const Words& layer);
// Files a unit's redirections read (<) or write (>, >>, &>, ...).
std::vector<FileAccess> RedirectAccesses(const std::vector<Redir>& redirects);
// Output redirect that needs no approval: /dev/null or an fd duplication.
bool IsHarmlessOutput(const Redir& r);
bool IsOutputRedirect(const Redir& r);

}  // namespace paddock::rules
