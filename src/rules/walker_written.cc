// Scripts the command string writes and then runs (docs/policy-semantics.md
// §Pipeline, "written scripts"): `cat > t.sh <<'EOF' … EOF; bash t.sh` runs
// the heredoc's text and `echo 'sudo id' > x.sh; sh x.sh` the echo's. A file
// written with text the walk knows is parsed where it is run; one written
// with anything else (an append, a computed text, `tee -a`) is opaque there.
// Files written by other programs (an interpreter's open().write) or by an
// earlier tool call are not known: that is the jail's part.
#include <algorithm>
#include <iterator>
#include <optional>
#include <string_view>

#include "base/strings.h"
#include "rules/code_files.h"
#include "rules/code_use.h"
#include "rules/file_access.h"
#include "rules/interpreter_code.h"
#include "rules/normalize.h"
#include "rules/unwrap.h"
#include "rules/walker.h"

namespace paddock::rules::internal {
namespace {

const Source kUnknownText{Source::kDynamic, ""};

// Two paths, either with holes, may name one file: the literal text before
// the pattern's first hole and after its last one are the other's ends.
bool MayBeSamePath(const std::string& a, const std::string& b) {
  bool holes_a = a.find(kHole) != std::string::npos;
  bool holes_b = b.find(kHole) != std::string::npos;
  if (!holes_a && !holes_b) return a == b;
  if (holes_a && holes_b) return true;
  const std::string& pat = holes_a ? a : b;
  const std::string& lit = holes_a ? b : a;
  size_t first = pat.find(kHole);
  size_t tail = pat.rfind(kHole) + 1;
  while (tail < pat.size() && IsGlobMark(pat[tail])) ++tail;
  std::string_view head(pat.data(), first);
  std::string_view end(pat.data() + tail, pat.size() - tail);
  return lit.size() >= head.size() + end.size() && lit.starts_with(head) && lit.ends_with(end);
}

// tee's file operands, and whether it appends (-a, --append).
std::vector<std::string> TeeFiles(const Words& w, bool* append) {
  std::vector<std::string> files;
  bool options = true;
  for (size_t i = 1; i < w.size(); ++i) {
    if (options && w[i] == "--") {
      options = false;
    } else if (options && w[i].size() > 1 && w[i][0] == '-') {
      if (w[i] == "--append" || (w[i][1] != '-' && w[i].find('a') != std::string::npos)) *append = true;
    } else {
      files.push_back(w[i]);
    }
  }
  return files;
}

// `cp SRC DEST`, `mv SRC DEST`, `install SRC DEST` with two operands and no
// -t: {SRC, DEST}; otherwise nothing.
std::optional<std::pair<std::string, std::string>> CopyOperands(const Words& w) {
  std::vector<std::string> operands;
  bool options = true;
  for (size_t i = 1; i < w.size(); ++i) {
    const std::string& a = w[i];
    if (options && a == "--") options = false;
    else if (options && a.size() > 1 && a[0] == '-') {
      if (a.starts_with("--t") || (a[1] != '-' && a.find('t') != std::string::npos)) return std::nullopt;
      if (a == "-S" || a == "--suffix" || a == "-m" || a == "-o" || a == "-g" || a == "--mode" || a == "--owner" ||
          a == "--group")
        ++i;  // their value is the next word
    } else {
      operands.push_back(a);
    }
  }
  if (operands.size() != 2) return std::nullopt;
  return std::make_pair(operands[0], operands[1]);
}

// Commands that write no text into files but through their redirections
// (recorded; rm and touch remove a file or leave it empty): after any
// other, a file this command string wrote may hold anything.
bool WritesNoFiles(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      ".",      ":",        "[",       "[[",      "basename",  "builtin",  "cat",      "cd",      "chgrp", "chmod",
      "chown",  "cmp",      "command", "cut",     "date",      "declare",  "diff",     "dirname", "echo",  "egrep",
      "env",    "eval",     "exec",    "exit",    "export",    "expr",     "false",    "fgrep",   "file",  "grep",
      "head",   "hostname", "id",      "local",   "ls",        "md5sum",   "mkdir",    "nice",    "nohup", "popd",
      "printf", "pushd",    "pwd",     "read",    "readlink",  "readonly", "realpath", "return",  "rg",    "rm",
      "rmdir",  "seq",      "set",     "sha1sum", "sha256sum", "shift",    "sleep",    "source",  "stat",  "stdbuf",
      "tail",   "test",     "time",    "timeout", "touch",     "tr",       "true",     "type",    "uname", "unlink",
      "unset",  "wait",     "wc",      "which",   "whoami",
  };
  static_assert(std::is_sorted(std::begin(kNames), std::end(kNames)), "kNames is searched by halves");
  return std::binary_search(std::begin(kNames), std::end(kNames), name);
}

}  // namespace

