// `paddock hook [--ask-as-deny] [--emit-allow] [--audit-log FILE]
// [--managed-dir DIR] [--claude-config-dir DIR] [--deadline-ms N]`: the Claude
// Code PreToolUse hook.
//
// Trusted inputs are the command line (it comes from the settings file that
// registered the hook) and the passwd entry. The environment is not: an agent
// can set it for later sessions through the `env` key of a settings file it
// can write. So environment values may only tighten: PADDOCK_ASK_AS_DENY=1,
// a shorter PADDOCK_HOOK_DEADLINE_MS, extra deny/ask rules from
// PADDOCK_CLAUDE_MANAGED_DIR, CLAUDE_CONFIG_DIR, CLAUDE_PROJECT_DIR and
// $HOME/.claude, and $HOME as a second reading of `~` (see hook.h).
// PADDOCK_AUDIT_LOG names the audit file when --audit-log does not.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <iostream>
#include <iterator>
#include <string>

#include <sys/time.h>
#include <unistd.h>

#include "cli/command.h"
#include "cli/settings_files.h"
#include "cli/settings_inputs.h"
#include "hook/hook.h"
#include "jail/audit_file.h"

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
  std::string audit_log;
  if (const char* log = std::getenv("PADDOCK_AUDIT_LOG")) audit_log = log;
  config.settings = SettingsInputsFromProcess();
  config.realpath = HostRealpath;
  long deadline_ms = 10000;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    bool has_value = i + 1 < argc;
    if (a == "--ask-as-deny") config.ask_as_deny = true;
    else if (a == "--emit-allow") config.emit_allow = true;
    else if (a == "--audit-log" && has_value) audit_log = argv[++i];
    else if (a == "--managed-dir" && has_value) config.settings.managed_dir = argv[++i];
    else if (a == "--claude-config-dir" && has_value) config.settings.config_dir = argv[++i];
    else if (a == "--deadline-ms" && has_value) deadline_ms = std::max(1L, std::atol(argv[++i]));
    else if (a == "-h" || a == "--help") {
      std::printf("usage: paddock hook [--ask-as-deny] [--emit-allow] [--audit-log FILE]\n"
                  "                    [--managed-dir DIR] [--claude-config-dir DIR] [--deadline-ms N]\n"
                  "Reads a Claude Code PreToolUse event on stdin. deny: exit 2, reason on stderr;\n"
                  "ask: JSON on stdout (deny in bypassPermissions or with --ask-as-deny);\n"
                  "errors and the internal deadline fail closed. The environment may only tighten:\n"
                  "PADDOCK_ASK_AS_DENY=1, a shorter PADDOCK_HOOK_DEADLINE_MS, and extra deny/ask rules\n"
                  "from PADDOCK_CLAUDE_MANAGED_DIR, CLAUDE_CONFIG_DIR, CLAUDE_PROJECT_DIR and $HOME.\n");
      return 0;
    } else {
      std::fprintf(stderr, "paddock hook: blocked (fail closed): unknown or incomplete argument '%s'\n", a.c_str());
      return 2;
    }
  }
  // A longer deadline could let Claude Code's own hook timeout (which does not block) fire first.
  if (const char* d = std::getenv("PADDOCK_HOOK_DEADLINE_MS")) deadline_ms = std::min(deadline_ms, std::max(1L, std::atol(d)));
  std::signal(SIGALRM, OnDeadline);
  itimerval timer{};
  timer.it_value.tv_sec = deadline_ms / 1000;
  timer.it_value.tv_usec = (deadline_ms % 1000) * 1000;
  setitimer(ITIMER_REAL, &timer, nullptr);

  hook::HookAnswer answer;
  try {
    std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    // The event names its cwd, which says where the project's settings are.
    hook::HookEvent event = hook::ReadEvent(input, config);
    answer = event.answer ? *event.answer : hook::Decide(event, ReadSettings(event.settings), config);
  } catch (const std::exception& e) {
    answer = hook::FailClosed(e.what());
  }
  // The audit log must never change the decision; a failure is not reported
  // (stderr is the deny reason Claude Code shows).
  if (!audit_log.empty() && !answer.audit.is_null()) (void)jail::AppendAuditEvent(audit_log, answer.audit);
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
