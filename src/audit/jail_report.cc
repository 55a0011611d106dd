#include "audit/jail_report.h"

#include <map>

namespace paddock::audit {
namespace {

enum class Kind { kString, kNumber, kBool };

// The keys hook::AuditRecord writes, and their types.
const std::map<std::string, Kind>& HookKeys() {
  static const std::map<std::string, Kind> kKeys = {
      {"event", Kind::kString},     {"decision", Kind::kString},
      {"reason", Kind::kString},    {"exit_code", Kind::kNumber},
      {"jailed", Kind::kBool},      {"session_id", Kind::kString},
      {"tool_name", Kind::kString}, {"tool_use_id", Kind::kString},
      {"cwd", Kind::kString},       {"permission_mode", Kind::kString},
      {"agent_id", Kind::kString},  {"command", Kind::kString},
      {"file_path", Kind::kString}, {"url", Kind::kString},
      {"path", Kind::kString},      {"ts", Kind::kString},
  };
  return kKeys;
}

bool HasKind(const nlohmann::json& v, Kind kind) {
  switch (kind) {
    case Kind::kString: return v.is_string();
    case Kind::kNumber: return v.is_number_integer();
    case Kind::kBool: return v.is_boolean();
  }
  return false;
}

}  // namespace

std::optional<nlohmann::json> JailReport(std::string_view line) {
  if (line.empty() || line.size() > kMaxJailReportLine) return std::nullopt;
  auto record = nlohmann::json::parse(line, nullptr, false);
  if (!record.is_object()) return std::nullopt;
  if (record.value("event", "") != "policy_decision" || !record.contains("decision")) return std::nullopt;
  for (const auto& [key, value] : record.items()) {
    auto it = HookKeys().find(key);
    if (it == HookKeys().end() || !HasKind(value, it->second)) return std::nullopt;
  }
  if (record.contains("ts")) {
    record["reported_ts"] = record["ts"];
    record.erase("ts");
  }
  record["reported_by"] = "jail";
  return record;
}

bool IsDenial(const nlohmann::json& record) { return record.value("decision", "") == "deny"; }

}  // namespace paddock::audit
