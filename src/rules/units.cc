#include "rules/units.h"

#include <cstring>
#include <memory>
#include <optional>

#include "base/strings.h"
#include "rules/normalize.h"
#include "rules/spawn_scan.h"
#include "shell/ast.h"

namespace paddock::rules {
namespace {

using shell::Command;
using shell::CommandKind;
using shell::Script;

// Where a command's stdin comes from, as far as code-reading goes.
struct Source {
  enum Kind { kTerminal, kLiteral, kDynamic, kFile } kind = kTerminal;
  std::string text;
};

bool AllStatic(const Words& w, size_t from) {
  for (size_t i = from; i < w.size(); ++i)
    if (IsDynamic(w[i])) return false;
  return true;
}

std::string DecodePrintfEscapes(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) { out += s[i]; continue; }
    char e = s[++i];
    switch (e) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case '\\': out += '\\'; break;
      case 'a': out += '\a'; break;
      case 'x': {
        int v = 0, n = 0;
        while (n < 2 && i + 1 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1]))) {
          char h = s[++i];
          v = v * 16 + (std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : (std::tolower(h) - 'a' + 10));
          ++n;
        }
        out += static_cast<char>(v);
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          int v = e - '0';
          for (int n = 0; n < 3 && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '7'; ++n) v = v * 8 + (s[++i] - '0');
          out += static_cast<char>(v & 0xff);
        } else {
          out += '\\';
          out += e;
        }
    }
  }
  return out;
}

// printf FORMAT ARGS: escapes decoded, %s/%b/%d consume arguments in order.
std::string RenderPrintf(const Words& w) {
  if (w.size() < 2) return "";
  std::string fmt = DecodePrintfEscapes(w[1]);
  std::string out;
  size_t arg = 2;
  for (size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] == '%' && i + 1 < fmt.size()) {
      char f = fmt[++i];
      if (f == '%') { out += '%'; continue; }
      while (i < fmt.size() && std::strchr("-+ #0123456789.", fmt[i])) ++i;
      if (i >= fmt.size()) break;
      std::string value = arg < w.size() ? w[arg++] : "";
      out += fmt[i] == 'b' ? DecodePrintfEscapes(value) : value;
      continue;
    }
    out += fmt[i];
  }
  return out;
}

class Extractor {
 public:
  explicit Extractor(const ExtractOptions& o) : opt_(o) { cwd_ = o.cwd; env_.proc_scripts = &procs_; }

  void Code(std::string_view text, const std::string& where, const std::optional<Words>& positional) {
    if (code_depth_ >= opt_.max_code_depth) { Opaque("code nested too deeply", where); return; }
    ++code_depth_;
    std::string owned;
    if (text.find(kHole) != std::string_view::npos) {
      // Dynamic parts: parse the rest anyway (a literal `sudo` stays a deny),
      // with the unknown text as an unknown variable.
      for (char c : text) {
        if (c == kHole) owned += "${__PADDOCK_DYNAMIC__}";
        else owned += c;
      }
      text = owned;
    }
    auto parsed = shell::Parse(text);
    if (!parsed.ok) Opaque("cannot parse: " + parsed.error, where);
    auto saved = env_.positional;
    if (positional) env_.positional = positional;
    WalkScript(*parsed.script, where, Source{});
    env_.positional = saved;
    keep_.push_back(parsed.script);
    --code_depth_;
  }

  Extraction Take() { return std::move(out_); }

 private:
  void Opaque(const std::string& what, const std::string& where) { out_.opaque.push_back({what, where}); }

  void WalkScript(const Script& script, const std::string& where, const Source& inherited) {
    if (++walk_depth_ > opt_.max_walk_depth) {
      Opaque("command nested too deeply", where);
      --walk_depth_;
      return;
    }
    size_t item = 0;
    bool many = script.pipelines.size() > 1;
    for (const auto& p : script.pipelines) {
      ++item;
      const Command* prev = nullptr;
      size_t seg = 0;
      for (const auto& cmd : p.commands) {
        ++seg;
        std::string label = where;
        if (many || p.commands.size() > 1) {
          if (!label.empty()) label += ", ";
          label += p.commands.size() > 1 ? "pipeline segment " + std::to_string(seg) : "subcommand " + std::to_string(item);
          if (p.commands.size() > 1 && many) label += " of subcommand " + std::to_string(item);
        }
        Source in = prev ? OutputOf(*prev) : inherited;
        WalkCommand(cmd, label, in);
        prev = &cmd;
      }
    }
    --walk_depth_;
  }

