#include "check/report.h"

#include <algorithm>
#include <map>

#include "base/strings.h"

namespace paddock::check {
namespace {

size_t Count(const std::vector<Outcome>& outcomes, State state) {
  return std::count_if(outcomes.begin(), outcomes.end(), [&](const Outcome& o) { return o.state == state; });
}

std::string Ids(const std::vector<Outcome>& outcomes, State state) {
  std::vector<std::string> ids;
  for (const auto& o : outcomes)
    if (o.state == state) ids.push_back(o.attempt.id);
  return Join(ids, ", ");
}

std::string Pad(std::string text, size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

}  // namespace

std::vector<Outcome> Judge(std::string_view probe_output, const HostSeen& seen) {
  std::map<std::string, std::pair<State, std::string>> reported;
  size_t start = 0;
  while (start < probe_output.size()) {
    size_t end = probe_output.find('\n', start);
    if (end == std::string_view::npos) end = probe_output.size();
    auto line = probe_output.substr(start, end - start);
    start = end + 1;
    auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object() || !j.contains("id") || !j["id"].is_string() || !j.contains("result") ||
        !j["result"].is_string())
      continue;
    std::string id = j["id"], result = j["result"];
    if (!FindAttempt(id) || (result != "contained" && result != "escaped")) continue;
    std::string detail = j.contains("detail") && j["detail"].is_string() ? j["detail"].get<std::string>() : "";
    State state = result == "escaped" ? State::kEscaped : State::kContained;
    auto it = reported.find(id);
    if (it != reported.end() && it->second.first == State::kEscaped) continue;
    reported[id] = {state, detail};
  }
  std::vector<Outcome> out;
  for (const auto& a : Attempts()) {
    Outcome o{a, State::kUnknown, "the probe did not report it"};
    if (auto it = reported.find(a.id); it != reported.end()) {
      o.state = it->second.first;
      o.detail = it->second.second;
    }
    // What check saw outside overrides what the probe said.
    auto seen_outside = [&](bool seen_it, const char* what) {
      if (!seen_it) return;
      o.state = State::kEscaped;
      o.detail = what;
    };
    if (a.id == "host-loopback") seen_outside(seen.tcp_connection, "the host's listener accepted a connection");
    if (a.id == "host-abstract-socket")
      seen_outside(seen.abstract_connection, "the host's abstract socket accepted a connection");
    if (a.id == "signal-host" || a.id == "ptrace-host")
      seen_outside(seen.host_process_died, "the host process was killed or stopped");
    out.push_back(std::move(o));
  }
  return out;
}

std::string StateWord(State state) {
  switch (state) {
    case State::kContained: return "contained";
    case State::kEscaped: return "ESCAPED";
    case State::kUnknown: return "unknown";
  }
  return "unknown";
}

std::string Verdict(const std::vector<Outcome>& outcomes) {
  size_t total = outcomes.size(), escaped = Count(outcomes, State::kEscaped),
         unknown = Count(outcomes, State::kUnknown);
  std::string of = " of " + std::to_string(total) + " attempts ";
  if (escaped == 0 && unknown == 0) return "all " + std::to_string(total) + " attempts contained";
  std::vector<std::string> parts;
  if (escaped) parts.push_back(std::to_string(escaped) + of + "ESCAPED: " + Ids(outcomes, State::kEscaped));
  if (unknown)
    parts.push_back(std::to_string(unknown) + of +
                    "unknown (not reported by the probe): " + Ids(outcomes, State::kUnknown));
  return Join(parts, "; ");
}

int ExitStatus(const std::vector<Outcome>& outcomes) {
  return Count(outcomes, State::kEscaped) || Count(outcomes, State::kUnknown) ? 1 : 0;
}

std::string FormatTable(const std::vector<Outcome>& outcomes, const Painter& paint) {
  size_t layer_w = 5, what_w = 7;
  for (const auto& o : outcomes) {
    layer_w = std::max(layer_w, o.attempt.layer.size());
    what_w = std::max(what_w, o.attempt.what.size());
  }
  constexpr size_t kStateW = 9;
  std::string out =
      Pad("LAYER", layer_w) + "  " + Pad("ATTEMPT", what_w) + "  " + Pad("RESULT", kStateW) + "  DETAIL\n";
  for (const auto& o : outcomes) {
    out += Pad(o.attempt.layer, layer_w) + "  " + Pad(o.attempt.what, what_w) + "  " +
           paint(Pad(StateWord(o.state), kStateW), o.state) + "  " + o.detail + "\n";
  }
  out += "\n" + Verdict(outcomes) + "\n";
  return out;
}

nlohmann::json ToJson(const std::vector<Outcome>& outcomes) {
  nlohmann::json attempts = nlohmann::json::array();
  for (const auto& o : outcomes) {
    std::string result = o.state == State::kContained ? "contained"
                         : o.state == State::kEscaped ? "escaped"
                                                      : "unknown";
    attempts.push_back({{"id", o.attempt.id},
                        {"layer", o.attempt.layer},
                        {"attempt", o.attempt.what},
                        {"result", result},
                        {"detail", o.detail}});
  }
  return {{"attempts", attempts},
          {"total", outcomes.size()},
          {"escaped", Count(outcomes, State::kEscaped)},
          {"unknown", Count(outcomes, State::kUnknown)},
          {"verdict", Verdict(outcomes)}};
}

}  // namespace paddock::check
