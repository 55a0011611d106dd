// The two writes most attempts try, done so that they leave nothing: a new
// file created (and removed at once), and an existing file opened for
// writing with O_APPEND (nothing written). Each returns whether the kernel
// let it happen; errno says why not.
#pragma once

#include <string>

namespace paddock::escape {

// `dir`/.paddock-check-PID: a name no attempt of another probe shares.
std::string ScratchName(const std::string& dir);

// Creates `path` (O_EXCL) and removes it.
bool CreateAndRemove(const std::string& path);

// Opens the existing `path` for appending and closes it; a symlink is not
// followed when `follow` is false (ELOOP).
bool OpenToAppend(const std::string& path, bool follow);

}  // namespace paddock::escape
