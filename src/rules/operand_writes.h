// Programs that change the files their operands name, beyond the writers of
// file_access.cc and the output options of write_options.cc: in-place
// editing (`perl -i`, `ruby -i`), text editors, `patch`, compressors,
// `split`/`csplit`, mode and owner changes; and extractors into a directory
// (`patch -d`, `cpio -p`, `7z x -o`), which write the tree below it as
// `tar -x -C` does. Extraction into the working directory (`tar xzf kit.tgz`,
// `patch -p1 < fix.diff`, `git apply`) names files only its input knows and
// is not guessed at, as for copies into ".".
#pragma once

#include <string>
#include <vector>

#include "rules/file_access.h"

namespace paddock::rules {

// The writes `layer` makes through its operands.
void OperandWrites(const Words& layer, std::vector<FileAccess>& out);

}  // namespace paddock::rules
