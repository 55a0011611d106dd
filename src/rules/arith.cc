#include "rules/arith.h"

#include <cctype>
#include <cstring>
#include <optional>
#include <set>

#include "base/strings.h"

namespace paddock::rules {
namespace {

constexpr int kMaxDepth = 32;
constexpr size_t kMaxOpaque = 8;  // one reason decides; more only cost time on hostile input

void AddOpaque(ArithFindings& out, std::string what) {
  if (out.opaque.size() >= kMaxOpaque) return;
  for (const auto& o : out.opaque)
    if (o == what) return;
  out.opaque.push_back(std::move(what));
}

bool IsNameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Bounds the work on hostile values (x='y+y', y='z+z', ...) and cycles
// (x='${x@P}'): past either limit the value counts as unknown.
struct Guard {
  explicit Guard(ArithFindings& out) : out_(out) {
    ++out_.depth;
    if (--out_.budget < 0 || out_.depth > kMaxDepth) {
      ok = false;
      if (out_.budget == -1 || out_.depth == kMaxDepth + 1) AddOpaque(out_, "expression nested too deeply to evaluate");
    }
  }
  ~Guard() { --out_.depth; }
  bool ok = true;
  ArithFindings& out_;
};

// The literal value of a simple parameter, if known.
std::optional<std::string> LiteralValue(const std::string& name, const VarEnv& env) {
  if (env.positional && !name.empty()) {
    const auto& pos = *env.positional;
    if (std::isdigit(static_cast<unsigned char>(name[0]))) {
      size_t i = name.size() > 3 ? pos.size() : std::stoul(name);
      std::string v = i < pos.size() ? pos[i] : "";
      if (IsDynamic(v)) return std::nullopt;
      return v;
    }
    if (name == "@" || name == "*") {
      std::string v;
      for (size_t i = 1; i < pos.size(); ++i) v += (i > 1 ? " " : "") + pos[i];
      if (IsDynamic(v)) return std::nullopt;
      return v;
    }
  }
  if (name == "IFS") return env.Ifs();
  auto it = env.vars.find(name);
  if (it != env.vars.end()) return it->second;
  return std::nullopt;
}

bool HoldsInteger(const std::string& name, const VarEnv& env) {
  if (env.ints.count(name)) return true;
  auto v = LiteralValue(name, env);
  return v && IsIntegerText(*v);
}

// Index of the ']' closing the '[' at `open`, or npos.
size_t MatchBracket(std::string_view t, size_t open) {
  int depth = 0;
  for (size_t i = open; i < t.size(); ++i) {
    if (t[i] == '[') ++depth;
    else if (t[i] == ']' && --depth == 0) return i;
  }
  return std::string_view::npos;
}

void CollectScripts(const shell::Word& w, ArithFindings& out) {
  for (const auto& part : w.parts)
    for (const auto& s : part.scripts)
      if (s) out.scripts.push_back(s);
}

std::optional<shell::Word> ParseText(std::string_view text, ArithFindings& out) {
  bool ok = false;
  shell::Word w = shell::ParseDoubleQuotedText(text, 0, shell::ParseLimits{}, &ok);
  if (!ok) {
    AddOpaque(out, "cannot parse '" + std::string(text.substr(0, 80)) + "' that bash expands");
    return std::nullopt;
  }
  return w;
}

struct Eval {
  const VarEnv& env;
  ArithFindings& out;
  std::set<std::string> assigned;  // integers stored earlier in this evaluation
  std::set<std::string> checked;   // values already evaluated: the same value finds the same code

