#include "plan/git_identity.h"

#include <algorithm>

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

std::string JailSystemGitConfig(const GitIdentity& identity) {
  if (identity.empty()) return "";
  std::string out =
      "# paddock: the host's git identity (docs/design.md, \"Git in the jail\"); the repository's\n"
      "# config and the jail home's ~/.gitconfig override it.\n"
      "[include]\n\tpath = /etc/gitconfig\n[user]\n";
  if (!identity.name.empty()) out += "\tname = " + Quoted(identity.name) + "\n";
  if (!identity.email.empty()) out += "\temail = " + Quoted(identity.email) + "\n";
  return out;
}

void AddJailGitIdentity(const GitIdentity& identity, LaunchPlan& plan) {
  std::string config = JailSystemGitConfig(identity);
  if (config.empty()) return;
  if (std::any_of(plan.env.begin(), plan.env.end(), [](const std::string& e) {
        return e.starts_with("GIT_CONFIG_SYSTEM=") || e.starts_with("GIT_CONFIG_NOSYSTEM=");
      }))
    return;
  MountOp file;
  file.type = MountType::kFile;
  file.target = kJailSystemGitConfig;
  file.data = std::move(config);
  file.read_only = true;
  file.why = "the host's git identity (user.name, user.email) for commits, below the repository's config";
  plan.mounts.push_back(std::move(file));
  plan.env.push_back(std::string("GIT_CONFIG_SYSTEM=") + kJailSystemGitConfig);
}

}  // namespace paddock::plan
