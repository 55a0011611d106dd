// Word normalisation (docs/policy-semantics.md §Normalisation): quote removal,
// escapes, ANSI-C decoding, static brace expansion, $IFS splitting and
// literal-variable substitution. What stays unknown becomes a hole: kHole in
// the text, matching anything.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "shell/ast.h"

namespace paddock::rules {

inline constexpr char kHole = '\0';
// A hole followed by this mark is a glob hole: text that an unquoted *, ?
// or [...] matched, which is part of one file name and so holds no '/'.
// Every check for kHole sees it as a hole; only path matching uses the mark.
inline constexpr char kGlobMark = '\x07';
// The same for at least one character: what ? or [...] matched.
inline constexpr char kGlobOneMark = '\x08';
inline bool IsGlobMark(char c) { return c == kGlobMark || c == kGlobOneMark; }
// The bytes a hole may consist of: kHole and the glob marks after it.
inline constexpr std::string_view kHoleBytes{"\0\x07\x08", 3};
static_assert(kHoleBytes[1] == kGlobMark && kHoleBytes[2] == kGlobOneMark);
inline bool IsHoleByte(char c) { return kHoleBytes.find(c) != std::string_view::npos; }
// The word has at least one glob hole.
inline bool HasGlobHole(std::string_view w) { return w.find_first_of(kHoleBytes.substr(1)) != std::string_view::npos; }
inline bool GlobHoleAt(std::string_view w, size_t i) {
  return w[i] == kHole && i + 1 < w.size() && IsGlobMark(w[i + 1]);
}
// The word has holes, and each is a glob hole: a file name pattern.
inline bool OnlyGlobHoles(std::string_view w) {
  size_t holes = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    if (w[i] != kHole) continue;
    if (!GlobHoleAt(w, i)) return false;
    ++holes;
  }
  return holes > 0;
}
// A word that is a process substitution: "\x02" + index into VarEnv::proc_scripts.
inline constexpr char kProcMark = '\x02';

// A variable no command string can set: code text with holes is parsed with
// this variable in their place (walker_code.cc), so it must stay unknown.
inline constexpr const char* kUnknownVariable = "__PADDOCK_DYNAMIC__";

inline bool IsDynamic(const std::string& w) {
  return w.find(kHole) != std::string::npos || (!w.empty() && w[0] == kProcMark);
}

// A path whose last component is static ("<unknown>/bin/python"): the
// program it runs is known by name, whatever the directory.
inline bool StaticBasename(const std::string& w) {
  size_t slash = w.rfind('/');
  return !w.empty() && w[0] != kProcMark && slash != std::string::npos && slash + 1 < w.size() &&
         w.find(kHole, slash) == std::string::npos;
}

inline constexpr const char* kDefaultIfs = " \t\n";

// Variable values, shared between copies until one of them changes: the
// walker copies its state at every branch, and a command string may set
// thousands of variables.
class VarMap {
 public:
  using Map = std::map<std::string, std::string>;
  VarMap() : map_(std::make_shared<Map>()) {}
  VarMap(Map m) : map_(std::make_shared<Map>(std::move(m))) {}  // NOLINT: assigned from a map in tests
  VarMap(std::initializer_list<Map::value_type> l) : map_(std::make_shared<Map>(l)) {}
  Map::const_iterator find(const std::string& k) const { return map_->find(k); }
  Map::const_iterator begin() const { return map_->begin(); }
  Map::const_iterator end() const { return map_->end(); }
  size_t count(const std::string& k) const { return map_->count(k); }
  const std::string& at(const std::string& k) const { return map_->at(k); }
  bool empty() const { return map_->empty(); }
  std::string& operator[](const std::string& k) { return Mut()[k]; }
  void erase(const std::string& k) {
    if (map_->count(k)) Mut().erase(k);
  }
  void clear() { map_ = std::make_shared<Map>(); }
  bool SameAs(const VarMap& o) const { return map_ == o.map_; }
  bool operator==(const VarMap& o) const { return map_ == o.map_ || *map_ == *o.map_; }
  bool operator==(const Map& o) const { return *map_ == o; }
  const Map& map() const { return *map_; }

 private:
  Map& Mut() {
    if (map_.use_count() > 1) map_ = std::make_shared<Map>(*map_);
    return *map_;
  }
  std::shared_ptr<Map> map_;
};

// What the engine knows about variables at a point in the command string.
struct VarEnv {
  VarMap vars;                  // literal values known here
  std::set<std::string> ints;   // hold an integer, digits unknown
  std::set<std::string> assoc;  // associative arrays: subscripts are strings, not arithmetic
  // IFS is vars["IFS"] when set, bash's default when absent, unknown when this
  // is true (then an unquoted expansion may split anywhere).
  bool ifs_unknown = false;
  std::optional<std::vector<std::string>> positional;         // $0 $1 ...; nullopt: unknown
  std::vector<const shell::Script*>* proc_scripts = nullptr;  // collects <( ) bodies

  std::optional<std::string> Ifs() const;  // nullopt: unknown
};

// Text bash reads as an integer constant: 12, -3, 0x1f, 16#ff (and "": 0).
bool IsIntegerText(const std::string& s);

// Expands one shell word into zero or more normalised words.
std::vector<std::string> ExpandWord(const shell::Word& word, const VarEnv& env);
// Expands a list of words (argv).
std::vector<std::string> ExpandWords(const std::vector<shell::Word>& words, const VarEnv& env);
// The value of an assignment: one string (no splitting, no brace expansion).
std::string AssignmentValue(const shell::Word& word, const VarEnv& env);
// The word with its glob holes made full holes (any text): for matching
// that does not know where file names end (Bash rules).
std::string FullHoles(std::string_view word);
// Human-readable form: holes shown as "$?", glob holes as "*", and process substitutions as "<(...)".
std::string Display(const std::string& word);
std::string DisplayWords(const std::vector<std::string>& words, size_t from = 0);

}  // namespace paddock::rules
