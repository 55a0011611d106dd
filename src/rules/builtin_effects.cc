#include "rules/builtin_effects.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>

#include "base/strings.h"
#include "rules/normalize.h"
#include "rules/printf_format.h"

namespace paddock::rules {
namespace {

const std::string kHoleWord(1, kHole);

// Options of a builtin parsed the way bash's internal getopt does: clustered
// flags, an option argument attached or in the next word, `--` ends them.
struct Options {
  std::vector<std::pair<std::string, std::string>> flags;  // {"-i", ""}, {"-p", "path"}, {"+x", ""}
  Words operands;
  bool Has(char c) const {
    for (const auto& f : flags)
      if (f.first[0] == '-' && f.first[1] == c) return true;
    return false;
  }
  std::vector<std::string> Args(char c) const {
    std::vector<std::string> out;
    for (const auto& f : flags)
      if (f.first[0] == '-' && f.first[1] == c) out.push_back(f.second);
    return out;
  }
};

Options ParseOptions(const Words& w, const char* with_arg, bool plus_flags = false) {
  Options o;
  size_t i = 1;
  while (i < w.size()) {
    const std::string& a = w[i];
    if (a == "--") {
      ++i;
      break;
    }
    if (a.size() < 2 || (a[0] != '-' && !(plus_flags && a[0] == '+')) || IsDynamic(a)) break;
    for (size_t j = 1; j < a.size(); ++j) {
      std::string flag{a[0], a[j]};
      if (OneOf(with_arg, a[j])) {
        std::string arg = j + 1 < a.size() ? a.substr(j + 1) : (i + 1 < w.size() ? w[++i] : "");
        o.flags.push_back({flag, arg});
        break;
      }
      o.flags.push_back({flag, ""});
    }
    ++i;
  }
  o.operands.assign(w.begin() + static_cast<long>(std::min(i, w.size())), w.end());
  return o;
}

bool IsIdentifier(const std::string& s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == '_' || std::isalnum(static_cast<unsigned char>(c)); });
}

// NAME or NAME[subscript] as the builtin receives it.
VarWrite WriteTo(const std::string& operand, VarWrite::Kind kind) {
  VarWrite v;
  v.kind = kind;
  size_t open = operand.find('[');
  if (open != std::string::npos && operand.back() == ']' && !IsDynamic(operand.substr(0, open))) {
    v.name = operand.substr(0, open);
    v.subscript = operand.substr(open + 1, operand.size() - open - 2);
    v.has_subscript = true;
  } else {
    v.name = operand;
  }
  return v;
}

void WriteName(BuiltinEffects& e, const std::string& operand, VarWrite::Kind kind) {
  e.name_operands.push_back(operand);
  e.writes.push_back(WriteTo(operand, kind));
}

std::string JoinWords(const Words& w) {
  std::string out;
  for (size_t i = 0; i < w.size(); ++i) out += (i ? " " : "") + w[i];
  return out;
}

// The options each declaration builtin accepts; any other makes it fail
// without effect. Only declare, typeset and local take +OPTION.
const char* DeclarationOptions(const std::string& name) {
  if (name == "export") return "fnp";
  if (name == "readonly") return "aAfp";
  return "aAfFgiIlnprtux";
}

