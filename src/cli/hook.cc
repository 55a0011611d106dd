// `paddock hook [--ask-as-deny] [--emit-allow] [--audit-log FILE]`: the Claude
// Code PreToolUse hook. Environment: PADDOCK_AUDIT_LOG (audit file),
// PADDOCK_HOOK_DEADLINE_MS (internal deadline, default 10000),
// PADDOCK_ASK_AS_DENY=1, PADDOCK_CLAUDE_MANAGED_DIR (managed settings dir).
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <iterator>
#include <string>

#include <sys/time.h>
#include <unistd.h>

#include "cli/command.h"
#include "hook/hook.h"

namespace paddock::cli {
namespace {

// Deadline: a hook that times out does not block in Claude Code, so the
// engine must answer "deny" itself well before the configured timeout.
void OnDeadline(int) {
  static const char kMsg[] = "paddock hook: blocked (fail closed): internal deadline exceeded\n";
  ssize_t ignored = ::write(STDERR_FILENO, kMsg, sizeof kMsg - 1);
  (void)ignored;
  _exit(2);
}

bool EnvFlag(const char* name) {
  const char* v = std::getenv(name);
  return v && (std::strcmp(v, "1") == 0 || std::strcmp(v, "true") == 0);
}

int HookMain(int argc, char** argv) {
  hook::HookConfig config;
  config.ask_as_deny = EnvFlag("PADDOCK_ASK_AS_DENY");
  if (const char* log = std::getenv("PADDOCK_AUDIT_LOG")) config.audit_log = log;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--ask-as-deny") config.ask_as_deny = true;
    else if (a == "--emit-allow") config.emit_allow = true;
    else if (a == "--audit-log" && i + 1 < argc) config.audit_log = argv[++i];
    else if (a == "-h" || a == "--help") {
      std::printf("usage: paddock hook [--ask-as-deny] [--emit-allow] [--audit-log FILE]\n"
                  "Reads a Claude Code PreToolUse event on stdin. deny: exit 2, reason on stderr;\n"
                  "ask: JSON on stdout (deny in bypassPermissions or with --ask-as-deny);\n"
                  "errors and the internal deadline (PADDOCK_HOOK_DEADLINE_MS) fail closed.\n");
      return 0;
    } else {
      std::fprintf(stderr, "paddock hook: blocked (fail closed): unknown argument '%s'\n", a.c_str());
      return 2;
    }
  }
  long deadline_ms = 10000;
  if (const char* d = std::getenv("PADDOCK_HOOK_DEADLINE_MS")) deadline_ms = std::max(1L, std::atol(d));
  std::signal(SIGALRM, OnDeadline);
  itimerval timer{};
  timer.it_value.tv_sec = deadline_ms / 1000;
  timer.it_value.tv_usec = (deadline_ms % 1000) * 1000;
  setitimer(ITIMER_REAL, &timer, nullptr);

  hook::HookAnswer answer;
  try {
    std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    answer = hook::HandleEvent(input, config);
  } catch (const std::exception& e) {
    answer = hook::FailClosed(e.what());
  }
  timer = {};
  setitimer(ITIMER_REAL, &timer, nullptr);
  std::fwrite(answer.out.data(), 1, answer.out.size(), stdout);
  std::fwrite(answer.err.data(), 1, answer.err.size(), stderr);
  std::fflush(stdout);
  return answer.exit_code;
}

CommandRegistrar reg({"hook", "Claude Code PreToolUse hook: policy decision for one tool call (stdin JSON)", &HookMain});

}  // namespace
}  // namespace paddock::cli
