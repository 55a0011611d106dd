// hyperfine (1.19): every operand is a command line it runs through a shell
// (with -N or --shell=none it splits the line into words itself, which the
// shell parse over-approximates), and so are the values of --setup,
// --prepare, --conclude, --cleanup and --reference. Options may follow the
// operands (clap). `-L VAR a,b` runs each command once per listed value in
// place of {VAR}; `-P VAR MIN MAX` once per number from MIN to MAX (MIN
// stands for them).
#include <algorithm>

#include "base/strings.h"
#include "rules/normalize.h"
#include "rules/wrapper_shapes.h"

namespace paddock::rules {
namespace {

const std::vector<std::string_view> kCodeOptions = {"-s", "--setup",   "-p",         "--prepare",
                                                    "-c", "--cleanup", "--conclude", "--reference"};
const std::vector<std::string_view> kValueOptions = {"-w",
                                                     "--warmup",
                                                     "-m",
                                                     "--min-runs",
                                                     "-M",
                                                     "--max-runs",
                                                     "-r",
                                                     "--runs",
                                                     "-S",
                                                     "--shell",
                                                     "-u",
                                                     "--time-unit",
                                                     "-n",
                                                     "--command-name",
                                                     "-D",
                                                     "--parameter-step-size",
                                                     "--style",
                                                     "--sort",
                                                     "--export-asciidoc",
                                                     "--export-csv",
                                                     "--export-json",
                                                     "--export-markdown",
                                                     "--export-orgmode",
                                                     "--output",
                                                     "--input",
                                                     "--min-benchmarking-time"};
const std::vector<std::string_view> kFlags = {"-N",     "-i", "--ignore-failure", "--show-output", "-h",
                                              "--help", "-V", "--version",        "--no-shell"};

std::string Replaced(std::string text, const std::string& token, const std::string& by) {
  for (size_t at = 0; (at = text.find(token, at)) != std::string::npos; at += by.size())
    text.replace(at, token.size(), by);
  return text;
}

struct Parameter {
  std::string name;
  std::vector<std::string> values;  // empty: unknown, a hole in their place
};

// Each code once per value of the parameters it names (at most 64 lines:
// past that, the parameter's place is a hole).
std::vector<std::string> Expand(std::vector<std::string> codes, const std::vector<Parameter>& params) {
  for (const auto& param : params) {
    std::string token = "{" + param.name + "}";
    std::vector<std::string> next;
    for (const auto& code : codes) {
      if (code.find(token) == std::string::npos) {
        next.push_back(code);
        continue;
      }
      bool listed = !param.values.empty() && next.size() + param.values.size() <= 64;
      for (const auto& v : listed ? param.values : std::vector<std::string>{std::string(1, kHole)})
        next.push_back(Replaced(code, token, v));
    }
    codes = std::move(next);
  }
  return codes;
}

}  // namespace

WrapperStep HyperfineShape(const Words& w) {
  WrapperStep s;
  std::vector<std::string> codes;
  std::vector<Parameter> params;
  bool operands_only = false;
  for (size_t i = 1; i < w.size(); ++i) {
    const std::string& word = w[i];
    if (operands_only || word.size() < 2 || word[0] != '-') {
      codes.push_back(word);
    } else if (word == "--") {
      operands_only = true;
    } else if (word == "-L" || word == "--parameter-list") {
      if (i + 2 >= w.size()) break;
      params.push_back({w[i + 1], paddock::Split(w[i + 2], ',')});
      i += 2;
    } else if (word == "-P" || word == "--parameter-scan") {
      if (i + 3 >= w.size()) break;
      // Any number of the range stands for all: a number is no command name.
      auto number = [](const std::string& v) {
        return !v.empty() && v.find_first_not_of("0123456789.-+") == std::string::npos;
      };
      Parameter param{w[i + 1], {}};
      if (number(w[i + 2]) && number(w[i + 3])) param.values = {w[i + 2]};
      params.push_back(std::move(param));
      i += 3;
    } else {
      size_t eq = word.rfind("--", 0) == 0 ? word.find('=') : std::string::npos;
      // A short option's value may be attached (-r3, -s'make clean').
      size_t split = eq != std::string::npos ? eq : (word[1] != '-' && word.size() > 2 ? 2 : word.size());
      std::string name = word.substr(0, split);
      bool attached = split < word.size();
      std::string value = attached ? word.substr(split + (eq != std::string::npos ? 1 : 0)) : "";
      bool code = Listed(kCodeOptions, name);
      if (!code && !Listed(kValueOptions, name)) {
        if (Listed(kFlags, name) && !attached) continue;
        if (s.uncertain.empty()) s.uncertain = "hyperfine option " + name + " is not known";
        continue;
      }
      if (!attached) {
        if (++i >= w.size()) break;
        value = w[i];
      }
      if (code) codes.push_back(value);
    }
  }
  s.codes = Expand(std::move(codes), params);
  if (!s.codes.empty()) s.code_what = "hyperfine command";
  return s;
}

}  // namespace paddock::rules
