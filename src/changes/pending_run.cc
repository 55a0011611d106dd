#include "changes/pending_run.h"

#include <nlohmann/json.hpp>

namespace paddock::changes {
namespace {

// Days since 1970-01-01 -> civil date (proleptic Gregorian): Howard Hinnant's
// well-known public-domain algorithm, written out here.
void CivilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
}

std::string Digits(int64_t value, int width) {
  std::string s = std::to_string(value);
  while (static_cast<int>(s.size()) < width) s.insert(s.begin(), '0');
  return s;
}

template <typename T>
bool Get(const nlohmann::json& j, const char* key, T& out, std::string& missing) {
  auto it = j.find(key);
  if (it == j.end()) return true;  // optional: defaults stay
  try {
    out = it->get<T>();
    return true;
  } catch (const nlohmann::json::exception&) {
    missing = key;
    return false;
  }
}

}  // namespace

std::string ToJson(const PendingRun& run) {
  nlohmann::json j = {{"id", run.id},
                      {"project", run.project},
                      {"started_ns", run.started_ns},
                      {"pid", run.pid},
                      {"argv", run.argv},
                      {"placeholders", run.placeholders},
                      {"protected_paths", run.protected_paths},
                      {"protected_branches", run.protected_branches},
                      {"ended", run.ended},
                      {"exit_status", run.exit_status},
                      {"ended_ns", run.ended_ns},
                      {"applied_ctime_ns", run.applied_ctime_ns}};
  if (!run.base.empty()) j["base"] = run.base;
  return j.dump(2) + "\n";
}

Result<PendingRun> PendingRunFromJson(const std::string& text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Error{"run.json is not a JSON object"};
  PendingRun run;
  std::string bad;
  bool ok = Get(j, "id", run.id, bad) && Get(j, "project", run.project, bad) &&
            Get(j, "started_ns", run.started_ns, bad) && Get(j, "pid", run.pid, bad) && Get(j, "argv", run.argv, bad) &&
            Get(j, "placeholders", run.placeholders, bad) && Get(j, "protected_paths", run.protected_paths, bad) &&
            Get(j, "protected_branches", run.protected_branches, bad) && Get(j, "ended", run.ended, bad) &&
            Get(j, "exit_status", run.exit_status, bad) && Get(j, "ended_ns", run.ended_ns, bad) &&
            Get(j, "applied_ctime_ns", run.applied_ctime_ns, bad) && Get(j, "base", run.base, bad);
  if (!ok) return Error{"run.json: \"" + bad + "\" has the wrong type"};
  if (run.id.empty()) return Error{"run.json: \"id\" is missing"};
  if (run.project.empty() || run.project[0] != '/') return Error{"run.json: \"project\" is not an absolute path"};
  if (!run.base.empty() && (!IsRunId(run.base) || run.base == run.id))
    return Error{"run.json: \"base\" is not another run's id"};
  return run;
}

std::string NewRunId(int64_t now_ns, uint32_t random) {
  int64_t secs = now_ns / 1000000000;
  if (now_ns < 0 && now_ns % 1000000000 != 0) --secs;
  int64_t days = secs / 86400, rest = secs % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, y, m, d);
  static const char kHex[] = "0123456789abcdef";
  std::string suffix;
  for (int shift = 12; shift >= 0; shift -= 4) suffix += kHex[(random >> shift) & 0xf];
  return Digits(y, 4) + Digits(m, 2) + Digits(d, 2) + "-" + Digits(rest / 3600, 2) + Digits(rest / 60 % 60, 2) +
         Digits(rest % 60, 2) + "-" + suffix;
}

const char* StateName(RunState state) {
  switch (state) {
    case RunState::kRunning: return "running";
    case RunState::kEnded: return "ended";
    case RunState::kInterrupted: return "interrupted";
    case RunState::kBroken: return "broken";
  }
  return "?";
}

bool IsRunIdPrefix(const std::string& word) {
  if (word.empty() || word.size() > 20) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    bool digit = c >= '0' && c <= '9';
    if (i == 8 || i == 15 ? c != '-' : i < 15 ? !digit : !(digit || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool IsRunId(const std::string& id) { return id.size() == 20 && IsRunIdPrefix(id); }

}  // namespace paddock::changes