  // The shell's expansion of an arithmetic source text: the text bash's
  // evaluator then reads, or nullopt when part of it is not known.
  std::optional<std::string> Expand(const shell::Word& w, bool new_code) {
    // The word's parts hold every substitution nested in them: collected
    // here once, so the checks below do not collect them again.
    if (new_code) CollectScripts(w, out);
    new_code = false;
    std::string text;
    std::optional<std::string> unknown;
    for (const auto& p : w.parts) {
      switch (p.kind) {
        case shell::PartKind::kLiteral: text += p.text; break;
        case shell::PartKind::kParam:
          if (p.complex) {
            CheckBraceParam(p.raw, env, new_code, out);
            if (p.raw.size() > 1 && p.raw[0] == '#') text += "1";  // a length
            else if (!unknown) unknown = "${" + p.raw + "}";
          } else if (auto v = LiteralValue(p.text, env)) {
            text += *v;
          } else if (HoldsInteger(p.text, env) || assigned.count(p.text)) {
            text += "1";
          } else if (!unknown) {
            unknown = "$" + p.text;
          }
          break;
        case shell::PartKind::kArith:
          CheckArithSource(p.text, env, new_code, out);
          text += "1";
          break;
        case shell::PartKind::kCommandSubst:
          if (!unknown) unknown = "the output of a command substitution";
          break;
        case shell::PartKind::kProcessSubst:
          if (!unknown) unknown = "a process substitution";
          break;
      }
    }
    if (unknown) {
      AddOpaque(out, *unknown + " is evaluated as arithmetic and its value is not known");
      return std::nullopt;
    }
    return text;
  }

  // A subscript inside evaluated text: expanded again (substitutions run),
  // then evaluated unless the array is associative.
  void Subscript(std::string_view sub, bool associative) {
    if (sub == "@" || sub == "*") return;
    auto w = ParseText(sub, out);
    if (!w) return;
    if (associative) {
      CheckWordExpansions(*w, env, true, out);
      return;
    }
    if (auto text = Expand(*w, true)) Text(*text);
  }

  void Read(const std::string& name, bool element) {
    if (element) {
      AddOpaque(out, "an element of array '" + name + "' is evaluated as arithmetic and is not known");
      return;
    }
    if (assigned.count(name) || env.ints.count(name) || !checked.insert(name).second) return;
    auto v = LiteralValue(name, env);
    if (!v) {
      AddOpaque(out, "the value of '" + name + "' is evaluated as arithmetic and is not known");
      return;
    }
    if (!IsIntegerText(*v)) Text(*v);  // a value is itself an expression
  }

  void Text(std::string_view t) {
    Guard guard(out);
    if (!guard.ok) return;
    out.budget -= static_cast<int>(t.size() / 64);  // long values cost in proportion
    size_t i = 0, n = t.size();
    while (i < n) {
      char c = t[i];
      if (std::isdigit(static_cast<unsigned char>(c))) {  // 12, 0x1f, 16#ff, 64#@_
        while (i < n && (IsNameChar(t[i]) || t[i] == '#' || t[i] == '@')) ++i;
        continue;
      }
      if (!IsNameStart(c)) {
        ++i;
        continue;
      }
      size_t start = i;
      while (i < n && IsNameChar(t[i])) ++i;
      std::string name(t.substr(start, i - start));
      bool element = false;
      if (i < n && t[i] == '[') {
        size_t close = MatchBracket(t, i);
        if (close == std::string_view::npos) {
          AddOpaque(out, "unbalanced subscript in arithmetic");
          return;
        }
        std::string_view sub = t.substr(i + 1, close - i - 1);
        element = sub != "@" && sub != "*";
        Subscript(sub, env.assoc.count(name) > 0);
        i = close + 1;
      }
      size_t j = i;
      while (j < n && std::isspace(static_cast<unsigned char>(t[j]))) ++j;
      std::string_view after = t.substr(j);
      bool assign = !after.empty() && after[0] == '=' && (after.size() < 2 || after[1] != '=');
      bool update = false;
      for (const char* op : {"+=", "-=", "*=", "/=", "%=", "&=", "^=", "|=", "<<=", ">>=", "++", "--"})
        if (after.substr(0, std::strlen(op)) == op) update = true;
      size_t k = start;
      while (k > 0 && std::isspace(static_cast<unsigned char>(t[k - 1]))) --k;
      if (k >= 2 && (t.substr(k - 2, 2) == "++" || t.substr(k - 2, 2) == "--")) update = true;
      if (!assign) Read(name, element);
      if (assign || update) {
        if (element) {
          out.writes.push_back(name);
        } else {
          out.int_writes.push_back(name);
          assigned.insert(name);
        }
      }
    }
  }
};

// Splits `s` on `sep` outside brackets, braces, parentheses and quotes.
std::vector<std::string_view> SplitTopLevel(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  int depth = 0;
  char quote = 0;
  size_t from = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quote) {
      if (c == quote) quote = 0;
      else if (c == '\\' && quote == '"') ++i;
      continue;
    }
    if (c == '\\') {
      ++i;
      continue;
    }
    if (c == '\'' || c == '"') quote = c;
    else if (c == '(' || c == '[' || c == '{') ++depth;
    else if (c == ')' || c == ']' || c == '}') --depth;
    else if (c == sep && depth == 0) {
      out.push_back(s.substr(from, i - from));
      from = i + 1;
    }
  }
  out.push_back(s.substr(from));
  return out;
}