void Declaration(const Words& w, const std::string& name, BuiltinEffects& e) {
  bool declare = name != "export" && name != "readonly";
  Options o = ParseOptions(w, "", declare);
  for (const auto& f : o.flags) {
    if (IsDynamic(f.first)) e.opaque.push_back(name + " options built at run time");
    else if (!OneOf(DeclarationOptions(name), f.first[1])) return;
  }
  if (o.Has('f') || o.Has('F')) return;  // functions, not variables
  if (declare && o.Has('p')) return;     // prints; assigns nothing
  bool nameref = name != "export" && o.Has('n');
  bool readonly = name == "readonly" || o.Has('r');
  for (const auto& operand : o.operands) {
    size_t eq = operand.find('=');
    std::string target = eq == std::string::npos ? operand : operand.substr(0, eq);
    bool append = eq != std::string::npos && eq > 0 && target.back() == '+';
    if (append) target.pop_back();
    e.name_operands.push_back(target);
    VarWrite v = WriteTo(target, VarWrite::kUnknown);
    std::string bare = v.name;
    if (o.Has('i')) e.int_names.push_back(bare);
    if (o.Has('a') || o.Has('A')) e.array_names.push_back(bare);
    if (o.Has('A')) e.assoc_names.push_back(bare);
    if (o.Has('l') || o.Has('u') || o.Has('c')) e.transform_names.push_back(bare);
    if (readonly && IsDynamic(bare)) e.readonly_unknown = true;
    else if (readonly) e.readonly_names.push_back(bare);
    if (nameref) {
      e.namerefs.push_back({bare, eq == std::string::npos ? kHoleWord : operand.substr(eq + 1)});
      continue;
    }
    if (eq == std::string::npos) {
      if (name == "export" || name == "readonly") continue;  // attributes only
      v.keeps_value = true;
      e.writes.push_back(v);
      continue;
    }
    std::string value = operand.substr(eq + 1);
    if (!value.empty() && value.front() == '(' && value.back() == ')') {
      // NAME=(...): a compound assignment bash parses as code.
      e.now_code.push_back({operand, name + " compound assignment"});
      continue;
    }
    v.append = append;
    v.declaration = true;
    v.kind = IsDynamic(value) ? VarWrite::kUnknown : VarWrite::kLiteral;
    if (v.kind == VarWrite::kLiteral) v.value = value;
    e.writes.push_back(v);
  }
}

// bind -x 'KEYSEQ: COMMAND' (or "KEYSEQ" COMMAND): the command.
bool BindCommand(const std::string& spec, std::string* command) {
  size_t i = 0;
  while (i < spec.size() && (spec[i] == ' ' || spec[i] == '\t')) ++i;
  if (i < spec.size() && spec[i] == '"') {
    for (++i; i < spec.size() && spec[i] != '"'; ++i)
      if (spec[i] == '\\') ++i;
    if (i >= spec.size()) return false;
    ++i;
    while (i < spec.size() && (spec[i] == ' ' || spec[i] == '\t')) ++i;
    if (i < spec.size() && spec[i] == ':') ++i;
  } else {
    size_t colon = spec.find(':', i);
    if (colon == std::string::npos) return false;
    i = colon + 1;
  }
  std::string rest = spec.substr(std::min(i, spec.size()));
  size_t b = rest.find_first_not_of(" \t");
  rest = b == std::string::npos ? "" : rest.substr(b);
  if (rest.size() >= 2 && (rest[0] == '"' || rest[0] == '\'') && rest.back() == rest[0])
    rest = rest.substr(1, rest.size() - 2);
  *command = rest;
  return true;
}

// One function per builtin: what it writes, binds or runs later.
void Read(const Words& w, const std::string&, BuiltinEffects& e) {
  Options o = ParseOptions(w, "adinNptu");
  for (const auto& arr : o.Args('a')) WriteName(e, arr, VarWrite::kArray);
  for (const auto& n : o.operands) WriteName(e, n, VarWrite::kUnknown);
  if (o.operands.empty() && !o.Has('a')) WriteName(e, "REPLY", VarWrite::kUnknown);
}

void Mapfile(const Words& w, const std::string& name, BuiltinEffects& e) {
  Options o = ParseOptions(w, "dnOsuCc");
  for (const auto& cb : o.Args('C')) e.later_code.push_back({cb, name + " -C callback", 2});
  if (o.operands.empty()) WriteName(e, "MAPFILE", VarWrite::kArray);
  for (const auto& n : o.operands) WriteName(e, n, VarWrite::kArray);
}

// A printf format with a %n conversion.
bool HasCountConversion(const std::string& format) {
  for (size_t i = format.find('%'); i != std::string::npos; i = format.find('%', i)) {
    ++i;
    if (i < format.size() && format[i] == '%') {
      ++i;
      continue;
    }
    while (i < format.size() && format[i] && OneOf("#'-+ 0123456789.*hjlLtz", format[i])) ++i;
    if (i < format.size() && format[i] == 'n') return true;
  }
  return false;
}

