// `paddock apply [RUN] [PATHS...]`: brings an --overlay run's changes into
// the real project, all of them or those at or below PATHS
// (docs/overlay.md). Refuses with every reason, writing nothing, when a
// change conflicts with the host, touches a protected path not named, or
// the run still runs.
#include "overlay/apply.h"

#include <unistd.h>

#include <cstdio>

#include "base/strings.h"
#include "changes/apply_rules.h"
#include "changes/pending_run.h"
#include "changes/ref_rules.h"
#include "changes/render.h"
#include "cli/command.h"
#include "cli/overlay_runs.h"
#include "cli/terminal.h"

namespace paddock::cli {
namespace {

// RUN is the first word when it is shaped like a run id (or the start of
// one) and names a run; otherwise every word is a PATH of the latest run.
Result<overlay::StoredRun> PickRun(const OverlayProject& project, std::vector<std::string>& words) {
  if (!words.empty() && changes::IsRunIdPrefix(words[0])) {
    auto run = FindOverlayRun(project, words[0]);
    bool matched_some = run || run.error().reason.find("matches") != std::string::npos;
    if (matched_some) {
      words.erase(words.begin());
      return run;
    }
  }
  return FindOverlayRun(project, "");
}

// An error about what a run made names its paths: escaped for the terminal.
Error Escaped(Error e) {
  e.message = TerminalSafe(e.message);
  e.hint = TerminalSafe(e.hint);
  return e;
}

void PrintOutcome(const overlay::ApplyOutcome& out, const std::string& id) {
  bool color = ColorWanted(STDOUT_FILENO);
  for (const auto& c : out.applied)
    std::printf("applied %s\n", Paint(changes::ChangeLine(c), Tone::kGood, color).c_str());
  for (const auto& note : out.notes) std::printf("paddock: note: %s\n", TerminalSafe(note).c_str());
  if (out.run_removed) std::printf("paddock: run %s has no change left; removed\n", id.c_str());
  else
    std::printf("paddock: %zu change%s left in run %s ('paddock changes %s')\n", out.left, out.left == 1 ? "" : "s",
                id.c_str(), id.c_str());
}

int ApplyMain(int argc, char** argv) {
  CLI::App app{"Apply an --overlay run's changes to the real project: all of them, or those at or below PATHS.",
               "paddock apply"};
  std::vector<std::string> words;
  std::string project_option;
  changes::RefProtection refs;
  app.add_option("RUN PATHS", words,
                 "RUN: the run's id or a unique prefix of it (default: the latest run); PATHS: apply only the "
                 "changes at or below these paths (relative to the project)");
  AddProjectOption(app, project_option);
  app.add_option("--protect-branch", refs.branches,
                 "Also refuse to rewrite the history of this branch (a name or a pattern with *; repeatable)");
  app.add_option("--rewrite", refs.named,
                 "Apply this ref's update even if it rewrites a protected branch, moves or deletes a tag, or adds "
                 "a replace ref (a branch or tag name, or refs/...; repeatable)");
  app.footer(
      "A change is refused, and nothing at all is written, when the host changed its path since the run\n"
      "started, when the run is still running, or when it is at or below a protected path (.git/hooks,\n"
      ".paddock.toml, ...) that no PATHS argument names exactly (or below it).\n"
      "Git: a protected branch (the run's --protect-branch, else the branch HEAD was on and every\n"
      "branch with an upstream) may only move forward; an existing tag may not move; no replace ref\n"
      "is added; unless --rewrite names the ref. Deletions of git objects (git gc in the run) are\n"
      "dropped, never applied.\n"
      "\n"
      "Examples:\n"
      "  paddock apply                        everything the latest run changed\n"
      "  paddock apply 20261203 src/          that run's changes below src/\n"
      "  paddock apply .git/hooks             a protected path, named on purpose\n"
      "  paddock apply --rewrite main         the agent's rebase of main too");
  if (auto code = ParseCommandLine(app, "apply", argc, argv)) return *code;
  auto project = ResolveOverlayProject(project_option);
  if (!project) {
    PrintError(project.error());
    return kExitPaddockError;
  }
  auto run = PickRun(*project, words);
  if (!run) {
    PrintError(run.error());
    return kExitPaddockError;
  }
  std::vector<std::string> paths;
  for (const auto& w : words) {
    auto rel = changes::ProjectRelative(w, project->dir);
    if (!rel) return UsageError("apply", rel.error().message);
    paths.push_back(*rel);
  }
  auto out = overlay::ApplyRun(*run, paths, refs);
  if (!out) {
    PrintError(Escaped(out.error()));
    return kExitPaddockError;
  }
  // The paths and reasons name what the run made: escaped for the terminal.
  for (const auto& r : out->refusals) PrintError(Escaped(OpError("apply", r.object, r.reason)));
  if (!out->refusals.empty()) return kExitPaddockError;
  PrintOutcome(*out, run->run.id);
  return 0;
}

CommandRegistrar apply_command({"apply", "apply a pending --overlay run's changes (all, or PATHS) to the project",
                                &ApplyMain});

}  // namespace
}  // namespace paddock::cli