std::string Walker::WrittenKey(const std::string& path) const {
  if (path.empty() || path[0] == kHole) return path;
  if (path[0] == '/') return NormalizePath(path);
  if (!state_.cwd.empty() && state_.cwd[0] == '/') return NormalizePath(state_.cwd + "/" + path);
  return path;
}

// Written twice (or seen again by a later pass, once more is known): either
// text. The same text, once known exactly and once as what a file may have
// been changed from, stays that text, which a program may have changed.
void Walker::NoteWritten(const std::string& path, const Source& text) {
  auto [it, added] = facts_.written.emplace(WrittenKey(path), text);
  if (added || it->second == text) return;
  bool same_text = !text.text.empty() && it->second.text == text.text;
  it->second = same_text ? Source{Source::kDynamic, text.text} : kUnknownText;
}

// What a simple command writes: its redirections (a whole stdout to a file
// holds the command's literal output when it is known) and tee's files.
void Walker::RecordWrites(const shell::Command& cmd, const Unit& u, const FdTable& fds) {
  for (const auto& r : u.redirects) {
    if (!IsOutputRedirect(r) || IsHarmlessOutput(r)) continue;
    bool whole_stdout = (r.op == ">" || r.op == ">|") && (r.fd < 0 || r.fd == 1);
    NoteWritten(r.target, whole_stdout ? OutputOf(cmd, state_.fds.Get(0)) : kUnknownText);
  }
  if (u.words.empty() || IsDynamic(u.words[0])) return;
  std::string name = CommandName(u.words[0]);
  Source in = fds.Get(0);
  if (name == "tee") {
    bool append = false;
    for (const auto& f : TeeFiles(u.words, &append))
      NoteWritten(f, !append && in.kind == Source::kLiteral ? in : kUnknownText);
  }
  // A copy of a descriptor or of a file this command string wrote holds
  // that text (`cp /dev/stdin x.sh <<< …`); a copy of another file
  // is the file's, as running that file would be.
  if (name == "cp" || name == "mv" || name == "install") {
    if (auto ops = CopyOperands(u.words)) {
      int fd = 0;
      FdKind kind = FdOfPath(ops->first, &fd);  // /dev/stdin, /dev/fd/3, …
      Source stream = kind == FdKind::kFd ? fds.Get(fd) : kUnknownText;
      const Source* from = kind != FdKind::kNotFd ? &stream : Written(ops->first, u.where, false);
      if (from) NoteWritten(ops->second, from->kind == Source::kLiteral ? *from : kUnknownText);
    }
  }
  if (name == "sponge" && u.words.size() == 2) NoteWritten(u.words[1], in.kind == Source::kLiteral ? in : kUnknownText);
  if (name == "sed")  // w FILE: the lines sed writes are not followed here
    for (const auto& f : LayerFileAccesses(u.words))
      if (f.write) NoteWritten(f.path, kUnknownText);
}

// Paths inline interpreter code names: it may write them (noted in
// facts_.named_by_code, which Written() consults).
void Walker::NoteNamedByCode(const Words& layer) {
  std::string name = CommandName(layer[0]);
  if (InterpreterLanguage(name).empty()) return;
  CodeUse use = AnalyzeLayer(layer);
  if (use.kind != CodeUse::kInterpreterCode) return;
  for (const auto& code : use.codes)
    for (const auto& text : QuotedTexts(code))
      if (!text.empty()) facts_.named_by_code.insert(WrittenKey(text));
}

// A layer that may write files the walk does not see: a program not known
// to write none, or a shell running a file whose text is not known. tee
// behind a wrapper writes files whose text is not known.
void Walker::NoteUnseenWrites(const Words& layer, bool first_layer, const std::string& where) {
  if (layer.empty() || IsDynamic(layer[0])) {
    facts_.unseen_writers.insert(where);
    return;
  }
  std::string name = CommandName(layer[0]);
  if (WritesNoFiles(name)) return;
  // RecordWrites saw what a two-operand copy writes: the text of its
  // source, or a file from disk, as the source on disk itself would be.
  if (first_layer && (name == "cp" || name == "mv" || name == "install") && CopyOperands(layer)) return;
  NoteNamedByCode(layer);
  if (name == "tee") {  // RecordWrites saw its files; behind a wrapper (env tee), their text is not known
    bool append = false;
    if (!first_layer)
      for (const auto& f : TeeFiles(layer, &append)) NoteWritten(f, kUnknownText);
    return;
  }
  // Perl runs BEGIN blocks and `use` while it still reads its program, line
  // by line: what one appends to its program file is read and run next. Its
  // writes count against the file it runs too, unlike other interpreters',
  // which read theirs whole first (a label no run site has).
  if (InterpreterLanguage(name) == "perl") facts_.unseen_writers.insert(where + " (while perl reads its program)");
  CodeUse use = IsShell(name) ? AnalyzeLayer(layer) : CodeUse{};
  if (!IsShell(name) || use.kind == CodeUse::kShellFile) {
    const Source* text = use.kind == CodeUse::kShellFile ? Written(layer[use.file_index], where, true) : nullptr;
    if (!text || text->kind != Source::kLiteral) facts_.unseen_writers.insert(where);
  }
}

