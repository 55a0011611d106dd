#include "rules/file_access.h"

#include <algorithm>
#include <cstring>
#include <set>
#include <string_view>

#include "base/strings.h"
#include "rules/carried.h"
#include "rules/code_files.h"
#include "rules/normalize.h"
#include "rules/operand_writes.h"
#include "rules/sed_script.h"
#include "rules/unwrap.h"
#include "rules/write_options.h"

namespace paddock::rules {
namespace {

struct Tool {
  const char* name;
  const char* short_with_arg;  // short options that take an argument
  enum { kReader, kPatternFirst, kSedLike, kAwkLike, kCopy, kWriter, kRemover } role;
};

const Tool* FindTool(const std::string& name) {
  static const Tool kTools[] = {
      {"cat", "", Tool::kReader},
      {"head", "nc", Tool::kReader},
      {"tail", "ncs", Tool::kReader},
      {"less", "", Tool::kReader},
      {"more", "", Tool::kReader},
      {"tac", "s", Tool::kReader},
      {"nl", "bdfhilnsvw", Tool::kReader},
      {"cut", "dfcb", Tool::kReader},
      {"sort", "oktST", Tool::kReader},
      {"xxd", "lscgo", Tool::kReader},
      {"od", "AtNjw", Tool::kReader},
      {"strings", "nt", Tool::kReader},
      {"base64", "w", Tool::kReader},
      {"hexdump", "nsef", Tool::kReader},
      {"zcat", "", Tool::kReader},
      {"grep", "efmABCd", Tool::kPatternFirst},
      {"egrep", "efmABCd", Tool::kPatternFirst},
      {"fgrep", "efmABCd", Tool::kPatternFirst},
      {"rg", "efmABCgt", Tool::kPatternFirst},
      {"ag", "ABCGgmp", Tool::kPatternFirst},
      {"ack", "ABCgm", Tool::kPatternFirst},
      {"pt", "ABCGgm", Tool::kPatternFirst},
      {"sed", "efl", Tool::kSedLike},
      {"awk", "Fvf", Tool::kAwkLike},
      {"gawk", "Fvf", Tool::kAwkLike},
      {"cp", "tS", Tool::kCopy},
      {"mv", "tS", Tool::kCopy},
      {"tee", "", Tool::kWriter},
      {"sponge", "", Tool::kWriter},
      {"truncate", "sr", Tool::kWriter},
      {"touch", "drt", Tool::kWriter},
      {"mkdir", "m", Tool::kWriter},
      {"install", "mogtS", Tool::kCopy},
      {"ln", "St", Tool::kCopy},
      {"rsync", "eBfTM", Tool::kCopy},
      {"rm", "", Tool::kRemover},
      {"rmdir", "", Tool::kRemover},
      {"unlink", "", Tool::kRemover},
      {"shred", "ns", Tool::kRemover},
  };
  for (const auto& t : kTools)
    if (name == t.name) return &t;
  return nullptr;
}

// The path one argument of an arbitrary program may name, if any. Loops
// rather than recursing: a word may be a megabyte of "--=--=".
void ArgumentPaths(std::string_view a, std::vector<std::string>& out) {
  // Words with blanks are messages, not paths (git commit -m "fix a/.env"); URLs are not local files.
  if (a.find_first_of(" \t\n") != std::string_view::npos || a.find("://") != std::string_view::npos) return;
  while (!a.empty() && a[0] != kProcMark) {
    if (a[0] == '-') {
      if (a.size() > 1 && a[1] == '-') {
        size_t eq = a.find('=');
        if (eq == std::string_view::npos) return;
        a.remove_prefix(eq + 1);  // --file=PATH
        continue;
      }
      // -fPATH: an attached value that looks like a path (-i~/.ssh/key, -o./out).
      if (a.size() > 2 &&
          (a[2] == '/' || a[2] == '~' || a[2] == '.' || a[2] == '@' || a.find('/') != std::string_view::npos)) {
        a.remove_prefix(2);
        continue;
      }
      return;
    }
    if (a[0] == '@') {  // curl -d @PATH
      a.remove_prefix(1);
      continue;
    }
    size_t eq = a.find('=');
    size_t slash = a.find('/');
    if (eq != std::string_view::npos && eq > 0 && (slash == std::string_view::npos || eq < slash)) {
      a.remove_prefix(eq + 1);  // dd if=PATH, make VAR=PATH, key=@PATH (curl -F, httpie)
      continue;
    }
    size_t at = a.find('@');
    if (at != std::string_view::npos && at + 1 < a.size() && (slash == std::string_view::npos || at < slash) &&
        (a[at + 1] == '/' || a[at + 1] == '~' || a[at + 1] == '.')) {
      a.remove_prefix(at + 1);  // name@PATH (httpie file field)
      continue;
    }
    size_t colon = a.find(':');
    if (colon != std::string_view::npos && colon > 0 && (slash == std::string_view::npos || colon < slash))
      return;  // host:path, REV:path
    out.emplace_back(a);
    return;
  }
}

}  // namespace

bool NeverReadsContents(const std::string& name) {
  // Documented in docs/policy.md ("Read rules"). Not here, on purpose: mv and
  // ln (they move or link a secret to where a later reader finds it), file,
  // wc, cksum (they read contents), git, tar, cp.
  static const std::set<std::string> names = {
      "ls",      "dir",      "vdir",    "stat",   "cd",    "pushd",    "popd",     "mkdir",    "rmdir",   "touch",
      "rm",      "unlink",   "chmod",   "chown",  "chgrp", "realpath", "readlink", "basename", "dirname", "test",
      "[",       "[[",       "echo",    "printf", "du",    "df",       "find",     "which",    "type",    "command",
      "whereis", "hash",     "tree",    "true",   "false", ":",        "pwd",      "export",   "unset",   "declare",
      "local",   "readonly", "typeset", "lsattr", "namei", "getfacl",  "sleep"};
  return names.count(name) > 0;
}

bool ReadsTrees(const std::string& name) {
  // Documented in docs/policy.md ("Read rules"). Others given a directory
  // (`git add .`, `pytest .`, `jq . f`, `cmake -S .`) are not taken to read
  // every file below it: the words name the directory, not the secret.
  static const std::set<std::string> names = {"tar",  "bsdtar", "gtar", "zip",  "7z",     "7za",   "7zr",  "rar",
                                              "cpio", "pax",    "scp",  "sftp", "rclone", "ugrep", "rgrep"};
  return names.count(name) > 0;
}

namespace {

// Any program without a Tool entry reads what its arguments name. A
// wrapper's own words only (its command is a layer of its own):
// `timeout 5 ls ~/.ssh` is judged by ls.
std::vector<FileAccess> GenericAccesses(const Words& w) {
  std::vector<FileAccess> out;
  std::vector<std::string> paths;
  size_t own = WrapperOwnWords(w);
  for (size_t i = 1; i < own && i < w.size(); ++i) ArgumentPaths(w[i], paths);
  bool trees = ReadsTrees(CommandName(w[0]));
  for (auto& p : paths) out.push_back({std::move(p), false, false, trees});
  return out;
}

// What a known tool's options say: its operands, whether a script or
// pattern came by option, -i, -r, -t DIR, and the files -f/--file read.
struct ToolArgs {
  std::vector<std::string> operands;
  bool script_given = false, in_place = false, recursive = false;
  std::string target_dir;
  TreeFilter filter;
};

// grep's -d/--directories ACTION, which argmatch lets abbreviate.
bool IsRecurse(std::string_view action) {
  return action.size() >= 3 && std::string_view("recurse").starts_with(action);
}

void ScanLongOption(const Words& w, size_t& i, ToolArgs& t, TreeFilterScan& filters, std::vector<FileAccess>& out) {
  if (filters.TakeLong(w, i)) return;
  const std::string& a = w[i];
  if (a.rfind("--in-place", 0) == 0) t.in_place = true;
  // getopt takes unambiguous abbreviations (`--recur`, `--dir=rec`).
  std::string_view name = std::string_view(a).substr(0, a.find('='));
  auto abbreviates = [&](std::string_view full, size_t min) { return name.size() >= min && full.starts_with(name); };
  if (abbreviates("--recursive", 5) || abbreviates("--dereference-recursive", 5) || a == "--archive")
    t.recursive = true;
  if (abbreviates("--directories", 4)) {
    std::string value = name.size() < a.size() ? a.substr(name.size() + 1) : (i + 1 < w.size() ? w[++i] : "");
    if (IsRecurse(value)) t.recursive = true;
    return;
  }
  if (a.rfind("--target-directory=", 0) == 0) t.target_dir = a.substr(19);
  if (a == "--expression" || a == "--file" || a == "--regexp") {
    t.script_given = true;
    if (a == "--file" && i + 1 < w.size()) out.push_back({w[i + 1], false});
    ++i;
  } else if (a.rfind("--file=", 0) == 0) {
    t.script_given = true;
    out.push_back({a.substr(7), false});
  } else if (a.rfind("--expression=", 0) == 0 || a.rfind("--regexp=", 0) == 0) {
    t.script_given = true;
  }
}

void ScanShortOptions(const Words& w, size_t& i, const Tool& tool, ToolArgs& t, TreeFilterScan& filters,
                      std::vector<FileAccess>& out) {
  const std::string& a = w[i];
  for (size_t j = 1; j < a.size(); ++j) {
    char c = a[j];
    bool tree_tool = tool.role == Tool::kPatternFirst || tool.role == Tool::kCopy || tool.role == Tool::kRemover;
    if (tree_tool && (c == 'r' || c == 'R' || (tool.role == Tool::kCopy && c == 'a'))) t.recursive = true;
    if (tool.role == Tool::kSedLike && c == 'i') t.in_place = true;
    if (!OneOf(tool.short_with_arg, c)) continue;
    if (c == 'e' || c == 'f') t.script_given = true;
    std::string arg = j + 1 < a.size() ? a.substr(j + 1) : (i + 1 < w.size() ? w[i + 1] : "");
    if (j + 1 == a.size()) ++i;
    if (c == 'g' && std::string_view(tool.name) == "rg") filters.TakeRgGlob(arg, false);
    if (c == 'd' && tool.role == Tool::kPatternFirst && IsRecurse(arg)) t.recursive = true;
    // grep -f PATTERNS, sed -f SCRIPT, awk -f PROGRAM: files read.
    if (c == 'f' && (tool.role == Tool::kPatternFirst || tool.role == Tool::kSedLike || tool.role == Tool::kAwkLike))
      out.push_back({arg, false});
    if (tool.role == Tool::kCopy && c == 't') t.target_dir = arg;
    if (tool.role == Tool::kAwkLike && c == 'f') t.script_given = true;
    return;
  }
}

ToolArgs ScanToolArgs(const Words& w, const Tool& tool, std::vector<FileAccess>& out) {
  ToolArgs t;
  TreeFilterScan filters(tool.name);
  bool opts_done = false;
  for (size_t i = 1; i < w.size(); ++i) {
    const std::string& a = w[i];
    if (!opts_done && a == "--") {
      opts_done = true;
      continue;
    }
    if (!opts_done && a.size() > 1 && a[0] == '-') {
      if (a[1] == '-') ScanLongOption(w, i, t, filters, out);
      else ScanShortOptions(w, i, tool, t, filters, out);
      continue;
    }
    t.operands.push_back(a);
  }
  t.filter = filters.Result();
  return t;
}

// The last component of a path operand ("" for ".", "..", or "dir/."): what
// a copy into a directory is named there.
std::string LandingName(std::string p) {
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  std::string base = p.substr(p.rfind('/') == std::string::npos ? 0 : p.rfind('/') + 1);
  return base == "." || base == ".." ? "" : base;
}

// cp, mv, install, ln, rsync: every operand but the destination is a source
// (read); the destination is written, and so is where each source lands when
// the destination is a directory (`cp x .claude` writes .claude/x). A
// recursive copy or any move writes the tree below what it creates; a
// destination that is "." or ".." only receives the sources' own names.
void CopyAccesses(const Tool& tool, const ToolArgs& t, size_t k, std::vector<FileAccess>& out) {
  const auto& operands = t.operands;
  const std::string& op = operands[k];
  bool tree = t.recursive || std::string_view(tool.name) == "mv";
  bool is_dest = t.target_dir.empty() && k + 1 == operands.size() && operands.size() > 1;
  if (is_dest) {
    out.push_back({op, true, true, tree, true});
    return;
  }
  out.push_back({op, false, true, tree});
  // mv takes the source away: a removal of it and what is below it (not
  // guessed for a glob: `mv build/* .` must stay an ordinary command).
  if (std::string_view(tool.name) == "mv" && op.find(kHole) == std::string::npos) out.push_back({op, true, true, true});
  std::string dir = !t.target_dir.empty() ? t.target_dir : (operands.size() > 1 ? operands.back() : "");
  std::string name = LandingName(op);
  // A name known only at run time (a glob: `mv build/* .`) is not guessed at.
  if (dir.empty() || name.find(kHole) != std::string::npos) return;
  // `cp -r SRC/. DIR` copies what is in SRC into DIR.
  if (name.empty()) out.push_back({dir, true, true, tree});
  else out.push_back({dir + "/" + name, true, true, tree});
}

// Searchers that descend into a directory operand without -r.
bool RecursiveByDefault(const Tool& tool) {
  std::string_view n = tool.name;
  return n == "rg" || n == "ag" || n == "ack" || n == "pt";
}

// A searcher's operand: with -r (or rg's default) the tree below it, less
// what its filter skips.
FileAccess SearchedTree(const std::string& op, const Tool& tool, const ToolArgs& t) {
  FileAccess f{op, false, true, t.recursive || RecursiveByDefault(tool)};
  if (f.below) f.filter = t.filter;
  return f;
}

// The operands a tool reads or writes, by its role; `first` skips the
// pattern / script / program operand.
void OperandAccesses(const Tool& tool, const ToolArgs& t, size_t first, std::vector<FileAccess>& out) {
  const auto& operands = t.operands;
  for (size_t k = first; k < operands.size(); ++k) {
    const std::string& op = operands[k];
    if (tool.role == Tool::kAwkLike && op.find('=') != std::string::npos && op[0] != '/') continue;  // var=value
    switch (tool.role) {
      case Tool::kCopy: CopyAccesses(tool, t, k, out); break;
      case Tool::kWriter: out.push_back({op, true}); break;
      case Tool::kRemover: out.push_back({op, true, true, t.recursive}); break;
      case Tool::kSedLike: out.push_back({op, t.in_place}); break;
      case Tool::kPatternFirst: out.push_back(SearchedTree(op, tool, t)); break;
      default: out.push_back({op, false});
    }
  }
}

// sed's r/R read files and w/W (and s///w) write them.
void SedScriptAccesses(const Words& w, std::vector<FileAccess>& out) {
  SedInvocation sed = ParseSedArgs(w);
  if (sed.sandbox) return;
  for (const auto& script : sed.scripts) {
    SedScript parsed = ParseSedScript(script);
    for (const auto& f : parsed.reads) out.push_back({f, false});
    for (const auto& f : parsed.writes)
      if (f != "/dev/stdout" && f != "/dev/stderr") out.push_back({f, true});
  }
}

// Options whose value is a file of names or patterns the program reads
// (`du --files0-from=F`, `find -files0-from F`, `rsync --exclude-from F`):
// even programs that never read what they are given read that list, and
// print what they cannot use of it. getopt takes abbreviations: from the
// first that no other option of those programs shares (`sort --files0=F`;
// `--exclude` alone is grep's and tar's pattern).
void ListFileReads(const Words& w, std::vector<FileAccess>& out) {
  static constexpr std::pair<std::string_view, size_t> kListOptions[] = {
      {"--files0-from", 8}, {"--files-from", 9}, {"--exclude-from", 11}, {"--include-from", 11}, {"-files0-from", 12}};
  for (size_t i = 1; i < w.size(); ++i) {
    std::string_view a = w[i];
    if (a == "--") break;
    std::string_view name = a.substr(0, a.find('='));
    for (auto [option, min] : kListOptions) {
      if (name.size() < min || !option.starts_with(name)) continue;
      if (name.size() < a.size()) out.push_back({std::string(a.substr(name.size() + 1)), false});
      else if (i + 1 < w.size()) out.push_back({w[i + 1], false});
      break;
    }
  }
}

}  // namespace

// `git show REV:PATH`, `git cat-file -p :PATH` (the index), `git diff A:P
// B:P`: the content of PATH in a commit or in the index is the file's
// content as committed, so it is read as PATH. Tree paths are relative to the
// repository's top (or to the working directory with ./ or ../); the hook's
// working directory is the project's top, which is where they resolve.
void GitBlobAccesses(const Words& w, std::vector<FileAccess>& out) {
  static const std::set<std::string> kBlobReaders = {"show", "cat-file", "diff", "difftool", "archive", "grep"};
  if (w.size() < 2 || !kBlobReaders.count(w[1])) return;
  for (size_t i = 2; i < w.size(); ++i) {
    const std::string& a = w[i];
    size_t colon = a.find(':');
    if (a.empty() || a[0] == '-' || colon == std::string::npos || a.find("://") != std::string::npos) continue;
    std::string path = a.substr(colon + 1);
    // :N:PATH is stage N of the index.
    if (colon == 0 && path.size() > 2 && path[0] >= '0' && path[0] <= '3' && path[1] == ':') path.erase(0, 2);
    if (!path.empty()) out.push_back({path, false, false});
  }
}

namespace {

// git subcommands that look at paths, never at what the files hold:
// check-ignore and check-attr match names against patterns, ls-files and
// status list names (`git check-ignore .env` under Read(./.env)).
bool GitNamesOnly(const Words& w) {
  static const std::set<std::string> kNamesOnly = {"check-ignore", "check-attr", "ls-files", "status"};
  return w.size() >= 2 && kNamesOnly.count(w[1]) > 0;
}

// `git grep --no-index` and `git grep --untracked` search files as grep -r
// does: the paths given, else the working directory.
void GitGrepTrees(const Words& w, std::vector<FileAccess>& out) {
  if (w.size() < 2 || w[1] != "grep") return;
  bool files = std::any_of(w.begin() + 2, w.end(), [](const std::string& a) {
    return a == "--no-index" || a == "--untracked" || a == "--no-exclude-standard";
  });
  if (!files) return;
  auto dashdash = std::find(w.begin() + 2, w.end(), "--");
  if (dashdash == w.end() || dashdash + 1 == w.end()) out.push_back({".", false, true, true});
  else
    for (auto p = dashdash + 1; p != w.end(); ++p) out.push_back({*p, false, true, true});
}

// git's global options come before its subcommand: -C DIR moves where the
// subcommand's relative paths are (`git -C .git checkout HEAD --
// hooks/pre-commit`), --work-tree=DIR is what checkout and its kin write.
std::vector<FileAccess> GitAccesses(const Words& w) {
  GitGlobals g = ParseGitGlobals(w);
  Words sub = {w[0]};
  if (g.subcommand < w.size()) sub.insert(sub.end(), w.begin() + static_cast<long>(g.subcommand), w.end());
  std::string dir, work_tree;
  for (size_t i = 1; i + 1 < g.subcommand && i + 1 < w.size(); ++i) {
    if (w[i] == "-C") dir = w[i + 1].starts_with('/') || dir.empty() ? w[i + 1] : dir + "/" + w[i + 1];
    if (w[i] == "--work-tree") work_tree = w[i + 1];
  }
  for (size_t i = 1; i < g.subcommand && i < w.size(); ++i)
    if (w[i].starts_with("--work-tree=")) work_tree = w[i].substr(12);
  std::vector<FileAccess> out = GitNamesOnly(sub) ? std::vector<FileAccess>{} : GenericAccesses(sub);
  ListFileReads(sub, out);
  GitBlobAccesses(sub, out);
  GitGrepTrees(sub, out);
  OptionWrites(sub, out);
  OperandWrites(sub, out);
  static const std::set<std::string> kWorkTreeWriters = {
      "checkout", "restore", "reset", "switch", "merge",       "pull",   "stash", "read-tree", "checkout-index",
      "clean",    "apply",   "am",    "rebase", "cherry-pick", "revert", "rm",    "mv",        "sparse-checkout"};
  if (!work_tree.empty() && sub.size() > 1 && kWorkTreeWriters.count(sub[1]))
    out.push_back({work_tree, true, true, true});
  if (!dir.empty())
    for (auto& f : out)
      if (!f.path.empty() && f.path[0] != '/' && f.path[0] != '~' && !f.cwd) f.path = dir + "/" + f.path;
  return out;
}

}  // namespace

std::vector<FileAccess> LayerFileAccesses(const Words& w) {
  if (w.empty() || (IsDynamic(w[0]) && !StaticBasename(w[0]))) return {};
  std::string name = CommandName(w[0]);
  const Tool* tool = FindTool(name);
  if (name == "git") return GitAccesses(w);
  if (!tool) {
    bool names_only = NeverReadsContents(name);
    std::vector<FileAccess> out = names_only ? std::vector<FileAccess>{} : GenericAccesses(w);
    ListFileReads(w, out);
    OptionWrites(w, out);
    OperandWrites(w, out);
    CodeFileAccesses(w, out);
    return out;
  }
  std::vector<FileAccess> out;
  ListFileReads(w, out);
  ToolArgs t = ScanToolArgs(w, *tool, out);
  bool scripted = tool->role == Tool::kPatternFirst || tool->role == Tool::kSedLike || tool->role == Tool::kAwkLike;
  size_t first = scripted && !t.script_given ? 1 : 0;  // the pattern / script / program
  OperandAccesses(*tool, t, first, out);
  if (!t.target_dir.empty()) out.push_back({t.target_dir, true});
  // A recursive search without a file operand searches the working directory
  // (grep -r KEY, rg KEY): a read of ".".
  if (tool->role == Tool::kPatternFirst && t.operands.size() <= first && (t.recursive || RecursiveByDefault(*tool)))
    out.push_back(SearchedTree(".", *tool, t));
  if (tool->role == Tool::kSedLike) SedScriptAccesses(w, out);
  OptionWrites(w, out);
  OperandWrites(w, out);
  CodeFileAccesses(w, out);
  return out;
}

bool IsOutputRedirect(const Redir& r) {
  return r.op == ">" || r.op == ">>" || r.op == ">|" || r.op == "&>" || r.op == "&>>" || r.op == "<>" || r.op == ">&";
}

bool IsHarmlessOutput(const Redir& r) {
  if (r.target == "/dev/null") return true;
  if (r.op == ">&" || r.op == "<&") {
    if (r.target == "-") return true;
    return !r.target.empty() && r.target.find_first_not_of("0123456789") == std::string::npos;
  }
  return false;
}

std::vector<FileAccess> EnvironmentAccesses(const std::vector<Assign>& env) {
  std::vector<FileAccess> out;
  for (const auto& a : env) {
    const std::string& v = a.value;
    bool trace = StartsWith(a.name, "GIT_TRACE");
    if (v.empty() || (!trace && a.name != "SSLKEYLOGFILE")) continue;
    // git traces to stderr for 1/2/true, to a descriptor for 3-9, and to a
    // file only for an absolute path.
    if (trace && v[0] != '/' && v[0] != '~' && v.find(kHole) == std::string::npos) continue;
    FileAccess f{v, true};
    f.below = StartsWith(a.name, "GIT_TRACE2");  // a directory gets a new file per process
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<FileAccess> RedirectAccesses(const std::vector<Redir>& redirects) {
  std::vector<FileAccess> out;
  for (const auto& r : redirects) {
    if (r.op == "<" && !r.target.empty() && r.target[0] != kProcMark) out.push_back({r.target, false});
    else if (IsOutputRedirect(r) && !IsHarmlessOutput(r) && !r.target.empty() && r.target[0] != kProcMark)
      out.push_back({r.target, true});
  }
  return out;
}

}  // namespace paddock::rules
