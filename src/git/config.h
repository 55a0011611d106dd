// Git's config file format (git-config(1) "CONFIGURATION FILE"): sections,
// subsections, quoted values, escapes and continuation lines. paddock reads
// a repository's config to find what host git will run later (hooksPath,
// commands such as core.fsmonitor, include files), so files named there can
// be kept out of the jail's reach. Pure: text in, entries out.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace paddock::git {

struct ConfigEntry {
  std::string section;     // lower-cased
  std::string subsection;  // case kept ("" when none)
  std::string name;        // lower-cased
  std::string value;       // unquoted, escapes decoded; "" for a bare boolean
  bool has_value = false;  // false for "[core] bare" (boolean true)

  // "section.name" or "section.subsection.name", as `git config` prints keys.
  std::string Key() const;
};

struct ParsedConfig {
  std::vector<ConfigEntry> entries;  // in file order
  // The first syntax error ("line 3: ..."). Git refuses a config with an
  // error outright; what parsed before it is still returned.
  std::string error;
};

ParsedConfig ParseConfig(std::string_view text);

}  // namespace paddock::git
