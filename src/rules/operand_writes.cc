#include "rules/operand_writes.h"

#include <cctype>
#include <cstring>
#include <string_view>

#include "rules/archive_writes.h"
#include "rules/normalize.h"
#include "rules/unwrap.h"

namespace paddock::rules {
namespace {

bool In(std::string_view set, char c) { return c != '\0' && set.find(c) != std::string_view::npos; }

bool IsOption(const std::string& a) { return a.size() > 1 && a[0] == '-'; }

// One pass over a command's options: the one-letter flags it set, the values
// of the options that take one (the rest of the word or the next word), the
// long options as written, and the operands. "--" ends the options.
struct Args {
  std::string flags;
  std::vector<std::pair<char, std::string>> values;
  std::vector<std::string> longs;
  std::vector<std::string> operands;

  bool Has(char c) const { return flags.find(c) != std::string::npos; }
  bool HasLong(std::string_view name) const {
    for (const auto& l : longs)
      if (l == name || IsLongWithValue(l, name)) return true;
    return false;
  }
  std::string Value(char c, std::string_view long_name = {}) const {
    for (const auto& [k, v] : values)
      if (k == c) return v;
    for (const auto& l : longs)
      if (!long_name.empty() && IsLongWithValue(l, long_name)) return l.substr(long_name.size() + 1);
    return "";
  }
  // "--name=value"
  static bool IsLongWithValue(const std::string& l, std::string_view name) {
    return l.size() > name.size() && l.compare(0, name.size(), name) == 0 && l[name.size()] == '=';
  }
};

// `with_value`: short options that take a value; `long_with_value`: long
// options whose value may be the next word (kept as "--name=value").
Args ScanArgs(const Words& w, size_t from, std::string_view with_value,
              std::initializer_list<std::string_view> long_with_value = {}) {
  Args a;
  bool done = false;
  for (size_t i = from; i < w.size(); ++i) {
    const std::string& word = w[i];
    if (done || !IsOption(word)) {
      a.operands.push_back(word);
      continue;
    }
    if (word == "--") {
      done = true;
    } else if (word[1] == '-') {
      bool next_is_value = false;
      for (auto l : long_with_value) next_is_value |= word == l;
      if (next_is_value && i + 1 < w.size()) a.longs.push_back(word + "=" + w[++i]);
      else a.longs.push_back(word);
    } else {
      for (size_t j = 1; j < word.size(); ++j) {
        if (!In(with_value, word[j])) {
          a.flags += word[j];
          continue;
        }
        std::string value = j + 1 < word.size() ? word.substr(j + 1) : (i + 1 < w.size() ? w[++i] : "");
        a.values.emplace_back(word[j], value);
        break;
      }
    }
  }
  return a;
}

std::string Join(const std::string& dir, const std::string& path) {
  if (dir.empty() || (!path.empty() && (path[0] == '/' || path[0] == '~'))) return path;
  return dir + "/" + path;
}

// `metadata`: a mode, owner or attribute change, which Edit rules judge and
// Read rules do not (`chmod 600 ~/.ssh/id_rsa` reads nothing).
void Write(std::vector<FileAccess>& out, const std::string& path, bool tree = false, bool metadata = false) {
  if (!path.empty() && path != "-") out.push_back({path, true, true, tree, false, metadata});
}

// What an extractor writes into `dir`: the tree below it, unless `dir` is
// the working directory or one above it (not guessed at, as for copies).
void WriteInto(std::vector<FileAccess>& out, const std::string& dir) {
  if (!dir.empty()) out.push_back({dir, true, true, true, true});
}

// perl -i / ruby -i edit every file operand in place. Their clusters mix
// flags (-p, -n, -l, -0) with options whose value is the rest of the word
// (-e CODE, -I DIR, -M MOD); -i's own rest is the backup suffix.
void InPlaceWrites(const Words& w, std::vector<FileAccess>& out) {
  bool in_place = false, script = false;
  size_t i = 1;
  for (; i < w.size() && IsOption(w[i]); ++i) {
    const std::string& a = w[i];
    if (a == "--") {
      ++i;
      break;
    }
    if (a[1] == '-') continue;
    for (size_t j = 1; j < a.size(); ++j) {
      char c = a[j];
      if (c == 'l' || c == '0') {  // -l[OCT], -0[HEX]: an optional number
        while (j + 1 < a.size() && std::isxdigit(static_cast<unsigned char>(a[j + 1]))) ++j;
        continue;
      }
      if (c == 'i') in_place = true;
      if (c == 'e' || c == 'E') script = true;
      bool value_next = In("eEIr", c) && j + 1 == a.size();
      if (In("ieEIMmFxCdr", c)) {
        if (value_next) ++i;
        break;
      }
    }
  }
  if (!in_place) return;
  if (!script && i < w.size()) ++i;  // the program file
  for (; i < w.size(); ++i) Write(out, w[i]);
}

struct Editor {
  std::string_view name;
  std::string_view with_value;
};

// Text editors write the files they are given (`ed FILE <<< $'…\nw'`,
// `vim -es +'%s/a/b/' +wq FILE`). +LINE and +CMD words are not files. vim's
// -s is a script to read, except after -e where it means silent (`-es`):
// taken as a flag, so at worst the script counts as written too.
constexpr Editor kEditors[] = {
    {"vi", "cSuUiTtwWq"},
    {"vim", "cSuUiTtwWq"},
    {"nvim", "cSuUiTtwWq"},
    {"gvim", "cSuUiTtwWq"},
    {"vimdiff", "cSuUiTtwWq"},
    {"ex", "cSuUiTtwWq"},
    {"nvi", "cst"},
    {"elvis", "cstw"},
    {"ed", "p"},
    {"red", "p"},
    {"nano", "TYrQoXsCJf"},
    {"rnano", "TYrQoXsCJf"},
    {"pico", "TYrQoXsCJf"},
    {"emacs", "lfLtduT"},
    {"emacsclient", "sfaeT"},
    {"mg", "f"},
    {"jed", "fg"},
    {"joe", ""},
    {"micro", ""},
    {"kak", "ecsp"},
    {"hx", "c"},
    {"helix", "c"},
    {"ne", ""},
    {"vis", ""},
    {"mcedit", ""},
    {"zile", "f"},
};

bool EditorWrites(const std::string& name, const Words& w, std::vector<FileAccess>& out) {
  for (const auto& e : kEditors) {
    if (e.name != name) continue;
    Args a = ScanArgs(w, 1, e.with_value, {"--cmd", "--eval", "--load", "--funcall", "--directory", "--chdir"});
    for (const auto& op : a.operands)
      if (op.empty() || op[0] != '+') Write(out, op);
    return true;
  }
  return false;
}

// patch [ORIGFILE [PATCHFILE]]: the file it patches, or -o OUTFILE; without
// one, whatever files the patch names, below -d DIR.
void PatchWrites(const Words& w, std::vector<FileAccess>& out) {
  Args a = ScanArgs(w, 1, "BdDFgipoVYzr",
                    {"--directory", "--input", "--output", "--reject-file", "--strip", "--prefix", "--suffix",
                     "--basename-prefix", "--fuzz", "--define", "--get", "--version-control", "--quoting-style"});
  if (a.HasLong("--dry-run") || a.HasLong("--check") || a.Has('C')) return;
  std::string dir = a.Value('d', "--directory");
  Write(out, a.Value('r', "--reject-file"));
  std::string output = a.Value('o', "--output");
  if (!output.empty()) return Write(out, output);
  if (!a.operands.empty()) return Write(out, Join(dir, a.operands[0]));
  WriteInto(out, dir);
}

// cpio -i extracts below -D DIR (or here), cpio -p copies below its DIR
// operand; -t only lists.
void CpioWrites(const Words& w, std::vector<FileAccess>& out) {
  Args a = ScanArgs(w, 1, "DEFHIMORC", {"--directory", "--file", "--format"});
  bool extract = a.Has('i') || a.HasLong("--extract");
  bool pass = a.Has('p') || a.HasLong("--pass-through");
  if (a.Has('t') || a.HasLong("--list")) return;
  if (extract) WriteInto(out, a.Value('D', "--directory"));
  if (pass && !a.operands.empty()) WriteInto(out, a.operands[0]);
}

// 7z x|e [-oDIR], unrar x|e ARCHIVE [DIR/]; ar r|q|d|m rewrite the archive
// (ar x extracts into the working directory).
void ArchiverWrites(const std::string& name, const Words& w, std::vector<FileAccess>& out) {
  if (w.size() < 2) return;
  const std::string& key = w[1];
  if (name == "ar") {
    std::string_view k = key[0] == '-' ? std::string_view(key).substr(1) : std::string_view(key);
    if (k.find('x') != std::string_view::npos) return;  // into the working directory
    if (k.find_first_of("rqdm") != std::string_view::npos && w.size() > 2) Write(out, w[2]);
    return;
  }
  if (key != "x" && key != "e") return;
  std::string dir;
  for (size_t i = 2; i < w.size(); ++i) {
    if (name != "unrar" && w[i].rfind("-o", 0) == 0 && w[i].size() > 2) dir = w[i].substr(2);
    if (name == "unrar" && i > 2 && w[i].size() > 1 && w[i].back() == '/' && w[i][0] != '-') dir = w[i];
  }
  WriteInto(out, dir);
}

struct Compressor {
  std::string_view name;
  std::string_view suffix;
  bool decompresses;
  bool keeps;  // the input stays unless --rm
  std::string_view with_value;
};

constexpr Compressor kCompressors[] = {
    {"gzip", ".gz", false, false, "S"},     {"pigz", ".gz", false, false, "Sbp"},
    {"bzip2", ".bz2", false, false, ""},    {"pbzip2", ".bz2", false, false, "pbm"},
    {"xz", ".xz", false, false, "STMF"},    {"lzma", ".lzma", false, false, "STM"},
    {"lzip", ".lz", false, false, "bmsSo"}, {"zstd", ".zst", false, true, "oTDM"},
    {"lz4", ".lz4", false, true, "B"},      {"compress", ".Z", false, false, "b"},
    {"brotli", ".br", false, true, "oqSw"}, {"gunzip", ".gz", true, false, "S"},
    {"unpigz", ".gz", true, false, "S"},    {"bunzip2", ".bz2", true, false, ""},
    {"unxz", ".xz", true, false, "STM"},    {"unlzma", ".lzma", true, false, ""},
    {"unzstd", ".zst", true, true, "oTD"},  {"uncompress", ".Z", true, false, ""},
};

// A compressor replaces FILE with FILE.gz (a decompressor FILE.gz with FILE);
// -c, -t and -l write nothing; -k keeps the input.
bool CompressorWrites(const std::string& name, const Words& w, std::vector<FileAccess>& out) {
  for (const auto& c : kCompressors) {
    if (c.name != name) continue;
    Args a = ScanArgs(w, 1, c.with_value, {"--suffix", "--output"});
    if (a.Has('c') || a.Has('t') || a.Has('l') || a.HasLong("--stdout") || a.HasLong("--to-stdout") ||
        a.HasLong("--test") || a.HasLong("--list"))
      return true;
    bool decompress = c.decompresses || a.Has('d') || a.HasLong("--decompress") || a.HasLong("--uncompress");
    bool keep = (c.keeps && !a.HasLong("--rm")) || a.Has('k') || a.HasLong("--keep");
    std::string suffix = a.Value('S', "--suffix");
    if (suffix.empty()) suffix = c.suffix;
    std::string output = a.Value('o', "--output");
    size_t files = name == "lz4" && a.operands.size() == 2 && !a.Has('m') ? 1 : a.operands.size();
    if (files < a.operands.size()) output = a.operands[1];  // lz4 IN OUT
    for (size_t k = 0; k < files; ++k) {
      const std::string& op = a.operands[k];
      if (op == "-") continue;
      if (!keep) Write(out, op);
      if (!output.empty()) continue;
      if (!decompress) Write(out, op + suffix);
      else if (op.size() > suffix.size() && op.compare(op.size() - suffix.size(), suffix.size(), suffix) == 0)
        Write(out, op.substr(0, op.size() - suffix.size()));
      else if (op.size() > 4 && op.compare(op.size() - 4, 4, ".tgz") == 0)
        Write(out, op.substr(0, op.size() - 4) + ".tar");
    }
    Write(out, output);
    return true;
  }
  return false;
}

// split [FILE [PREFIX]] writes PREFIXaa, PREFIXab, ...; csplit -f PREFIX
// writes PREFIX00, ... The suffixes are letters and digits (split refuses a
// '/' in --additional-suffix), so the first piece stands for them all: a
// hole there could hide "/../" and make every split a possible write anywhere.
void SplitWrites(const std::string& name, const Words& w, std::vector<FileAccess>& out) {
  if (name == "split") {
    Args a = ScanArgs(w, 1, "abClnt", {});
    if (a.HasLong("--filter")) return;  // the pieces go to a command
    std::string prefix = a.operands.size() >= 2 ? a.operands[1] : "x";
    return Write(out, prefix + "aa");
  }
  Args a = ScanArgs(w, 1, "fbn", {"--prefix", "--suffix-format", "--digits"});
  std::string prefix = a.Value('f', "--prefix");
  Write(out, (prefix.empty() ? "xx" : prefix) + "00");
}

// chmod MODE FILE..., chown OWNER FILE..., chgrp GROUP FILE..., chattr
// [+-=]ATTRS FILE..., setfacl -m ACL FILE...: they change the files' modes,
// owners and attributes; with -R everything below. A mode may start with '-'
// (chmod -w FILE), so a word is an option only when all its letters are.
void AttributeWrites(const std::string& name, const Words& w, std::vector<FileAccess>& out) {
  std::string_view flags = name == "chmod" ? "cfvR" : name == "chattr" ? "RVf" : "cfvRhHLP";
  bool recursive = false, first_taken = false, done = false;
  if (name == "setfacl") {
    Args a = ScanArgs(w, 1, "mMxX", {});
    for (const auto& op : a.operands) Write(out, op, a.Has('R') || a.HasLong("--recursive"), true);
    return;
  }
  std::vector<std::string> files;
  for (size_t i = 1; i < w.size(); ++i) {
    const std::string& a = w[i];
    if (!done && a == "--") {
      done = true;
      continue;
    }
    if (!done && a.rfind("--", 0) == 0) {
      recursive |= a == "--recursive";
      first_taken |= a.rfind("--reference=", 0) == 0;
      continue;
    }
    bool option = !done && IsOption(a) && a.find_first_not_of(flags, 1) == std::string::npos;
    if (option) {
      recursive |= a.find('R') != std::string::npos;
      continue;
    }
    if (name == "chattr" && !done && (a[0] == '+' || a[0] == '-' || a[0] == '=')) continue;  // attributes
    if (!first_taken && name != "chattr") {
      first_taken = true;  // the mode, owner or group
      continue;
    }
    files.push_back(a);
  }
  for (const auto& f : files) Write(out, f, recursive, true);
}

}  // namespace

void OperandWrites(const Words& w, std::vector<FileAccess>& out) {
  if (w.empty() || (IsDynamic(w[0]) && !StaticBasename(w[0]))) return;
  std::string name = CommandName(w[0]);
  if (name == "perl" || name == "ruby") return InPlaceWrites(w, out);
  if (name == "patch") return PatchWrites(w, out);
  if (name == "cpio") return CpioWrites(w, out);
  if (name == "7z" || name == "7za" || name == "7zr" || name == "7zz" || name == "unrar" || name == "ar")
    return ArchiverWrites(name, w, out);
  if (name == "split" || name == "csplit") return SplitWrites(name, w, out);
  if (name == "chmod" || name == "chown" || name == "chgrp" || name == "chattr" || name == "setfacl")
    return AttributeWrites(name, w, out);
  if (EditorWrites(name, w, out)) return;
  if (ArchiveWrites(name, w, out)) return;
  CompressorWrites(name, w, out);
}

}  // namespace paddock::rules
