#include "audit/log_view.h"

#include <cctype>

#include "base/strings.h"
#include "policy/units.h"

namespace paddock::audit {
namespace {

// Reads exactly `n` digits at `pos`.
bool Digits(std::string_view s, size_t& pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    out = out * 10 + (c - '0');
  }
  pos += n;
  return true;
}

bool Expect(std::string_view s, size_t& pos, std::string_view chars) {
  if (pos >= s.size() || chars.find(s[pos]) == std::string_view::npos) return false;
  ++pos;
  return true;
}

std::string Str(const nlohmann::json& e, const char* key) {
  auto it = e.find(key);
  if (it == e.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  return it->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// "2024-05-01T12:00:00.250Z" -> "2024-05-01 12:00:00" (UTC, as recorded).
std::string ShortTime(const std::string& ts) {
  if (ts.size() >= 19 && (ts[10] == 'T' || ts[10] == 't' || ts[10] == ' '))
    return ts.substr(0, 10) + " " + ts.substr(11, 8);
  return ts.empty() ? "?" : ts;
}

std::string Joined(const nlohmann::json& argv) {
  if (!argv.is_array()) return "";
  std::string out;
  for (const auto& a : argv) {
    std::string word = a.is_string() ? a.get<std::string>() : a.dump();
    bool plain = !word.empty() && word.find_first_of(" \t\n'\"\\$`") == std::string::npos;
    out += (out.empty() ? "" : " ") + (plain ? word : "'" + word + "'");
  }
  return out;
}

// The key facts of each event kind; `denial` when the user should notice.
std::string Facts(const nlohmann::json& e, const std::string& kind, bool& denial) {
  if (kind == "run-start") {
    std::string out = Joined(e.value("argv", nlohmann::json())) + "  in " + Str(e, "project");
    if (!Str(e, "profile").empty()) out += "  profile " + Str(e, "profile");
    if (!Str(e, "preset").empty()) out += "  preset " + Str(e, "preset");
    out += "  net " + Str(e, "network");
    std::string weak;
    if (auto it = e.find("layers"); it != e.end() && it->is_array())
      for (const auto& l : *it)
        if (l.is_object() && !l.value("enforced", true)) weak += (weak.empty() ? "" : ", ") + Str(l, "layer");
    if (!weak.empty()) out += "  NOT enforced: " + weak;
    return out;
  }
  if (kind == "network") {
    denial = Str(e, "verdict") == "deny";
    std::string target = Str(e, "name").empty() ? Str(e, "address") : Str(e, "name");
    if (!Str(e, "port").empty()) target += ":" + Str(e, "port");
    std::string out = Str(e, "verdict") + " " + target + " via " + Str(e, "via");
    if (!Str(e, "reason").empty()) out += " (" + Str(e, "reason") + ")";
    if (e.contains("bytes_up")) out += " closed: " + Str(e, "bytes_up") + " B up, " + Str(e, "bytes_down") + " B down";
    return out;
  }
  if (kind == "policy_decision") {
    std::string decision = Str(e, "decision");
    denial = decision == "deny" || decision == "error";
    std::string what = Str(e, "command");
    for (const char* k : {"file_path", "url", "path"})
      if (what.empty()) what = Str(e, k);
    std::string out = decision + " " + Str(e, "tool_name") + (what.empty() ? "" : ": " + what);
    if (!Str(e, "reason").empty()) out += " (" + Str(e, "reason") + ")";
    if (e.value("reported_by", "") == "jail") out += " [reported by the jail]";
    return out;
  }
  if (kind == "limit") {
    denial = true;
    return Str(e, "limit") + ": " + Str(e, "detail");
  }
  if (kind == "exit") {
    std::string status = Str(e, "status");
    denial = status != "0";
    std::string out = "status " + status + " after " + Str(e, "duration_ms") + " ms";
    if (!Str(e, "peak_memory_bytes").empty()) out += ", peak memory " + Str(e, "peak_memory_bytes") + " B";
    return out;
  }
  if (kind == "review") {
    denial = true;
    return Str(e, "detail");
  }
  // An event this version does not know: its fields, as recorded.
  std::string out;
  for (const auto& [k, v] : e.items()) {
    if (k == "event" || k == "ts" || k == "run") continue;
    out += (out.empty() ? "" : " ") + k + "=" + (v.is_string() ? v.get<std::string>() : v.dump());
  }
  return out;
}

}  // namespace

Result<TimePoint> ParseRfc3339(std::string_view s) {
  auto bad = [&] { return OpError("read time", std::string(s), "not an RFC 3339 timestamp (2024-05-01T12:00:00Z)"); };
  size_t pos = 0;
  int y, mo, d, h, mi, sec;
  if (!Digits(s, pos, 4, y) || !Expect(s, pos, "-") || !Digits(s, pos, 2, mo) || !Expect(s, pos, "-") ||
      !Digits(s, pos, 2, d) || !Expect(s, pos, "Tt ") || !Digits(s, pos, 2, h) || !Expect(s, pos, ":") ||
      !Digits(s, pos, 2, mi) || !Expect(s, pos, ":") || !Digits(s, pos, 2, sec))
    return bad();
  using namespace std::chrono;
  year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  // system_clock counts nanoseconds in 64 bits: it ends in 2262.
  if (!date.ok() || y < 1970 || y > 2261 || h > 23 || mi > 59 || sec > 60) return bad();
  milliseconds frac{0};
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int scale = 100, digits = 0;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
      frac += milliseconds((s[pos] - '0') * scale);
      scale /= 10;
      ++pos, ++digits;
    }
    if (digits == 0) return bad();
  }
  minutes offset{0};
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int sign = s[pos] == '-' ? -1 : 1;
    ++pos;
    int oh, om;
    if (!Digits(s, pos, 2, oh) || !Expect(s, pos, ":") || !Digits(s, pos, 2, om) || oh > 23 || om > 59) return bad();
    offset = minutes(sign * (oh * 60 + om));
  } else {
    return bad();
  }
  if (pos != s.size()) return bad();
  TimePoint t = sys_days(date) + hours(h) + minutes(mi) + seconds(sec) + frac;
  return t - offset;
}

