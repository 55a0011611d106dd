#include "config/config_file.h"

#include <algorithm>

#include "base/strings.h"
#include "config/toml_values.h"
#include "policy/cli_options.h"

namespace paddock::config {
namespace {

std::string Where(const std::string& source, const toml::node& node) {
  const auto& begin = node.source().begin;
  return source + ":" + std::to_string(begin.line) + ":" + std::to_string(begin.column);
}

// Keys that are options of `paddock run` but mean nothing in a document of
// this kind: --help everywhere; in a profile or a preset, another profile or
// an agent (profiles are chosen before presets are known, and neither nests).
bool Forbidden(const std::string& key, ConfigKind kind) {
  if (key == "help") return true;
  return kind == ConfigKind::kProfile && (key == "preset" || key == "profile");
}

}  // namespace

void ResolvePaths(ConfigFile& file, const std::string& base, const std::string& home) {
  static const std::set<std::string> kPathKeys = {"ro", "rw", "project", "seccomp-profile", "ca-file", "audit-log"};
  for (auto& option : file.options) {
    if (!kPathKeys.count(option.key)) continue;
    // "--KEY", VALUE pairs: these keys all take a value.
    for (size_t i = 1; i < option.words.size(); i += 2) {
      std::string& word = option.words[i];
      if (word == "~" || StartsWith(word, "~/")) word = home + word.substr(1);
      else if (!word.empty() && word[0] != '/' && !(option.key == "audit-log" && word == "none"))
        word = base + "/" + word;
    }
  }
}

std::vector<std::string> ConfigFile::Words() const {
  std::vector<std::string> out;
  for (const auto& o : options) out.insert(out.end(), o.words.begin(), o.words.end());
  return out;
}

namespace {

// Built on first use only: the names come from building the whole option
// table, which a document without options (the default profile, read by
// every run) need not pay for.
const std::vector<std::string>& RunOptionNames() {
  static const std::vector<std::string> names = policy::RunOptionNames();
  return names;
}

}  // namespace

std::vector<ConfigOption> ReadOptions(const toml::table& table, const std::string& source, const std::string& prefix,
                                      ConfigKind kind, const std::set<std::string>& special, Problems& problems) {
  std::vector<ConfigOption> out;
  for (const auto& [k, node] : table) {
    std::string key(k.str());
    if (special.count(key)) continue;
    std::string name = prefix + key;
    if (node.is_table()) {
      problems.push_back(At(source, node, name, "not a table: keys are `paddock run` options (docs/config.md)"));
      continue;
    }
    const auto& names = RunOptionNames();
    if (!std::count(names.begin(), names.end(), key) || Forbidden(key, kind)) {
      // An unknown key is pointed at by the key, a bad value by the value.
      const auto& begin = k.source().begin;
      problems.push_back(Error{source + ":" + std::to_string(begin.line) + ":" + std::to_string(begin.column) + ": " +
                               name + ": not an option of `paddock run` (keys are its long option names)"}
                             .WithLayer("config"));
      continue;
    }
    auto values = OptionValues(node);
    if (!values) {
      problems.push_back(At(source, node, name, values.error().message));
      continue;
    }
    ConfigOption option{key, Where(source, node), {}};
    for (const auto& v : *values) {
      option.words.push_back("--" + key);
      if (v) option.words.push_back(*v);
    }
    out.push_back(std::move(option));
  }
  return out;
}

ConfigFile ParseConfigFile(std::string_view text, const std::string& source, ConfigKind kind, Problems& problems) {
  ConfigFile out;
  out.source = source;
  toml::parse_result parsed = toml::parse(text, source);
  if (!parsed) {
    problems.push_back(ParseFailure(source, parsed.error()));
    return out;
  }
  const toml::table& doc = parsed.table();
  if (const auto* node = doc.get("description")) {
    if (kind != ConfigKind::kProfile)
      problems.push_back(At(source, *node, "description", "only a built-in profile has a description"));
    else if (const auto* s = node->as_string()) out.description = s->get();
    else problems.push_back(At(source, *node, "description", "must be a string"));
  } else if (kind == ConfigKind::kProfile) {
    problems.push_back(At(source, doc, "description", "missing"));
  }
  if (const auto* node = doc.get("profile")) {
    if (kind == ConfigKind::kProfile)
      problems.push_back(At(source, *node, "profile", "a profile cannot name another profile"));
    else if (const auto* s = node->as_string()) {
      out.profile = s->get();
      out.profile_where = Where(source, *node);
    } else problems.push_back(At(source, *node, "profile", "must be a string (default, offline or strict)"));
  }
  out.options = ReadOptions(doc, source, "", kind, {"description", "profile"}, problems);
  return out;
}

}  // namespace paddock::config
