#include "rules/settings.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace paddock::rules {
namespace fs = std::filesystem;
namespace {

bool ReadJson(const std::string& path, nlohmann::json& out, LoadedSettings& result) {
  std::ifstream in(path);
  if (!in) return false;  // absent files are normal
  std::stringstream ss;
  ss << in.rdbuf();
  try {
    out = nlohmann::json::parse(ss.str());
    if (!out.is_object()) throw std::runtime_error("not a JSON object");
  } catch (const std::exception& e) {
    result.errors.push_back(path + ": " + e.what());
    return false;
  }
  result.files.push_back(path);
  return true;
}

std::string DirOf(const std::string& path) {
  std::string d = fs::path(path).parent_path().string();
  return d.empty() ? "." : d;
}

}  // namespace

void AddPermissionRules(const nlohmann::json& settings, Scope scope, const std::string& source,
                        const std::string& anchor, bool trust_allow, RuleSet& out) {
  if (!settings.is_object() || !settings.contains("permissions") || !settings["permissions"].is_object()) return;
  const auto& perms = settings["permissions"];
  auto add = [&](const char* key, RuleKind kind, std::vector<Rule>& list) {
    if (!perms.contains(key) || !perms[key].is_array()) return;
    for (const auto& item : perms[key]) {
      if (!item.is_string()) { out.warnings.push_back(source + ": non-string rule in permissions." + key); continue; }
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

std::string GitMainRoot(const std::string& start) {
  std::error_code ec;
  fs::path dir = fs::absolute(start, ec);
  for (int i = 0; i < 256 && !dir.empty(); ++i) {
    fs::path git = dir / ".git";
    if (fs::is_directory(git, ec)) return dir.string();
    if (fs::is_regular_file(git, ec)) {
      // Worktree: "gitdir: /main/.git/worktrees/name" -> /main
      std::ifstream in(git);
      std::string line;
      std::getline(in, line);
      if (line.rfind("gitdir:", 0) == 0) {
        std::string gitdir = line.substr(7);
        gitdir.erase(0, gitdir.find_first_not_of(" \t"));
        fs::path g = fs::path(gitdir).is_absolute() ? fs::path(gitdir) : dir / gitdir;
        fs::path p = g.lexically_normal();
        if (p.parent_path().filename() == "worktrees") return p.parent_path().parent_path().parent_path().string();
      }
      return dir.string();
    }
    if (dir == dir.root_path()) break;
    dir = dir.parent_path();
  }
  return "";
}

SettingsLocations ResolveLocations(const SettingsInputs& in, const std::string& project_dir) {
  SettingsLocations where;
  if (!in.managed_dir.empty()) where.managed_dir = in.managed_dir;
  if (!in.env_managed_dir.empty() && in.env_managed_dir != where.managed_dir) where.restrict_managed_dirs.push_back(in.env_managed_dir);
  if (!in.config_dir.empty()) where.user_dir = in.config_dir;
  else if (!in.home.empty()) where.user_dir = in.home + "/.claude";
  for (const std::string& dir : {in.env_config_dir, in.env_home.empty() ? std::string() : in.env_home + "/.claude"})
    if (!dir.empty() && dir != where.user_dir &&
        std::find(where.restrict_user_dirs.begin(), where.restrict_user_dirs.end(), dir) == where.restrict_user_dirs.end())
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
std::vector<std::pair<std::string, nlohmann::json>> ReadManaged(const std::string& dir, LoadedSettings& result) {
  std::vector<std::pair<std::string, nlohmann::json>> managed;
  nlohmann::json j;
  if (ReadJson(dir + "/managed-settings.json", j, result)) managed.emplace_back(dir + "/managed-settings.json", j);
  std::error_code ec;
  std::vector<std::string> dropins;
  for (const auto& e : fs::directory_iterator(dir + "/managed-settings.d", ec)) {
    std::string name = e.path().filename().string();
    if (name.empty() || name[0] == '.' || e.path().extension() != ".json") continue;
    dropins.push_back(e.path().string());
  }
  std::sort(dropins.begin(), dropins.end());
  for (const auto& d : dropins)
    if (ReadJson(d, j, result)) managed.emplace_back(d, j);
  return managed;
}

}  // namespace

LoadedSettings LoadSettings(const SettingsLocations& where) {
  LoadedSettings result;
  nlohmann::json j;
  if (!where.managed_dir.empty()) {
    for (const auto& [path, s] : ReadManaged(where.managed_dir, result)) {
      AddPermissionRules(s, Scope::kManaged, path, "/", true, result.rules);
      if (s.contains("allowManagedPermissionRulesOnly") && s["allowManagedPermissionRulesOnly"] == true) result.managed_rules_only = true;
    }
  }
  // Environment-named: deny and ask only; their allowManagedPermissionRulesOnly would drop other scopes' denies.
  for (const auto& dir : where.restrict_managed_dirs)
    for (const auto& [path, s] : ReadManaged(dir, result)) AddPermissionRules(s, Scope::kManaged, path, "/", false, result.rules);
  if (result.managed_rules_only) return result;

  if (!where.user_dir.empty() && ReadJson(where.user_dir + "/settings.json", j, result))
    AddPermissionRules(j, Scope::kUser, where.user_dir + "/settings.json", where.user_dir, true, result.rules);
  for (const auto& dir : where.restrict_user_dirs)
    if (ReadJson(dir + "/settings.json", j, result)) AddPermissionRules(j, Scope::kUser, dir + "/settings.json", dir, false, result.rules);
  for (const auto& f : where.extra_files) {
    if (ReadJson(f, j, result)) AddPermissionRules(j, Scope::kCli, f, DirOf(fs::absolute(f).string()), true, result.rules);
    else if (!fs::exists(f)) result.errors.push_back(f + ": cannot read");
  }
  std::vector<std::string> projects;
  if (!where.project_dir.empty()) projects.push_back(where.project_dir);
  for (const auto& p : where.extra_project_dirs)
    if (!p.empty() && std::find(projects.begin(), projects.end(), p) == projects.end()) projects.push_back(p);
  for (const auto& project_dir : projects) {
    std::string project = project_dir + "/.claude/settings.json";
    if (ReadJson(project, j, result)) AddPermissionRules(j, Scope::kProject, project, project_dir, false, result.rules);
    // Local settings: the start directory and (CC >= 2.1.211) the main git checkout.
    std::vector<std::string> locals{project_dir};
    std::string root = GitMainRoot(project_dir);
    if (!root.empty() && fs::weakly_canonical(root) != fs::weakly_canonical(project_dir)) locals.push_back(root);
    for (const auto& dir : locals) {
      std::string local = dir + "/.claude/settings.local.json";
      if (ReadJson(local, j, result)) AddPermissionRules(j, Scope::kLocal, local, project_dir, false, result.rules);
    }
  }
  return result;
}

}  // namespace paddock::rules
