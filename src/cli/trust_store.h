// Trusted project configs (`paddock trust`): path -> SHA-256 of the exact
// content the user read, in STATE_DIR/trusted.json (0600). Changing one byte
// of the file revokes its trust. The jail never sees the state directory.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "base/error.h"

namespace paddock::cli {

std::string Sha256Hex(std::string_view data);

// path -> hash; an absent store is empty, an unreadable or malformed one an error.
Result<std::map<std::string, std::string>> TrustedConfigs(const std::string& state_dir);
// Whether `path` with this content is trusted (an unreadable store: no).
bool IsTrusted(const std::string& state_dir, const std::string& path, std::string_view content);
// Records (or, with an empty hash, removes) `path` atomically.
Status SetTrust(const std::string& state_dir, const std::string& path, const std::string& hash);

}  // namespace paddock::cli
