#include "rules/interpreter_code.h"

#include <cctype>
#include <cstring>
#include <map>
#include <set>

#include "base/strings.h"
#include "rules/normalize.h"

namespace paddock::rules {
namespace {

struct Language {
  const char* code;                 // short options whose argument is the program text
  const char* with_arg;             // short options whose argument may be the next word
  const char* attached;             // short options whose (optional) argument can only be attached
  const char* digits;               // short options whose optional attached argument is digits (perl -l, -0)
  std::set<std::string> long_code;  // long options whose argument is program text
  std::set<std::string> long_arg;   // long options with an argument, `--opt value` or `--opt=value`
};

// Options checked against python 3.11, perl 5.36, ruby 3.1, node 20, php 8.2,
// lua 5.4, R 4.2, gawk 5.2 and mawk 1.3, tclsh 8.6 and expect 5.45.
const Language* LanguageOf(const std::string& lang) {
  static const std::map<std::string, Language> kLanguages = {
      {"python", {"c", "WXQ", "", "", {}, {"--check-hash-based-pycs"}}},
      {"perl", {"eE", "I", "MmxiFCdD", "l0", {}, {}}},
      {"ruby",
       {"e",
        "rICEF",
        "xWKT",
        "0",
        {},
        {"--encoding", "--external-encoding", "--internal-encoding", "--enable", "--disable", "--dump",
         "--backtrace-limit", "--crash-report"}}},
      // node: -p prints the value of its program; neither takes an attached value.
      {"node",
       {"ep",
        "rC",
        "",
        "",
        {"--eval", "--print"},
        {"--require",
         "--import",
         "--loader",
         "--experimental-loader",
         "--input-type",
         "--conditions",
         "--title",
         "--env-file",
         "--env-file-if-exists",
         "--redirect-warnings",
         "--disable-warning",
         "--icu-data-dir",
         "--openssl-config",
         "--diagnostic-dir",
         "--watch-path",
         "--stack-trace-limit",
         "--unhandled-rejections",
         "--dns-result-order",
         "--heapsnapshot-signal",
         "--secure-heap",
         "--max-http-header-size",
         "--localstorage-file",
         "--run",
         "--experimental-sea-config"}}},
      // php -B/-R/-E run code before, for each input line, after.
      {"php", {"rBRE", "dczfF", "", "", {}, {}}},
      {"lua", {"e", "l", "", "", {}, {}}},
      {"r", {"e", "", "", "", {}, {"--default-packages"}}},
      {"tcl", {"c", "fD", "", "", {}, {"-encoding"}}},
  };
  auto it = kLanguages.find(lang);
  return it == kLanguages.end() ? nullptr : &it->second;
}

bool IsOption(const std::string& a) { return a.size() > 1 && a[0] == '-'; }

// Whether w[i] is an option; options end at the first operand, or after a
// "--" (which this steps over).
bool OptionAt(const Words& w, size_t& i) {
  if (i >= w.size() || !IsOption(w[i])) return false;
  if (w[i] != "--") return true;
  ++i;
  return false;
}

// perl -MMODULE / -mMODULE / -d:MODULE: perl compiles `use MODULE;` (with
// Devel:: for -d:) before the program, so a "module" that is not a module
// name (-M'strict;system(…)') is code. Arguments after '=' are quoted by
// perl with NUL delimiters: data, not code.
size_t PerlModuleOption(std::string value, char option, CodeUse& use) {
  if (option == 'd') value = value.substr(1);
  if (!value.empty() && value[0] == '-') value.erase(0, 1);  // -M-strict: `no strict`
  std::string module = value.substr(0, value.find('='));
  if (!IsPerlModuleSpec(value))
    use.preamble.push_back(std::string("use ") + (option == 'd' ? "Devel::" : "") + module + ";");
  return 1;
}

int HexDigit(char c) {
  return std::isxdigit(static_cast<unsigned char>(c))
             ? (std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (c | 0x20) - 'a' + 10)
             : -1;
}

bool IsNodeModuleOption(const std::string& name) {
  return name == "--import" || name == "--require" || name == "--loader" || name == "--experimental-loader";
}

// node --import 'data:text/javascript,CODE': a module given inline. Its
// text is percent-decoded; a base64 one is not read here.
void NodeModule(const std::string& url, CodeUse& use) {
  if (url.rfind("data:", 0) != 0) return;
  size_t comma = url.find(',');
  std::string header = url.substr(0, comma);
  if (comma == std::string::npos || header.find(";base64") != std::string::npos) {
    use.opaque_what = "node runs a module given as a data: URL that is not plain text";
    return;
  }
  std::string code;
  for (size_t k = comma + 1; k < url.size(); ++k) {
    int hi = k + 2 < url.size() ? HexDigit(url[k + 1]) : -1, lo = k + 2 < url.size() ? HexDigit(url[k + 2]) : -1;
    if (url[k] == '%' && hi >= 0 && lo >= 0) {
      code += static_cast<char>(hi * 16 + lo);
      k += 2;
    } else {
      code += url[k];
    }
  }
  use.preamble.push_back(code);
}

// One cluster of short options (`-ple`, `-Ilib`, `-W ignore`): an option
// with a value takes the rest of the word (not node's, which takes none) or
// the next word. Returns the words used.
size_t ShortCluster(const Words& w, size_t i, const std::string& lang, const Language& l, CodeUse& use) {
  const std::string& a = w[i];
  for (size_t j = 1; j < a.size(); ++j) {
    char c = a[j];
    bool code = OneOf(l.code, c);
    if (code || OneOf(l.with_arg, c)) {
      bool attached = j + 1 < a.size() && lang != "node";
      if (!attached && i + 1 >= w.size()) return 1;
      const std::string value = attached ? a.substr(j + 1) : w[i + 1];
      if (code) use.codes.push_back(value);
      if (c == 'f' && (lang == "php" || lang == "tcl")) use.files.push_back(value);  // the program file
      return attached ? 1 : 2;
    }
    if (lang == "perl" && (c == 'M' || c == 'm' || (c == 'd' && j + 1 < a.size() && a[j + 1] == ':')))
      return PerlModuleOption(a.substr(j + 1), c, use);
    if (OneOf(l.attached, c)) return 1;  // its value is the rest of the word
    if (OneOf(l.digits, c))
      while (j + 1 < a.size() && std::isdigit(static_cast<unsigned char>(a[j + 1]))) ++j;
  }
  return 1;
}

bool IsCodeOption(const std::string& a, const Language& l) {
  if (a.rfind("--", 0) == 0) return l.long_code.count(a.substr(0, a.find('='))) > 0;
  return IsOption(a) && OneOf(l.code, a[1]);
}

// `--name`, `--name=value`, or `--name value`. An option the table does not
// know takes the next word when a code option follows it (`node --title x -e
// CODE`): which of them runs is read the way that reveals the code.
size_t LongOption(const Words& w, size_t i, const Language& l, CodeUse& use) {
  const std::string& a = w[i];
  size_t eq = a.find('=');
  std::string name = a.substr(0, eq);
  if (eq != std::string::npos) {
    if (l.long_code.count(name)) use.codes.push_back(a.substr(eq + 1));
    if (IsNodeModuleOption(name)) NodeModule(a.substr(eq + 1), use);
    return 1;
  }
  bool has_next = i + 1 < w.size();
  if (l.long_code.count(name)) {
    if (has_next) use.codes.push_back(w[i + 1]);
    return has_next ? 2 : 1;
  }
  if (l.long_arg.count(name)) {
    if (has_next && IsNodeModuleOption(name)) NodeModule(w[i + 1], use);
    return has_next ? 2 : 1;
  }
  bool value_then_code = i + 2 < w.size() && !IsOption(w[i + 1]) && IsCodeOption(w[i + 2], l);
  return value_then_code ? 2 : 1;
}

// awk [options] ['PROGRAM' | -f FILE...] [operands]: the first operand is
// the program unless -f/-E/--file/--exec (a file) or -e/--source gave one.
CodeUse AwkLayer(const Words& w, CodeUse use) {
  static const std::set<std::string> kArg = {"-v",        "-F",    "-i", "-l", "-W", "--assign", "--field-separator",
                                             "--include", "--load"};
  static const std::set<std::string> kFile = {"-f", "-E", "--file", "--exec"};
  static const std::set<std::string> kCode = {"-e", "--source"};
  size_t i = 1;
  while (OptionAt(w, i)) {
    const std::string& a = w[i];
    bool is_long = a.rfind("--", 0) == 0;
    size_t eq = is_long ? a.find('=') : std::string::npos;
    std::string opt = is_long ? a.substr(0, eq) : a.substr(0, 2);
    bool attached = is_long ? eq != std::string::npos : a.size() > 2;
    bool takes = kArg.count(opt) || kFile.count(opt) || kCode.count(opt);
    if (takes && !attached && i + 1 >= w.size()) break;
    std::string value = !takes ? "" : attached ? a.substr(is_long ? eq + 1 : 2) : w[i + 1];
    if (kCode.count(opt)) use.codes.push_back(value);
    if (kFile.count(opt)) use.files.push_back(value);
    i += takes && !attached ? 2 : 1;
  }
  if (use.codes.empty() && use.files.empty() && i < w.size()) use.codes.push_back(w[i]);
  use.kind =
      use.codes.empty() ? (use.files.empty() ? CodeUse::kNone : CodeUse::kInterpreterFile) : CodeUse::kInterpreterCode;
  return use;
}

// python -m MODULE ARGS: the standard modules that run Python code given
// to them. `code` reads a console session from stdin; `timeit` runs its
// statement operands and -s setup; `trace`, `cProfile`, `profile` and
// `pdb` run the program file (or module) after their options, and pdb's -c
// commands are Python. Any other module runs only itself.
CodeUse PythonModule(const Words& w, size_t at, const std::string& name) {
  const std::string& a = w[at];
  std::string module = a.size() > 2 ? a.substr(2) : (at + 1 < w.size() ? w[at + 1] : "");
  size_t i = a.size() > 2 ? at + 1 : at + 2;
  CodeUse use;
  use.language = "python";
  use.what = name + " -m " + module;
  if (module == "code") {
    use.kind = CodeUse::kInterpreterStdin;
    return use;
  }
  // Options that take a value, per module; the first other word is an operand.
  std::set<std::string> with_value;
  if (module == "timeit") with_value = {"-n", "--number", "-r", "--repeat", "-u", "--unit", "-s", "--setup"};
  else if (module == "trace") with_value = {"-f", "--file", "-C", "--coverdir", "--ignore-module", "--ignore-dir"};
  else if (module == "cProfile" || module == "profile") with_value = {"-o", "-s"};
  else if (module == "pdb") with_value = {"-c", "--command"};
  bool runs_file = module == "trace" || module == "cProfile" || module == "profile" || module == "pdb";
  if (module != "timeit" && !runs_file) return {};
  for (; i < w.size() && StartsWith(w[i], "-") && w[i] != "-"; ++i) {
    std::string opt = w[i].substr(0, w[i].find('='));
    bool attached = opt.size() < w[i].size();
    std::string value = attached ? w[i].substr(opt.size() + 1) : (i + 1 < w.size() ? w[i + 1] : "");
    if (opt == "-m" && runs_file) return {};  // a module, by name
    bool takes = with_value.count(opt) > 0;
    if (module == "timeit" && (opt == "-s" || opt == "--setup")) use.codes.push_back(value);
    if (module == "pdb" && (opt == "-c" || opt == "--command")) use.codes.push_back(value);
    if (takes && !attached) ++i;
  }
  if (module == "timeit") {
    for (; i < w.size(); ++i) use.codes.push_back(w[i]);
    use.kind = use.codes.empty() ? CodeUse::kNone : CodeUse::kInterpreterCode;
    return use;
  }
  if (i < w.size()) use.files.push_back(w[i]);
  if (!use.codes.empty()) {
    use.kind = CodeUse::kInterpreterCode;  // pdb -c: its commands are judged (the file runs too)
    return use;
  }
  if (use.files.empty() || use.files.front() == "-") {
    use.files.clear();
    use.kind = CodeUse::kInterpreterStdin;
    return use;
  }
  use.kind = CodeUse::kInterpreterFile;
  return use;
}

// rake -e/-E/-p CODE (--execute, --execute-continue, --execute-print): Ruby
// code run before or instead of the tasks (rake 13's options, from its
// documentation: rake is not installed here). Ruby's OptionParser permutes
// options and reads clusters (`-qe CODE`); D, T, W, j take an optional
// attached value, f, I, r, R a value.
CodeUse RakeCode(const Words& w, CodeUse use) {
  for (size_t i = 1; i < w.size() && w[i] != "--"; ++i) {
    const std::string& a = w[i];
    size_t eq = a.find('=');
    std::string name = a.substr(0, eq);
    if (name == "--execute" || name == "--execute-continue" || name == "--execute-print") {
      if (eq != std::string::npos) use.codes.push_back(a.substr(eq + 1));
      else if (i + 1 < w.size()) use.codes.push_back(w[++i]);
      continue;
    }
    if (a.size() < 2 || a[0] != '-' || a[1] == '-') continue;
    for (size_t j = 1; j < a.size(); ++j) {
      char c = a[j];
      if (c == 'e' || c == 'E' || c == 'p') {
        if (j + 1 < a.size()) use.codes.push_back(a.substr(j + 1));
        else if (i + 1 < w.size()) use.codes.push_back(w[++i]);
        break;
      }
      // Its value is the next word, unless that looks like an option (then
      // it is read as one, so that code after it is not missed).
      if (OneOf("fIrR", c) && j + 1 == a.size() && i + 1 < w.size() && !IsOption(w[i + 1])) ++i;
      if (OneOf("DTWjfIrR", c)) break;  // the rest of the word is its value
    }
  }
  if (!use.codes.empty()) use.kind = CodeUse::kInterpreterCode;
  return use;
}

}  // namespace

bool IsPerlModuleSpec(const std::string& spec) {
  std::string module = spec.substr(spec[0] == '-' ? 1 : 0);
  module = module.substr(0, module.find('='));
  bool plain = !module.empty() && !std::isdigit(static_cast<unsigned char>(module[0]));
  for (char ch : module) plain = plain && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == ':');
  return plain;
}

