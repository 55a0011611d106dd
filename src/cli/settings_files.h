// The Claude Code settings files on this host, for `paddock hook` and
// `paddock policy check`: rules::LoadSettings is pure and asks for files,
// directory listings, git roots and canonical paths; this answers from the
// real filesystem until it asks nothing new.
#pragma once

#include <string>

#include "rules/settings.h"

namespace paddock::cli {

// The settings at `where`. A file that cannot be parsed is in `errors`.
rules::LoadedSettings ReadSettings(const rules::SettingsLocations& where);

}  // namespace paddock::cli
