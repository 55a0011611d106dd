// What `paddock hook` and `paddock policy check` learn from the process about
// where Claude Code settings live: the passwd entry (trusted) and the
// environment (untrusted: it may only add restrictions, see
// rules::SettingsInputs). The pure code gets these as data.
#pragma once

#include "rules/settings.h"

namespace paddock::cli {

// Home from the passwd entry of the real uid, environment names filled in;
// the command-line overrides are left empty for the caller.
rules::SettingsInputs SettingsInputsFromProcess();

}  // namespace paddock::cli
