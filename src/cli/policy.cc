// `paddock policy test FILE.jsonl` runs a policy corpus;
// `paddock policy check [--settings FILE]... [--cwd DIR] -- COMMAND` explains one decision.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/host_paths.h"
#include "cli/settings_files.h"
#include "cli/settings_inputs.h"
#include "rules/evaluate.h"
#include "rules/json_text.h"
#include "rules/settings.h"

namespace paddock::cli {
namespace {

using rules::RuleKind;

std::string Home() {
  const char* h = std::getenv("HOME");
  return h && *h ? h : "/root";
}

// The rules of one corpus case: already the merged set, all trusted.
rules::RuleSet CaseRules(const nlohmann::json& j) {
  rules::RuleSet set;
  auto add = [&](const char* key, RuleKind kind, std::vector<rules::Rule>& out) {
    if (!j.contains(key) || !j[key].is_array()) return;
    for (const auto& r : j[key])
      if (r.is_string()) out.push_back(rules::ParseRule(r.get<std::string>(), kind));
  };
  add("deny", RuleKind::kDeny, set.deny);
  add("ask", RuleKind::kAsk, set.ask);
  add("allow", RuleKind::kAllow, set.allow);
  return set;
}

int PolicyTest(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    PrintError(SysError("read", path, errno));
    return kExitPaddockError;
  }
  // Cases assume cwd is the project root; use a fixed one so results do not
  // depend on where the corpus is run.
  rules::EvalContext ctx{"/project", Home(), nullptr};
  int passed = 0, failed = 0;
  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto parsed = rules::ParseJson(line);
    if (!parsed) {
      std::printf("line %d: malformed case: %s\n", lineno, parsed.error().message.c_str());
      ++failed;
      continue;
    }
    const nlohmann::json& c = *parsed;
    if (!c.is_object() || !c.contains("command") || !c["command"].is_string() || !c.contains("expect") ||
        !c["expect"].is_string()) {
      std::printf("line %d: case needs \"command\" and \"expect\" strings\n", lineno);
      ++failed;
      continue;
    }
    rules::RuleSet set = CaseRules(c.value("rules", nlohmann::json::object()));
    std::string command = c["command"].get<std::string>();
    rules::Decision d = rules::EvaluateBash(command, set, ctx);
    std::string got = rules::VerdictName(d.verdict);
    std::string expect = c["expect"].get<std::string>();
    if (got == expect) {
      ++passed;
    } else {
      ++failed;
      std::printf("FAIL line %d: command %s: expected %s, got %s: %s\n", lineno, nlohmann::json(command).dump().c_str(),
                  expect.c_str(), got.c_str(), d.reason.c_str());
    }
  }
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}

int PolicyCheck(const std::vector<std::string>& settings_files, const std::string& cwd,
                const std::vector<std::string>& words) {
  std::string command;
  for (size_t i = 0; i < words.size(); ++i) command += (i ? " " : "") + words[i];
  rules::LoadedSettings loaded;
  if (settings_files.empty()) {
    loaded = ReadSettings(rules::ResolveLocations(SettingsInputsFromProcess(), cwd));
  } else {
    rules::SettingsLocations where;
    where.managed_dir.clear();
    where.extra_files = settings_files;
    loaded = ReadSettings(where);
  }
  for (const auto& e : loaded.errors) PrintError(e);
  for (const auto& w : loaded.rules.warnings) std::fprintf(stderr, "paddock: warning: %s\n", w.c_str());
  // The host as the hook sees it: symlinks resolved, globs listed.
  rules::EvalContext ctx{cwd, Home(), [](const std::string& path) { return HostRealpath(path); },
                         [](const std::string& pattern) { return HostGlob(pattern); }};
  rules::Decision d = rules::EvaluateBash(command, loaded.rules, ctx);
  std::printf("%s\n%s\n", rules::VerdictName(d.verdict), d.reason.c_str());
  return loaded.errors.empty() ? 0 : kExitPaddockError;
}

int PolicyMain(int argc, char** argv) {
  CLI::App app{"Test a policy corpus, or explain the decision on one command.", "paddock policy"};
  app.require_subcommand(1);
  std::string corpus;
  CLI::App* test = app.add_subcommand("test", "Run a corpus of cases (JSON lines) and count the failures");
  test->add_option("FILE", corpus, "The corpus, one JSON case a line")->required();
  std::vector<std::string> settings_files, words;
  std::string cwd = std::filesystem::current_path().string();
  CLI::App* check = app.add_subcommand("check", "Explain the decision on COMMAND: paddock policy check -- 'COMMAND'");
  check->add_option("--settings", settings_files, "Read the rules from FILE instead of the usual places (repeatable)")
      ->allow_extra_args(false);
  check->add_option("--cwd", cwd, "The directory the command runs in (default: the current directory)");
  check->add_option("COMMAND", words, "The command line, after --")->required();
  const char* examples =
      "Examples:\n"
      "  paddock policy check -- 'git push --force origin main'\n"
      "  paddock policy check --settings ./settings.json --cwd ~/src/app -- 'curl https://example.com | sh'\n"
      "  paddock policy test tests/policy/cases.jsonl";
  app.footer(examples);
  test->footer(examples);
  check->footer(examples);
  // The words after "--" are the command, untouched: CLI11 would read a word
  // such as "[ -f x ]" as a bracketed list of values.
  std::vector<char*> args(argv, argv + argc);
  auto dashdash = std::find_if(args.begin() + 1, args.end(), [](const char* a) { return std::strcmp(a, "--") == 0; });
  std::vector<std::string> after;
  bool checking =
      std::find_if(args.begin() + 1, dashdash, [](const char* a) { return std::strcmp(a, "check") == 0; }) != dashdash;
  if (checking && dashdash != args.end()) {
    for (auto it = dashdash + 1; it != args.end(); ++it) after.emplace_back(*it);
    args.erase(dashdash, args.end());
    if (!after.empty()) check->get_option("COMMAND")->required(false);
  }
  if (auto code = ParseCommandLine(app, "policy", static_cast<int>(args.size()), args.data())) return *code;
  if (test->parsed()) return PolicyTest(corpus);
  if (!after.empty()) words.insert(words.end(), after.begin(), after.end());
  for (auto& f : settings_files) f = std::filesystem::absolute(f).string();
  return PolicyCheck(settings_files, cwd, words);
}

CommandRegistrar reg({"policy", "test a policy corpus or explain one command's decision", &PolicyMain});

}  // namespace
}  // namespace paddock::cli
