#include "plan/git_identity.h"

#include <algorithm>

#include "base/strings.h"

namespace paddock::plan {
namespace {

// A config value in double quotes: backslash and quote escaped.
std::string Quoted(const std::string& value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

void TakeGitIdentity(const git::ConfigEntry& entry, GitIdentity& identity) {
  if (entry.section != "user" || !entry.subsection.empty() || !entry.has_value) return;
  std::string* field = entry.name == "name" ? &identity.name : entry.name == "email" ? &identity.email : nullptr;
  if (!field) return;
  bool readable = std::none_of(entry.value.begin(), entry.value.end(),
                               [](char c) { return static_cast<unsigned char>(c) < 0x20 && c != '\t'; });
  if (readable) *field = entry.value;
}

std::string JailSystemGitConfig(const GitIdentity& identity, bool excludes, bool info_read_only) {
  if (identity.empty() && !excludes && !info_read_only) return "";
  std::string out =
      "# paddock: the host's git identity and the placeholders to ignore (docs/design.md, \"Git in the\n"
      "# jail\"); the repository's config and the jail home's ~/.gitconfig override them.\n"
      "[include]\n\tpath = /etc/gitconfig\n";
  if (!identity.empty()) {
    out += "[user]\n";
    if (!identity.name.empty()) out += "\tname = " + Quoted(identity.name) + "\n";
    if (!identity.email.empty()) out += "\temail = " + Quoted(identity.email) + "\n";
  }
  if (excludes) out += std::string("[core]\n\texcludesFile = ") + kJailGitExcludes + "\n";
  if (info_read_only) out += "[repack]\n\tupdateServerInfo = false\n";
  return out;
}

std::vector<std::string> PlaceholderExcludes(const std::vector<Placeholder>& placeholders, const std::string& top) {
  std::vector<std::string> out;
  for (const auto& p : placeholders) {
    if (!PathIsWithin(p.path, top) || p.path == top || PathIsWithin(p.path, top + "/.git")) continue;
    std::string rel = p.path.substr(top == "/" ? 0 : top.size());
    // Glob characters and a leading '!' or '#' would change the pattern.
    std::string pattern;
    for (char c : rel) {
      if (c == '*' || c == '?' || c == '[' || c == '\\' || c == '!' || c == '#') pattern += '\\';
      pattern += c;
    }
    if (rel.find_first_of("\n\r") != std::string::npos || pattern.back() == ' ') continue;
    out.push_back(pattern + (p.directory ? "/" : ""));
  }
  return out;
}

void AddJailGitConfig(const GitIdentity& identity, const std::vector<std::string>& excludes, LaunchPlan& plan) {
  // A git directory's info/ is protected beside its config.
  const auto& locked = plan.protected_paths;
  bool info_read_only = std::any_of(locked.begin(), locked.end(), [&](const std::string& p) {
    return p.ends_with("/info") && std::count(locked.begin(), locked.end(), p.substr(0, p.size() - 5) + "/config") > 0;
  });
  std::string config = JailSystemGitConfig(identity, !excludes.empty(), info_read_only);
  if (config.empty()) return;
  if (std::any_of(plan.env.begin(), plan.env.end(), [](const std::string& e) {
        return e.starts_with("GIT_CONFIG_SYSTEM=") || e.starts_with("GIT_CONFIG_NOSYSTEM=");
      }))
    return;
  auto file = [&](const char* target, std::string data, std::string why) {
    MountOp op;
    op.type = MountType::kFile;
    op.target = target;
    op.data = std::move(data);
    op.read_only = true;
    op.why = std::move(why);
    plan.mounts.push_back(std::move(op));
  };
  file(kJailSystemGitConfig, std::move(config),
       "the host's git identity (user.name, user.email) for commits, and the placeholders for git to ignore, below "
       "the repository's config");
  if (!excludes.empty()) {
    std::string text = "# paddock's placeholders: read-only mount points git must not try to remove\n";
    for (const auto& e : excludes) text += e + "\n";
    file(kJailGitExcludes, std::move(text), "paddock's placeholders, for git to ignore (git clean -d, git stash -u)");
  }
  plan.env.push_back(std::string("GIT_CONFIG_SYSTEM=") + kJailSystemGitConfig);
}

}  // namespace paddock::plan
