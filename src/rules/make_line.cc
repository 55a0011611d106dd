#include "rules/make_line.h"

#include <string_view>

#include "rules/options.h"

namespace paddock::rules {
namespace {

// make 4.3's switches (main.c's table) and 4.4's additions. An option make
// does not know stops make before it reads anything, so the table only has
// to be right about which options take a value.
const OptionTable& MakeOptions() {
  static const OptionTable table = {
      "bmBdehikLnpqrRsStvw",
      "CEfIoW",
      "jlO",
      {"always-make",
       "environment-overrides",
       "help",
       "ignore-errors",
       "keep-going",
       "check-symlink-times",
       "just-print",
       "dry-run",
       "recon",
       "print-data-base",
       "question",
       "no-builtin-rules",
       "no-builtin-variables",
       "silent",
       "quiet",
       "no-silent",
       "no-keep-going",
       "stop",
       "touch",
       "trace",
       "version",
       "print-directory",
       "no-print-directory",
       "warn-undefined-variables"},
      {"directory", "eval", "file", "makefile", "include-dir", "old-file", "assume-old", "what-if", "new-file",
       "assume-new", "jobserver-auth", "jobserver-fds", "jobserver-style"},
      {"debug", "jobs", "load-average", "max-load", "output-sync", "shuffle"},
  };
  return table;
}

std::string InDir(const std::string& dir, const std::string& file) {
  if (dir.empty() || file.starts_with("/") || file == "-") return file;
  return dir + "/" + file;
}

Words SplitBlanks(const std::string& s) {
  Words out;
  size_t i = 0;
  while (i < s.size()) {
    size_t start = s.find_first_not_of(" \t\n", i);
    if (start == std::string::npos) break;
    size_t end = s.find_first_of(" \t\n", start);
    if (end == std::string::npos) end = s.size();
    out.push_back(s.substr(start, end - start));
    i = end;
  }
  return out;
}

// A variable definition among make's operands: the first '=' and the
// operator characters before it ("CC=x", "X:=y", "X!=cmd").
bool Definition(const std::string& word, MakeAssignment* a) {
  size_t eq = word.find('=');
  if (eq == std::string::npos || eq == 0) return false;
  size_t op = eq;
  if (word[op - 1] == '+' || word[op - 1] == '?' || word[op - 1] == '!') {
    --op;
  } else {
    while (op > 0 && word[op - 1] == ':' && eq - op < 3) --op;
  }
  size_t end = op;
  while (end > 0 && (word[end - 1] == ' ' || word[end - 1] == '\t')) --end;
  if (end == 0) return false;
  a->name = word.substr(0, end);
  a->op = word.substr(op, eq + 1 - op);
  a->value = word.substr(eq + 1);
  size_t lead = a->value.find_first_not_of(" \t");
  a->value = lead == std::string::npos ? "" : a->value.substr(lead);
  return true;
}

void Parse(const Words& w, MakeLine& out, bool from_flags);

// MAKEFLAGS/GNUMAKEFLAGS defined on the command line: make decodes the
// variable as switches (blank-separated words, the first a cluster of letters
// when it has no leading '-'), never -f or -C from there. make 4.3 decodes it
// only after reading the makefiles, when its definitions after "--" still
// apply but an --eval comes too late; its --eval texts are kept anyway, as
// the environment's MAKEFLAGS does run them.
void ParseFlagsValue(const std::string& value, MakeLine& out) {
  Words words = SplitBlanks(value);
  if (words.empty()) return;
  if (!words[0].starts_with("-")) words[0] = "-" + words[0];
  words.insert(words.begin(), "make");
  Parse(words, out, true);
}

void Operand(const std::string& word, MakeLine& out, bool from_flags) {
  MakeAssignment a;
  if (!Definition(word, &a)) return;  // a target
  if (!from_flags && (a.name == "MAKEFLAGS" || a.name == "GNUMAKEFLAGS")) ParseFlagsValue(a.value, out);
  if (a.name == "MAKEFILES")
    for (auto& f : SplitBlanks(a.value)) out.makefiles_var.push_back(f);
  out.assignments.push_back(std::move(a));
}

void Parse(const Words& w, MakeLine& out, bool from_flags) {
  std::vector<size_t> operands;
  ParsedOptions p = ParsePermutedOptions(w, 1, MakeOptions(), &operands);
  for (const auto& o : p.options) {
    if (!o.value) continue;
    if (o.name == "-E" || o.name == "--eval") {
      out.evals.push_back(*o.value);
    } else if (from_flags) {
      continue;
    } else if (o.name == "-f" || o.name == "--file" || o.name == "--makefile") {
      out.files.push_back(*o.value);
    } else if (o.name == "-C" || o.name == "--directory") {
      out.dir = InDir(out.dir, *o.value);
    }
  }
  for (size_t i : operands) Operand(w[i], out, from_flags);
}

}  // namespace

MakeLine ParseMakeLine(const Words& w) {
  MakeLine out;
  Parse(w, out, false);
  return out;
}

std::vector<std::string> MakeInputFiles(const MakeLine& line) {
  std::vector<std::string> files = line.makefiles_var;
  if (line.files.empty()) {
    files.insert(files.end(), {"GNUmakefile", "makefile", "Makefile"});
  } else {
    files.insert(files.end(), line.files.begin(), line.files.end());
  }
  for (auto& f : files) f = InDir(line.dir, f);
  return files;
}

}  // namespace paddock::rules
