// Where a command's descriptors read from (docs/policy-semantics.md §Pipeline,
// "static literal source"): redirections in order, the literal output of
// echo/printf/cat feeding a pipe, and the paths that name a descriptor
// (/dev/fd/N).
#include <algorithm>

#include "base/strings.h"
#include "rules/normalize.h"
#include "rules/printf_format.h"
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

// The descriptors a command runs with: `fds` changed by its redirections, in order.
FdTable Walker::Redirected(const Command& cmd, FdTable fds, const std::string& where) {
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
      else if (t.size() == 1 && !IsDynamic(t[0])) fds.fds[fd] = WrittenOrFile(t[0], where);
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
  if (w[0] == "echo" || w[0] == "printf") {
    // A function or alias of that name runs instead of the builtin.
    if (functions_.count(w[0]) || facts_.aliases.count(w[0])) return {Source::kDynamic, ""};
    Words args(w.begin() + 1, w.end());
    std::optional<std::string> text;
    if (w[0] == "echo") text = RunEcho(args, state_.xpg_echo);
    else if (PrintfRun run = RunPrintf(args); run.known) text = std::move(run.out);
    if (!text) return {Source::kDynamic, ""};
    // A shell reading its program from a pipe or descriptor drops NUL bytes.
    text->erase(std::remove(text->begin(), text->end(), '\0'), text->end());
    return {Source::kLiteral, *text};
  }
  if (w[0] == "cat" && w.size() <= 2) {
    // `cat < x.sh` or `cat x.sh`: a file this string wrote gives its known
    // text, or text that may have changed (WrittenOrFile).
    FdTable table;
    table.fds[0] = in;
    Source read = w.size() == 1           ? Redirected(cmd, table).Get(0)
                  : w[1].starts_with('-') ? Source{Source::kDynamic, ""}
                                          : WrittenOrFile(w[1], "");
    if (read.kind == Source::kLiteral || !read.text.empty()) return read;
  }
  return {Source::kDynamic, ""};
}

Source Walker::ScriptOutput(const Script& s) {
  if (s.pipelines.size() == 1 && s.pipelines[0].commands.size() == 1)
    return OutputOf(s.pipelines[0].commands[0], Source{Source::kDynamic, ""});
  return {Source::kDynamic, ""};
}

}  // namespace paddock::rules::internal
