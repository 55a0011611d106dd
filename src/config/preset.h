// Agent presets: what one coding agent needs in the jail and nothing more,
// as data (TOML files under src/config/presets, built into the binary):
// its command, `paddock run` options, the credentials that stay outside the
// jail, and for Claude Code the managed settings paddock delivers
// (docs/agents.md). Pure: the text is handed in, nothing is read here.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace paddock::config {

// A key that stays outside: the agent gets `placeholder` in `key_env` and the
// forwarder's URL in `base_url_env`; paddock sends its requests to `upstream`
// with `header: value` ({key} replaced by the real key).
struct Credential {
  std::string name;          // the table's name: "anthropic", "openai"
  std::string key_env;       // where paddock finds the real key
  std::string header;        // lowercase header name
  std::string value;         // "{key}", "Bearer {key}"
  std::string upstream;      // https URL (base-url-env where paddock runs overrides it)
  std::string base_url_env;  // the jail's variable that points the agent at the forwarder
  std::string placeholder;   // what the jail sees in key_env
  // Arguments added after the agent's command when the key is forwarded, for
  // agents that take their base URL only as an option ({url}: the forwarder's).
  std::vector<std::string> base_url_args;
  // Without the key where paddock runs (a subscription login in the agent's
  // own config), these hosts are allowed so the agent can reach its API itself.
  std::vector<std::string> direct_hosts;
};

struct ClaudeCode {
  std::string permissions_profile;  // `paddock init` profile whose deny rules apply
  nlohmann::json managed_settings = nlohmann::json::object();
};

struct Preset {
  std::string name;
  std::string description;
  std::vector<std::string> command;   // argv of the agent with its prompts off
  std::string install;                // how to install the agent, for "not found" errors
  std::vector<std::string> run_args;  // the [run] table as `paddock run` options
  std::vector<Credential> credentials;
  std::optional<ClaudeCode> claude_code;
  // [etc-files]: path below /etc -> content, added read-only to the jail's /etc.
  std::vector<std::pair<std::string, std::string>> etc_files;
};

// Parses one preset. Errors name source:line:col and the key; every problem
// is reported, not only the first (Problems in the error's message lines).
Result<Preset> ParsePreset(std::string_view text, const std::string& name, const std::string& source);

// The built-in presets, by name (sorted).
std::vector<std::string> PresetNames();
// A built-in preset, parsed; an unknown name lists the known ones.
Result<Preset> FindPreset(std::string_view name);
// Its TOML text (`paddock presets show`).
std::optional<std::string_view> PresetText(std::string_view name);

}  // namespace paddock::config
