// How `paddock changes` shows runs and changes: git-like lines for people,
// JSON for tools (docs/overlay.md).
#pragma once

#include <string>
#include <vector>

#include "changes/change.h"
#include "changes/pending_run.h"
#include "changes/ref_rules.h"

namespace paddock::changes {

// "A src/new.c", "M src/main.c", "D old/", "R a.c -> b.c", "T link",
// "M run.sh (mode 0644 -> 0755)": directories end with '/'.
std::string ChangeLine(const Change& change);

// "0755"
std::string ModeText(uint32_t mode);

// "ended (exit 0)", "ended (signal 9)", "running", "interrupted", "broken".
std::string StateText(const PendingRun& run, RunState state);

// The command as one line, each word quoted the way a shell would need.
std::string CommandText(const std::vector<std::string>& argv);

// One change as a JSON object: kind, path, from, directory, old/new type and
// mode, conflict, protected (the protected path it touches, or null).
std::string ChangeJson(const Change& change, const std::string& protected_path);

// `paddock changes --json RUN`: {"run": {...}, "changes": [...], "refs":
// [...]}. `protected_paths[i]` goes with `changes[i]`
// (UnnamedProtectedPath); each ref: ref, old, new (null: none),
// fast_forward (null: not asked), refused (the reason, or null).
std::string RunChangesJson(const PendingRun& run, RunState state, const std::vector<Change>& changes,
                           const std::vector<std::string>& protected_paths, const std::vector<RefReview>& refs = {});

// `paddock changes --json` without a run: {"project": ..., "runs": [...]},
// each run with its state and number of changes.
struct RunSummary {
  PendingRun run;
  RunState state = RunState::kBroken;
  int changes = -1;  // -1: could not be read
  std::string problem;
};
std::string RunListJson(const std::string& project, const std::vector<RunSummary>& runs);

}  // namespace paddock::changes
