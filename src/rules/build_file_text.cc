#include "rules/build_file_text.h"

#include <nlohmann/json.hpp>

#include "base/strings.h"
#include "rules/json_text.h"

namespace paddock::rules {
namespace {

// Lines joined where a backslash ends one (make's continuation).
std::vector<std::string> LogicalLines(const std::string& text) {
  std::vector<std::string> out;
  std::string line;
  for (const auto& raw : Split(text, '\n')) {
    if (!raw.empty() && raw.back() == '\\') {
      line += raw.substr(0, raw.size() - 1) + " ";
      continue;
    }
    out.push_back(line + raw);
    line.clear();
  }
  if (!line.empty()) out.push_back(line);
  return out;
}

// A make reference ($X, $(…), ${…}) outside `$$`: its value is not known.
bool HasMakeReference(const std::string& s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '$') continue;
    if (i + 1 < s.size() && s[i + 1] == '$') {
      ++i;
      continue;
    }
    return true;
  }
  return false;
}

std::string Recipe(std::string line) {
  size_t start = line.find_first_not_of("@-+ \t");
  line = start == std::string::npos ? "" : line.substr(start);
  std::string out;
  for (size_t i = 0; i < line.size(); ++i) {
    out += line[i];
    if (line[i] == '$' && i + 1 < line.size() && line[i + 1] == '$') ++i;
  }
  return out;
}

}  // namespace

std::optional<std::vector<std::string>> MakefileRecipes(const std::string& text) {
  if (HasMakeReference(text)) return std::nullopt;  // variables, $(shell …), $(eval …)
  std::vector<std::string> recipes;
  for (const auto& line : LogicalLines(text)) {
    if (line.starts_with("\t")) {
      recipes.push_back(Recipe(line.substr(1)));
      continue;
    }
    std::string trimmed = line.substr(std::min(line.size(), line.find_first_not_of(" ")));
    if (trimmed.empty() || trimmed[0] == '#') continue;
    for (const char* word : {"include", "-include", "sinclude", ".RECIPEPREFIX", ".SHELLFLAGS", "SHELL", "define",
                             "export", "load", "-load", "vpath"})
      if (trimmed.starts_with(word)) return std::nullopt;
    if (trimmed.find("!=") != std::string::npos) return std::nullopt;  // VAR != command
    size_t colon = trimmed.find(':');
    size_t semi = trimmed.find(';');
    if (colon != std::string::npos && semi != std::string::npos && semi > colon)
      recipes.push_back(Recipe(trimmed.substr(semi + 1)));
  }
  return recipes;
}

std::optional<std::vector<std::string>> PackageScripts(const std::string& text) {
  auto parsed = ParseJson(text);
  if (!parsed || !parsed->is_object()) return std::nullopt;
  std::vector<std::string> out;
  auto it = parsed->find("scripts");
  if (it == parsed->end()) return out;
  if (!it->is_object()) return std::nullopt;
  for (const auto& [name, value] : it->items()) {
    if (!value.is_string()) return std::nullopt;
    out.push_back(value.get<std::string>());
  }
  return out;
}

}  // namespace paddock::rules
