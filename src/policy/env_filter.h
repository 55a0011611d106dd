// The jail's environment: an allow-list of harmless names from the invoker's
// environment plus what the user passes by name. Secrets (tokens, keys,
// agent sockets) never pass unless named.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace paddock::policy {

// Is NAME passed through by default? (PATH, TERM, LANG, LC_*, ...)
bool IsDefaultAllowedEnv(const std::string& name);

// host: the invoker's environment. pass: "--env NAME" or "--env NAME=VALUE".
// fixed: values paddock sets itself (HOME...), applied last.
std::vector<std::string> FilterEnvironment(const std::map<std::string, std::string>& host,
                                           const std::vector<std::string>& pass,
                                           const std::map<std::string, std::string>& fixed);

}  // namespace paddock::policy
