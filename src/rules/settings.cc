#include "rules/settings.h"

#include <algorithm>

#include "base/strings.h"
#include "rules/json_text.h"

namespace paddock::rules {
namespace {

// Reads `facts`; what they do not hold yet is asked for and counts as absent.
class FactsView {
 public:
  FactsView(const SettingsFacts& facts, SettingsQuestions* ask) : facts_(facts), ask_(ask) {}

  const std::string* Text(const std::string& path) {
    if (auto it = facts_.texts.find(path); it != facts_.texts.end()) return &it->second;
    if (ask_ && !facts_.unreadable.count(path) && !facts_.unopenable.count(path)) ask_->read.insert(path);
    return nullptr;
  }
  // Why a file that is there could not be read (null otherwise).
  const std::string* Unopenable(const std::string& path) const {
    auto it = facts_.unopenable.find(path);
    return it == facts_.unopenable.end() ? nullptr : &it->second;
  }
  // Why a file could not be read (null when it was read or is not known yet).
  const std::string* Unreadable(const std::string& path) const {
    auto it = facts_.unreadable.find(path);
    return it == facts_.unreadable.end() ? nullptr : &it->second;
  }
  std::vector<std::string> List(const std::string& dir) {
    if (auto it = facts_.listings.find(dir); it != facts_.listings.end()) return it->second;
    if (ask_) ask_->list.insert(dir);
    return {};
  }
  std::string GitRoot(const std::string& dir) {
    if (auto it = facts_.git_roots.find(dir); it != facts_.git_roots.end()) return it->second;
    if (ask_) ask_->git_root.insert(dir);
    return "";
  }
  std::string Canonical(const std::string& path) {
    if (auto it = facts_.canonical.find(path); it != facts_.canonical.end()) return it->second;
    if (ask_) ask_->canonical.insert(path);
    return path;
  }

