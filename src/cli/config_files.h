// The config files a run reads (docs/config.md): the user's
// ($XDG_CONFIG_HOME/paddock/config.toml, else ~/.config/paddock/config.toml)
// and the project's (.paddock.toml in the project directory). A project file
// is written where the agent can write, so unless its exact content was
// trusted from outside the jail (`paddock trust`, by path and SHA-256 in the
// state directory) it may only tighten the policy.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/error.h"

namespace paddock::cli {

struct ConfigFileCheck {
  std::string path;
  std::string role;  // "user" or "project"
  bool present = false;
  bool trusted = false;  // project: this exact content was trusted (`paddock trust`)
  // Syntax, unknown keys, values that do not validate, and for an untrusted
  // project file each key that would loosen the policy; "FILE:LINE:COL: KEY: why".
  Problems problems;
};

// The user config path for this environment and home.
std::string UserConfigPath(const std::map<std::string, std::string>& env, const std::string& home);
// The project config path of `project_dir`.
std::string ProjectConfigPath(const std::string& project_dir);

// What `paddock run` in `project_dir` would read, checked without running
// anything (`paddock doctor`).
std::vector<ConfigFileCheck> CheckConfigFiles(const std::string& project_dir, const std::string& home);

}  // namespace paddock::cli