void Printf(const Words& w, const std::string&, BuiltinEffects& e) {
  Options o = ParseOptions(w, "v");
  for (const auto& n : o.Args('v')) WriteName(e, n, VarWrite::kUnknown);
  // %n assigns the count of bytes written to the name in its argument.
  bool all_static = std::none_of(w.begin(), w.end(), [](const std::string& x) { return IsDynamic(x); });
  PrintfRun run = all_static ? RunPrintf(Words(w.begin() + 1, w.end())) : PrintfRun{false, "", {}};
  if (run.known) {
    for (const auto& [name, count] : run.counts) {
      e.name_operands.push_back(name);
      VarWrite v = WriteTo(name, VarWrite::kLiteral);
      v.value = std::to_string(count);
      e.writes.push_back(v);
    }
    return;
  }
  if (!o.operands.empty() && !IsDynamic(o.operands[0]) && !HasCountConversion(o.operands[0])) return;
  for (size_t i = 1; i < o.operands.size(); ++i)  // any identifier may be one
    if (IsIdentifier(o.operands[i])) WriteName(e, o.operands[i], VarWrite::kUnknown);
}

void Let(const Words& w, const std::string&, BuiltinEffects& e) {
  for (size_t i = 1; i < w.size(); ++i) e.arith_texts.push_back(w[i]);
}

void Unset(const Words& w, const std::string&, BuiltinEffects& e) {
  Options o = ParseOptions(w, "");
  if (o.Has('f')) return;
  for (const auto& n : o.operands) {
    WriteName(e, n, VarWrite::kUnknown);
    e.unset_names.push_back(n);
  }
}

void Test(const Words& w, const std::string&, BuiltinEffects& e) {
  for (size_t i = 1; i + 1 < w.size(); ++i)
    if (w[i] == "-v") e.name_operands.push_back(w[i + 1]);
}

void Getopts(const Words& w, const std::string&, BuiltinEffects& e) {
  if (w.size() > 2) WriteName(e, w[2], VarWrite::kUnknown);
  WriteName(e, "OPTARG", VarWrite::kUnknown);
  WriteName(e, "OPTIND", VarWrite::kInteger);
}

void Wait(const Words& w, const std::string&, BuiltinEffects& e) {
  Options o = ParseOptions(w, "p");
  for (const auto& n : o.Args('p')) WriteName(e, n, VarWrite::kUnknown);
}

void Set(const Words& w, const std::string&, BuiltinEffects& e) {
  size_t i = 1;
  bool words = false;
  while (i < w.size()) {
    const std::string& a = w[i];
    if (a == "--" || a == "-") {
      ++i;
      words = true;
      break;
    }
    if (IsDynamic(a)) {
      e.positional_unknown = true;
      e.histexpand = true;
      return;
    }
    if (a.size() < 2 || (a[0] != '-' && a[0] != '+')) {
      words = true;
      break;
    }
    if (a[0] == '-' && a.find('H') != std::string::npos) e.histexpand = true;
    if (a.find('o') != std::string::npos) {  // -o NAME, -euo NAME
      if (a[0] == '-' && i + 1 < w.size() && (w[i + 1] == "histexpand" || IsDynamic(w[i + 1]))) e.histexpand = true;
      ++i;
    }
    ++i;
  }
  if (!words) return;
  e.sets_positional = true;
  e.positional.assign(w.begin() + static_cast<long>(std::min(i, w.size())), w.end());
  for (const auto& p : e.positional)
    if (IsDynamic(p)) e.positional_unknown = true;
}

void Shift(const Words& w, const std::string&, BuiltinEffects& e) {
  if (w.size() < 2) e.shift = 1;
  else if (!IsDynamic(w[1]) && w[1].size() < 4 && w[1].find_first_not_of("0123456789") == std::string::npos)
    e.shift = std::stoi(w[1]);
  else e.positional_unknown = true;
}

void Alias(const Words& w, const std::string&, BuiltinEffects& e) {
  for (size_t i = 1; i < w.size(); ++i) {
    size_t eq = w[i].find('=');
    if (eq == std::string::npos) continue;
    std::string n = w[i].substr(0, eq);
    if (IsDynamic(n)) e.opaque.push_back("alias name built at run time ('" + Display(w[i]) + "')");
    else e.aliases.push_back({n, w[i].substr(eq + 1)});
  }
}

void Hash(const Words& w, const std::string&, BuiltinEffects& e) {
  Options o = ParseOptions(w, "p");
  for (const auto& path : o.Args('p'))
    for (const auto& n : o.operands) {
      if (IsDynamic(n)) e.opaque.push_back("hash -p binds a name built at run time ('" + Display(n) + "')");
      else e.hashes.push_back({n, path});
    }
}

