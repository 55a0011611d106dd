// In-process policy throughput: decisions per second on realistic agent
// commands against a realistic rule set, and the cost of 1 KB / 100 KB / 1 MB
// commands (which should grow linearly). Single thread.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "rules/evaluate.h"

using namespace paddock::rules;
using Clock = std::chrono::steady_clock;

namespace {

RuleSet Rules() {
  RuleSet s;
  for (const char* r : {"Bash(sudo:*)", "Bash(su:*)", "Bash(curl:*)", "Bash(wget:*)", "Bash(rm -rf /:*)",
                        "Bash(docker:*)", "Bash(kubectl:*)", "Bash(git push --force:*)", "Bash(nc:*)", "Bash(ssh:*)",
                        "Read(./.env)", "Read(~/.ssh/**)", "Edit(./.claude/**)", "Edit(./.git/hooks/**)"})
    s.deny.push_back(ParseRule(r, RuleKind::kDeny));
  for (const char* r : {"Bash(git push:*)", "Bash(npm publish:*)"}) s.ask.push_back(ParseRule(r, RuleKind::kAsk));
  for (const char* r :
       {"Bash(git status)", "Bash(git diff *)", "Bash(npm test *)", "Bash(ls *)", "Bash(grep *)", "Bash(cat *)"})
    s.allow.push_back(ParseRule(r, RuleKind::kAllow));
  return s;
}

const std::vector<std::string> kCommands = {
    "git status",
    "git diff HEAD~1 -- src/",
    "npm test -- --watch=false",
    "ls -la src/",
    "grep -rn \"TODO\" src/ | head -20",
    "cd /p/app && npm run build 2>&1 | tail -50",
    "python3 -m pytest tests/ -x -q",
    "find . -name '*.ts' -not -path './node_modules/*' | xargs wc -l",
    "git add -A && git commit -m \"fix: handle empty input\n\nCloses #12\"",
    "cat package.json | jq '.dependencies'",
    "for f in src/*.c; do gcc -c \"$f\" -o \"${f%.c}.o\"; done",
    "sed -i 's/foo/bar/g' src/config.ts && npm run lint",
    "docker compose up -d db",
    "echo \"$(date) build done\" >> build.log",
    "git log --oneline -20 | grep -v Merge",
    "make -j4 2>&1 | grep -E 'error|warning' || true",
};

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

int main(int argc, char** argv) {
  RuleSet rules = Rules();
  EvalContext ctx{"/p", "/home/u", nullptr};
  int rounds = argc > 1 ? std::atoi(argv[1]) : 20000;
  size_t sink = 0;
  auto start = Clock::now();
  for (int r = 0; r < rounds; ++r)
    for (const auto& c : kCommands) sink += static_cast<size_t>(EvaluateBash(c, rules, ctx).verdict);
  double secs = Seconds(Clock::now() - start);
  double n = static_cast<double>(rounds) * kCommands.size();
  std::printf("throughput: %.0f decisions/s (%zu commands x %d rounds in %.2f s, %.2f us/decision)\n", n / secs,
              kCommands.size(), rounds, secs, secs / n * 1e6);

  // Length scaling: a realistic command repeated to the target size.
  for (size_t kb : {1, 100, 1024}) {
    std::string cmd;
    size_t i = 0;
    while (cmd.size() < kb * 1024) cmd += kCommands[i++ % kCommands.size()] + "; ";
    int reps = kb <= 1 ? 2000 : kb <= 100 ? 20 : 3;
    auto t0 = Clock::now();
    for (int k = 0; k < reps; ++k) sink += static_cast<size_t>(EvaluateBash(cmd, rules, ctx).verdict);
    double per = Seconds(Clock::now() - t0) / reps;
    std::printf("%5zu KB command: %.3f ms per decision (%.1f MB/s)\n", kb, per * 1e3, (cmd.size() / 1048576.0) / per);
  }
  return sink == 42 ? 1 : 0;  // keep the work observable
}
