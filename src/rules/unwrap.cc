#include "rules/unwrap.h"

#include <algorithm>
#include <cstring>
#include <set>

#include "base/strings.h"
#include "rules/normalize.h"

namespace paddock::rules {
namespace {

struct OptionSpec {
  const char* short_with_arg;            // short options taking an argument
  std::vector<std::string> long_with_arg;  // long options taking a separate argument
};

// Skips the options of a wrapper starting at words[i]; returns the index of the
// first operand. Stops at "--" (consumed).
size_t SkipOptions(const Words& w, size_t i, const OptionSpec& spec) {
  while (i < w.size()) {
    const std::string& a = w[i];
    if (a == "--") return i + 1;
    if (a.size() < 2 || a[0] != '-') return i;
    if (a[1] == '-') {
      bool takes = a.find('=') == std::string::npos &&
                   std::find(spec.long_with_arg.begin(), spec.long_with_arg.end(), a) != spec.long_with_arg.end();
      i += takes ? 2 : 1;
      continue;
    }
    bool took_next = false;
    for (size_t j = 1; j < a.size(); ++j) {
      if (std::strchr(spec.short_with_arg, a[j])) {
        if (j + 1 == a.size()) took_next = true;  // argument is the next word
        break;                                  // else attached: -uroot
      }
    }
    i += took_next ? 2 : 1;
  }
  return std::min(i, w.size());  // an option missing its argument ends the words
}

size_t SkipAssignments(const Words& w, size_t i) {
  while (i < w.size()) {
    size_t eq = w[i].find('=');
    if (eq == std::string::npos || eq == 0 || w[i][0] == '-') break;
    ++i;
  }
  return i;
}

bool HasShortFlag(const Words& w, size_t end, char flag) {
  for (size_t i = 1; i < end && i < w.size(); ++i)
    if (w[i].size() > 1 && w[i][0] == '-' && w[i][1] != '-' && w[i].find(flag) != std::string::npos) return true;
  return false;
}

Words Tail(const Words& w, size_t i) { return i < w.size() ? Words(w.begin() + i, w.end()) : Words{}; }

const std::set<std::string>& Shells() {
  static const std::set<std::string> s = {"sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "fish", "rbash", "yash", "posh"};
  return s;
}

// Replaces every occurrence of `token` in the words by a hole (text known
// only at run time, like xargs input or find's file names).
void ReplaceWithHole(Words& words, const std::string& token) {
  for (auto& w : words) {
    size_t at = 0;
    while ((at = w.find(token, at)) != std::string::npos) {
      w.replace(at, token.size(), std::string(1, kHole));
      ++at;  // past the hole: the token may itself contain one
    }
  }
}

// One unwrapping step for the deny view. Returns the inner layers (several for
// find with multiple -exec), empty when `w` is not a wrapper.
bool IsWrapperName(const std::string& name) {
  static const std::set<std::string> names = {
      "env", "sudo", "doas", "pkexec", "runuser", "command", "builtin", "noglob", "nocorrect", "nohup", "exec",
      "time", "timeout", "nice", "stdbuf", "ionice", "setsid", "chrt", "taskset", "setpriv", "flock", "chroot",
      "nsenter", "unshare", "firejail", "systemd-run", "strace", "ltrace", "busybox", "xargs", "find", "watch", "git"};
  return names.count(name) > 0;
}

std::vector<Words> UnwrapOnce(const Words& w) {
  if (w.empty() || IsDynamic(w[0])) return {};
  std::string name = CommandName(w[0]);
  if (!IsWrapperName(name)) return {};  // the common case: one lookup, not a chain of compares
  auto inner = [&](size_t i) -> std::vector<Words> {
    if (i >= w.size()) return {};
    return {Tail(w, i)};
  };
  if (name == "env") {
    size_t i = SkipOptions(w, 1, {"uCP", {"--unset", "--chdir"}});
    // -S/--split-string carries a code string: handled by AnalyzeLayer.
    for (size_t k = 1; k < i; ++k)
      if (w[k] == "-S" || StartsWith(w[k], "--split-string") || (w[k].size() > 1 && w[k][0] == '-' && w[k][1] != '-' && w[k].find('S') != std::string::npos)) return {};
    return inner(SkipAssignments(w, i));
  }
  if (name == "sudo") {
    size_t i = SkipOptions(w, 1, {"ughpCDrtTUc", {"--user", "--group", "--host", "--prompt", "--close-from", "--chdir", "--role", "--type", "--command-timeout", "--other-user"}});
    return inner(SkipAssignments(w, i));
  }
  if (name == "doas") return inner(SkipOptions(w, 1, {"uC", {}}));
  if (name == "pkexec") return inner(SkipOptions(w, 1, {"", {"--user"}}));
  if (name == "runuser") {
    size_t i = SkipOptions(w, 1, {"ugGcsw", {"--user", "--group", "--supp-group", "--command", "--shell", "--whitelist-environment"}});
    if (HasShortFlag(w, i, 'c')) return {};
    if (!HasShortFlag(w, i, 'u') && i < w.size() && w[i] != "-" ) ++i;  // runuser USER [cmd]
    return inner(i);
  }
  if (name == "command") {
    size_t i = SkipOptions(w, 1, {"", {}});
    if (HasShortFlag(w, i, 'v') || HasShortFlag(w, i, 'V')) return {};
    return inner(i);
  }
  if (name == "builtin" || name == "noglob" || name == "nocorrect" || name == "nohup") return inner(name == "builtin" ? SkipOptions(w, 1, {"", {}}) : 1);
  if (name == "exec") return inner(SkipOptions(w, 1, {"a", {}}));
  if (name == "time") return inner(SkipOptions(w, 1, {"fo", {"--format", "--output"}}));
  if (name == "timeout") {
    size_t i = SkipOptions(w, 1, {"sk", {"--signal", "--kill-after"}});
    return inner(i + 1);  // duration
  }
  if (name == "nice") {
    size_t i = 1;
    while (i < w.size() && w[i].size() > 1 && w[i][0] == '-' && std::isdigit(static_cast<unsigned char>(w[i][1]))) ++i;
    return inner(SkipOptions(w, i, {"n", {"--adjustment"}}));
  }
  if (name == "stdbuf") return inner(SkipOptions(w, 1, {"ioe", {"--input", "--output", "--error"}}));
  if (name == "ionice") return inner(SkipOptions(w, 1, {"cnpPu", {"--class", "--classdata", "--pid", "--pgid", "--uid"}}));
  if (name == "setsid") return inner(SkipOptions(w, 1, {"", {}}));
  if (name == "chrt") {
    size_t i = SkipOptions(w, 1, {"T", {"--sched-runtime", "--sched-period", "--sched-deadline"}});
    return inner(i + 1);  // priority
  }
  if (name == "taskset") {
    size_t i = SkipOptions(w, 1, {"", {}});
    return inner(i + 1);  // mask / cpu list
  }
  if (name == "setpriv") {
    return inner(SkipOptions(w, 1, {"", {"--reuid", "--regid", "--ruid", "--rgid", "--euid", "--egid", "--groups", "--inh-caps", "--ambient-caps", "--bounding-set", "--securebits", "--pdeathsig", "--selinux-label", "--apparmor-profile", "--landlock-access", "--landlock-rule", "--seccomp-filter"}}));
  }
  if (name == "flock") {
    size_t i = SkipOptions(w, 1, {"wEc", {"--timeout", "--conflict-exit-code", "--command"}});
    if (HasShortFlag(w, i, 'c')) return {};
    if (i + 1 < w.size() && (w[i + 1] == "-c" || w[i + 1] == "--command")) return {};
    return inner(i + 1);  // lock file
  }
  if (name == "chroot") return inner(SkipOptions(w, 1, {"", {"--userspec", "--groups"}}) + 1);
  if (name == "nsenter") return inner(SkipOptions(w, 1, {"tSGwr", {"--target", "--setuid", "--setgid", "--wd", "--root"}}));
  if (name == "unshare") return inner(SkipOptions(w, 1, {"SGRw", {"--setuid", "--setgid", "--root", "--wd"}}));
  if (name == "firejail") return inner(SkipOptions(w, 1, {"", {}}));
  if (name == "systemd-run") return inner(SkipOptions(w, 1, {"pEuM", {"--property", "--setenv", "--unit", "--machine", "--uid", "--gid", "--working-directory", "--description", "--slice", "--nice", "--on-calendar"}}));
  if (name == "strace") return inner(SkipOptions(w, 1, {"eopsuEabIOSXP", {}}));
  if (name == "ltrace") return inner(SkipOptions(w, 1, {"eopsuna", {}}));
  if (name == "busybox") return inner(1);
  if (name == "xargs") {
    size_t i = SkipOptions(w, 1, {"InPdaLsE", {"--max-args", "--max-procs", "--delimiter", "--arg-file", "--max-lines", "--max-chars", "--eof", "--replace"}});
    if (i >= w.size()) return {Words{"echo"}};
    // -I R / -i / --replace: R is replaced by input text, which is unknown.
    std::string replace;
    for (size_t k = 1; k < i; ++k) {
      if (w[k] == "-I" && k + 1 < i) replace = w[k + 1];
      else if (w[k].rfind("-I", 0) == 0 && w[k].size() > 2) replace = w[k].substr(2);
      else if (w[k] == "-i" || w[k] == "--replace") replace = "{}";
      else if (w[k].rfind("--replace=", 0) == 0) replace = w[k].substr(10);
    }
    Words next = Tail(w, i);
    if (!replace.empty()) ReplaceWithHole(next, replace);
    return {next};
  }
  if (name == "find") {
    std::vector<Words> out;
    for (size_t i = 1; i < w.size(); ++i) {
      if (w[i] == "-exec" || w[i] == "-execdir" || w[i] == "-ok" || w[i] == "-okdir") {
        Words cmd;
        size_t j = i + 1;
        for (; j < w.size() && w[j] != ";" && w[j] != "+"; ++j) cmd.push_back(w[j]);
        ReplaceWithHole(cmd, "{}");  // file names found at run time
        if (!cmd.empty()) out.push_back(std::move(cmd));
        i = j;
      }
    }
    return out;
  }
  if (name == "watch") {
    size_t i = SkipOptions(w, 1, {"nq", {"--interval", "--equexit"}});
    if (HasShortFlag(w, i, 'x') || std::find(w.begin() + 1, w.begin() + std::min(i, w.size()), "--exec") != w.begin() + std::min(i, w.size()))
      return inner(i);
    return {};  // joined arguments are a sh -c payload: AnalyzeLayer
  }
  if (name == "git") {
    size_t i = 1;
    bool removed = false;
    while (i < w.size()) {
      const std::string& a = w[i];
      if (a == "-C" || a == "-c" || a == "--git-dir" || a == "--work-tree" || a == "--namespace" || a == "--exec-path" || a == "--config-env") { i += 2; removed = true; continue; }
      if (a == "--no-pager" || a == "-P" || a == "--bare" || a == "-p" || a == "--paginate" || a == "--no-replace-objects" ||
          a == "--literal-pathspecs" || a == "--no-optional-locks" || StartsWith(a, "--git-dir=") || StartsWith(a, "--work-tree=") ||
          StartsWith(a, "--namespace=") || StartsWith(a, "--exec-path") || StartsWith(a, "--config-env=")) { ++i; removed = true; continue; }
      break;
    }
    if (!removed || i >= w.size()) return {};
    Words out{w[0]};
    out.insert(out.end(), w.begin() + i, w.end());
    return {out};
  }
  return {};
}

}  // namespace

std::string CommandName(const std::string& argv0) {
  size_t slash = argv0.rfind('/');
  std::string base = slash == std::string::npos ? argv0 : argv0.substr(slash + 1);
  for (char& c : base) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return base;
}

std::vector<Words> DenyLayers(const Words& words) {
  std::vector<Words> layers;
  if (words.empty()) return layers;
  std::vector<Words> pending{words};
  // Bounded: each step strips at least one word.
  while (!pending.empty()) {
    Words w = std::move(pending.back());
    pending.pop_back();
    if (w.empty()) continue;
    for (auto& next : UnwrapOnce(w))
      if (next.size() < w.size() || (next.size() == 1 && next[0] == "echo")) pending.push_back(std::move(next));
    layers.push_back(std::move(w));
  }
  return layers;
}

namespace {

std::string Join(const Words& w, size_t from) {
  std::string out;
  for (size_t i = from; i < w.size(); ++i) {
    if (i > from) out += ' ';
    out += w[i];
  }
  return out;
}

std::string InterpreterLanguage(const std::string& name) {
  auto starts = [&](const char* p) { return name.rfind(p, 0) == 0; };
  if (starts("python") || starts("pypy")) return "python";
  if (starts("perl")) return "perl";
  if (starts("ruby")) return "ruby";
  if (name == "node" || name == "nodejs" || name == "bun" || name == "deno") return "node";
  if (starts("php")) return "php";
  if (starts("lua")) return "lua";
  if (name == "rscript") return "r";
  if (name == "awk" || name == "gawk" || name == "mawk" || name == "nawk") return "awk";
  return "";
}

CodeUse AnalyzeInterpreter(const Words& w, const std::string& lang, const std::string& name) {
  CodeUse use;
  use.language = lang;
  use.what = name + " inline code";
  size_t i = 1;
  const char* code_flags = lang == "python" ? "c" : lang == "perl" ? "eE" : lang == "ruby" ? "e" : lang == "node" ? "ep" : lang == "php" ? "r" : lang == "lua" ? "e" : lang == "r" ? "e" : "e";
  bool from_file = false;
  while (i < w.size()) {
    const std::string& a = w[i];
    if (a == "--") { ++i; break; }
    if (a == "-") break;
    if (lang == "node" && (a == "--eval" || a == "--print")) {
      if (i + 1 < w.size()) use.codes.push_back(w[i + 1]);
      i += 2;
      continue;
    }
    if (a.size() < 2 || a[0] != '-') break;
    if (a[1] == '-') { ++i; continue; }
    if (lang == "awk") {
      if (a == "-f" || StartsWith(a, "--file")) from_file = true;
      if (a == "-e" || a == "--source") { if (i + 1 < w.size()) use.codes.push_back(w[i + 1]); i += 2; continue; }
      if (a == "-F" || a == "-v" || a == "-f") { i += 2; continue; }
      ++i;
      continue;
    }
    if (lang == "python" && (a == "-m" || StartsWith(a, "-m"))) return CodeUse{};  // a module runs
    bool consumed_next = false;
    for (size_t j = 1; j < a.size(); ++j) {
      if (std::strchr(code_flags, a[j])) {
        if (j + 1 < a.size()) use.codes.push_back(a.substr(j + 1));
        else if (i + 1 < w.size()) { use.codes.push_back(w[i + 1]); consumed_next = true; }
        break;
      }
      if (lang == "python" && std::strchr("WXQ", a[j])) { consumed_next = j + 1 == a.size(); break; }
      if (lang == "perl" && std::strchr("MmIx", a[j])) break;  // attached argument
    }
    i += consumed_next ? 2 : 1;
  }
  if (lang == "awk" && use.codes.empty() && !from_file) {
    if (i < w.size()) use.codes.push_back(w[i]);
  }
  if (!use.codes.empty()) { use.kind = CodeUse::kInterpreterCode; return use; }
  if (from_file) return CodeUse{};
  if (i >= w.size() || w[i] == "-") { use.kind = CodeUse::kInterpreterStdin; use.what = name + " program on stdin"; }
  return use;
}

}  // namespace

CodeUse AnalyzeLayer(const Words& w) {
  CodeUse use;
  if (w.empty() || IsDynamic(w[0])) return use;
  std::string name = CommandName(w[0]);
  static const std::set<std::string> code_carriers = {"source", ".", "eval", "trap", "alias", "su", "runuser", "script", "flock", "env", "watch"};
  if (!Shells().count(name) && !code_carriers.count(name) && InterpreterLanguage(name).empty()) return use;
  if (Shells().count(name)) {
    bool c = false, s = false;
    size_t i = 1;
    while (i < w.size()) {
      const std::string& a = w[i];
      if (a == "--" || a == "-") { ++i; break; }
      if (a.size() < 2 || (a[0] != '-' && a[0] != '+')) break;
      if (a == "-o" || a == "+o" || a == "-O" || a == "+O" || a == "--rcfile" || a == "--init-file") { i += 2; continue; }
      if (a[1] == '-') { ++i; continue; }
      if (a[0] == '-' && a.find('c') != std::string::npos) c = true;
      if (a[0] == '-' && a.find('s') != std::string::npos) s = true;
      ++i;
    }
    if (c) {
      if (i >= w.size()) return use;
      use.kind = CodeUse::kShellString;
      use.codes.push_back(w[i]);
      use.positional = Tail(w, i + 1);
      if (use.positional->empty()) use.positional->push_back(w[0]);
      use.what = name + " -c payload";
      return use;
    }
    if (s || i >= w.size()) { use.kind = CodeUse::kShellStdin; use.what = name + " reading stdin"; return use; }
    use.kind = CodeUse::kShellFile;
    use.file_index = i;
    use.what = name + " script operand";
    return use;
  }
  if (name == "source" || name == ".") {
    if (w.size() > 1) { use.kind = CodeUse::kShellFile; use.file_index = 1; use.what = name + " operand"; }
    return use;
  }
  if (name == "eval") {
    use.kind = CodeUse::kShellString;
    use.codes.push_back(Join(w, 1));
    use.what = "eval argument";
    return use;
  }
  if (name == "trap") {
    size_t i = SkipOptions(w, 1, {"", {}});
    if (i < w.size() && w[i] != "-" && i + 1 < w.size()) {
      use.kind = CodeUse::kShellString;
      use.codes.push_back(w[i]);
      use.what = "trap action";
    }
    return use;
  }
  if (name == "alias") {
    for (size_t i = 1; i < w.size(); ++i) {
      size_t eq = w[i].find('=');
      if (eq != std::string::npos) use.codes.push_back(w[i].substr(eq + 1));
    }
    if (!use.codes.empty()) { use.kind = CodeUse::kShellString; use.what = "alias value"; }
    return use;
  }
  if (name == "su" || name == "runuser" || name == "script" || name == "flock") {
    for (size_t i = 1; i < w.size(); ++i) {
      const std::string& a = w[i];
      std::string payload;
      if (StartsWith(a, "--command=")) payload = a.substr(10);
      else if ((a == "-c" || a == "--command") && i + 1 < w.size()) payload = w[i + 1];
      else if (name != "flock" && a.size() > 2 && a[0] == '-' && a[1] != '-' && a.back() == 'c' && i + 1 < w.size()) payload = w[i + 1];
      else continue;
      use.kind = CodeUse::kShellString;
      use.codes.push_back(payload);
      use.what = name + " -c payload";
      return use;
    }
    return use;
  }
  if (name == "env") {
    for (size_t i = 1; i < w.size(); ++i) {
      const std::string& a = w[i];
      std::string payload;
      if (StartsWith(a, "--split-string=")) payload = a.substr(15);
      else if ((a == "-S" || a == "--split-string") && i + 1 < w.size()) { payload = w[i + 1]; ++i; }
      else if (a.size() > 2 && StartsWith(a, "-S")) payload = a.substr(2);
      else if (a.size() < 2 || a[0] != '-') break;
      else continue;
      std::string rest = Join(w, i + 1);
      use.kind = CodeUse::kShellString;
      use.codes.push_back(rest.empty() ? payload : payload + " " + rest);
      use.what = "env -S string";
      return use;
    }
    return use;
  }
  if (name == "watch") {
    size_t i = SkipOptions(w, 1, {"nq", {"--interval", "--equexit"}});
    if (HasShortFlag(w, i, 'x') || i >= w.size()) return use;
    use.kind = CodeUse::kShellString;
    use.codes.push_back(Join(w, i));
    use.what = "watch command";
    return use;
  }
  std::string lang = InterpreterLanguage(name);
  if (!lang.empty()) return AnalyzeInterpreter(w, lang, name);
  return use;
}

namespace {

bool SafeAssignment(const std::string& name) {
  static const std::set<std::string> safe = {"LANG", "LANGUAGE", "TZ", "TERM", "COLUMNS", "NO_COLOR", "FORCE_COLOR", "CLICOLOR", "CI", "NODE_ENV", "RUST_BACKTRACE", "PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE"};
  return safe.count(name) || name.rfind("LC_", 0) == 0;
}

}  // namespace

std::optional<Words> AllowView(const Words& words, const std::vector<Assign>& assignments) {
  for (const auto& a : assignments)
    if (!SafeAssignment(a.name) || IsDynamic(a.value)) return std::nullopt;
  Words w = words;
  while (!w.empty()) {
    const std::string& n = w[0];
    if (IsDynamic(n)) return std::nullopt;
    size_t i = 0;
    if (n == "timeout") i = SkipOptions(w, 1, {"sk", {"--signal", "--kill-after"}}) + 1;
    else if (n == "time") i = SkipOptions(w, 1, {"", {}});
    else if (n == "nice") i = SkipOptions(w, 1, {"n", {"--adjustment"}});
    else if (n == "nohup" || n == "noglob") i = 1;
    else if (n == "stdbuf") i = SkipOptions(w, 1, {"ioe", {"--input", "--output", "--error"}});
    else if (n == "builtin") i = 1;
    else if (n == "command") {
      if (w.size() > 1 && w[1].size() > 1 && w[1][0] == '-') return w;  // command -v: a lookup, matched as is
      i = 1;
    } else if (n == "xargs") {
      if (w.size() > 1 && w[1].size() > 1 && w[1][0] == '-') return w;  // xargs with flags is matched as xargs
      i = 1;
    } else if (n == "git") {
      size_t j = 1;
      while (j < w.size()) {
        if (w[j] == "-C") j += 2;
        else if (w[j] == "--no-pager" || w[j] == "-P") ++j;
        else break;
      }
      if (j == 1 || j >= w.size()) return w;
      Words out{w[0]};
      out.insert(out.end(), w.begin() + j, w.end());
      return out;
    } else if (n == "find") {
      for (const auto& a : w)
        if (a == "-exec" || a == "-execdir" || a == "-ok" || a == "-okdir" || a == "-delete" || a.rfind("-fprint", 0) == 0) return std::nullopt;
      return w;
    } else {
      return w;
    }
    if (i >= w.size()) return w;  // the wrapper alone
    w.erase(w.begin(), w.begin() + i);
  }
  return std::nullopt;
}

}  // namespace paddock::rules
