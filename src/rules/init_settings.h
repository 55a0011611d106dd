// `paddock init`: the Claude Code settings paddock recommends, merged into a
// user's existing settings without ever replacing what they wrote.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/error.h"

namespace paddock::rules {

struct InitProfile {
  std::string name;
  std::vector<std::string> deny;
  std::vector<std::string> ask;
};

// "minimal", "standard" (default) or "paranoid".
Result<InitProfile> FindInitProfile(const std::string& name);

struct InitResult {
  nlohmann::json settings;
  std::vector<std::string> kept;     // user values left alone although they differ from ours
  std::vector<std::string> changed;  // user values replaced (only what --jail-commands must change)
};

// Merges: lists gain missing entries, objects gain missing keys, existing
// scalars are kept (and reported in `kept`). `hook_command` is the absolute
// command line of the hook, e.g. "/usr/local/bin/paddock hook", registered in
// exec form when it is one word (rules/hook_handler.h).
// `jail_commands` (hook_command ends in " hook --jail-commands"): paddock
// jails each Bash command, so Claude Code's own sandbox is turned off
// (sandbox.enabled = false, replacing the user's value) instead of made strict,
// and a plain registration of the same hook becomes this one. A registration
// listed in `replaced` (the same install's hook in another form: `paddock
// hook` where paddock-hook is now used) becomes this one as well, so one
// tool call never starts the same hook twice.
Result<InitResult> MergeInitSettings(const nlohmann::json& existing, const InitProfile& profile,
                                     const std::string& hook_command, bool jail_commands = false,
                                     const std::vector<std::string>& replaced = {});

}  // namespace paddock::rules