 private:
  const SettingsFacts& facts_;
  SettingsQuestions* ask_;
};

bool ReadJson(const std::string& path, FactsView& host, nlohmann::json& out, LoadedSettings& result) {
  const std::string* text = host.Text(path);
  if (!text) {
    // Absent files are normal; one that is there but cannot be read might
    // hold deny rules.
    if (const std::string* why = host.Unopenable(path)) result.errors.push_back(path + ": cannot read: " + *why);
    return false;
  }
  auto parsed = ParseJson(*text);
  if (!parsed || !parsed->is_object()) {
    result.errors.push_back(path + ": " + (parsed ? std::string("not a JSON object") : parsed.error().message));
    return false;
  }
  out = std::move(*parsed);
  result.files.push_back(path);
  return true;
}

std::string DirOf(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

void AddPermissionRules(const nlohmann::json& settings, Scope scope, const std::string& source,
                        const std::string& anchor, bool trust_allow, RuleSet& out) {
  if (!settings.is_object() || !settings.contains("permissions") || !settings["permissions"].is_object()) return;
  const auto& perms = settings["permissions"];
  auto add = [&](const char* key, RuleKind kind, std::vector<Rule>& list) {
    if (!perms.contains(key) || !perms[key].is_array()) return;
    list.reserve(list.size() + perms[key].size());
    for (const auto& item : perms[key]) {
      if (!item.is_string()) {
        out.warnings.push_back(source + ": non-string rule in permissions." + key);
        continue;
      }
      Rule r = ParseRule(item.get<std::string>(), kind, scope, anchor);
      r.source = source;
      if (r.ignored) out.warnings.push_back(source + ": " + r.text + ": " + r.warning);
      list.push_back(std::move(r));
    }
  };
  add("deny", RuleKind::kDeny, out.deny);
  add("ask", RuleKind::kAsk, out.ask);
  if (trust_allow) add("allow", RuleKind::kAllow, out.allow);
  else if (perms.contains("allow") && perms["allow"].is_array() && !perms["allow"].empty())
    out.warnings.push_back(source + ": allow rules ignored (the agent can write this file)");
}

std::string MainCheckoutOf(const std::string& dir, const std::string& first_line) {
  if (first_line.rfind("gitdir:", 0) != 0) return dir;
  std::string gitdir = first_line.substr(7);
  gitdir.erase(0, gitdir.find_first_not_of(" \t"));
  // "/main/.git/worktrees/name" -> "/main"
  std::string p = NormalizePath(!gitdir.empty() && gitdir[0] == '/' ? gitdir : dir + "/" + gitdir);
  std::string worktrees = DirOf(p);
  if (worktrees.size() >= 10 && worktrees.compare(worktrees.size() - 10, 10, "/worktrees") == 0)
    return DirOf(DirOf(worktrees));
  return dir;
}

SettingsLocations ResolveLocations(const SettingsInputs& in, const std::string& project_dir) {
  SettingsLocations where;
  if (!in.managed_dir.empty()) where.managed_dir = in.managed_dir;
  if (!in.env_managed_dir.empty() && in.env_managed_dir != where.managed_dir)
    where.restrict_managed_dirs.push_back(in.env_managed_dir);
  if (!in.config_dir.empty()) where.user_dir = in.config_dir;
  else if (!in.home.empty()) where.user_dir = in.home + "/.claude";
  for (const std::string& dir : {in.env_config_dir, in.env_home.empty() ? std::string() : in.env_home + "/.claude"})
    if (!dir.empty() && dir != where.user_dir &&
        std::find(where.restrict_user_dirs.begin(), where.restrict_user_dirs.end(), dir) ==
            where.restrict_user_dirs.end())
      where.restrict_user_dirs.push_back(dir);
  where.project_dir = project_dir;
  if (!in.env_project_dir.empty() && in.env_project_dir != project_dir) {
    if (where.project_dir.empty()) where.project_dir = in.env_project_dir;
    else where.extra_project_dirs.push_back(in.env_project_dir);
  }
  return where;
}

namespace {

// Managed settings of one directory: the file, then drop-ins in alphabetical
// order (hidden and non-.json files ignored).
std::vector<std::pair<std::string, nlohmann::json>> ReadManaged(const std::string& dir, FactsView& host,
                                                                LoadedSettings& result) {
  std::vector<std::pair<std::string, nlohmann::json>> managed;
  nlohmann::json j;
  if (ReadJson(dir + "/managed-settings.json", host, j, result))
    managed.emplace_back(dir + "/managed-settings.json", j);
  std::vector<std::string> dropins;
  for (const std::string& name : host.List(dir + "/managed-settings.d")) {
    bool json_name = name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0;
    if (name.empty() || name[0] == '.' || !json_name) continue;
    dropins.push_back(dir + "/managed-settings.d/" + name);
  }
  std::sort(dropins.begin(), dropins.end());
  for (const auto& d : dropins)
    if (ReadJson(d, host, j, result)) managed.emplace_back(d, j);
  return managed;
}

}  // namespace

LoadedSettings LoadSettings(const SettingsLocations& where, const SettingsFacts& facts, SettingsQuestions* ask) {
  FactsView host(facts, ask);
  LoadedSettings result;
  nlohmann::json j;
  // A round that leaves questions open is thrown away by the caller: compile
  // rules only in a round that may be the last (the hook loads the settings
  // once per tool call, in two or three rounds).
  auto add = [&](const nlohmann::json& s, Scope scope, const std::string& file, const std::string& anchor,
                 bool trust_allow) {
    if (ask && !ask->empty()) return;
    AddPermissionRules(s, scope, file, anchor, trust_allow, result.rules);
  };
  if (!where.managed_dir.empty()) {
    for (const auto& [path, s] : ReadManaged(where.managed_dir, host, result)) {
      add(s, Scope::kManaged, path, "/", true);
      if (s.contains("allowManagedPermissionRulesOnly") && s["allowManagedPermissionRulesOnly"] == true)
        result.managed_rules_only = true;
    }
  }
  // Environment-named: deny and ask only; their allowManagedPermissionRulesOnly would drop other scopes' denies.
  for (const auto& dir : where.restrict_managed_dirs)
    for (const auto& [path, s] : ReadManaged(dir, host, result)) add(s, Scope::kManaged, path, "/", false);
  if (result.managed_rules_only) return result;

  if (!where.user_dir.empty() && ReadJson(where.user_dir + "/settings.json", host, j, result))
    add(j, Scope::kUser, where.user_dir + "/settings.json", where.user_dir, true);
  for (const auto& dir : where.restrict_user_dirs)
    if (ReadJson(dir + "/settings.json", host, j, result)) add(j, Scope::kUser, dir + "/settings.json", dir, false);
  for (const auto& f : where.extra_files) {
    // Named on the command line: a file that cannot be read is an error.
    if (ReadJson(f, host, j, result)) add(j, Scope::kCli, f, DirOf(f), true);
    else if (const std::string* why = host.Unreadable(f)) result.errors.push_back(f + ": cannot read: " + *why);
  }
  std::vector<std::string> projects;
  if (!where.project_dir.empty()) projects.push_back(where.project_dir);
  for (const auto& p : where.extra_project_dirs)
    if (!p.empty() && std::find(projects.begin(), projects.end(), p) == projects.end()) projects.push_back(p);
  for (const auto& project_dir : projects) {
    std::string project = project_dir + "/.claude/settings.json";
    if (ReadJson(project, host, j, result)) add(j, Scope::kProject, project, project_dir, false);
    // Local settings: the start directory and (CC >= 2.1.211) the main git checkout.
    std::vector<std::string> locals{project_dir};
    std::string root = host.GitRoot(project_dir);
    if (!root.empty() && host.Canonical(root) != host.Canonical(project_dir)) locals.push_back(root);
    for (const auto& dir : locals) {
      std::string local = dir + "/.claude/settings.local.json";
      if (ReadJson(local, host, j, result)) add(j, Scope::kLocal, local, project_dir, false);
    }
  }
  return result;
}

}  // namespace paddock::rules
