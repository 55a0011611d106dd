#include "changes/render.h"

#include <nlohmann/json.hpp>

#include "base/strings.h"

namespace paddock::changes {
namespace {

char Letter(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::kAdded: return 'A';
    case ChangeKind::kModified: return 'M';
    case ChangeKind::kDeleted: return 'D';
    case ChangeKind::kRenamed: return 'R';
    case ChangeKind::kTypeChanged: return 'T';
    case ChangeKind::kModeChanged: return 'M';
  }
  return '?';
}

// Paths need not be UTF-8: the JSON shows U+FFFD for what is not, rather
// than failing.
constexpr auto kReplace = nlohmann::json::error_handler_t::replace;

nlohmann::json RunObject(const PendingRun& run, RunState state) {
  nlohmann::json j = {{"id", run.id},     {"project", run.project},       {"state", StateName(state)}, {"pid", run.pid},
                      {"argv", run.argv}, {"started_ns", run.started_ns}, {"ended", run.ended}};
  j["exit_status"] = run.ended ? nlohmann::json(run.exit_status) : nlohmann::json(nullptr);
  j["ended_ns"] = run.ended ? nlohmann::json(run.ended_ns) : nlohmann::json(nullptr);
  j["protected_paths"] = run.protected_paths;
  j["base"] = run.base.empty() ? nlohmann::json(nullptr) : nlohmann::json(run.base);
  return j;
}

nlohmann::json ChangeObject(const Change& c, const std::string& protected_path) {
  nlohmann::json j = {{"kind", KindName(c.kind)},
                      {"path", c.path},
                      {"directory", c.directory},
                      {"old_type", TypeName(c.old_type)},
                      {"new_type", TypeName(c.new_type)}};
  j["from"] = c.kind == ChangeKind::kRenamed ? nlohmann::json(c.from) : nlohmann::json(nullptr);
  j["old_mode"] = c.old_type == EntryType::kMissing ? nlohmann::json(nullptr) : nlohmann::json(ModeText(c.old_mode));
  j["new_mode"] = c.new_type == EntryType::kMissing ? nlohmann::json(nullptr) : nlohmann::json(ModeText(c.new_mode));
  j["conflict"] = c.conflict.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.conflict);
  j["protected"] = protected_path.empty() ? nlohmann::json(nullptr) : nlohmann::json(protected_path);
  return j;
}

bool NeedsQuoting(const std::string& word) {
  if (word.empty()) return true;
  for (char ch : word) {
    bool plain = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                 std::string_view("-_./=:,+@%").find(ch) != std::string_view::npos;
    if (!plain) return true;
  }
  return false;
}

}  // namespace

std::string ModeText(uint32_t mode) {
  std::string s = "0000";
  for (int i = 3; i >= 0; --i, mode >>= 3) s[static_cast<size_t>(i)] = static_cast<char>('0' + (mode & 7));
  return s;
}

std::string ChangeLine(const Change& c) {
  std::string slash = c.directory ? "/" : "";
  std::string line = std::string(1, Letter(c.kind)) + " ";
  if (c.kind == ChangeKind::kRenamed) line += TerminalSafe(c.from) + " -> ";
  line += TerminalSafe(c.path) + slash;
  if (c.ModeChanged() && c.kind != ChangeKind::kTypeChanged)
    line += " (mode " + ModeText(c.old_mode) + " -> " + ModeText(c.new_mode) + ")";
  return line;
}

std::string StateText(const PendingRun& run, RunState state) {
  if (state != RunState::kEnded) return StateName(state);
  if (run.exit_status > 128 && run.exit_status < 128 + 65)
    return "ended (signal " + std::to_string(run.exit_status - 128) + ")";
  return "ended (exit " + std::to_string(run.exit_status) + ")";
}

std::string CommandText(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& word : argv) {
    if (!out.empty()) out += ' ';
    if (!NeedsQuoting(word)) {
      out += word;
      continue;
    }
    out += '\'';
    for (char ch : word) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch == '\n' ? ' ' : ch);
    out += '\'';
  }
  return out;
}

std::string ChangeJson(const Change& change, const std::string& protected_path) {
  return ChangeObject(change, protected_path).dump(-1, ' ', false, kReplace);
}

std::string RunChangesJson(const PendingRun& run, RunState state, const std::vector<Change>& changes,
                           const std::vector<std::string>& protected_paths, const std::vector<RefReview>& refs) {
  nlohmann::json list = nlohmann::json::array();
  for (size_t i = 0; i < changes.size(); ++i)
    list.push_back(ChangeObject(changes[i], i < protected_paths.size() ? protected_paths[i] : ""));
  nlohmann::json ref_list = nlohmann::json::array();
  for (const auto& r : refs) {
    auto oid = [](const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); };
    ref_list.push_back({{"ref", r.update.ref},
                        {"old", oid(r.update.old_oid)},
                        {"new", oid(r.update.new_oid)},
                        {"fast_forward", r.fast_forward ? nlohmann::json(*r.fast_forward) : nlohmann::json(nullptr)},
                        {"refused", oid(r.refused)}});
  }
  nlohmann::json j = {{"run", RunObject(run, state)}, {"changes", list}, {"refs", ref_list}};
  return j.dump(2, ' ', false, kReplace) + "\n";
}

std::string RunListJson(const std::string& project, const std::vector<RunSummary>& runs) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : runs) {
    nlohmann::json j = RunObject(r.run, r.state);
    j["changes"] = r.changes < 0 ? nlohmann::json(nullptr) : nlohmann::json(r.changes);
    j["problem"] = r.problem.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.problem);
    list.push_back(j);
  }
  nlohmann::json j = {{"project", project}, {"runs", list}};
  return j.dump(2, ' ', false, kReplace) + "\n";
}

}  // namespace paddock::changes
