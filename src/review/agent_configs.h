// Agent and editor config that a host tool looks up in the directory it is
// started or opened in, and runs code from (hooks, tasks, MCP servers,
// toolchains). The project root's are read-only in the jail
// (plan/protected_paths.h); in a monorepo the user also starts an agent or
// opens an editor in a subdirectory, so the end-of-run review reports those
// a run created or changed below the root. Not read-only binds there:
// dependency trees ship such names by the hundred, and mount points would
// make `rm -rf node_modules` fail with EBUSY. At the root, those protected
// only while present can be created: the review reports those too.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace paddock::review {

// The bit of an entry name among the agent and editor config names, 0 for
// any other name (called for every entry the project walk reads).
uint64_t AgentConfigBit(std::string_view name);

// Every bit AgentConfigBit gives.
inline constexpr uint64_t kAllAgentConfigs = ~uint64_t{0};

// The entry names of `bits`, in bit order.
std::vector<std::string_view> AgentConfigNames(uint64_t bits);

// A directory name below which config is not watched: nobody opens an
// editor or starts an agent inside a dependency tree, and packages ship
// .vscode/ and the like by the hundred.
bool AgentConfigsIgnoredBelow(std::string_view dir_name);

// What the host tool reading config `name` does with it, for a directory
// shown as `where` ("app/"): "Claude Code started in app/ runs the hooks and
// MCP servers it names". Empty for an unknown name.
std::string AgentConfigEffect(std::string_view name, const std::string& where);

// At most this many config entries are fingerprinted before and after a
// run (each may be a directory of files to hash); beyond that, those not
// checked are reported as such.
inline constexpr size_t kMaxAgentConfigsChecked = 256;

}  // namespace paddock::review