void CheckOperandText(std::string_view text, const VarEnv& env, bool new_code, ArithFindings& out) {
  if (text.empty()) return;
  auto w = ParseText(text, out);
  if (w) CheckWordExpansions(*w, env, new_code, out);
}

// Prompt escapes that bash decodes before expanding: octal ones can make a
// '$' or '`' (PS4='\044(cmd)' runs cmd); the ones that insert run-time text
// (\w, \u, ...) are quoted by bash and stand for neutral text here.
std::string DecodePrompt(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out += s[i];
      continue;
    }
    char c = s[++i];
    if (c >= '0' && c <= '7') {
      int v = 0;
      int digits = 0;
      while (digits < 3 && i < s.size() && s[i] >= '0' && s[i] <= '7') {
        v = v * 8 + (s[i++] - '0');
        ++digits;
      }
      --i;
      out += static_cast<char>(v & 0xff);
    } else if (c == '\\') {
      out += '\\';
    } else if (c == '$') {
      out += "\\$";
    } else if (c == '[' || c == ']') {
    } else if (c == 'a') {
      out += '\a';
    } else if (c == 'e') {
      out += '\x1b';
    } else if (c == 'n') {
      out += '\n';
    } else if (c == 'r') {
      out += '\r';
    } else if (c == 'D' && i + 1 < s.size() && s[i + 1] == '{') {
      size_t close = s.find('}', i);
      i = close == std::string::npos ? s.size() : close;
      out += 'x';
    } else if (OneOf("dhHjlsuvVwWtT@A!#", c)) {
      out += 'x';
    } else {
      out += '\\';
      out += c;
    }
  }
  return out;
}

}  // namespace

void CheckArithSource(std::string_view source, const VarEnv& env, bool new_code, ArithFindings& out) {
  Guard guard(out);
  if (!guard.ok) return;
  auto w = ParseText(source, out);
  if (!w) return;
  Eval e{env, out, {}, {}};
  if (auto text = e.Expand(*w, new_code)) e.Text(*text);
}

void CheckArithWord(const shell::Word& word, const VarEnv& env, ArithFindings& out) {
  Eval e{env, out, {}, {}};
  if (auto text = e.Expand(word, false)) e.Text(*text);
}

void CheckArithText(std::string_view text, const VarEnv& env, ArithFindings& out) {
  Eval e{env, out, {}, {}};
  e.Text(text);
}

void CheckNameOperand(const std::string& operand, const VarEnv& env, ArithFindings& out) {
  if (IsDynamic(operand)) {
    AddOpaque(out,
              "a variable name built at run time ('" + Display(operand) + "') may carry a subscript that runs code");
    return;
  }
  size_t open = operand.find('[');
  if (open == std::string::npos) return;
  size_t close = MatchBracket(operand, open);
  if (close == std::string::npos) return;  // not a valid name: bash refuses it
  Eval e{env, out, {}, {}};
  e.Subscript(std::string_view(operand).substr(open + 1, close - open - 1),
              env.assoc.count(operand.substr(0, open)) > 0);
}

