#include "audit/audit_log.h"

#include <cstdio>

namespace paddock::audit {

std::string Rfc3339(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  auto day = floor<days>(t);
  year_month_day date{day};
  hh_mm_ss time{floor<milliseconds>(t - day)};
  char buf[64];  // room for any int the compiler cannot rule out
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()), static_cast<int>(time.subseconds().count()));
  return buf;
}

bool ShouldRotate(uint64_t size, uint64_t line_size, uint64_t max_bytes) {
  return size > 0 && size + line_size > max_bytes;
}

std::string RotatedName(const std::string& path, int n) { return n == 0 ? path : path + "." + std::to_string(n); }

Result<std::string> EventLine(nlohmann::json event, std::chrono::system_clock::time_point now) {
  if (!event.is_object()) return OpError("record audit event of type", event.type_name(), "not a JSON object");
  if (!event.contains("ts")) event["ts"] = Rfc3339(now);
  // Invalid UTF-8 in commands must not make the event unwritable.
  return event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace paddock::audit