// A program whose writes are not seen runs, before, after or beside the
// unit at `where`: the text it may put in any file is not known (cp a x.sh,
// sed -i, python3 -c 'open(…)'). Not the program run from the file itself,
// which reads it first; a command inside a script run counts: bash reads
// its script as it goes, and one appending to it adds what runs next.
bool Walker::MayBeRewritten(const std::string& where, const std::string& inside) const {
  for (const auto& w : facts_.unseen_writers)
    if (w != where && (inside.empty() || !w.starts_with(inside))) return true;
  return false;
}

// The text the command string writes to `path`, run from the unit at
// `where`: nullptr when it writes no such file. A shell's script may also
// be a written file copied or moved there by a program not seen (`cp a
// x.sh; sh x.sh`); a program run by its path or an interpreter's file is
// taken for one only when written there (`make > log; ./app`).
const Source* Walker::Written(const std::string& path, const std::string& where, bool shell_script) const {
  written_asked_ = true;
  if (path.empty()) return nullptr;
  std::string key = WrittenKey(path);
  if (facts_.named_by_code.count(key)) return &kUnknownText;  // python3 -c 'open("x.sh", "w")…'
  if (facts_.written.empty()) return nullptr;
  if (auto it = facts_.written.find(key); it != facts_.written.end()) return &it->second;
  for (const auto& [written, text] : facts_.written)
    if (MayBeSamePath(written, key)) return &kUnknownText;
  return shell_script && MayBeRewritten(where) ? &kUnknownText : nullptr;
}

// What the unit at `where` reads from `path` (`bash < x.sh`): a file this
// command string wrote holds its text; where a program other than the
// reader may have changed it, a non-literal source that still carries that
// text (shell_state.h); any other file is not read.
Source Walker::WrittenOrFile(const std::string& path, const std::string& where) const {
  const Source* text = Written(path, where, true);
  if (!text) return {Source::kFile, ""};
  if (!MayBeRewritten(where)) return *text;
  return {Source::kDynamic, text->text};
}

// Runs a written file's text: parsed (a shell) or scanned (an interpreter)
// when known, so that what it runs is checked; an opaque point when it is
// not, or when another program may have changed it.
void Walker::RunWrittenText(const Source& text, const std::string& file, const CodeUse& use, const std::string& where,
                            Ctx ctx, const FdTable& fds) {
  std::string label = Join(where, use.what + " (" + Display(file) + ", written by this command)");
  if (text.kind != Source::kLiteral || MayBeRewritten(where))
    Opaque(use.what + " (" + Display(file) + ") may have been written by this command, with text not known here",
           where);
  if (text.kind != Source::kLiteral && text.text.empty()) return;  // else the text it was written with (shell_state.h)
  if (use.kind == CodeUse::kShellFile) Code(text.text, label, ctx, fds);
  else Spawns(text.text, use.language, label);
}

// A script operand (sh FILE, source FILE) or interpreter program file this
// command string wrote: its text is the code, when known.
bool Walker::FollowWritten(const std::string& f, const CodeUse& use, const std::string& where, Ctx ctx,
                           const FdTable& fds) {
  const Source* text = Written(f, where, use.kind == CodeUse::kShellFile);
  if (text) RunWrittenText(*text, f, use, where, ctx, fds);
  return text != nullptr;
}

// A program run by its path (./x.sh) that this command string wrote: the
// kernel runs it with its #! interpreter, or the shell runs it as a script.
void Walker::RunWrittenProgram(const std::string& path, const std::string& where, const FdTable& fds) {
  const Source* text = Written(path, where, false);
  if (!text) return;
  CodeUse use;
  use.kind = CodeUse::kShellFile;  // no #!: the shell runs it as a script
  if (text->text.starts_with("#!")) {
    const std::string& t = text->text;
    Words shebang;
    for (auto& w : Split(t.substr(2, t.find('\n') == std::string::npos ? std::string::npos : t.find('\n') - 2), ' '))
      if (!w.empty()) shebang.push_back(w);
    if (!shebang.empty() && CommandName(shebang[0]) == "env" && shebang.size() > 1) shebang.erase(shebang.begin());
    use = shebang.empty() ? CodeUse{} : AnalyzeLayer({shebang[0], path});
    if (use.kind != CodeUse::kShellFile && use.kind != CodeUse::kInterpreterFile)
      return Opaque(Display(path) + " was written by this command and is run by an interpreter not read here", where);
  }
  use.what = "program";
  RunWrittenText(*text, path, use, where, Ctx::kChild, fds);
}

}  // namespace paddock::rules::internal
