// The store of `paddock run --overlay` runs waiting for review
// (docs/overlay.md): <runs>/<run-id>/{upper,work,run.json}, <runs> being
// plan::OverlayRunsFor(state dir, project). One directory per run, created
// when the run starts, removed when everything is applied or discarded.
#pragma once

#include <string>
#include <vector>

#include "base/error.h"
#include "changes/pending_run.h"

namespace paddock::overlay {

// Creates `run_dir` (mode 0700; it must not exist yet; missing parents are
// made 0700) with upper/ and work/ (0755) and run.json (written atomically).
Status CreateRun(const std::string& run_dir, const changes::PendingRun& run);

// Rewrites run.json (atomically) with `run`.
Status SaveRun(const std::string& run_dir, const changes::PendingRun& run);

// Marks the run ended with the command's `exit_status` (and the time) in
// run.json, atomically.
Status FinishRun(const std::string& run_dir, int exit_status);

using changes::RunState;

struct StoredRun {
  std::string dir;  // <runs>/<id>
  changes::PendingRun run;
  RunState state = RunState::kBroken;
  std::string problem;  // kBroken: why run.json could not be read
};

// The run in `run_dir`, with its liveness.
StoredRun LoadRun(const std::string& run_dir);

// Every run of a project's store, oldest first (by start time; an unreadable
// run.json counts as oldest); none when
// `runs_dir` does not exist. Entries not named like a run id are skipped.
Result<std::vector<StoredRun>> ListRuns(const std::string& runs_dir);

// The run `id_or_prefix` names: its id or a unique prefix of it; "" is the
// latest run. An error says there is none, or which runs a prefix matches.
Result<StoredRun> FindRun(const std::string& runs_dir, const std::string& id_or_prefix);

// Is the process `pid`, started no later than `started_ns`, still alive?
// (A pid reused by a younger process is not it.)
bool PaddockAlive(int pid, int64_t started_ns);

// Removes `run_dir` and everything below it without following a symbolic
// link: directories the agent made unreadable and overlayfs' mode-000
// work/work are chmodded first, deep trees do not exhaust descriptors
// (overlay/remove_tree.h).
Status RemoveRun(const std::string& run_dir);

}  // namespace paddock::overlay
