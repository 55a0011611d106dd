// Where a command's descriptors read from (docs/policy-semantics.md §Pipeline,
// "static literal source"): redirections in order, the literal output of
// echo/printf/cat feeding a pipe, and the paths that name a descriptor
// (/dev/fd/N).
#include <cstring>

#include "base/strings.h"
#include "rules/normalize.h"
#include "rules/walker.h"

namespace paddock::rules::internal {
namespace {

using shell::Command;
using shell::CommandKind;
using shell::Script;

bool AllStatic(const Words& w) {
  for (const auto& x : w)
    if (IsDynamic(x)) return false;
  return true;
}

}  // namespace

// The descriptor a path names: /dev/stdin, /dev/fd/N, /proc/<pid>/fd/N,
// /proc/self/task/<tid>/fd/N.
FdKind FdOfPath(const std::string& path, int* fd) {
  std::vector<std::string> parts;
  for (const auto& p : Split(path, '/'))
    if (!p.empty() && p != ".") parts.push_back(p);
  size_t n = parts.size();
  const std::string* number = nullptr;
  if (n == 2 && parts[0] == "dev") {
    if (parts[1] == "stdin") {
      *fd = 0;
      return FdKind::kFd;
    }
    if (parts[1] == "stdout") {
      *fd = 1;
      return FdKind::kFd;
    }
    if (parts[1] == "stderr") {
      *fd = 2;
      return FdKind::kFd;
    }
  }
  if (n == 3 && parts[0] == "dev" && parts[1] == "fd") number = &parts[2];
  if (n >= 4 && parts[0] == "proc" && parts[n - 2] == "fd") number = &parts[n - 1];
  if (!number) return FdKind::kNotFd;
  if (IsDynamic(*number)) return FdKind::kUnknownFd;
  if (number->empty() || number->size() > 6 || number->find_first_not_of("0123456789") != std::string::npos ||
      (number->size() > 1 && (*number)[0] == '0'))
    return FdKind::kNotFd;  // /dev/fd/00 does not exist
  *fd = std::stoi(*number);
  return FdKind::kFd;
}

std::string DecodePrintfEscapes(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out += s[i];
      continue;
    }
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
          for (int n = 0; n < 3 && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '7'; ++n)
            v = v * 8 + (s[++i] - '0');
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
      if (f == '%') {
        out += '%';
        continue;
      }
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

// The descriptors a command runs with: `fds` changed by its redirections, in order.
FdTable Walker::Redirected(const Command& cmd, FdTable fds) {
  for (const auto& r : cmd.redirects) {
    bool input = r.op[0] == '<';
    int fd = r.fd >= 0 ? r.fd : (input ? 0 : 1);
    if (r.op == "<<<") {
      auto t = ExpandWord(r.target, state_.env);
      if (t.size() == 1 && !IsDynamic(t[0])) fds.fds[fd] = {Source::kLiteral, t[0] + "\n"};
      else fds.fds[fd] = {Source::kDynamic, ""};
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
        else
          for (const auto& p : r.heredoc_word.parts) text += p.text;
        fds.fds[fd] = {Source::kLiteral, text};
      } else {
        fds.fds[fd] = {Source::kDynamic, ""};
      }
    } else if (r.op == "<" || r.op == "<>") {
      if (r.target.parts.size() == 1 && r.target.parts[0].kind == shell::PartKind::kProcessSubst &&
          !r.target.parts[0].scripts.empty()) {
        fds.fds[fd] = ScriptOutput(*r.target.parts[0].scripts[0]);
        continue;
      }
      auto t = ExpandWord(r.target, state_.env);
      int from = -1;
      if (t.size() == 1 && !IsDynamic(t[0]) && FdOfPath(t[0], &from) == FdKind::kFd) fds.fds[fd] = fds.Get(from);
      else if (t.size() == 1 && !IsDynamic(t[0])) fds.fds[fd] = {Source::kFile, ""};
      else fds.fds[fd] = {Source::kDynamic, ""};
    } else if (r.op == "<&" || r.op == ">&") {
      auto t = ExpandWord(r.target, state_.env);
      if (t.size() == 1 && t[0] == "-") fds.fds[fd] = {Source::kFile, ""};  // closed
      else if (t.size() == 1 && !t[0].empty() && t[0].size() < 7 &&
               t[0].find_first_not_of("0123456789") == std::string::npos)
        fds.fds[fd] = fds.Get(std::stoi(t[0]));
      else if (r.op == "<&") fds.fds[fd] = {Source::kDynamic, ""};
      else fds.fds[fd] = {Source::kFile, ""};  // >&file: output
    } else if (r.op == "&>" || r.op == "&>>") {
      fds.fds[1] = fds.fds[2] = {Source::kFile, ""};
    } else {
      fds.fds[fd] = {Source::kFile, ""};  // output to a file
    }
  }
  return fds;
}

// The literal text a command writes to stdout, if static (a "static literal
// source", docs/policy-semantics.md §Pipeline). `in` is its stdin before its
// own redirections (cat passes it on).
Source Walker::OutputOf(const Command& cmd, const Source& in) {
  if (cmd.kind != CommandKind::kSimple || cmd.words.empty()) return {Source::kDynamic, ""};
  std::vector<const Script*> scratch;
  VarEnv env = state_.env;
  env.proc_scripts = &scratch;
  Words w = ExpandWords(cmd.words, env);
  if (w.empty() || !AllStatic(w)) return {Source::kDynamic, ""};
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
    FdTable table;
    table.fds[0] = in;
    Source read = Redirected(cmd, table).Get(0);
    if (read.kind == Source::kLiteral) return read;
  }
  return {Source::kDynamic, ""};
}

Source Walker::ScriptOutput(const Script& s) {
  if (s.pipelines.size() == 1 && s.pipelines[0].commands.size() == 1)
    return OutputOf(s.pipelines[0].commands[0], Source{Source::kDynamic, ""});
  return {Source::kDynamic, ""};
}

}  // namespace paddock::rules::internal
