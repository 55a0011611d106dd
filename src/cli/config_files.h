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
#include "config/config_file.h"

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

// The config layers of one run, in merge order: the built-in profile, the
// user's file, the project's; the command line comes after them all.
struct ConfigLayers {
  std::string profile;                     // the profile's name ("default" when none is named)
  std::vector<std::string> below_project;  // "--profile NAME", the profile's and the user file's options
  std::vector<std::string> project;        // the project file's options (and a profile it names)
  bool project_untrusted = false;          // a project file whose content is not trusted: tighten only
  std::vector<ConfigFileCheck> files;      // user, project (also when absent)
  Problems problems;                       // syntax, unknown keys and types (values: CheckConfigLayers)
  // The documents behind the words, for positions: below the project, then
  // the project's (its own options and those of a profile it names).
  std::vector<config::ConfigFile> below_files;
  config::ConfigFile project_file;

  std::vector<std::string> Words() const;
};

// Reads the layers for a run whose command-line options are `args`
// (--project and --profile there win over the files).
ConfigLayers LoadConfigLayers(const std::vector<std::string>& args, const std::string& cwd, const std::string& home,
                              const std::map<std::string, std::string>& env);

// Every value of the files that does not validate, named by file:line:col
// and key, and for an untrusted project file every key that would loosen
// the policy. `preset_words`: an agent preset's options, which come first.
Problems CheckConfigLayers(const ConfigLayers& layers, const std::vector<std::string>& preset_words,
                           const std::string& cwd, const std::string& home);

// A problem of the merged options about a flag (its object: "--net") that
// the command line did not give gets where the config file set it
// ("(net from FILE:LINE:COL)"): the user did not type it.
void NameConfigOrigins(const ConfigLayers& layers, const std::vector<std::string>& args, Problems& problems);

// What `paddock run` in `project_dir` would read, checked without running
// anything (`paddock doctor`).
std::vector<ConfigFileCheck> CheckConfigFiles(const std::string& project_dir, const std::string& home);

}  // namespace paddock::cli
