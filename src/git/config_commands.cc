#include "git/config_commands.h"

#include <algorithm>

namespace paddock::git {
namespace {

struct CommandKey {
  const char* section;
  bool any_subsection;  // section.<x>.name
  const char* name;
};

// Keys whose value git runs (git-config(1)); lower-case as parsed.
constexpr CommandKey kCommandKeys[] = {
    {"core", false, "fsmonitor"},
    {"core", false, "pager"},
    {"core", false, "editor"},
    {"core", false, "sshcommand"},
    {"core", false, "askpass"},
    {"core", false, "gitproxy"},
    {"core", false, "alternaterefscommand"},
    {"sequence", false, "editor"},
    {"diff", false, "external"},
    {"diff", true, "textconv"},
    {"diff", true, "command"},
    {"merge", true, "driver"},
    {"filter", true, "clean"},
    {"filter", true, "smudge"},
    {"filter", true, "process"},
    {"credential", false, "helper"},
    {"credential", true, "helper"},
    {"gpg", false, "program"},
    {"gpg", true, "program"},
    {"interactive", false, "difffilter"},
    {"uploadpack", false, "packobjectshook"},
    {"remote", true, "uploadpack"},
    {"remote", true, "receivepack"},
    {"mergetool", true, "cmd"},
    {"mergetool", true, "path"},
    {"difftool", true, "cmd"},
    {"difftool", true, "path"},
    {"web", false, "browser"},
    {"browser", true, "cmd"},
    {"browser", true, "path"},
    {"man", true, "cmd"},
    {"man", true, "path"},
    {"sendemail", false, "smtpserver"},
    {"sendemail", false, "sendmailcmd"},
    {"sendemail", false, "tocmd"},
    {"sendemail", false, "cccmd"},
    {"trailer", true, "command"},
    {"trailer", true, "cmd"},
    {"hook", true, "command"},
};

bool IsBoolean(std::string_view v) {
  std::string s(v);
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s.empty() || s == "true" || s == "false" || s == "yes" || s == "no" || s == "on" || s == "off" || s == "1" ||
         s == "0";
}

bool IsSeparator(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '|' || c == '&' || c == '(' || c == ')' || c == '<' ||
         c == '>' || c == '`';
}

}  // namespace

ValueUse UseOf(const ConfigEntry& e) {
  if (e.section == "include" && e.subsection.empty() && e.name == "path") return ValueUse::kInclude;
  if (e.section == "includeif" && !e.subsection.empty() && e.name == "path") return ValueUse::kInclude;
  if (e.section == "core" && e.subsection.empty() && e.name == "hookspath") return ValueUse::kHooksDir;
  if (!e.has_value) return ValueUse::kNone;
  // "!cmd": a shell alias, or a submodule update command in .git/config.
  if (e.section == "alias" || (e.section == "submodule" && e.name == "update"))
    return !e.value.empty() && e.value[0] == '!' ? ValueUse::kCommand : ValueUse::kNone;
  bool command = false;
  // pager.<cmd> = <pager>: the name is the git command, any name counts.
  if (e.section == "pager" && e.subsection.empty()) command = true;
  for (const auto& k : kCommandKeys) {
    if (e.section == k.section && e.name == k.name && k.any_subsection == !e.subsection.empty()) command = true;
  }
  // core.fsmonitor=true (the built-in daemon), pager.log=false, ...
  if (command && !IsBoolean(e.value)) return ValueUse::kCommand;
  return ValueUse::kNone;
}

std::vector<std::string> CommandWords(std::string_view command) {
  std::vector<std::string> out;
  std::string word;
  bool started = false;  // a quoted empty word ("") is a word
  char quote = 0;
  auto flush = [&] {
    if (started) out.push_back(word);
    word.clear();
    started = false;
  };
  for (size_t i = 0; i < command.size(); ++i) {
    char c = command[i];
    if (quote) {
      if (c == quote) {
        quote = 0;
      } else {
        if (c == '\\' && quote == '"' && i + 1 < command.size()) c = command[++i];
        word += c;
      }
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      started = true;
    } else if (c == '\\' && i + 1 < command.size()) {
      word += command[++i];
      started = true;
    } else if (IsSeparator(c)) {
      flush();
    } else if (c == '!' && !started && out.empty()) {
      // The "!" of a shell alias.
    } else {
      word += c;
      started = true;
    }
  }
  flush();
  return out;
}

std::vector<std::string> PathWords(std::string_view command) {
  std::vector<std::string> out = CommandWords(command);
  // "$(...)", URLs and options carry no project path git would run.
  std::erase_if(out, [](const std::string& w) {
    bool path = w.find('/') != std::string::npos || (w.size() > 1 && w[0] == '~' && w[1] == '/');
    return !path || w.find("://") != std::string::npos || w[0] == '-' || w[0] == '$';
  });
  return out;
}

std::string GitfileTarget(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.remove_suffix(1);
  if (text.substr(0, 7) != "gitdir:") return "";
  text.remove_prefix(7);
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  return std::string(text);
}

}  // namespace paddock::git
