// `paddock policy test FILE.jsonl` runs a policy corpus;
// `paddock policy check [--settings FILE]... [--cwd DIR] -- COMMAND` explains one decision.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/settings_files.h"
#include "cli/settings_inputs.h"
#include "rules/evaluate.h"
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
    PrintError("cannot read " + path);
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
    nlohmann::json c;
    try {
      c = nlohmann::json::parse(line);
    } catch (const std::exception& e) {
      std::printf("line %d: malformed case: %s\n", lineno, e.what());
      ++failed;
      continue;
    }
    if (!c.is_object() || !c.contains("command") || !c["command"].is_string() || !c.contains("expect") || !c["expect"].is_string()) {
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

int PolicyCheck(int argc, char** argv) {
  std::vector<std::string> settings_files;
  std::string cwd = std::filesystem::current_path().string();
  std::string command;
  bool have_command = false;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--settings" && i + 1 < argc) settings_files.push_back(std::filesystem::absolute(argv[++i]).string());
    else if (a == "--cwd" && i + 1 < argc) cwd = argv[++i];
    else if (a == "--") {
      for (int k = i + 1; k < argc; ++k) command += (k > i + 1 ? " " : "") + std::string(argv[k]);
      have_command = true;
      break;
    } else {
      PrintError("policy check: unexpected argument '" + a + "'");
      return 2;
    }
  }
  if (!have_command) {
    PrintError("usage: paddock policy check [--settings FILE]... [--cwd DIR] -- 'COMMAND'");
    return 2;
  }
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
  rules::EvalContext ctx{cwd, Home(), nullptr};
  rules::Decision d = rules::EvaluateBash(command, loaded.rules, ctx);
  std::printf("%s\n%s\n", rules::VerdictName(d.verdict), d.reason.c_str());
  return loaded.errors.empty() ? 0 : kExitPaddockError;
}

int PolicyMain(int argc, char** argv) {
  std::string sub = argc > 1 ? argv[1] : "";
  if (sub == "test" && argc == 3) return PolicyTest(argv[2]);
  if (sub == "check") return PolicyCheck(argc, argv);
  std::fprintf(stderr,
               "usage: paddock policy test FILE.jsonl\n"
               "       paddock policy check [--settings FILE]... [--cwd DIR] -- 'COMMAND'\n");
  return sub == "-h" || sub == "--help" ? 0 : 2;
}

CommandRegistrar reg({"policy", "test a policy corpus or explain one command's decision", &PolicyMain});

}  // namespace
}  // namespace paddock::cli
