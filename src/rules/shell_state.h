// What the unit walker knows about the shell at one point of a command
// string: variable values, positional parameters, the working directory and
// the file descriptors `exec` redirected. Where control flow joins (after
// `if`, `&&`, a loop) only what holds on every path stays known: a value the
// engine reports must be the value bash uses, or unknown.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include "rules/normalize.h"

namespace paddock::rules {

// Where a file descriptor reads from, as far as code-reading goes.
struct Source {
  enum Kind { kTerminal, kLiteral, kDynamic, kFile } kind = kTerminal;
  // kLiteral: the bytes. kDynamic: "" or the text a file of this command
  // string was written with, when a program may have changed it since: a
  // program read from it is opaque and that text is still checked (its
  // denials stand); everything else reads it as unknown.
  std::string text;
  bool operator==(const Source& o) const { return kind == o.kind && text == o.text; }
};

// Descriptors the command string redirected; absent ones are inherited:
// stdin is then the terminal (Claude Code's, not the agent's), others unknown.
struct FdTable {
  std::map<int, Source> fds;
  Source Get(int fd) const;
  bool operator==(const FdTable& o) const { return fds == o.fds; }
};

struct ShellState {
  VarEnv env;
  std::string cwd;  // "" when unknown
  FdTable fds;      // persistent redirections (exec 3<file)
  // Readonly variables: true when readonly on every path, false on some. A
  // write to one fails and leaves the value as it was.
  std::map<std::string, bool> readonly;
  // A plain assignment to a readonly variable made bash abandon the rest of
  // the line (the next line runs): any later command may not have run.
  bool may_skip = false;
  bool in_function = false;              // `local` fails outside a function
  std::optional<bool> xpg_echo = false;  // shopt xpg_echo (echo decodes escapes); nullopt: not known
};

// A fresh bash: no variable known except what bash itself sets (IFS, the
// integer specials such as RANDOM, its readonly variables), nothing else
// assumed.
ShellState FreshShell(const std::string& cwd);

// The state known on both paths.
ShellState Meet(const ShellState& a, const ShellState& b);

// Variables bash keeps as integers whatever the environment holds.
bool IsIntegerSpecial(const std::string& name);

// What a stretch of code may change, for loops and functions: the names it
// writes (and whether every write stored an integer), or everything.
struct WriteLog {
  std::map<std::string, bool> names;  // name -> every write was an integer
  bool all_vars = false;
  bool positional = false;
  bool cwd = false;
  bool fds = false;
  std::set<std::string> unset;     // names unset (an associative array may become indexed)
  std::set<std::string> readonly;  // names made readonly
  bool skips = false;              // may abandon the rest of the caller's line (may_skip)
  bool options = false;            // shell options echo depends on (xpg_echo)
  void Note(const std::string& name, bool integer);
  void Merge(const WriteLog& o);
  bool Covers(const WriteLog& o) const;  // o changes nothing this does not
};

// Forgets what `log` may have changed. An integer-only write keeps a name
// known to hold an integer when it held one before; a name readonly on every
// path keeps its value.
void Forget(ShellState& s, const WriteLog& log);

}  // namespace paddock::rules
