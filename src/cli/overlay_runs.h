// What `paddock changes`, `apply` and `discard` share: the project they are
// about and its store of --overlay runs (docs/overlay.md).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "base/error.h"
#include "overlay/run_store.h"

namespace paddock::cli {

// --project DIR (default: the current directory), absolute and canonical,
// and its run store.
struct OverlayProject {
  std::string dir;
  std::string runs_dir;
};
Result<OverlayProject> ResolveOverlayProject(const std::string& project_option);

// Adds --project to a command's options.
void AddProjectOption(CLI::App& app, std::string& project);

// The run `id` names ("" the latest), with paddock's error when there is none.
Result<overlay::StoredRun> FindOverlayRun(const OverlayProject& project, const std::string& id);

// "2026-12-03 21:15:12" in local time.
std::string LocalTime(int64_t ns);

// How many changes the run has, or the error that says why it cannot be read.
Result<size_t> CountChanges(const overlay::StoredRun& run);

}  // namespace paddock::cli
