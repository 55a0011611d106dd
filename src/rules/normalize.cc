#include "rules/normalize.h"

#include <algorithm>
#include <cstring>

namespace paddock::rules {
namespace {

// One character of a word under construction, with how it may be expanded.
// kSplit is IFS white space from an expansion (runs collapse); kSplitHard any
// other IFS character from an expansion (each one ends a field, empty or not).
// kGlobAtom is a glob hole carried in a variable's value (`for f in *.md`).
enum Kind : char {
  kQuoted = 'q',
  kUnquoted = 'u',
  kHoleAtom = 'h',
  kGlobAtom = 'g',
  kGlobOneAtom = 'o',
  kSplit = 's',
  kSplitHard = 'd',
  kEmpty = 'e'
};

struct Atoms {
  std::string chars;
  std::string kinds;
  void Add(char c, Kind k) {
    chars += c;
    kinds += static_cast<char>(k);
  }
  void AddText(const std::string& t, Kind k) {
    for (char c : t) Add(c, k);
  }
  size_t size() const { return chars.size(); }
};

constexpr size_t kMaxBraceWords = 256;

bool IsIfsWhite(char c) { return c == ' ' || c == '\t' || c == '\n'; }

// Appends a variable value: unquoted values are split on the characters of IFS.
void AddValue(Atoms& a, const std::string& value, bool quoted, const std::optional<std::string>& ifs) {
  if (value.empty()) {
    if (quoted) a.Add(' ', kEmpty);
    return;
  }
  if (!quoted && !ifs) {
    a.Add(kHole, kHoleAtom);
    return;
  }  // IFS unknown: fields unknown
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (GlobHoleAt(value, i)) {
      a.Add(kHole, value[i + 1] == kGlobMark ? kGlobAtom : kGlobOneAtom);
      ++i;
    } else if (c == kHole) a.Add(kHole, kHoleAtom);
    else if (!quoted && ifs->find(c) != std::string::npos) a.Add(' ', IsIfsWhite(c) ? kSplit : kSplitHard);
    else if (!quoted && (c == '*' || c == '?' || c == '[')) a.Add(c, kUnquoted);  // unquoted results are globbed
    else a.Add(c, kQuoted);
  }
}

void AddParam(Atoms& a, const shell::WordPart& p, const VarEnv& env) {
  if (p.complex) {
    a.Add(kHole, kHoleAtom);
    return;
  }
  const std::string& name = p.text;
  std::optional<std::string> ifs = env.Ifs();
  if (name == "IFS") {
    if (!ifs) a.Add(kHole, kHoleAtom);
    else AddValue(a, *ifs, p.quoted, ifs);
    return;
  }
  if (env.positional) {
    const auto& pos = *env.positional;
    if (name.size() == 1 && std::isdigit(static_cast<unsigned char>(name[0]))) {
      size_t i = name[0] - '0';
      AddValue(a, i < pos.size() ? pos[i] : "", p.quoted, ifs);
      return;
    }
    if (name == "@" || name == "*") {
      bool joined = p.quoted && name == "*";  // "$*": one word joined by IFS's first character
      if (joined && !ifs && pos.size() > 2) {
        a.Add(kHole, kHoleAtom);
        return;
      }
      for (size_t i = 1; i < pos.size(); ++i) {
        if (i > 1) {
          if (!joined) a.Add(' ', kSplit);
          else if (!ifs->empty()) a.Add((*ifs)[0], kQuoted);
        }
        AddValue(a, pos[i], p.quoted, ifs);
      }
      return;
    }
    if (name == "#") {
      a.AddText(std::to_string(pos.empty() ? 0 : pos.size() - 1), kQuoted);
      return;
    }
  }
  auto it = env.vars.find(name);
  if (it != env.vars.end()) {
    AddValue(a, it->second, p.quoted, ifs);
    return;
  }
  a.Add(kHole, kHoleAtom);
}

Atoms ToAtoms(const shell::Word& word, const VarEnv& env) {
  Atoms a;
  for (const auto& p : word.parts) {
    switch (p.kind) {
      case shell::PartKind::kLiteral:
        if (p.text.empty() && p.quoted) a.Add(' ', kEmpty);
        for (char c : p.text) a.Add(c, p.quoted ? kQuoted : kUnquoted);
        break;
      case shell::PartKind::kParam: AddParam(a, p, env); break;
      default: a.Add(kHole, kHoleAtom);
    }
  }
  return a;
}

bool IsOpen(const Atoms& a, size_t i, char c) { return a.chars[i] == c && a.kinds[i] == kUnquoted; }

// Expands the first expandable {a,b} or {x..y} in `a`, recursively.
// {x..y}: integers or single characters, as the alternatives of the brace
// at a[open..close].
enum class Sequence { kNone, kOverflow, kAlternatives };
Sequence SequenceAlternatives(const Atoms& a, size_t open, size_t close, std::vector<Atoms>& alternatives) {
  std::string body = a.chars.substr(open + 1, close - open - 1);
  if (a.kinds.substr(open + 1, close - open - 1).find_first_not_of('u') != std::string::npos) return Sequence::kNone;
  size_t dots = body.find("..");
  if (dots == std::string::npos) return Sequence::kNone;
  std::string lo = body.substr(0, dots), hi = body.substr(dots + 2);
  if (hi.find("..") != std::string::npos) hi = hi.substr(0, hi.find(".."));
  auto is_int = [](const std::string& s) {
    size_t k = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
    return s.size() > k && s.size() < 10 && s.find_first_not_of("0123456789", k) == std::string::npos;
  };
  if (is_int(lo) && is_int(hi)) {
    long x = std::stol(lo), y = std::stol(hi), step = x <= y ? 1 : -1;
    if ((y - x) * step >= static_cast<long>(kMaxBraceWords)) return Sequence::kOverflow;
    for (long v = x;; v += step) {
      Atoms s;
      s.AddText(std::to_string(v), kQuoted);
      alternatives.push_back(s);
      if (v == y) break;
    }
    return Sequence::kAlternatives;
  }
  if (lo.size() != 1 || hi.size() != 1) return Sequence::kNone;
  int step = lo[0] <= hi[0] ? 1 : -1;
  for (int v = lo[0];; v += step) {
    Atoms s;
    s.Add(static_cast<char>(v), kQuoted);
    alternatives.push_back(s);
    if (v == hi[0]) break;
  }
  return Sequence::kAlternatives;
}

void BraceExpand(const Atoms& a, std::vector<Atoms>& out, bool& overflow) {
  if (out.size() >= kMaxBraceWords) {
    overflow = true;
    return;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (!IsOpen(a, i, '{')) continue;
    int depth = 0;
    std::vector<size_t> commas;
    size_t close = std::string::npos;
    for (size_t j = i + 1; j < a.size(); ++j) {
      if (IsOpen(a, j, '{')) ++depth;
      else if (IsOpen(a, j, '}')) {
        if (depth == 0) {
          close = j;
          break;
        }
        --depth;
      } else if (IsOpen(a, j, ',') && depth == 0) {
        commas.push_back(j);
      }
    }
    if (close == std::string::npos) break;
    auto slice = [&](size_t from, size_t to) {
      Atoms s;
      s.chars = a.chars.substr(from, to - from);
      s.kinds = a.kinds.substr(from, to - from);
      return s;
    };
    Atoms prefix = slice(0, i), suffix = slice(close + 1, a.size());
    std::vector<Atoms> alternatives;
    if (!commas.empty()) {
      size_t from = i + 1;
      commas.push_back(close);
      for (size_t c : commas) {
        alternatives.push_back(slice(from, c));
        from = c + 1;
      }
    } else {
      Sequence seq = SequenceAlternatives(a, i, close, alternatives);
      if (seq == Sequence::kOverflow) {
        overflow = true;
        return;
      }
      if (seq == Sequence::kNone) continue;
    }
    for (const auto& alt : alternatives) {
      Atoms joined = prefix;
      joined.chars += alt.chars + suffix.chars;
      joined.kinds += alt.kinds + suffix.kinds;
      BraceExpand(joined, out, overflow);
      if (overflow) return;
    }
    return;
  }
  out.push_back(a);
}

// Appends an unknown piece to a field: a full hole (any text) or a glob hole
// (no '/'). Runs of holes collapse to one, full if any of them is.
// `mark` is kGlobMark, kGlobOneMark or 0 for a full hole. A run keeps the
// first glob hole's mark, which covers what the run matches.
void AddHole(std::string& field, char mark) {
  bool after_hole = !field.empty() && (field.back() == kHole || IsGlobMark(field.back()));
  if (!after_hole) {
    field += kHole;
    if (mark) field += mark;
  } else if (!mark && IsGlobMark(field.back())) {
    field.pop_back();
  }
}

// The closing ']' of the bracket expression an unquoted '[' opens at a[i],
// when it is a plain one within the field: one character, never '/'.
size_t BracketEnd(const Atoms& a, size_t i) {
  size_t j = i + 1;
  if (j < a.size() && (a.chars[j] == '!' || a.chars[j] == '^')) ++j;
  if (j < a.size() && a.chars[j] == ']') ++j;  // a leading ']' is a member
  for (; j < a.size(); ++j) {
    char c = a.chars[j], k = a.kinds[j];
    if ((k != kQuoted && k != kUnquoted) || c == '/' || c == '[') return std::string::npos;
    if (c == ']' && k == kUnquoted) return j;
  }
  return std::string::npos;
}

// The last ']' of the field that starts or runs through a[i] (npos: none):
// a bracket expression this code does not model ([[:alpha:]], quoted
// parts) becomes one full hole up to there, which covers whatever it matches.
size_t FieldLastBracket(const Atoms& a, size_t i) {
  size_t last = std::string::npos;
  for (size_t j = i + 1; j < a.size() && a.kinds[j] != kSplit && a.kinds[j] != kSplitHard; ++j)
    if (a.chars[j] == ']') last = j;
  return last;
}

// Glob holes a field keeps only where they cannot leave their directory: a
// segment of nothing but glob holes and dots may match "..", and with a ".."
// segment or an extended glob (unquoted '(') anywhere, the field's holes are
// all full.
std::string BoundGlobHoles(const std::string& field, bool extglob) {
  if (!HasGlobHole(field)) return field;
  std::string out;
  size_t from = 0;
  while (from <= field.size()) {
    size_t slash = field.find('/', from);
    std::string_view seg =
        std::string_view(field).substr(from, slash == std::string::npos ? std::string::npos : slash - from);
    if (seg == "..") return FullHoles(field);
    bool dots_only = std::all_of(seg.begin(), seg.end(), [](char c) { return c == '.' || IsHoleByte(c); });
    out += dots_only || extglob ? FullHoles(seg) : std::string(seg);
    if (slash == std::string::npos) break;
    out += '/';
    from = slash + 1;
  }
  return out;
}

// Splits on IFS atoms and renders each field: unquoted glob characters
// become glob holes (a '**' a full one: globstar), runs of holes collapse to
// one. As in bash, IFS white space around a non-white IFS character belongs
// to that one delimiter, and a non-white delimiter with nothing before it
// makes an empty field.
void SplitFields(const Atoms& a, std::vector<std::string>& out) {
  std::string field;
  bool has_any = false;
  bool ended_by_white = false;  // the last field was just ended by IFS white space
  bool extglob = false;
  auto emit = [&] {
    if (has_any) out.push_back(BoundGlobHoles(field, extglob));
    field.clear();
    has_any = false;
    extglob = false;
  };
  for (size_t i = 0; i < a.size(); ++i) {
    char c = a.chars[i];
    char k = a.kinds[i];
    if (k == kSplit) {
      if (has_any) {
        emit();
        ended_by_white = true;
      }
      continue;
    }
    if (k == kSplitHard) {
      if (!has_any && !ended_by_white) has_any = true;  // an empty field
      if (has_any) emit();
      ended_by_white = false;
      continue;
    }
    ended_by_white = false;
    has_any = true;
    if (k == kEmpty) continue;
    bool open = k == kUnquoted;
    if (open && c == '(') extglob = true;
    // A literal control byte that collides with our markers is unknown text.
    if (k == kHoleAtom || c == kProcMark || c == kHole || IsGlobMark(c)) {
      AddHole(field, k == kGlobAtom ? kGlobMark : k == kGlobOneAtom ? kGlobOneMark : 0);
    } else if (open && c == '*') {
      bool globstar = i > 0 && a.chars[i - 1] == '*' && a.kinds[i - 1] == kUnquoted;
      AddHole(field, globstar ? 0 : kGlobMark);
    } else if (open && c == '?') {
      AddHole(field, kGlobOneMark);
    } else if (size_t end = open && c == '[' ? BracketEnd(a, i) : std::string::npos; end != std::string::npos) {
      AddHole(field, kGlobOneMark);
      i = end;
    } else if (size_t last = open && c == '[' ? FieldLastBracket(a, i) : std::string::npos; last != std::string::npos) {
      AddHole(field, 0);
      i = last;
    } else {
      field += c;
    }
  }
  emit();
}

}  // namespace

