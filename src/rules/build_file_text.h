// The commands in the text of a build file a command line writes and then
// runs (`tee Makefile <<< …; make`, `cp /dev/stdin package.json <<< …; npm
// test`): the recipes of a makefile, the scripts of a package.json. nullopt
// when the text does things this reading does not follow (a make variable or
// function, an include, a `!=` assignment; JSON that does not parse): the
// caller makes that an opaque point.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace paddock::rules {

// Recipe lines (tab-led, and `target: ; command`), with make's line prefixes
// (@, -, +) removed and `$$` read as `$`: shell command lines.
std::optional<std::vector<std::string>> MakefileRecipes(const std::string& text);

// Every string value of package.json's "scripts" (any of them may run:
// test, start, install's lifecycle scripts, …).
std::optional<std::vector<std::string>> PackageScripts(const std::string& text);

}  // namespace paddock::rules