std::string InterpreterLanguage(const std::string& name) {
  auto starts = [&](const char* p) { return name.rfind(p, 0) == 0; };
  if (starts("python") || starts("pypy")) return "python";
  if (starts("perl")) return "perl";
  if (starts("ruby") || name == "rake") return "ruby";
  if (name == "node" || name == "nodejs" || name == "bun" || name == "deno" || name == "tsx" || name == "ts-node")
    return "node";
  if (starts("php")) return "php";
  if (starts("lua")) return "lua";
  if (name == "rscript" || name == "r") return "r";
  if (name == "awk" || name == "gawk" || name == "mawk" || name == "nawk") return "awk";
  if (starts("tclsh") || name == "wish" || starts("wish8") || starts("wish9") || name == "expect" || name == "expectk")
    return "tcl";
  return "";
}

CodeUse InterpreterLayer(const Words& w, const std::string& lang, const std::string& name) {
  CodeUse use;
  use.language = lang;
  use.what = name + " inline code";
  if (lang == "awk") return AwkLayer(w, std::move(use));
  const Language* l = LanguageOf(lang);
  if (!l) return {};
  if (name == "rake") return RakeCode(w, std::move(use));
  // deno eval [OPTIONS] CODE [ARGS]: which words are option values is not
  // read here, so every operand is taken for code.
  if (name == "deno" && w.size() > 2 && w[1] == "eval") {
    for (size_t k = 2; k < w.size(); ++k)
      if (!IsOption(w[k])) use.codes.push_back(w[k]);
    use.kind = CodeUse::kInterpreterCode;
    return use;
  }
  size_t i = 1;
  while (OptionAt(w, i)) {
    const std::string& a = w[i];
    if (lang == "python" && StartsWith(a, "-m")) return PythonModule(w, i, name);
    if (l->long_arg.count(a) && a[1] != '-') {  // tclsh -encoding NAME
      i += 2;
      continue;
    }
    i += a[1] == '-' ? LongOption(w, i, *l, use) : ShortCluster(w, i, lang, *l, use);
  }
  if (!use.codes.empty()) {
    use.kind = CodeUse::kInterpreterCode;
    return use;
  }
  if (use.files.empty() && i < w.size() && w[i] != "-") use.files.push_back(w[i]);
  if (use.files.empty() || use.files.front() == "-") {
    use.files.clear();
    use.kind = CodeUse::kInterpreterStdin;
    use.what = name + " program on stdin";
    return use;
  }
  use.kind = CodeUse::kInterpreterFile;
  use.what = name + " program file";
  return use;
}

}  // namespace paddock::rules