  // Walks the substitutions inside a word (they run before the command).
  void WalkWordScripts(const shell::Word& w, const std::string& where) {
    for (const auto& part : w.parts) {
      const char* what = part.kind == shell::PartKind::kProcessSubst ? "process substitution" : "command substitution";
      for (const auto& s : part.scripts)
        if (s) WalkScript(*s, Join(where, what), Source{});
    }
  }

  static std::string Join(const std::string& a, const std::string& b) { return a.empty() ? b : a + ", " + b; }

  void WalkCommandWords(const Command& cmd, const std::string& where) {
    for (const auto& a : cmd.assignments) {
      WalkWordScripts(a.value, where);
      for (const auto& e : a.elements) WalkWordScripts(e, where);
    }
    for (const auto& w : cmd.words) WalkWordScripts(w, where);
    for (const auto& r : cmd.redirects) {
      WalkWordScripts(r.target, where);
      if (!r.heredoc_quoted) WalkWordScripts(r.heredoc_word, Join(where, "heredoc"));
    }
  }

  std::vector<Redir> ExpandRedirects(const Command& cmd) {
    std::vector<Redir> out;
    for (const auto& r : cmd.redirects) {
      Redir x;
      x.op = r.op;
      x.fd = r.fd;
      if (r.op != "<<" && r.op != "<<-") {
        auto t = ExpandWord(r.target, env_);
        x.target = t.size() == 1 ? t[0] : std::string(1, kHole);
      }
      out.push_back(std::move(x));
    }
    return out;
  }

  // The literal text a command writes to stdout, if static (§9.1).
  Source OutputOf(const Command& cmd) {
    if (cmd.kind != CommandKind::kSimple || cmd.words.empty()) return {Source::kDynamic, ""};
    std::vector<const Script*> scratch;
    VarEnv env = env_;
    env.proc_scripts = &scratch;
    Words w = ExpandWords(cmd.words, env);
    if (w.empty() || !AllStatic(w, 0)) return {Source::kDynamic, ""};
    if (w[0] == "echo") {
      size_t i = 1;
      bool escapes = false;
      while (i < w.size() && (w[i] == "-n" || w[i] == "-e" || w[i] == "-E" || w[i] == "-ne" || w[i] == "-en")) {
        if (w[i].find('e') != std::string::npos) escapes = true;
        ++i;
      }
      std::string text;
      for (size_t k = i; k < w.size(); ++k) text += (k > i ? " " : "") + w[k];
      return {Source::kLiteral, (escapes ? DecodePrintfEscapes(text) : text) + "\n"};
    }
    if (w[0] == "printf") return {Source::kLiteral, RenderPrintf(w)};
    if (w[0] == "cat" && w.size() == 1) {
      Source in = RedirectedStdin(cmd, {Source::kDynamic, ""});
      if (in.kind == Source::kLiteral) return in;
    }
    return {Source::kDynamic, ""};
  }

  Source RedirectedStdin(const Command& cmd, Source in) {
    for (const auto& r : cmd.redirects) {
      if (r.fd > 0) continue;
      if (r.op == "<<<") {
        auto t = ExpandWord(r.target, env_);
        if (t.size() == 1 && !IsDynamic(t[0])) in = {Source::kLiteral, t[0] + "\n"};
        else in = {Source::kDynamic, ""};
      } else if (r.op == "<<" || r.op == "<<-") {
        bool literal = r.heredoc_quoted;
        if (!literal) {
          literal = true;
          for (const auto& p : r.heredoc_word.parts)
            if (p.kind != shell::PartKind::kLiteral) literal = false;
        }
        if (literal) {
          std::string text;
          if (r.heredoc_quoted) text = r.heredoc_body;
          else for (const auto& p : r.heredoc_word.parts) text += p.text;
          in = {Source::kLiteral, text};
        } else {
          in = {Source::kDynamic, ""};
        }
      } else if (r.op == "<" || r.op == "<>") {
        if (r.target.parts.size() == 1 && r.target.parts[0].kind == shell::PartKind::kProcessSubst &&
            !r.target.parts[0].scripts.empty()) {
          in = ScriptOutput(*r.target.parts[0].scripts[0]);
        } else {
          in = {Source::kFile, ""};
        }
      }
    }
    return in;
  }

