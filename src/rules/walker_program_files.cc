// Files whose commands a tool reads and runs (docs/policy-semantics.md
// §Pipeline, "written scripts"): build files the command string writes and
// then a build tool reads (`tee Makefile <<< …; make` runs the recipes
// written, `cp /dev/stdin package.json <<< …; npm test` the scripts; a
// build file this command string did not write is the project's, as a
// script file on disk is), and configurations on a literal standard input:
// an editor's Ex script (`vim -es -S /dev/stdin <<< '!CMD'`), ssh's (`ssh
// -F /dev/stdin`).
#include <algorithm>

#include "base/strings.h"
#include "rules/build_file_text.h"
#include "rules/carried_editor.h"
#include "rules/make_line.h"
#include "rules/normalize.h"
#include "rules/unwrap.h"
#include "rules/walker.h"

namespace paddock::rules::internal {
namespace {

// The value of `-X VALUE`, `-XVALUE`, `--long=VALUE` or `--long VALUE` at
// w[*i] (advancing past a separate value), or nullopt.
std::optional<std::string> ValueOf(const Words& w, size_t* i, char short_name, std::string_view long_name) {
  const std::string& a = w[*i];
  bool next = *i + 1 < w.size();
  if (short_name && a.size() >= 2 && a[0] == '-' && a[1] == short_name) {
    if (a.size() > 2) return a.substr(2);
    if (next) return w[++*i];
    return std::nullopt;
  }
  if (!long_name.empty() && a.starts_with(long_name)) {
    if (a.size() > long_name.size() && a[long_name.size()] == '=') return a.substr(long_name.size() + 1);
    if (a.size() == long_name.size() && next) return w[++*i];
  }
  return std::nullopt;
}

std::string InDir(const std::string& dir, const std::string& file) {
  if (dir.empty() || file.starts_with("/") || file == "-") return file;
  return dir + "/" + file;
}

// The package.json a package manager reads: in --prefix (npm), --cwd
// (yarn), -C/--dir (pnpm), else the working directory.
std::string PackageJson(const Words& w) {
  std::string dir;
  for (size_t i = 1; i < w.size() && w[i] != "--"; ++i) {
    if (auto d = ValueOf(w, &i, '\0', "--prefix")) dir = *d;
    else if (auto d2 = ValueOf(w, &i, '\0', "--cwd")) dir = *d2;
    else if (auto d3 = ValueOf(w, &i, 'C', "--dir")) dir = *d3;
  }
  return InDir(dir, "package.json");
}

bool IsPackageManager(const std::string& name) {
  return name == "npm" || name == "yarn" || name == "pnpm" || name == "bun";
}

}  // namespace

void Walker::FollowProgramFiles(const Words& layer, const std::string& where, const FdTable& fds) {
  std::string name = CommandName(layer[0]);
  // An editor's Ex script on its standard input (vim -es -S /dev/stdin):
  // an opaque point in carried_editor.cc; what a literal one runs is checked.
  if (IsViEditor(name) && ReadsExFromStdin(layer)) {
    Source in = fds.Get(0);
    std::vector<Carried> carried;
    if (in.kind == Source::kLiteral) ExScriptCommands(in.text, name + " script on its standard input", carried);
    FollowCarried(carried, where);
    return;
  }
  // ssh -F /dev/stdin: its configuration on a literal standard input.
  if (name == "ssh" || name == "scp" || name == "sftp") {
    for (const auto& [option, f] : SshOptionValues(layer, name)) {
      int fd = 0;
      if (option != 'F') continue;
      if (FdOfPath(f, &fd) != FdKind::kFd || fds.Get(fd).kind != Source::kLiteral) continue;
      Source in = fds.Get(fd);
      std::vector<Carried> carried;
      SshConfigCommands(in.text, name, carried);
      FollowCarried(carried, where);
      return;
    }
  }
  bool make = name == "make" || name == "gmake";
  if (!make && !IsPackageManager(name)) return;
  MakeLine line = make ? ParseMakeLine(layer) : MakeLine{};
  // --eval's text: opaque in carried_build_tools.cc; what its recipes run is checked.
  for (const auto& text : line.evals)
    if (auto recipes = MakefileRecipes(text))
      for (const auto& c : *recipes) Code(c, Join(where, name + " --eval recipe"), Ctx::kChild, fds);
  for (const auto& file : make ? MakeInputFiles(line) : std::vector<std::string>{PackageJson(layer)}) {
    // make -f - and -f /dev/stdin (/dev/fd/N) read a descriptor (an opaque
    // point in carried_build_tools.cc; what it is known to run is checked).
    int fd = 0;
    bool from_stdin = make && (file == "-" || FdOfPath(file, &fd) == FdKind::kFd);
    Source in = fds.Get(file == "-" ? 0 : fd);
    const Source* text = from_stdin ? (in.kind == Source::kLiteral ? &in : nullptr) : Written(file, where, false);
    if (!text) continue;
    auto commands = text->kind == Source::kLiteral ? (make ? MakefileRecipes(text->text) : PackageScripts(text->text))
                                                   : std::nullopt;
    std::string what = name + (make ? " recipe (" : " script (") +
                       (from_stdin ? "makefile read from a descriptor)" : Display(file) + ", written by this command)");
    if (!commands || MayBeRewritten(where, Join(where, what))) {
      Opaque(name + " runs " + Display(file) + ", which this command may have written with text not known here", where);
      if (!commands) continue;
    }
    for (const auto& c : *commands) Code(c, Join(where, what), Ctx::kChild, fds);
  }
}

}  // namespace paddock::rules::internal
