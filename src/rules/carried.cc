#include "rules/carried.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <optional>

#include "base/strings.h"
#include "rules/carried_build_tools.h"
#include "rules/carried_editor.h"
#include "rules/carried_emit.h"
#include "rules/carried_git.h"
#include "rules/carried_toolchains.h"
#include "rules/interpreter_code.h"
#include "rules/normalize.h"
#include "rules/options.h"
#include "rules/wrappers.h"

namespace paddock::rules {
using namespace carried_detail;  // the helpers shared with carried_git.cc
namespace {

// ---------------------------------------------------------------------------
// Other programs with options that name a command.

// Scans every argument (these programs accept options after operands) for
// short option `s` / long options `longs` (unambiguous prefixes allowed for
// names of at least `min_prefix` characters). `with_arg` lists the short
// options that take an argument, so that a cluster ends at them.
struct ProgramOption {
  char short_name;
  std::vector<const char*> long_names;
  const char* what;
};

void ScanProgramOptions(const Words& w, const std::string& program, const char* with_arg,
                        const std::vector<ProgramOption>& wanted, std::vector<Carried>& out) {
  for (size_t i = 1; i < w.size(); ++i) {
    const std::string& a = w[i];
    if (a == "--") break;
    if (a.size() < 2 || a[0] != '-') continue;
    if (a[1] == '-') {
      size_t eq = a.find('=');
      std::string name = a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
      if (name.size() < 3) continue;
      for (const auto& o : wanted) {
        bool hit = false;
        for (const char* l : o.long_names) hit = hit || std::string(l).rfind(name, 0) == 0;
        if (!hit) continue;
        std::string value = eq != std::string::npos ? a.substr(eq + 1) : (i + 1 < w.size() ? w[++i] : "");
        Shell(out, value, program + " " + o.what);
        break;
      }
      continue;
    }
    for (size_t j = 1; j < a.size(); ++j) {
      char c = a[j];
      const ProgramOption* hit = nullptr;
      for (const auto& o : wanted)
        if (o.short_name == c) hit = &o;
      if (hit || OneOf(with_arg, c)) {
        std::string value = j + 1 < a.size() ? a.substr(j + 1) : (i + 1 < w.size() ? w[i + 1] : "");
        if (j + 1 == a.size()) ++i;
        if (hit) Shell(out, value, program + " " + hit->what);
        break;
      }
    }
  }
}

void Tar(const Words& w, std::vector<Carried>& out) {
  static const std::vector<ProgramOption> kWanted = {{'I', {"use-compress-program"}, "--use-compress-program"},
                                                     {'F', {"info-script", "new-volume-script"}, "--info-script"},
                                                     {'\0', {"to-command"}, "--to-command"},
                                                     {'\0', {"rsh-command"}, "--rsh-command"},
                                                     {'\0', {"rmt-command"}, "--rmt-command"}};
  const char* with_arg = "bCfFgHIKLNTVX";
  // Old-style first argument ("tar cfI x.tar CMD"): each letter that takes an
  // argument takes the next word.
  if (w.size() > 1 && !w[1].empty() && w[1][0] != '-' && !IsDynamic(w[1])) {
    size_t next = 2;
    for (char c : w[1]) {
      if (!OneOf(with_arg, c)) continue;
      if (next >= w.size()) break;
      if (c == 'I' || c == 'F') Shell(out, w[next], std::string("tar -") + c);
      ++next;
    }
  }
  ScanProgramOptions(w, "tar", with_arg, kWanted, out);
  // --checkpoint-action=exec=CMD
  for (size_t i = 1; i < w.size(); ++i) {
    const std::string& a = w[i];
    if (!StartsWith(a, "--checkpoint-a")) continue;
    size_t eq = a.find('=');
    std::string v = eq != std::string::npos ? a.substr(eq + 1) : (i + 1 < w.size() ? w[i + 1] : "");
    if (StartsWith(v, "exec=")) Shell(out, v.substr(5), "tar --checkpoint-action=exec");
  }
}

// ansible HOSTS -a ARGS: the command module (the default), shell and raw
// run ARGS as a command line on each host, localhost among them.
void Ansible(const Words& w, std::vector<Carried>& out) {
  std::string module = "command";
  std::optional<std::string> args;
  for (size_t i = 1; i < w.size(); ++i) {
    const std::string& a = w[i];
    auto value = [&](const char* shortopt, const char* longopt, std::string* v) {
      std::string l = std::string(longopt) + "=";
      if ((a == shortopt || a == longopt) && i + 1 < w.size()) *v = w[++i];
      else if (StartsWith(a, l)) *v = a.substr(l.size());
      else if (StartsWith(a, shortopt) && a.size() > 2) *v = a.substr(2);
      else return false;
      return true;
    };
    std::string v;
    if (value("-m", "--module-name", &v)) module = v;
    else if (value("-a", "--args", &v)) args = v;
  }
  if (!args) return;
  for (const char* prefix : {"ansible.builtin.", "ansible.legacy."})
    if (StartsWith(module, prefix)) module = module.substr(std::strlen(prefix));
  if (module == "command" || module == "shell" || module == "raw") Shell(out, *args, "ansible -m " + module);
  else if (IsDynamic(module)) Opaque(out, "ansible module named at run time");
}

// strace -o '|CMD' (or '!CMD'): the trace is piped to CMD, run by a shell.
// Its options are read with the wrapper table's (wrappers.cc).
void StraceOutput(const Words& w, std::vector<Carried>& out) {
  const Wrapper* strace = FindWrapper("strace");
  if (!strace) return;
  for (const auto& o : ParseOptions(w, 1, strace->options).options) {
    if ((o.name != "-o" && o.name != "--output") || !o.value || o.value->empty()) continue;
    if ((*o.value)[0] == '|' || (*o.value)[0] == '!') Shell(out, o.value->substr(1), "strace -o pipe");
  }
}

// ssh -o ProxyCommand=CMD (also "-oProxyCommand CMD", "-o 'ProxyCommand CMD'").
void SshOptions(const Words& w, const std::string& program, std::vector<Carried>& out) {
  static const char* const kCommandKeys[] = {"proxycommand", "localcommand", "knownhostscommand"};
  for (const auto& [c, value] : SshOptionValues(w, program)) {
    if (c == 'o') {
      size_t sep = value.find_first_of("= \t");
      std::string key = Lower(value.substr(0, sep));
      for (const char* k : kCommandKeys)
        if (key == k && sep != std::string::npos) {
          size_t v = value.find_first_not_of("= \t", sep);
          Shell(out, v == std::string::npos ? "" : value.substr(v), program + " -o " + value.substr(0, sep));
        }
      if (IsDynamic(key)) Opaque(out, program + " -o option built at run time");
    } else if ((c == 'S' || c == 'D') && program != "ssh") {  // the transport program; -D a local sftp server
      Shell(out, value, program + " -" + c);
    } else if (c == 'F' && (StartsWith(value, "/dev/") || StartsWith(value, "/proc/") || IsDynamic(value))) {
      // A config from a stream or a process (-F /dev/stdin, -F <(...)) may
      // name a ProxyCommand not written here.
      Opaque(out, program + " -F reads its configuration, which may name commands, from " + Display(value));
    }
  }
}

}  // namespace

// ssh_config text: each "Key value" line as `-o`, and `Match exec CMD`.
void SshConfigCommands(const std::string& text, const std::string& program, std::vector<Carried>& out) {
  for (auto line : Split(text, '\n')) {
    line.erase(0, std::min(line.size(), line.find_first_not_of(" \t")));
    if (line.empty() || line[0] == '#') continue;
    std::string lower = Lower(line);
    size_t exec = lower.find("exec");
    if (lower.starts_with("match") && exec != std::string::npos) {
      std::string cmd = line.substr(exec + 4);
      cmd.erase(0, std::min(cmd.size(), cmd.find_first_not_of(" \t=")));
      if (cmd.size() >= 2 && cmd.front() == '"') cmd = cmd.substr(1, cmd.find('"', 1) - 1);
      Shell(out, cmd, program + " config Match exec");
      continue;
    }
    SshOptions({program, "-o", line}, program, out);
  }
}

namespace {

// socat address EXEC:cmd / SYSTEM:cmd (options follow a comma).
void Socat(const Words& w, std::vector<Carried>& out) {
  for (size_t i = 1; i < w.size(); ++i) {
    std::string upper = w[i];
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (const char* type : {"EXEC:", "SYSTEM:"}) {
      if (!StartsWith(upper, type)) continue;
      std::string rest = w[i].substr(std::strlen(type));
      size_t comma = rest.find(',');
      Shell(out, rest.substr(0, comma), std::string("socat ") + type);
    }
  }
}

void ExportWords(const Words& w, std::vector<Carried>& out) {
  std::vector<Assign> env;
  for (size_t i = 1; i < w.size(); ++i) {
    const std::string& a = w[i];
    if (a.size() > 1 && (a[0] == '-' || a[0] == '+')) continue;
    size_t eq = a.find('=');
    if (eq == std::string::npos || eq == 0) continue;
    std::string name = a.substr(0, eq);
    if (!name.empty() && name.back() == '+') name.pop_back();  // NAME+=VALUE
    env.push_back({name, a.substr(eq + 1)});
  }
  CarriedByEnvironment(env, out);
}

// ---------------------------------------------------------------------------
// Environment variables whose value is a command.

enum class EnvValue { kNone, kShell, kLessOpen, kBrowser, kStartupFile, kProgramDir };

EnvValue ClassifyEnv(const std::string& name) {
  static const char* const kShellVars[] = {"GIT_SSH_COMMAND",
                                           "GIT_SSH",
                                           "GIT_PAGER",
                                           "PAGER",
                                           "MANPAGER",
                                           "SYSTEMD_PAGER",
                                           "GIT_EDITOR",
                                           "GIT_SEQUENCE_EDITOR",
                                           "EDITOR",
                                           "VISUAL",
                                           "SUDO_EDITOR",
                                           "FCEDIT",
                                           "GIT_EXTERNAL_DIFF",
                                           "GIT_ASKPASS",
                                           "SSH_ASKPASS",
                                           "SUDO_ASKPASS",
                                           "GIT_PROXY_COMMAND",
                                           "PROMPT_COMMAND",
                                           "RSYNC_RSH",
                                           "CVS_RSH",
                                           "GH_PAGER",
                                           "GH_EDITOR",
                                           "GH_BROWSER",
                                           "BAT_PAGER",
                                           "DELTA_PAGER",
                                           "GIT_SSH_VARIANT_COMMAND"};
  for (const char* v : kShellVars)
    if (name == v) return EnvValue::kShell;
  if (name == "LESSOPEN" || name == "LESSCLOSE") return EnvValue::kLessOpen;
  if (name == "BROWSER") return EnvValue::kBrowser;
  if (name == "BASH_ENV" || name == "ENV") return EnvValue::kStartupFile;
  if (name == "GIT_EXEC_PATH" || name == "GIT_TEMPLATE_DIR") return EnvValue::kProgramDir;
  return EnvValue::kNone;
}

// Variables whose value an interpreter runs as code or as options that load
// code: PERL5DB (perl -d runs it), PERL5OPT's -M (as perl -M'…' on the
// command line), NODE_OPTIONS' --import/--require of a data: URL. Returns
// whether `name` is one of them.
bool InterpreterEnv(const std::string& name, const std::string& value, std::vector<Carried>& out) {
  if (name == "PERL5DB") {
    if (!value.empty()) Opaque(out, "PERL5DB: perl -d runs its value as Perl code");
    return true;
  }
  if (name == "PERL5OPT") {
    for (const auto& word : Split(value, ' '))
      for (size_t j = 1; word.size() > 1 && word[0] == '-' && j < word.size(); ++j)
        if (word[j] == 'M' || word[j] == 'm' || word[j] == 'd') {
          std::string module = word.substr(j + 1 + (word[j] == 'd' && j + 1 < word.size() && word[j + 1] == ':'));
          if (IsDynamic(module) || !IsPerlModuleSpec(module))
            Opaque(out, "PERL5OPT: perl loads '" + Display(module) + "', which is code, not a module name");
          break;
        }
    return true;
  }
  if (name == "NODE_OPTIONS") {
    if (value.find("data:") != std::string::npos || IsDynamic(value))
      Opaque(out, "NODE_OPTIONS: node loads a module given inline or built at run time");
    return true;
  }
  return false;
}

}  // namespace

void CarriedByEnvironment(const std::vector<Assign>& env, std::vector<Carried>& out) {
  std::multimap<std::string, const std::string*> values;  // GIT_CONFIG_VALUE_<n>, looked up by name
  for (const auto& a : env)
    if (StartsWith(a.name, "GIT_CONFIG_VALUE_")) values.emplace(a.name, &a.value);
  for (const auto& a : env) {
    const std::string& n = a.name;
    const std::string& v = a.value;
    if (IsDynamic(n)) {
      Opaque(out, "environment variable with a name built at run time");
      continue;
    }
    // Exported bash functions: BASH_FUNC_name%%='() { body; }' defines `name` in every bash started.
    if (StartsWith(n, "BASH_FUNC_")) {
      if (StartsWith(v, "()")) Shell(out, "__paddock_exported_function" + v, n + " (exported function)");
      continue;
    }
    if (n == "GIT_CONFIG_PARAMETERS") {
      std::vector<std::pair<std::string, std::string>> pairs;
      if (IsDynamic(v) || !ParseGitConfigParameters(v, &pairs)) {
        if (!v.empty()) Opaque(out, "GIT_CONFIG_PARAMETERS is built at run time or malformed");
        continue;
      }
      for (const auto& [key, value] : pairs) GitConfigValue(key, value, "GIT_CONFIG_PARAMETERS " + key, out);
      continue;
    }
    if (StartsWith(n, "GIT_CONFIG_KEY_")) {
      std::string index = n.substr(15);
      bool found = false;
      auto range = values.equal_range("GIT_CONFIG_VALUE_" + index);
      for (auto it = range.first; it != range.second; ++it) {
        found = true;
        GitConfigValue(v, *it->second, n + "=" + Display(v), out);
      }
      // The value may have been exported before this command string.
      if (!found && IsGitCommandKey(v)) Opaque(out, n + "=" + Display(v) + " with a value set elsewhere");
      continue;
    }
    if (InterpreterEnv(n, v, out)) continue;
    switch (ClassifyEnv(n)) {
      case EnvValue::kNone: break;
      case EnvValue::kShell: Shell(out, v, n); break;
      case EnvValue::kLessOpen: {
        std::string code = v;
        while (!code.empty() && (code[0] == '|' || code[0] == '-')) code.erase(0, 1);
        Shell(out, ReplaceAll(code, "%s", "FILE"), n);
        break;
      }
      case EnvValue::kBrowser:
        for (const auto& part : Split(v, ':')) Shell(out, ReplaceAll(part, "%s", "URL"), n);
        break;
      case EnvValue::kStartupFile:
        // Bash expands the value (parameters, command substitution, arithmetic)
        // and sources the file it names: the substitutions run.
        if (v.find('$') != std::string::npos || v.find('`') != std::string::npos) Shell(out, ": " + v, n);
        break;
      case EnvValue::kProgramDir:
        if (!v.empty()) Opaque(out, n + ": programs run from the directory '" + Display(v) + "'");
        break;
    }
  }
}

std::vector<std::pair<char, std::string>> SshOptionValues(const Words& w, const std::string& program) {
  const char* with_arg = program == "ssh"   ? "BbcDEeFIiJLlmOoPpQRSWw"
                         : program == "scp" ? "cDFiJlOoPSX"
                                            : "BbcDFiJloPRSsX";
  std::vector<std::pair<char, std::string>> out;
  for (size_t i = 1; i < w.size(); ++i) {
    const std::string& a = w[i];
    if (a == "--") break;
    if (a.size() < 2 || a[0] != '-' || a[1] == '-') continue;
    for (size_t j = 1; j < a.size(); ++j) {
      char c = a[j];
      if (!OneOf(with_arg, c)) continue;
      std::string value = j + 1 < a.size() ? a.substr(j + 1) : (i + 1 < w.size() ? w[i + 1] : "");
      if (j + 1 == a.size()) ++i;
      out.emplace_back(c, std::move(value));
      break;
    }
  }
  return out;
}

void CarriedByOptions(const Words& w, const std::vector<Assign>& env, std::vector<Carried>& out) {
  if (w.empty() || (IsDynamic(w[0]) && !StaticBasename(w[0]))) return;
  std::string name = CommandBase(w[0]);
  if (name == "git") {
    GitGlobals g = ParseGitGlobals(w);
    for (const auto& [key, value] : g.config) GitConfigValue(key, value, "git -c " + Display(key), out);
    for (const auto& ce : g.config_env) {
      size_t e = ce.rfind('=');
      std::string key = ce.substr(0, e);
      std::string var = e == std::string::npos ? "" : ce.substr(e + 1);
      if (!IsGitCommandKey(key)) continue;
      bool found = false;
      for (const auto& a : env)
        if (a.name == var) {
          found = true;
          GitConfigValue(key, a.value, "git --config-env " + Display(key), out);
        }
      if (!found)
        Opaque(out,
               "git --config-env " + Display(key) + " takes a command from the environment variable " + Display(var));
    }
    if (!g.exec_path.empty()) Opaque(out, "git --exec-path: git programs run from '" + Display(g.exec_path) + "'");
    GitSubcommand(w, g.subcommand, out);
    return;
  }
  if (name == "tar" || name == "gtar" || name == "bsdtar") return Tar(w, out);
  if (name == "ssh" || name == "scp" || name == "sftp") return SshOptions(w, name, out);
  if (name == "rsync") return ScanProgramOptions(w, "rsync", "BefMT", {{'e', {"rsh"}, "--rsh"}}, out);
  if (name == "man") {
    return ScanProgramOptions(w, "man", "CEeLMmPpRrSs", {{'P', {"pager"}, "--pager"}, {'H', {"html"}, "--html"}}, out);
  }
  if (name == "nc" || name == "ncat" || name == "netcat") {
    return ScanProgramOptions(w, name, "dgGimopswx", {{'e', {"exec"}, "--exec"}, {'c', {"sh-exec"}, "--sh-exec"}}, out);
  }
  if (name == "socat") return Socat(w, out);
  if (name == "ansible") return Ansible(w, out);
  if (name == "wget")
    return ScanProgramOptions(w, name, "aABeiIlnoOPQRtTUwXDY", {{'\0', {"use-askpass"}, "--use-askpass"}}, out);
  if (name == "gpg" || name == "gpg2")
    return ScanProgramOptions(w, name, "aeouUrRfkK", {{'\0', {"photo-viewer"}, "--photo-viewer"}}, out);
  if (name == "debuild" || name == "dpkg-buildpackage")
    return ScanProgramOptions(w, name, "reFkvdCPpmaDjJ", {{'r', {"rootcmd", "root-command"}, "--rootcmd"}}, out);
  if (name == "ctest") {  // ctest --build-and-test … --test-command CMD ARGS
    auto at = std::find(w.begin(), w.end(), "--test-command");
    if (at != w.end() && at + 1 != w.end()) Argv(out, Words(at + 1, w.end()), "ctest --test-command");
    return;
  }
  if (name == "strace") return StraceOutput(w, out);
  if (name == "make" || name == "gmake") return MakeCarried(w, out);
  if (ToolchainCarried(name, w, out)) return;
  if (name == "npm" || name == "pnpm" || name == "yarn") return NpmCarried(w, out);
  if (name == "less" || name == "more") {
    // +CMD runs less commands at start; "!" and "|" ones run a shell command.
    for (size_t i = 1; i < w.size(); ++i) {
      const std::string& a = w[i];
      if (a.size() < 2 || a[0] != '+') continue;
      size_t bang = a.find_first_of("!|");
      if (bang != std::string::npos) Shell(out, a.substr(bang + 1), name + " " + a.substr(0, bang + 1));
    }
    return;
  }
  if (IsViEditor(name)) return EditorCommands(w, name, out);
  if (name == "export" || name == "declare" || name == "typeset" || name == "local" || name == "readonly") {
    ExportWords(w, out);
    return;
  }
}

}  // namespace paddock::rules
