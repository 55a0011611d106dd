// Programs that run a shell command given in one of their options or
// meta-commands, besides their own work: `split --filter=CMD`, `sort
// --compress-program=PROG`, `zip -TT CMD`, gdb's `-ex 'shell CMD'` and the
// program of `gdb --args`, and the database clients' shell escapes (`mysql -e
// '\! CMD'`, `psql -c '\! CMD'`, `sqlite3 DB '.shell CMD'`). Each gives the
// engine the shell code it runs (code_use.h). What such tools read from
// files or stdin (`sqlite3 db < script.sql`) is a file: not analysed, as for
// `python3 script.py`.
#pragma once

#include <string>

#include "rules/code_use.h"

namespace paddock::rules {

// split, sort and zip: the shell command or program one option names.
CodeUse OptionCommandLayer(const Words& w, const std::string& name);

// gdb [options] [--args PROG ARGS...]: `shell CMD`, `!CMD` and `pipe … |
// CMD` in -ex/-iex commands, and the program it debugs when --args is given
// or an -ex command runs it.
CodeUse GdbLayer(const Words& w, const std::string& name);

// mysql/mariadb -e, psql -c and sqlite3's SQL operands and -cmd: the shell
// commands of their `\!`, `system`, `\o |CMD`, `.shell`, `.system`, `.once
// |CMD` meta-commands.
CodeUse DatabaseClientLayer(const Words& w, const std::string& name);

}  // namespace paddock::rules