  Source ScriptOutput(const Script& s) {
    if (s.pipelines.size() == 1 && s.pipelines[0].commands.size() == 1) return OutputOf(s.pipelines[0].commands[0]);
    return {Source::kDynamic, ""};
  }

  void WalkCommand(const Command& cmd, const std::string& where, const Source& stdin_in) {
    WalkCommandWords(cmd, where);
    Source in = RedirectedStdin(cmd, stdin_in);
    switch (cmd.kind) {
      case CommandKind::kSimple:
        Simple(cmd, where, in);
        return;
      case CommandKind::kFunction:
        for (const auto& b : cmd.bodies) WalkScript(*b, Join(where, "body of function " + cmd.name), in);
        break;
      case CommandKind::kSubshell: {
        auto saved_vars = env_.vars;
        std::string saved_cwd = cwd_;
        for (const auto& b : cmd.bodies) WalkScript(*b, Join(where, "subshell"), in);
        env_.vars = saved_vars;
        cwd_ = saved_cwd;
        break;
      }
      case CommandKind::kFor:
      case CommandKind::kSelect:
        env_.vars.erase(cmd.name);
        for (const auto& b : cmd.bodies) WalkScript(*b, where, in);
        break;
      default:
        for (const auto& b : cmd.bodies) WalkScript(*b, where, in);
    }
    // Output redirections of a compound command still write files.
    if (!cmd.redirects.empty()) {
      Unit u;
      u.redirects = ExpandRedirects(cmd);
      u.where = where;
      u.cwd = cwd_;
      out_.units.push_back(std::move(u));
    }
  }

  void Simple(const Command& cmd, const std::string& where, const Source& in) {
    Unit u;
    for (const auto& a : cmd.assignments) u.assignments.push_back({a.name, a.is_array ? std::string(1, kHole) : AssignmentValue(a.value, env_)});
    u.words = ExpandWords(cmd.words, env_);
    u.redirects = ExpandRedirects(cmd);
    u.where = where;
    u.cwd = cwd_;
    if (cmd.words.empty()) {
      FollowCarried(UnwrapUnit({}, u.assignments).carried, u.where);
      for (const auto& a : u.assignments) {
        if (IsDynamic(a.value)) env_.vars.erase(a.name);
        else env_.vars[a.name] = a.value;
      }
      out_.units.push_back(std::move(u));
      return;
    }
    AddUnit(std::move(u), in);
  }

  // Records a unit and follows the code its layers carry.
  void AddUnit(Unit u, const Source& in) {
    Layers unwrapped = UnwrapUnit(u.words, u.assignments);
    std::vector<Words>& layers = unwrapped.layers;
    // Follow the code first, then record the unit: out_.units grows while
    // following, and moving the layers in afterwards avoids copying them.
    FollowCarried(unwrapped.carried, u.where);
    for (const auto& layer : layers) {
      if (IsDynamic(layer[0])) {
        Opaque("command name is dynamic ('" + DisplayWords(layer) + "')", u.where);
        continue;
      }
      FollowCode(layer, u.where, in);
    }
    if (!layers.empty()) TrackState(layers.front());
    u.layers = std::move(layers);
    out_.units.push_back(std::move(u));
  }

  // Commands carried by options and environment (git -c core.pager=…, PAGER=…)
  // and wrapper options that cannot be parsed with certainty.
  void FollowCarried(const std::vector<Carried>& carried, const std::string& where) {
    for (const auto& c : carried) {
      std::string label = Join(where, c.what);
      switch (c.kind) {
        case Carried::kOpaque:
          Opaque(c.what, where);
          break;
        case Carried::kShell:
          if (IsDynamic(c.code)) Opaque(c.what + " is built at run time", where);
          Code(c.code, label, std::nullopt);
          break;
        case Carried::kArgv: {
          if (code_depth_ >= opt_.max_code_depth) { Opaque("code nested too deeply", where); return; }
          ++code_depth_;
          Unit u;
          u.words = c.argv;
          u.where = label;
          u.cwd = cwd_;
          AddUnit(std::move(u), Source{});
          --code_depth_;
          break;
        }
      }
    }
  }

