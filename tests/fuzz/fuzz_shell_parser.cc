// Fuzzes the bash parser and the whole Bash evaluation path: no crash, no
// hang, no sanitizer report on any input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "rules/evaluate.h"
#include "shell/ast.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)paddock::shell::Parse(text);
  static const paddock::rules::RuleSet* rules = [] {
    auto* s = new paddock::rules::RuleSet;
    using paddock::rules::ParseRule;
    using paddock::rules::RuleKind;
    s->deny = {ParseRule("Bash(sudo:*)", RuleKind::kDeny), ParseRule("Read(./.env)", RuleKind::kDeny),
               ParseRule("Read(~/.ssh/**)", RuleKind::kDeny), ParseRule("Edit(./.claude/**)", RuleKind::kDeny)};
    s->ask = {ParseRule("Bash(git push *)", RuleKind::kAsk)};
    s->allow = {ParseRule("Bash(ls *)", RuleKind::kAllow), ParseRule("Bash(echo:*)", RuleKind::kAllow)};
    return s;
  }();
  (void)paddock::rules::EvaluateBash(text, *rules, {"/p", "/home/u", nullptr});
  return 0;
}
