// One `paddock run --overlay` waiting for review (docs/overlay.md): what was
// run, when, by which paddock, and how it ended. Stored as run.json next to
// the run's upper/ and work/ (overlay/run_store.h); pure: text in, text out.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/error.h"

namespace paddock::changes {

struct PendingRun {
  std::string id;          // NewRunId: "20261203-201512-3f2a"
  std::string project;     // the real project directory, absolute and canonical
  int64_t started_ns = 0;  // when the run started, on the clock of file ctimes (overlay/file_clock.h)
  int pid = 0;             // paddock's pid (a dead pid and not ended: interrupted)
  std::vector<std::string> argv;
  // Upper-relative paths paddock itself created (mount points of protected
  // paths...): not changes of the agent, ignored while they stay empty.
  std::vector<std::string> placeholders;
  // Project-relative protected paths: apply refuses changes at or below them
  // unless a PATHS argument names them (changes/change.h).
  std::vector<std::string> protected_paths;
  // Branch patterns whose history apply will not rewrite unless named
  // (changes/ref_rules.h): --protect-branch, else the branch HEAD was on
  // when the run started and every branch with an upstream.
  std::vector<std::string> protected_branches;
  bool ended = false;
  int exit_status = -1;  // the command's status (128+N for signal N) once ended
  int64_t ended_ns = 0;
  // Real paths whose inode change time `paddock apply` itself changed (the
  // parents of what it wrote): their ctime as apply left it. A later apply
  // does not take that for a change made on the host (changes/apply_rules.h).
  std::map<std::string, int64_t> applied_ctime_ns;
  // --overlay-on: the pending run this one continues (its upper is this
  // run's lower, over the base's own base...); "" for a run on the project.
  std::string base;
};

enum class RunState {
  kRunning,      // not ended, its paddock is alive
  kEnded,        // ended: exit_status says how
  kInterrupted,  // not ended, its paddock is gone (killed, host crash): pending like an ended one
  kBroken,       // run.json is missing or unreadable: can only be discarded
};

// "running", "ended", "interrupted", "broken".
const char* StateName(RunState state);

// run.json: a JSON object, one key per field.
std::string ToJson(const PendingRun& run);
// The inverse; an error names what is missing or malformed. Unknown keys are
// ignored (a newer paddock may add some).
Result<PendingRun> PendingRunFromJson(const std::string& text);

// "YYYYMMDD-HHMMSS-xxxx": the UTC time of `now_ns` (nanoseconds since the
// epoch) and the low 16 bits of `random` in hex. Sorts by time.
std::string NewRunId(int64_t now_ns, uint32_t random);

// Is `id` shaped like NewRunId's output? (A directory of the run store that
// is not is no run.)
bool IsRunId(const std::string& id);
// Is `word` a run id or the start of one ("2026", "20261203-2015")? How
// `paddock apply` tells a RUN argument from a PATH.
bool IsRunIdPrefix(const std::string& word);

}  // namespace paddock::changes