Result<TimePoint> ParseSince(std::string_view text, TimePoint now) {
  if (auto t = ParseRfc3339(text)) return *t;
  if (auto ms = policy::ParseDurationMs(text)) return now - std::chrono::milliseconds(*ms);
  return OpError("read --since", std::string(text),
                 "neither a duration (10m, 2h, 1d) nor an RFC 3339 timestamp (2024-05-01T12:00:00Z)");
}

LogEntry ParseLogLine(std::string_view line) {
  LogEntry entry;
  entry.raw = std::string(line);
  if (!entry.raw.empty() && entry.raw.back() == '\n') entry.raw.pop_back();
  auto parsed = nlohmann::json::parse(entry.raw, nullptr, false);
  if (!parsed.is_discarded() && parsed.is_object()) entry.event = std::move(parsed);
  return entry;
}

bool Matches(const LogEntry& entry, const LogFilter& filter, LogCursor& cursor) {
  bool in_time = true;
  if (filter.since) {
    auto t = entry.malformed() ? Result<TimePoint>(Error{"malformed"}) : ParseRfc3339(Str(entry.event, "ts"));
    in_time = t ? *t >= *filter.since : cursor.last_dated_kept;
    if (t) cursor.last_dated_kept = in_time;
  }
  if (!in_time) return false;
  if (filter.run.empty()) return true;
  return !entry.malformed() && Str(entry.event, "run").compare(0, filter.run.size(), filter.run) == 0;
}

ShownEntry ShowEntry(const LogEntry& entry) {
  ShownEntry shown;
  if (entry.malformed()) {
    std::string raw = entry.raw.size() > 200 ? entry.raw.substr(0, 200) + "..." : entry.raw;
    shown.text =
        "malformed line: " + nlohmann::json(raw).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return shown;
  }
  const auto& e = entry.event;
  std::string kind = Str(e, "event");
  std::string run = Str(e, "run").substr(0, 8);
  std::string head = ShortTime(Str(e, "ts")) + "  " + (run.empty() ? std::string(8, '-') : run) + "  ";
  std::string label = kind.empty() ? "?" : kind;
  if (label.size() < 15) label.resize(15, ' ');
  // Paths, commands and details come from the run (the jail reports some):
  // escaped for the terminal.
  shown.text = TerminalSafe(head + label + " " + Facts(e, kind, shown.denial));
  return shown;
}

}  // namespace paddock::audit
