// JSON text -> value without exceptions: errors are values here as everywhere
// else (docs/errors.md), and the hook must fail closed on any input.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "base/error.h"

namespace paddock::rules {

// The parsed value, or an Error whose message is the parser's own account
// ("[json.exception.parse_error.101] parse error at line 1, column 1: ...").
Result<nlohmann::json> ParseJson(std::string_view text);

}  // namespace paddock::rules