void CheckBraceParam(std::string_view raw, const VarEnv& env, bool new_code, ArithFindings& out) {
  Guard guard(out);
  if (!guard.ok) return;
  size_t i = 0, n = raw.size();
  if (i < n && raw[i] == '(') {  // zsh flags
    size_t close = raw.find(')');
    i = close == std::string_view::npos ? n : close + 1;
  }
  bool indirect = false, length = false;
  if (i < n && raw[i] == '!' && i + 1 < n) {
    indirect = true;
    ++i;
  } else if (i < n && raw[i] == '#' && i + 1 < n && raw[i + 1] != '}') {
    length = true;
    ++i;
  }
  size_t name_start = i;
  if (i < n && IsNameStart(raw[i])) {
    while (i < n && IsNameChar(raw[i])) ++i;
  } else if (i < n && std::isdigit(static_cast<unsigned char>(raw[i]))) {
    while (i < n && std::isdigit(static_cast<unsigned char>(raw[i]))) ++i;
  } else if (i < n && OneOf("@*#?$!-", raw[i])) {
    ++i;
  }
  std::string name(raw.substr(name_start, i - name_start));
  bool element = false, all_elements = false;
  if (i < n && raw[i] == '[') {
    size_t close = MatchBracket(raw, i);
    if (close == std::string_view::npos) {
      AddOpaque(out, "unbalanced subscript in ${" + std::string(raw.substr(0, 40)) + "}");
      return;
    }
    std::string_view sub = raw.substr(i + 1, close - i - 1);
    all_elements = sub == "@" || sub == "*";
    element = !all_elements;
    if (element && env.assoc.count(name)) CheckOperandText(sub, env, new_code, out);
    else if (element) CheckArithSource(sub, env, new_code, out);
    i = close + 1;
  }
  std::string_view rest = raw.substr(i);
  if (length) return;
  if (indirect && !all_elements && rest != "*" && rest != "@") {
    // ${!x}: x's value names the variable to expand, subscript included.
    auto v = element ? std::nullopt : LiteralValue(name, env);
    if (v) CheckNameOperand(*v, env, out);
    else AddOpaque(out, "${!" + name + "}: the name it expands is not known and may carry a subscript that runs code");
  }
  if (rest.empty()) return;
  if (rest[0] == ':' && (rest.size() == 1 || !OneOf("-=?+", rest[1]))) {  // ${s:offset:length}
    for (auto piece : SplitTopLevel(rest.substr(1), ':'))
      if (!piece.empty()) CheckArithSource(piece, env, new_code, out);
    return;
  }
  if (rest[0] == '@') {
    if (rest == "@P") {
      auto v = element ? std::nullopt : LiteralValue(name, env);
      if (v) CheckPromptString(*v, env, out);
      else AddOpaque(out, "${" + name + "@P}: a value that is not known is expanded as a prompt (code)");
    }
    return;
  }
  static const char* kOps[] = {":-", ":=", ":?", ":+", "//", "/#", "/%", "##", "%%", "^^",
                               ",,", "-",  "=",  "?",  "+",  "/",  "#",  "%",  "^",  ","};
  for (const char* op : kOps) {
    if (rest.substr(0, std::strlen(op)) != op) continue;
    if (std::strcmp(op, "=") == 0 || std::strcmp(op, ":=") == 0) out.writes.push_back(name);
    std::string_view operand = rest.substr(std::strlen(op));
    if (op[0] == '/') {  // pattern/replacement: both expanded
      for (auto piece : SplitTopLevel(operand, '/')) CheckOperandText(piece, env, new_code, out);
    } else {
      CheckOperandText(operand, env, new_code, out);
    }
    return;
  }
}

void CheckWordExpansions(const shell::Word& word, const VarEnv& env, bool new_code, ArithFindings& out) {
  if (new_code) CollectScripts(word, out);  // nested ones included: not again below
  for (const auto& p : word.parts) {
    if (p.kind == shell::PartKind::kArith) CheckArithSource(p.text, env, false, out);
    else if (p.kind == shell::PartKind::kParam && p.complex) CheckBraceParam(p.raw, env, false, out);
  }
}

void CheckPromptString(const std::string& value, const VarEnv& env, ArithFindings& out) {
  Guard guard(out);
  if (!guard.ok) return;
  auto w = ParseText(DecodePrompt(value), out);
  if (w) CheckWordExpansions(*w, env, true, out);
}

void CheckExpandedText(const std::string& value, const VarEnv& env, ArithFindings& out) {
  Guard guard(out);
  if (!guard.ok) return;
  auto w = ParseText(value, out);
  if (w) CheckWordExpansions(*w, env, true, out);
}

}  // namespace paddock::rules