void Complete(const Words& w, const std::string& name, BuiltinEffects& e) {
  Options o = ParseOptions(w, "oAGWFCXPSV");
  for (const auto& c : o.Args('C')) e.later_code.push_back({c, name + " -C command", 3});
  for (const auto& f : o.Args('F')) e.later_code.push_back({f, name + " -F function", 3});
  for (const auto& list : o.Args('W')) e.expanded_texts.push_back(list);
  for (const auto& v : o.Args('V')) WriteName(e, v, VarWrite::kArray);
}

void Bind(const Words& w, const std::string&, BuiltinEffects& e) {
  Options o = ParseOptions(w, "mqurfx");
  for (const auto& spec : o.Args('x')) {
    std::string command;
    if (BindCommand(spec, &command)) e.later_code.push_back({command, "bind -x command"});
    else e.opaque.push_back("bind -x binding not understood ('" + Display(spec) + "')");
  }
}

void Fc(const Words& w, const std::string&, BuiltinEffects& e) {
  Options o = ParseOptions(w, "e");
  if (o.Has('l')) return;
  auto editors = o.Args('e');
  bool substitute = o.Has('s') || (!editors.empty() && editors.back() == "-");
  if (substitute) {
    for (const auto& a : o.operands)
      if (a.find('=') != std::string::npos || IsDynamic(a))
        e.opaque.push_back("fc -s runs a history entry with text substituted into it");
    return;
  }
  for (const auto& ed : editors) e.later_code.push_back({ed, "fc -e editor", 1});
  e.opaque.push_back("fc runs a history entry as an editor left it");
}

void History(const Words& w, const std::string&, BuiltinEffects& e) {
  Options o = ParseOptions(w, "d");
  if (o.Has('s')) e.later_code.push_back({JoinWords(o.operands), "history -s entry"});
}

void ChangeDir(const Words&, const std::string&, BuiltinEffects& e) {
  WriteName(e, "PWD", VarWrite::kUnknown);
  WriteName(e, "OLDPWD", VarWrite::kUnknown);
}

void Declare(const Words& w, const std::string& name, BuiltinEffects& e) { Declaration(w, name, e); }

// shopt -s/-u xpg_echo: whether echo decodes backslash escapes by default.
void Shopt(const Words& w, const std::string&, BuiltinEffects& e) {
  using Toggle = BuiltinEffects::Toggle;
  bool dynamic = std::any_of(w.begin() + 1, w.end(), [](const std::string& x) { return IsDynamic(x); });
  if (!dynamic && std::find(w.begin() + 1, w.end(), "xpg_echo") == w.end()) return;
  Options o = ParseOptions(w, "");
  if (dynamic) e.xpg_echo = Toggle::kUnknown;
  else if (o.Has('o')) return;  // set -o names
  else if (o.Has('s') != o.Has('u')) e.xpg_echo = o.Has('s') ? Toggle::kOn : Toggle::kOff;
}

using Analyzer = void (*)(const Words&, const std::string&, BuiltinEffects&);
const std::map<std::string, Analyzer>& Analyzers() {
  static const std::map<std::string, Analyzer> table = {
      {"read", Read},       {"mapfile", Mapfile}, {"readarray", Mapfile}, {"printf", Printf},     {"declare", Declare},
      {"typeset", Declare}, {"local", Declare},   {"export", Declare},    {"readonly", Declare},  {"let", Let},
      {"unset", Unset},     {"test", Test},       {"getopts", Getopts},   {"wait", Wait},         {"set", Set},
      {"shift", Shift},     {"alias", Alias},     {"hash", Hash},         {"complete", Complete}, {"compgen", Complete},
      {"bind", Bind},       {"fc", Fc},           {"history", History},   {"cd", ChangeDir},      {"pushd", ChangeDir},
      {"popd", ChangeDir},  {"shopt", Shopt},
  };
  return table;
}

}  // namespace

BuiltinEffects AnalyzeBuiltin(const Words& w) {
  BuiltinEffects e;
  if (w.empty() || IsDynamic(w[0])) return e;
  const std::string name = w[0] == "[" ? "test" : w[0];  // builtins: exact names, no paths
  auto it = Analyzers().find(name);
  if (it != Analyzers().end()) it->second(w, name, e);
  return e;
}

}  // namespace paddock::rules
