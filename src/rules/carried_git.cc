// git's ways of carrying a command: the configuration keys and subcommand
// options whose value git runs.
#include "rules/carried_git.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <optional>

#include "base/strings.h"
#include "rules/carried_emit.h"
#include "rules/normalize.h"
#include "rules/options.h"

namespace paddock::rules {
namespace carried_detail {

// ---------------------------------------------------------------------------
// git configuration keys whose value is a command.

enum class GitValue {
  kNone,
  kShell,          // a command line git runs through sh (or a program path)
  kBoolOrShell,    // pager.<cmd>, core.fsmonitor: a boolean, else a command
  kAlias,          // alias.<name>: "!shell command", else git arguments
  kBangShell,      // submodule.<name>.update: "!shell command", else a mode
  kCredential,     // credential.helper: "!shell", an absolute path, else git credential-<name>
  kHooksDir,       // core.hooksPath: programs from a directory
  kInclude,        // include.path, includeIf.<cond>.path: more configuration, from a file
  kUrl,            // remote.<name>.url: an ext:: URL runs a command
  kPathIsProgram,  // sendemail.smtpServer: an absolute path is a program
  kUnknown,        // the key is built at run time
};

// "Section.Sub.Section.Name" -> lower-cased "section", "name", and whether a
// subsection is present (it keeps its case, and only wildcards look at it).
GitValue ClassifyGitKey(const std::string& key) {
  if (IsDynamic(key)) return GitValue::kUnknown;
  size_t first = key.find('.');
  size_t last = key.rfind('.');
  if (first == std::string::npos) return GitValue::kNone;
  std::string section = Lower(key.substr(0, first));
  std::string name = Lower(key.substr(last + 1));
  bool sub = first != last;
  static const char* const kPlainShell[] = {"core.pager",
                                            "core.editor",
                                            "core.sshcommand",
                                            "core.askpass",
                                            "core.gitproxy",
                                            "sequence.editor",
                                            "diff.external",
                                            "interactive.difffilter",
                                            "gpg.program",
                                            "sendemail.tocmd",
                                            "sendemail.cccmd",
                                            "sendemail.headercmd",
                                            "sendemail.sendmailcmd",
                                            "core.alternaterefscommand",
                                            "uploadpack.packobjectshook"};
  std::string plain = section + "." + name;
  if (!sub) {
    if (plain == "credential.helper") return GitValue::kCredential;
    if (plain == "include.path") return GitValue::kInclude;
    if (plain == "core.fsmonitor") return GitValue::kBoolOrShell;
    if (plain == "core.hookspath") return GitValue::kHooksDir;
    if (plain == "init.templatedir") return GitValue::kHooksDir;  // its hooks/ is copied into .git/hooks
    if (plain == "sendemail.smtpserver") return GitValue::kPathIsProgram;
    for (const char* k : kPlainShell)
      if (plain == k) return GitValue::kShell;
    if (section == "alias") return GitValue::kAlias;
    if (section == "pager") return GitValue::kBoolOrShell;
    return GitValue::kNone;
  }
  if (section == "alias") return GitValue::kAlias;  // alias names may contain dots
  if (section == "pager") return GitValue::kBoolOrShell;
  // section.<subsection>.name
  static const std::pair<const char*, const char*> kSubShell[] = {
      {"gpg", "program"},        {"diff", "textconv"},
      {"diff", "command"},       {"filter", "clean"},
      {"filter", "smudge"},      {"filter", "process"},
      {"merge", "driver"},       {"difftool", "cmd"},
      {"difftool", "path"},      {"mergetool", "cmd"},
      {"mergetool", "path"},     {"browser", "cmd"},
      {"browser", "path"},       {"man", "cmd"},
      {"man", "path"},           {"remote", "uploadpack"},
      {"remote", "receivepack"}, {"tar", "command"},
      {"hook", "command"},       {"trailer", "command"},
      {"trailer", "cmd"},        {"gpg", "defaultkeycommand"}};
  for (const auto& [s, n] : kSubShell)
    if (section == s && name == n) return GitValue::kShell;
  if (section == "credential" && name == "helper") return GitValue::kCredential;
  if (section == "includeif" && name == "path") return GitValue::kInclude;
  if (section == "submodule" && name == "update") return GitValue::kBangShell;
  if (section == "remote" && (name == "url" || name == "pushurl")) return GitValue::kUrl;
  return GitValue::kNone;
}

bool IsGitBool(const std::string& v) {
  std::string l = Lower(v);
  return l.empty() || l == "true" || l == "false" || l == "yes" || l == "no" || l == "on" || l == "off" || l == "1" ||
         l == "0";
}

void ExtUrl(const std::string& url, const std::string& what, std::vector<Carried>& out);

void GitConfigValue(const std::string& key, const std::string& value, const std::string& what,
                    std::vector<Carried>& out) {
  switch (ClassifyGitKey(key)) {
    case GitValue::kNone: return;
    case GitValue::kUnknown: Opaque(out, what + " with a key built at run time"); return;
    case GitValue::kShell: Shell(out, value, what); return;
    case GitValue::kBoolOrShell:
      if (!IsGitBool(value)) Shell(out, value, what);
      return;
    case GitValue::kAlias:
      if (!value.empty() && value[0] == '!') Shell(out, value.substr(1), what);
      else Shell(out, "git " + value, what);  // git arguments: may carry more options
      return;
    case GitValue::kBangShell:
      if (!value.empty() && value[0] == '!') Shell(out, value.substr(1), what);
      return;
    case GitValue::kCredential:
      if (value.empty()) return;
      if (value[0] == '!') Shell(out, value.substr(1), what);
      else if (value[0] == '/' || value[0] == kHole) Shell(out, value, what);
      else Shell(out, "git credential-" + value, what);
      return;
    case GitValue::kHooksDir:
      if (value.empty() || value == "/dev/null") return;  // the usual way to turn hooks off
      Opaque(out, what + ": git runs hook programs from the directory '" + Display(value) + "'");
      return;
    case GitValue::kInclude:
      Opaque(out, what + ": git reads configuration, which may name commands, from '" + Display(value) + "'");
      return;
    case GitValue::kUrl: ExtUrl(value, what, out); return;
    case GitValue::kPathIsProgram:
      if (!value.empty() && (value[0] == '/' || value[0] == kHole)) Shell(out, value, what);
      return;
  }
}

// ext::<command>[ <arguments>...] (git-remote-ext): split on unescaped spaces;
// "% " is a space, "%%" a percent, %s/%S the service name, %G/%V arguments
// set the git protocol's parameters and are not passed on.
void ExtUrl(const std::string& url, const std::string& what, std::vector<Carried>& out) {
  if (!StartsWith(url, "ext::")) return;
  Words argv;
  std::string cur;
  bool have = false, drop = false;
  for (size_t i = 5; i < url.size(); ++i) {
    char c = url[i];
    if (c == ' ') {
      if (have && !drop) argv.push_back(cur);
      cur.clear();
      have = drop = false;
      continue;
    }
    if (c == '%' && i + 1 < url.size()) {
      char e = url[++i];
      if (e == ' ') cur += ' ';
      else if (e == '%') cur += '%';
      else if (e == 's') cur += "upload-pack";
      else if (e == 'S') cur += "git-upload-pack";
      else if ((e == 'G' || e == 'V') && !have) drop = true;
      else {
        cur += '%';
        cur += e;
      }
      have = true;
      continue;
    }
    cur += c;
    have = true;
  }
  if (have && !drop) argv.push_back(cur);
  if (argv.empty()) return;
  if (IsDynamic(argv[0])) Opaque(out, what + ": ext:: URL with a command built at run time");
  Argv(out, std::move(argv), what + " (ext:: URL)");
}

// GIT_CONFIG_PARAMETERS: 'key'='value' 'key2'='value2' (or older 'key=value'),
// each part quoted the way git's sq_quote does ('\'' for a quote).
bool ParseGitConfigParameters(const std::string& s, std::vector<std::pair<std::string, std::string>>* out) {
  size_t i = 0;
  auto quoted = [&](std::string* text) -> bool {
    if (i >= s.size() || s[i] != '\'') return false;
    ++i;
    while (i < s.size()) {
      if (s[i] == '\'') {
        if (s.compare(i, 4, "'\\''") == 0) {
          *text += '\'';
          i += 4;
          continue;
        }
        ++i;
        return true;
      }
      *text += s[i++];
    }
    return false;
  };
  while (true) {
    while (i < s.size() && s[i] == ' ') ++i;
    if (i >= s.size()) return true;
    std::string key, value;
    if (!quoted(&key)) return false;
    if (i < s.size() && s[i] == '=') {
      ++i;
      if (!quoted(&value)) return false;
    } else {
      size_t eq = key.find('=');
      if (eq != std::string::npos) {
        value = key.substr(eq + 1);
        key.resize(eq);
      } else {
        value = "true";
      }
    }
    out->emplace_back(key, value);
  }
}

// ---------------------------------------------------------------------------
// git subcommand options whose value is a command.

struct GitCodeOption {
  const char* subcommand;
  const char* long_name;  // without "--"; "" = none
  char short_name;        // '\0' = none
  bool optional_value;    // value only when attached (grep -O[pager])
};

const GitCodeOption kGitCodeOptions[] = {
    {"clone", "upload-pack", 'u', false},
    {"clone", "config", 'c', false},
    {"fetch", "upload-pack", '\0', false},
    {"pull", "upload-pack", '\0', false},
    {"ls-remote", "upload-pack", '\0', false},
    {"ls-remote", "exec", '\0', false},
    {"fetch-pack", "upload-pack", '\0', false},
    {"fetch-pack", "exec", '\0', false},
    {"push", "receive-pack", '\0', false},
    {"push", "exec", '\0', false},
    {"send-pack", "receive-pack", '\0', false},
    {"send-pack", "exec", '\0', false},
    {"archive", "exec", '\0', false},
    {"rebase", "exec", 'x', false},
    {"difftool", "extcmd", 'x', false},
    {"grep", "open-files-in-pager", 'O', true},
    {"filter-branch", "env-filter", '\0', false},
    {"filter-branch", "tree-filter", '\0', false},
    {"filter-branch", "index-filter", '\0', false},
    {"filter-branch", "parent-filter", '\0', false},
    {"filter-branch", "msg-filter", '\0', false},
    {"filter-branch", "commit-filter", '\0', false},
    {"filter-branch", "tag-name-filter", '\0', false},
    {"send-email", "to-cmd", '\0', false},
    {"send-email", "cc-cmd", '\0', false},
    {"send-email", "header-cmd", '\0', false},
    {"send-email", "sendmail-cmd", '\0', false},
    {"send-email", "smtp-server", '\0', false},
    {"daemon", "access-hook", '\0', false},
    {"clone", "template", '\0', false},
    {"init", "template", '\0', false},
};

// Short options of these subcommands that take an argument: a cluster such as
// "-Xours" ends at them (their argument is the rest of the word).
const char* GitShortWithArg(const std::string& sub) {
  if (sub == "rebase") return "sSXxC";
  if (sub == "clone") return "objuc";
  if (sub == "difftool") return "txX";
  if (sub == "grep") return "efmABCO";
  if (sub == "fetch" || sub == "pull") return "jomX";
  return "";
}

void GitOptionValue(const std::string& sub, const GitCodeOption& o, const std::string& value,
                    std::vector<Carried>& out) {
  std::string what = "git " + sub + " --" + o.long_name;
  std::string name = o.long_name;
  if (name == "config") {  // clone -c KEY=VALUE: set in the new repository and used by the clone
    size_t eq = value.find('=');
    GitConfigValue(value.substr(0, eq), eq == std::string::npos ? "true" : value.substr(eq + 1), "git clone -c", out);
  } else if (name == "template") {
    if (!value.empty()) Opaque(out, what + ": hooks are copied from '" + Display(value) + "' and run");
  } else if (name == "smtp-server") {
    if (!value.empty() && (value[0] == '/' || value[0] == kHole)) Shell(out, value, what);
  } else {
    Shell(out, value, what);
  }
}

void GitSubcommand(const Words& w, size_t at, std::vector<Carried>& out) {
  if (at >= w.size()) return;
  const std::string& sub = w[at];
  if (IsDynamic(sub)) return;  // a dynamic subcommand: the layer's argv[0] is still git
  // ext:: URLs name a command, whatever the subcommand (clone, fetch, remote add, ...).
  for (size_t i = at + 1; i < w.size(); ++i) ExtUrl(w[i], "git " + sub, out);
  if (sub == "config") {
    // git config [options] KEY VALUE / git config set [options] KEY VALUE: stores a command that later git runs.
    Words operands;
    for (size_t i = at + 1; i < w.size(); ++i) {
      const std::string& a = w[i];
      if (a.size() > 1 && a[0] == '-') {
        if (a == "-f" || a == "--file" || a == "--blob" || a == "--type" || a == "--default" || a == "--comment" ||
            a == "--value")
          ++i;
        continue;
      }
      operands.push_back(a);
    }
    if (!operands.empty() && (operands[0] == "set" || operands[0] == "--add")) operands.erase(operands.begin());
    if (operands.size() >= 2) GitConfigValue(operands[0], operands[1], "git config " + Display(operands[0]), out);
    return;
  }
  if (sub == "bisect" && at + 1 < w.size() && w[at + 1] == "run") {
    std::string code;
    for (size_t i = at + 2; i < w.size(); ++i) code += (i > at + 2 ? " " : "") + w[i];
    Shell(out, code, "git bisect run");
    return;
  }
  if (sub == "submodule") {
    size_t i = at + 1;
    while (i < w.size() && w[i].size() > 1 && w[i][0] == '-') ++i;
    if (i < w.size() && w[i] == "foreach") {
      ++i;
      while (i < w.size() && w[i].size() > 1 && w[i][0] == '-') ++i;
      std::string code;
      for (size_t k = i; k < w.size(); ++k) code += (k > i ? " " : "") + w[k];
      Shell(out, code, "git submodule foreach");
    }
    return;
  }
  const char* with_arg = GitShortWithArg(sub);
  for (size_t i = at + 1; i < w.size(); ++i) {
    const std::string& a = w[i];
    if (a == "--") break;
    if (a.size() < 2 || a[0] != '-') continue;  // git's parse-options also takes options after operands
    if (a[1] == '-') {
      size_t eq = a.find('=');
      std::string name = a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
      if (name.empty()) continue;
      for (const auto& o : kGitCodeOptions) {
        // Unambiguous prefixes are accepted by git: count any prefix (ambiguous ones make git fail).
        if (sub != o.subcommand || std::string(o.long_name).rfind(name, 0) != 0) continue;
        std::string value;
        if (eq != std::string::npos) value = a.substr(eq + 1);
        else if (!o.optional_value && i + 1 < w.size()) value = w[++i];
        else if (o.optional_value) continue;
        GitOptionValue(sub, o, value, out);
        break;
      }
      continue;
    }
    for (size_t j = 1; j < a.size(); ++j) {
      char c = a[j];
      const GitCodeOption* hit = nullptr;
      for (const auto& o : kGitCodeOptions)
        if (sub == o.subcommand && o.short_name == c) hit = &o;
      if (hit) {
        std::string value;
        if (j + 1 < a.size()) value = a.substr(j + 1);
        else if (!hit->optional_value && i + 1 < w.size()) value = w[++i];
        if (!value.empty() || !hit->optional_value) GitOptionValue(sub, *hit, value, out);
        break;
      }
      if (OneOf(with_arg, c)) {
        if (j + 1 == a.size()) ++i;  // the argument is the next word
        break;
      }
    }
  }
}

bool IsGitCommandKey(const std::string& key) { return ClassifyGitKey(key) != GitValue::kNone; }

}  // namespace carried_detail

using namespace carried_detail;

GitGlobals ParseGitGlobals(const Words& w) {
  GitGlobals g;
  size_t i = 1;
  static const char* const kFlags[] = {"-p",
                                       "--paginate",
                                       "-P",
                                       "--no-pager",
                                       "--no-replace-objects",
                                       "--no-lazy-fetch",
                                       "--no-optional-locks",
                                       "--no-advice",
                                       "--bare",
                                       "--literal-pathspecs",
                                       "--glob-pathspecs",
                                       "--noglob-pathspecs",
                                       "--icase-pathspecs",
                                       "--html-path",
                                       "--man-path",
                                       "--info-path",
                                       "--exec-path",
                                       "-v",
                                       "--version",
                                       "-h",
                                       "--help"};
  static const char* const kWithArg[] = {"--git-dir",     "--work-tree",  "--namespace", "--super-prefix",
                                         "--attr-source", "--config-env", "-C",          "-c",
                                         "--list-cmds"};
  while (i < w.size()) {
    const std::string& a = w[i];
    if (a.empty() || a[0] != '-') break;
    if (a == "--") {
      ++i;
      break;
    }
    bool known = false;
    for (const char* f : kFlags)
      if (a == f) known = true;
    if (known) {
      g.options.push_back(a);
      ++i;
      continue;
    }
    std::string name = a, value;
    bool have_value = false;
    size_t eq = a.find('=');
    if (StartsWith(a, "--") && eq != std::string::npos) {
      name = a.substr(0, eq);
      value = a.substr(eq + 1);
      have_value = true;
    }
    g.options.push_back(name);
    for (const char* f : kWithArg)
      if (name == f) known = true;
    if (name == "--exec-path" && have_value) {
      g.exec_path = value;
      ++i;
      continue;
    }
    if (!known) {
      if (g.uncertain.empty()) g.uncertain = "git option '" + Display(a) + "' is not known";
      ++i;
      continue;
    }
    if (!have_value) {
      if (i + 1 >= w.size()) {
        i = w.size();
        break;
      }
      value = w[++i];
    }
    ++i;
    if (name == "-c") {
      size_t e = value.find('=');
      g.config.emplace_back(value.substr(0, e), e == std::string::npos ? "true" : value.substr(e + 1));
    } else if (name == "--config-env") {
      g.config_env.push_back(value);
    }
  }
  g.subcommand = std::min(i, w.size());
  return g;
}

}  // namespace paddock::rules
