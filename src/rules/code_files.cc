#include "rules/code_files.h"

#include <cctype>

#include "base/strings.h"
#include "rules/carried_editor.h"
#include "rules/code_use.h"
#include "rules/interpreter_code.h"
#include "rules/normalize.h"
#include "rules/unwrap.h"

namespace paddock::rules {
namespace {

size_t SkipBlanks(const std::string& s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return i;
}

// The file name awk's redirection at s[i] names when it starts with a
// string literal ("…", escapes kept); text concatenated after it ("out/"
// $1) is unknown: a hole. nullopt when it does not start with one.
std::optional<std::string> AwkString(const std::string& s, size_t i) {
  if (i >= s.size() || s[i] != '"') return std::nullopt;
  std::string text;
  for (size_t k = i + 1; k < s.size(); ++k) {
    if (s[k] == '"') {
      size_t next = SkipBlanks(s, k + 1);
      if (next < s.size() && std::string_view(";})|,\n").find(s[next]) == std::string_view::npos) text += kHole;
      return text;
    }
    if (s[k] == '\\' && k + 1 < s.size()) text += s[k++];
    text += s[k];
  }
  return std::nullopt;
}

// awk's file redirections with a literal name: `< "F"` after getline
// (also `getline var < "F"`) reads F; `> "F"` and `>> "F"` write it (also
// where '>' compares with a string: a file of that name is then only
// taken for written, over-approximating).
void AwkRedirections(const std::string& code, std::vector<FileAccess>& out) {
  for (size_t i = 0; i < code.size(); ++i) {
    if (code[i] == '>') {
      if (i + 1 < code.size() && code[i + 1] == '>') ++i;  // >>
      size_t at = SkipBlanks(code, i + 1);
      if (auto f = AwkString(code, at)) out.push_back({*f, true});
    } else if (code.compare(i, 7, "getline") == 0) {
      size_t at = SkipBlanks(code, i + 7);
      while (at < code.size() && (std::isalnum(static_cast<unsigned char>(code[at])) || code[at] == '_')) ++at;
      at = SkipBlanks(code, at);
      if (at < code.size() && code[at] == '<')
        if (auto f = AwkString(code, SkipBlanks(code, at + 1))) out.push_back({*f, false});
    }
  }
}

// awk -v NAME=VALUE, -vNAME=VALUE, --assign[=]NAME=VALUE: a value the
// program may open (`getline < f`) is read, as NAME=PATH words of other
// programs are.
void AwkAssignments(const Words& w, std::vector<FileAccess>& out) {
  for (size_t i = 1; i < w.size(); ++i) {
    const std::string& a = w[i];
    std::string assignment;
    if ((a == "-v" || a == "--assign") && i + 1 < w.size()) assignment = w[++i];
    else if (a.starts_with("-v") && a.size() > 2) assignment = a.substr(2);
    else if (a.starts_with("--assign=")) assignment = a.substr(9);
    size_t eq = assignment.find('=');
    std::string value = eq == std::string::npos ? "" : assignment.substr(eq + 1);
    if (!value.empty() && value.find_first_of(" \t\n") == std::string::npos) out.push_back({value, false});
  }
}

}  // namespace

std::vector<std::string> QuotedTexts(const std::string& code) {
  std::vector<std::string> out;
  for (const auto& text : QuotedSpans(code, "\"'`")) {
    size_t start = text.find_first_not_of("+<>| ");  // Perl's open modes
    if (start != std::string::npos && text.size() < 4096 && text.find('\n') == std::string::npos)
      out.push_back(text.substr(start));
  }
  return out;
}

void CodeFileAccesses(const Words& w, std::vector<FileAccess>& out) {
  if (w.empty() || IsDynamic(w[0])) return;
  std::string name = CommandName(w[0]);
  if (IsViEditor(name)) {
    for (const auto& [path, write] : EditorFiles(w)) out.push_back({path, write});
    return;
  }
  if (InterpreterLanguage(name) != "awk") return;
  AwkAssignments(w, out);
  CodeUse use = AnalyzeLayer(w);
  for (const auto& code : use.codes) AwkRedirections(code, out);
}

}  // namespace paddock::rules
