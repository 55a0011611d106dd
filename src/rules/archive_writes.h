// Archives and listings a program writes where its words say: the archive
// `tar -cf F` and `zip F` create, `python3 -m zipfile -c F`, `python3 -m
// tarfile -e A DIR`, `python3 -m json.tool IN OUT`, and find's `-fprint F`,
// `-fls F` and `-delete`. Read by OperandWrites (operand_writes.h).
#pragma once

#include <string>
#include <vector>

#include "rules/file_access.h"

namespace paddock::rules {

// Adds what `layer` (program `name`) writes; false when it is none of these.
bool ArchiveWrites(const std::string& name, const Words& layer, std::vector<FileAccess>& out);

}  // namespace paddock::rules
