// `paddock changes [RUN]` and `paddock discard [RUN]`: the --overlay runs of
// a project waiting for review, what each changed, and dropping one
// (docs/overlay.md). `paddock apply` is cli/apply.cc.
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "base/strings.h"
#include "changes/apply_rules.h"
#include "changes/render.h"
#include "cli/command.h"
#include "cli/overlay_runs.h"
#include "cli/pager.h"
#include "cli/terminal.h"
#include "overlay/diff.h"
#include "overlay/git_refs.h"
#include "overlay/stack.h"
#include "overlay/upper_walk.h"

namespace paddock::cli {
namespace {

struct ChangesOptions {
  std::string run;
  std::string project;
  bool diff = false;
  bool json = false;
};

// An error about what a run made names its paths: escaped for the terminal.
Error Escaped(Error e) {
  e.message = TerminalSafe(e.message);
  e.hint = TerminalSafe(e.hint);
  return e;
}

int ListRuns(const OverlayProject& project, const ChangesOptions& opts) {
  auto runs = overlay::ListRuns(project.runs_dir);
  if (!runs) {
    PrintError(runs.error());
    return kExitPaddockError;
  }
  std::vector<changes::RunSummary> summaries;
  for (const auto& r : *runs) {
    auto count = CountChanges(r);
    summaries.push_back({r.run, r.state, count ? static_cast<int>(*count) : -1, count ? "" : count.error().message});
  }
  if (opts.json) {
    std::fputs(changes::RunListJson(project.dir, summaries).c_str(), stdout);
    return 0;
  }
  if (summaries.empty()) {
    std::printf("No pending --overlay runs for %s.\n", project.dir.c_str());
    return 0;
  }
  bool color = ColorWanted(STDOUT_FILENO);
  for (const auto& s : summaries) {
    Tone tone = s.state == changes::RunState::kRunning  ? Tone::kWarn
                : s.state == changes::RunState::kBroken ? Tone::kBad
                                                        : Tone::kPlain;
    std::string count = s.changes < 0 ? "?" : std::to_string(s.changes);
    std::string what = s.changes < 0 ? TerminalSafe(s.problem) : changes::CommandText(s.run.argv);
    if (!s.run.base.empty()) what = "on " + TerminalSafe(s.run.base) + "  " + what;
    std::printf("%s  %-16s  %s  %4s change%s  %s\n", Paint(s.run.id, Tone::kBold, color).c_str(),
                Paint(changes::StateText(s.run, s.state), tone, color).c_str(),
                s.run.started_ns ? LocalTime(s.run.started_ns).c_str() : "?", count.c_str(), s.changes == 1 ? " " : "s",
                what.c_str());
  }
  return 0;
}

void PrintChanges(const overlay::StoredRun& run, const std::vector<changes::Change>& all,
                  const std::vector<changes::RefReview>& refs) {
  bool color = ColorWanted(STDOUT_FILENO);
  auto made = overlay::MadeGitDirs(run.run, all);
  for (const auto& c : all) {
    std::string line = changes::ChangeLine(c);
    Tone tone = c.kind == changes::ChangeKind::kAdded     ? Tone::kGood
                : c.kind == changes::ChangeKind::kDeleted ? Tone::kBad
                                                          : Tone::kPlain;
    std::string note;
    // ChangeLine escapes the paths; the notes name them too.
    if (!c.conflict.empty()) note += "  " + Paint("(conflict: " + TerminalSafe(c.conflict) + ")", Tone::kWarn, color);
    if (auto q = changes::UnnamedProtectedPath(c, run.run.protected_paths, {}, made); !q.empty())
      note += "  " + Paint("(protected: " + TerminalSafe(q) + ")", Tone::kWarn, color);
    std::printf("%s%s\n", Paint(line, tone, color).c_str(), note.c_str());
  }
  for (const auto& r : refs) {
    std::string note =
        r.refused.empty() ? "" : "  " + Paint("(refused: " + TerminalSafe(r.refused) + ")", Tone::kWarn, color);
    std::printf("%s%s\n", changes::RefLine(r).c_str(), note.c_str());
  }
}

int ShowRun(const OverlayProject& project, const ChangesOptions& opts) {
  auto run = FindOverlayRun(project, opts.run);
  if (!run) {
    PrintError(run.error());
    return kExitPaddockError;
  }
  if (run->state == changes::RunState::kBroken) {
    PrintError(OpError("read", "run " + run->run.id, TerminalSafe(run->problem))
                   .WithHint("'paddock discard " + run->run.id + "' removes it"));
    return kExitPaddockError;
  }
  auto all = overlay::ReadChanges(run->dir, run->run);
  if (!all) {
    PrintError(Escaped(all.error()));
    return kExitPaddockError;
  }
  // What the run does to git's refs, judged as a full apply would.
  changes::RefProtection protection{run->run.protected_branches, {}};
  auto refs = overlay::ReviewRefs(*run, *all, protection);
  if (!refs) {
    PrintError(Escaped(refs.error()));
    return kExitPaddockError;
  }
  if (opts.json) {
    std::vector<std::string> protected_paths;
    auto made = overlay::MadeGitDirs(run->run, *all);
    for (const auto& c : *all)
      protected_paths.push_back(changes::UnnamedProtectedPath(c, run->run.protected_paths, {}, made));
    std::fputs(changes::RunChangesJson(run->run, run->state, *all, protected_paths, *refs).c_str(), stdout);
    return 0;
  }
  if (!opts.diff) {
    PrintChanges(*run, *all, *refs);
    return 0;
  }
  bool color = ColorWanted(STDOUT_FILENO);
  Pager pager;
  Status st = overlay::WriteDiffs(*run, *all, pager.fd(), color);
  pager.Finish();
  if (!st && st.error().err != EPIPE) {
    PrintError(Escaped(st.error()));
    return kExitPaddockError;
  }
  return 0;
}

int ChangesMain(int argc, char** argv) {
  CLI::App app{"Show the --overlay runs of a project that wait for review, and what one changed.", "paddock changes"};
  ChangesOptions opts;
  app.add_option("RUN", opts.run, "The run: its id or a unique prefix of it (default: list the runs)");
  app.add_flag("--diff", opts.diff, "Print the changes as unified diffs (of the latest run without RUN)");
  app.add_flag("--json", opts.json, "Print a JSON document instead, for tools");
  AddProjectOption(app, opts.project);
  app.footer(
      "Lines: A added, M modified (or its mode), D deleted, R renamed, T type changed; directories end with /.\n"
      "\n"
      "Examples:\n"
      "  paddock changes                      the pending runs of this project\n"
      "  paddock changes 20261203             what that run changed\n"
      "  paddock changes 20261203 --diff      ... as diffs\n"
      "  paddock changes --json | jq '.runs[].id'");
  if (auto code = ParseCommandLine(app, "changes", argc, argv)) return *code;
  if (opts.diff && opts.json) return UsageError("changes", "changes: --diff and --json exclude each other");
  auto project = ResolveOverlayProject(opts.project);
  if (!project) {
    PrintError(project.error());
    return kExitPaddockError;
  }
  if (opts.run.empty() && !opts.diff) return ListRuns(*project, opts);
  return ShowRun(*project, opts);
}

int DiscardMain(int argc, char** argv) {
  CLI::App app{"Drop an --overlay run and everything it changed, leaving the project as it is.", "paddock discard"};
  std::string id, project_option;
  app.add_option("RUN", id, "The run: its id or a unique prefix of it (default: the latest)");
  AddProjectOption(app, project_option);
  app.footer(
      "Examples:\n"
      "  paddock discard 20261203-201512      drop that run\n"
      "  paddock discard                      drop the latest run");
  if (auto code = ParseCommandLine(app, "discard", argc, argv)) return *code;
  auto project = ResolveOverlayProject(project_option);
  if (!project) {
    PrintError(project.error());
    return kExitPaddockError;
  }
  auto run = FindOverlayRun(*project, id);
  if (!run) {
    PrintError(run.error());
    return kExitPaddockError;
  }
  if (run->state == changes::RunState::kRunning) {
    PrintError(OpError("discard", "run " + run->run.id, "it is still running").WithHint("stop it first"));
    return kExitPaddockError;
  }
  // The runs on top of it see its layer: dropping it would change what they started from.
  auto dependents = overlay::DependentsOf(project->runs_dir, run->run.id);
  if (!dependents) {
    PrintError(dependents.error());
    return kExitPaddockError;
  }
  if (!dependents->empty()) {
    PrintError(
        OpError("discard", "run " + run->run.id,
                "run " + Join(*dependents, ", run ") + " continue" + (dependents->size() == 1 ? "s" : "") + " it")
            .WithHint("apply or discard " + Join(*dependents, ", ") + " first"));
    return kExitPaddockError;
  }
  auto count = CountChanges(*run);
  if (auto st = overlay::RemoveRun(run->dir); !st) {
    PrintError(st.error());
    return kExitPaddockError;
  }
  std::printf("paddock: discarded run %s", run->run.id.c_str());
  if (count) std::printf(" (%zu change%s)", *count, *count == 1 ? "" : "s");
  std::printf("\n");
  return 0;
}

CommandRegistrar changes_command({"changes", "list the pending --overlay runs, or what one changed (--diff)",
                                  &ChangesMain});
CommandRegistrar discard_command({"discard", "drop a pending --overlay run without applying it", &DiscardMain});

}  // namespace
}  // namespace paddock::cli
