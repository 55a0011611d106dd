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
// this kind: --help everywhere; in a profile, another profile or an agent.
bool Forbidden(const std::string& key, ConfigKind kind) {
  if (key == "help") return true;
  return kind == ConfigKind::kProfile && key == "preset";
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

ConfigFile ParseConfigFile(std::string_view text, const std::string& source, ConfigKind kind, Problems& problems) {
  ConfigFile out;
  out.source = source;
  toml::parse_result parsed = toml::parse(text, source);
  if (!parsed) {
    problems.push_back(ParseFailure(source, parsed.error()));
    return out;
  }
  static const std::vector<std::string> names = policy::RunOptionNames();
  for (const auto& [k, node] : parsed.table()) {
    std::string key(k.str());
    auto at = [&](const std::string& why) { problems.push_back(At(source, node, key, why)); };
    // An unknown key is pointed at by the key, a bad value by the value.
    auto at_key = [&](const std::string& why) {
      const auto& begin = k.source().begin;
      problems.push_back(Error{source + ":" + std::to_string(begin.line) + ":" + std::to_string(begin.column) + ": " +
                               key + ": " + why}
                             .WithLayer("config"));
    };
    if (key == "description") {
      if (kind != ConfigKind::kProfile) at("only a built-in profile has a description");
      else if (const auto* s = node.as_string()) out.description = s->get();
      else at("must be a string");
      continue;
    }
    if (key == "profile") {
      if (kind == ConfigKind::kProfile) at("a profile cannot name another profile");
      else if (const auto* s = node.as_string()) {
        out.profile = s->get();
        out.profile_where = Where(source, node);
      } else at("must be a string (default, offline or strict)");
      continue;
    }
    if (node.is_table()) {
      at("not a table: keys are `paddock run` options at the top level (docs/config.md)");
      continue;
    }
    if (!std::count(names.begin(), names.end(), key) || Forbidden(key, kind)) {
      at_key("unknown key (keys are the long options of `paddock run`: net, allow-host, memory, ...)");
      continue;
    }
    auto values = OptionValues(node);
    if (!values) {
      at(values.error().message);
      continue;
    }
    ConfigOption option{key, Where(source, node), {}};
    for (const auto& v : *values) {
      option.words.push_back("--" + key);
      if (v) option.words.push_back(*v);
    }
    out.options.push_back(std::move(option));
  }
  if (kind == ConfigKind::kProfile && out.description.empty())
    problems.push_back(At(source, parsed.table(), "description", "missing"));
  return out;
}

}  // namespace paddock::config