  void FollowCode(const Words& layer, const std::string& where, const Source& in) {
    CodeUse use = AnalyzeLayer(layer);
    std::string label = Join(where, use.what);
    switch (use.kind) {
      case CodeUse::kNone:
        return;
      case CodeUse::kShellString:
        for (const auto& c : use.codes) {
          if (IsDynamic(c)) Opaque(use.what + " is built at run time", where);
          Code(c, label, use.positional);
        }
        return;
      case CodeUse::kShellStdin:
        if (in.kind == Source::kLiteral) Code(in.text, label, std::nullopt);
        else if (in.kind == Source::kDynamic) Opaque(use.what + " from a non-literal source", where);
        return;
      case CodeUse::kShellFile: {
        const std::string& f = layer[use.file_index];
        if (f.empty() || f[0] != kProcMark) return;  // runs a file: not analysed, not opaque
        size_t idx = 0;
        for (size_t k = 1; k < f.size() && k < 12; ++k) idx = idx * 10 + static_cast<size_t>(f[k] - '0');
        Source src = idx < procs_.size() && procs_[idx] ? ScriptOutput(*procs_[idx]) : Source{Source::kDynamic, ""};
        if (src.kind == Source::kLiteral) Code(src.text, label, std::nullopt);
        else Opaque(use.what + " is code produced at run time", where);
        return;
      }
      case CodeUse::kInterpreterCode:
        for (const auto& c : use.codes) Spawns(c, use.language, label);
        return;
      case CodeUse::kInterpreterStdin:
        if (in.kind == Source::kLiteral) Spawns(in.text, use.language, label);
        else if (in.kind == Source::kDynamic) Opaque(use.what + " from a non-literal source", where);
        return;
    }
  }

  void Spawns(const std::string& code, const std::string& language, const std::string& where) {
    SpawnFindings f = ScanSpawns(code, language);
    if (f.opaque) Opaque(f.opaque_what, where);
    for (const auto& s : f.scripts) Code(s, Join(where, "spawned command"), std::nullopt);
    for (auto& argv : f.argvs) {
      if (code_depth_ >= opt_.max_code_depth) { Opaque("code nested too deeply", where); return; }
      ++code_depth_;
      Unit u;
      u.words = argv;
      u.where = Join(where, "spawned command");
      u.cwd = cwd_;
      AddUnit(std::move(u), Source{});
      --code_depth_;
    }
  }

  // cd changes how later relative paths resolve.
  void TrackState(const Words& w) {
    if (w.empty()) return;
    if (w[0] != "cd" && w[0] != "pushd") return;
    size_t i = 1;
    while (i < w.size() && w[i].size() > 1 && w[i][0] == '-') ++i;
    if (i >= w.size()) { cwd_ = "~"; return; }
    const std::string& d = w[i];
    if (IsDynamic(d) || d == "-" || cwd_.empty()) { cwd_.clear(); return; }
    if (d[0] == '/') cwd_ = NormalizePath(d);
    else if (d[0] == '~') cwd_ = d;
    else if (cwd_[0] == '/') cwd_ = NormalizePath(cwd_ + "/" + d);
    else cwd_ = cwd_ + "/" + d;
  }

  const ExtractOptions& opt_;
  VarEnv env_;
  std::vector<const Script*> procs_;
  std::vector<std::shared_ptr<Script>> keep_;  // payload ASTs referenced by procs_
  std::string cwd_;
  int code_depth_ = 0;
  int walk_depth_ = 0;
  Extraction out_;
};

}  // namespace

Extraction Extract(std::string_view command, const ExtractOptions& options) {
  Extractor x(options);
  x.Code(command, "", std::nullopt);
  return x.Take();
}

}  // namespace paddock::rules
