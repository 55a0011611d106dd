// A paddock config document (docs/config.md): the user's config.toml, a
// project's .paddock.toml or a built-in profile. Its keys are the long
// options of `paddock run` with values as on the command line (a string, a
// number, true for a flag, a list for a repeated option); `profile` names
// the built-in profile to start from. Pure: the text is handed in.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace paddock::config {

enum class ConfigKind { kUser, kProject, kProfile };

// One key of the document, as command-line words.
struct ConfigOption {
  std::string key;                 // "allow-host"
  std::string where;               // "FILE:LINE:COL" of its value
  std::vector<std::string> words;  // "--allow-host", "a.example", "--allow-host", "b.example"
};

struct ConfigFile {
  std::string source;       // the file's path (or "profile:NAME")
  std::string description;  // profiles only
  std::string profile;      // the `profile` key ("" when absent)
  std::string profile_where;
  std::vector<ConfigOption> options;  // sorted by key (a key appears once)

  // Every option's words.
  std::vector<std::string> Words() const;
};

// Parses and checks one document: syntax, unknown keys, value types, and
// keys a kind may not hold (a profile naming a profile or a preset). Every
// problem is added to `problems`, each as "SOURCE:LINE:COL: KEY: why"; the
// keys that were fine are returned (none after a syntax error), so that
// their values can be checked too. Whether values validate is for the run
// options parser (the caller reparses).
ConfigFile ParseConfigFile(std::string_view text, const std::string& source, ConfigKind kind, Problems& problems);

// Paths in a document: "~/x" is in the home; a relative path is relative to
// `base` (a project file's project, the user config's home), not to
// wherever paddock happens to be started. For ro, rw, project,
// seccomp-profile, ca-file and audit-log; protect, unprotect and share keep
// their own meaning (project-relative, home-relative).
void ResolvePaths(ConfigFile& file, const std::string& base, const std::string& home);

}  // namespace paddock::config