std::optional<std::string> VarEnv::Ifs() const {
  if (ifs_unknown) return std::nullopt;
  auto it = vars.find("IFS");
  return it == vars.end() ? std::string(kDefaultIfs) : it->second;
}

bool IsIntegerText(const std::string& s) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')) ++i;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  if (i >= s.size()) return i == 0 || s.find_first_not_of(" \t\n") == std::string::npos;
  if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  // Digits, then at most one base prefix (0x, N#) with base digits: no names, no code.
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '#' || c == '@' || c == '_') continue;
    break;
  }
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')) ++i;
  return i == s.size();
}

std::vector<std::string> ExpandWord(const shell::Word& word, const VarEnv& env) {
  std::vector<std::string> out;
  if (word.parts.size() == 1 && word.parts[0].kind == shell::PartKind::kProcessSubst && env.proc_scripts) {
    out.push_back(std::string(1, kProcMark) + std::to_string(env.proc_scripts->size()));
    env.proc_scripts->push_back(word.parts[0].scripts.empty() ? nullptr : word.parts[0].scripts[0].get());
    return out;
  }
  Atoms atoms = ToAtoms(word, env);
  std::vector<Atoms> expanded;
  bool overflow = false;
  BraceExpand(atoms, expanded, overflow);
  if (overflow) {  // too many words to enumerate: unknown
    out.push_back(std::string(1, kHole));
    return out;
  }
  for (const auto& a : expanded) SplitFields(a, out);
  return out;
}

