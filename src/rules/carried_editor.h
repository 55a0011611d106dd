// Shell commands that vi-family editors run from their command line: `vim -c
// '!CMD'`, `+'%!CMD'`, `--cmd 'r !CMD'`. Ex commands that filter through or
// read from a shell run it; `system()` and `:execute` build one at run time.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "rules/carried.h"

namespace paddock::rules {

// vim, vi, nvim, ex, view, vimdiff, gvim (not rvim/rview: restricted, no shell).
bool IsViEditor(const std::string& name);

// The shell commands (kShell) and opaque points of `w`'s -c, --cmd and +
// commands.
void EditorCommands(const Words& w, const std::string& name, std::vector<Carried>& out);

// Whether `w` reads Ex commands from its standard input (-S, -u, -U or -s
// with /dev/stdin or -, `-c 'so /dev/stdin'`).
bool ReadsExFromStdin(const Words& w);
// The shell commands and opaque points of a script of Ex commands (one per
// line; keys typed for -s are read the same way, `:` and all).
void ExScriptCommands(const std::string& text, const std::string& what, std::vector<Carried>& out);

// The files `w`'s -c, --cmd and + commands read (false) and write (true):
// `:e F`, `:r F`, `:so F`, `:w F`, `:sav F`, `:wq F`, `:redir > F`,
// `writefile(…, "F")`, `readfile("F")`, with Vim's abbreviations.
std::vector<std::pair<std::string, bool>> EditorFiles(const Words& w);

}  // namespace paddock::rules
