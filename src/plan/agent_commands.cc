#include "plan/agent_commands.h"

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "base/strings.h"
#include "git/config_commands.h"

namespace paddock::plan {
namespace {

std::string Basename(const std::string& p) { return p.substr(p.find_last_of('/') + 1); }

// Settings keys whose string value is a command line the agent runs (besides
// every "command": hooks, statusLine, MCP servers).
constexpr std::string_view kHelperKeys[] = {"apiKeyHelper", "awsAuthRefresh", "awsCredentialExport",
                                            "otelHeadersHelper"};
// Programs whose first operand is a script file to run.
constexpr std::string_view kInterpreters[] = {"sh",   "bash",   "dash", "zsh", "ksh",     "fish",
                                              "node", "nodejs", "deno", "bun", "python",  "python3",
                                              "ruby", "perl",   "php",  "lua", "ts-node", "tsx"};
constexpr std::string_view kShells[] = {"sh", "bash", "dash", "zsh", "ksh"};
// Options after which the next word is code or a module, not a script.
constexpr std::string_view kCodeOptions[] = {"-c", "-e", "-m", "-E", "-p", "--eval", "--print"};

template <size_t N>
bool OneOf(std::string_view w, const std::string_view (&list)[N]) {
  for (auto x : list)
    if (x == w) return true;
  return false;
}

constexpr size_t kMaxFilesPerSettings = 64;
constexpr int kMaxDepth = 3;  // sh -c "bash -c '...'"
constexpr int kMaxJsonDepth = 32;

// `text` with $NAME / ${NAME} replaced by `value`.
void Substitute(std::string& text, const std::string& name, const std::string& value) {
  for (const std::string& ref : {"${" + name + "}", "$" + name}) {
    for (size_t at = 0; (at = text.find(ref, at)) != std::string::npos;) {
      size_t end = at + ref.size();
      bool more = ref[1] != '{' && end < text.size() &&
                  (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_');
      if (more) {
        at = end;
        continue;
      }
      text.replace(at, ref.size(), value);
      at += value.size();
    }
  }
}

class Collector {
 public:
  Collector(const std::string& project, const std::string& home) : project_(project), home_(home) {}

  // A command line the agent hands to the shell, with extra words (MCP args).
  void CommandLine(const std::string& text, const std::vector<std::string>& args, int depth) {
    if (depth > kMaxDepth) return;
    std::vector<std::string> words = git::CommandWords(Expanded(text));
    words.insert(words.end(), args.begin(), args.end());
    Words(words, depth);
  }

  void Json(const nlohmann::json& v, int depth) {
    if (depth > kMaxJsonDepth) return;
    if (v.is_array()) {
      for (const auto& x : v) Json(x, depth + 1);
      return;
    }
    if (!v.is_object()) return;
    for (const auto& [key, x] : v.items()) {
      if (key == "env" && x.is_object()) {
        Env(x);
        continue;
      }
      if (!x.is_string()) {
        Json(x, depth + 1);
        continue;
      }
      if (key == "command") CommandLine(x.get<std::string>(), Args(v), 0);
      else if (OneOf(key, kHelperKeys)) CommandLine(x.get<std::string>(), {}, 0);
    }
  }

  std::vector<NamedPath> Take() {
    std::vector<NamedPath> out;
    for (const auto& [path, from_env] : files_) out.push_back({path, from_env});
    for (const auto& path : modules_)
      if (!files_.count(path)) out.push_back({path, false, true});
    return out;
  }

 private:
  static std::vector<std::string> Args(const nlohmann::json& object) {
    std::vector<std::string> out;
    auto it = object.find("args");
    if (it == object.end() || !it->is_array()) return out;
    for (const auto& a : *it)
      if (a.is_string()) out.push_back(a.get<std::string>());
    return out;
  }

  // The variables Claude Code sets for what it runs, as it will see them.
  std::string Expanded(std::string text) const {
    Substitute(text, "CLAUDE_PROJECT_DIR", project_);
    Substitute(text, "HOME", home_);
    return text;
  }

  // Values split at blanks and at ':' (PATH, PYTHONPATH), options dropped.
  void Env(const nlohmann::json& env) {
    for (const auto& [name, value] : env.items()) {
      if (!value.is_string()) continue;
      for (const auto& word : git::CommandWords(Expanded(value.get<std::string>())))
        for (const auto& part : Split(word, ':')) Path(part, false, true);
    }
  }

  void Words(const std::vector<std::string>& words, int depth) {
    for (size_t i = 0; i < words.size(); ++i) {
      const std::string program = Basename(words[i]);
      if (OneOf(program, kInterpreters)) i = Interpreter(words, i, OneOf(program, kShells), depth);
      else Path(words[i], false);
    }
  }

  // The words after interpreter words[at]; returns the last one it took.
  size_t Interpreter(const std::vector<std::string>& words, size_t at, bool shell, int depth) {
    Path(words[at], false);
    size_t i = at + 1;
    for (bool after_option = false; i < words.size(); ++i) {
      const std::string& w = words[i];
      bool option = w.size() > 1 && w[0] == '-';
      // An option's value (`-W ignore`): a word that names no file.
      if (!option && !(after_option && w.find_first_of("./") == std::string::npos)) break;
      after_option = option;
      if (!option) continue;
      // A shell's -c (also in a cluster: -lc) takes a command line, which is
      // read in turn; other interpreters' code options take code or a module.
      bool code = shell ? w[1] != '-' && w.find('c') != std::string::npos : OneOf(w, kCodeOptions);
      if (!code) continue;
      if (shell && i + 1 < words.size()) CommandLine(words[i + 1], {}, depth + 1);
      if (w == "-m" && i + 1 < words.size() && Basename(words[at]).starts_with("python")) Module(words[i + 1]);
      return i + 1;
    }
    if (i < words.size()) Path(words[i], true);
    return i;
  }

  // `python -m a.b`, run from the project: a/__init__.py, then a/b.py or
  // the package a/b (its __init__.py and __main__.py).
  void Module(const std::string& name) {
    if (name.empty() ||
        name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.") != std::string::npos)
      return;
    std::string dir = project_;
    auto parts = Split(name, '.');
    for (size_t k = 0; k < parts.size(); ++k) {
      if (parts[k].empty() || files_.size() + modules_.size() + 3 > kMaxFilesPerSettings) return;
      dir += "/" + parts[k];
      if (k + 1 == parts.size()) {
        modules_.insert(dir + ".py");
        modules_.insert(dir + "/__main__.py");
      }
      modules_.insert(dir + "/__init__.py");
    }
  }

  // A word naming a file: a path, or a script given to an interpreter.
  void Path(const std::string& w, bool script, bool from_env = false) {
    if (files_.size() >= kMaxFilesPerSettings || w.empty()) return;
    if (w[0] == '-' || w[0] == '$' || w.find("://") != std::string::npos) return;
    bool path = w.find('/') != std::string::npos;
    if (!path && !(script && w.find('.', 1) != std::string::npos)) return;
    std::string abs;
    if (StartsWith(w, "~/")) abs = home_.empty() ? "" : home_ + w.substr(1);
    else if (w[0] == '~') return;  // another user's home
    else abs = w[0] == '/' ? w : project_ + "/" + w;
    if (!abs.empty()) files_[NormalizePath(abs)] |= from_env;
  }

  const std::string& project_;
  const std::string& home_;
  std::map<std::string, bool> files_;  // path -> named in "env"
  std::set<std::string> modules_;      // files of `python -m` modules, which may not exist
};

}  // namespace

std::vector<std::string> AgentSettingsFilesOf(const std::string& path) {
  const std::string name = Basename(path);
  if (name == ".claude") return {path + "/settings.json", path + "/settings.local.json"};
  if (name == ".mcp.json") return {path};
  // Not only in a directory named .claude: a shared ~/.claude is protected
  // where it really is, and Gemini CLI's settings.json names commands too.
  if (name == "settings.json" || name == "settings.local.json") return {path};
  return {};
}

std::vector<NamedPath> AgentCommandFiles(std::string_view json, const std::string& project, const std::string& home) {
  auto parsed = nlohmann::json::parse(json, nullptr, false);
  if (parsed.is_discarded()) return {};
  Collector c(project, home);
  c.Json(parsed, 0);
  return c.Take();
}

}  // namespace paddock::plan