std::vector<std::string> ExpandWords(const std::vector<shell::Word>& words, const VarEnv& env) {
  std::vector<std::string> out;
  for (const auto& w : words) {
    auto e = ExpandWord(w, env);
    out.insert(out.end(), std::make_move_iterator(e.begin()), std::make_move_iterator(e.end()));
  }
  return out;
}

std::string AssignmentValue(const shell::Word& word, const VarEnv& env) {
  // bash substitutes a process in an assignment too (X=<(cmd) is /dev/fd/63):
  // the value stands for that process's output, as the word would.
  if (word.parts.size() == 1 && word.parts[0].kind == shell::PartKind::kProcessSubst && env.proc_scripts)
    return ExpandWord(word, env)[0];
  std::string out;
  for (const auto& p : word.parts) {
    if (p.kind == shell::PartKind::kLiteral) {
      out += p.text;
    } else if (p.kind == shell::PartKind::kParam && !p.complex && env.vars.count(p.text)) {
      out += env.vars.at(p.text);
    } else {
      if (out.empty() || out.back() != kHole) out += kHole;
    }
  }
  return out;
}

std::string FullHoles(std::string_view word) {
  std::string out;
  for (char c : word)
    if (!IsGlobMark(c)) out += c;
  return out;
}

std::string Display(const std::string& word) {
  if (!word.empty() && word[0] == kProcMark) return "<(...)";
  std::string out;
  for (size_t i = 0; i < word.size(); ++i) {
    if (GlobHoleAt(word, i)) out += word[i + 1] == kGlobMark ? '*' : '?', ++i;
    else if (word[i] == kHole) out += "$?";
    else out += word[i];
  }
  return out;
}

std::string DisplayWords(const std::vector<std::string>& words, size_t from) {
  std::string out;
  for (size_t i = from; i < words.size(); ++i) {
    if (i > from) out += ' ';
    out += Display(words[i]);
  }
  return out;
}

}  // namespace paddock::rules
