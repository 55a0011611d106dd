// `paddock check`: the probe's reports (untrusted text) and what check saw
// itself outside the jail -> one outcome per attempt, the table, the
// verdict line, the JSON and the exit status.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "check/attempts.h"

namespace paddock::check {

// kUnknown: the probe did not report the attempt (it crashed, hung, or its
// report was unreadable). Not proven contained, so never counted as such.
enum class State { kContained, kEscaped, kUnknown };

struct Outcome {
  Attempt attempt;
  State state = State::kUnknown;
  std::string detail;
};

// What check observes outside the jail, independently of the probe.
struct HostSeen {
  bool tcp_connection = false;       // its 127.0.0.1 listener accepted a connection
  bool abstract_connection = false;  // its abstract socket accepted one
  bool host_process_died = false;    // the process outside was killed or stopped
};

// One JSON object per line: {"id": ..., "result": "contained"|"escaped",
// "detail": ...}. Lines that do not parse and unknown ids are ignored; when
// an id is reported twice, "escaped" wins.
std::vector<Outcome> Judge(std::string_view probe_output, const HostSeen& seen);

// "all 36 attempts contained", "2 of 36 attempts ESCAPED: mount, bpf", ...
std::string Verdict(const std::vector<Outcome>& outcomes);

// 0 all contained; 1 something escaped or is unknown.
int ExitStatus(const std::vector<Outcome>& outcomes);

// The word shown for a state: "contained", "ESCAPED", "unknown".
std::string StateWord(State state);

// Colours a cell (the state column) for a terminal; identity when not wanted.
using Painter = std::function<std::string(std::string_view text, State state)>;

// The table for people: layer, attempt, result, detail; then the verdict.
std::string FormatTable(const std::vector<Outcome>& outcomes, const Painter& paint);

// {"attempts": [{id, layer, attempt, result, detail}], "escaped": N, "unknown": N,
//  "total": N, "verdict": "..."}
nlohmann::json ToJson(const std::vector<Outcome>& outcomes);

}  // namespace paddock::check
