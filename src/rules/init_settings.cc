#include "rules/init_settings.h"

#include <algorithm>
#include <set>
#include <string_view>

#include "rules/hook_handler.h"

namespace paddock::rules {
namespace {

using nlohmann::json;

// Deny lists follow the common hardening guides: privilege tools, system
// package managers, container/cluster tools, network shells, destructive disk
// tools, plus the files that let code run later outside the jail.
const std::vector<std::string> kMinimalDeny = {
    "Bash(sudo:*)",
    "Bash(su:*)",
    "Bash(doas:*)",
    "Bash(pkexec:*)",
    "Bash(runuser:*)",
    "Bash(apt:*)",
    "Bash(apt-get:*)",
    "Bash(dpkg:*)",
    "Bash(yum:*)",
    "Bash(dnf:*)",
    "Bash(rpm:*)",
    "Bash(pacman:*)",
    "Bash(zypper:*)",
    "Bash(apk:*)",
    "Bash(snap:*)",
    "Bash(docker:*)",
    "Bash(podman:*)",
    "Bash(nerdctl:*)",
    "Bash(kubectl:*)",
    "Bash(helm:*)",
    "Bash(nc:*)",
    "Bash(ncat:*)",
    "Bash(netcat:*)",
    "Bash(socat:*)",
    "Bash(telnet:*)",
    "Bash(mkfs:*)",
    "Bash(mkfs.ext4:*)",
    "Bash(dd:*)",
    "Bash(fdisk:*)",
    "Bash(parted:*)",
    "Bash(wipefs:*)",
    "Bash(shred:*)",
    "Read(~/.ssh/**)",
    "Read(~/.aws/**)",
    "Read(~/.gnupg/**)",
    // The agent's own configuration, named file by file: a rule on all of
    // .claude/ becomes a read-only bind in Claude Code's sandbox, which then
    // cannot create its own mount points below it and fails every command.
    "Edit(./.claude/settings.json)",
    "Edit(./.claude/settings.local.json)",
    "Edit(./.claude/hooks/**)",
    "Edit(./.claude/commands/**)",
    "Edit(./.claude/agents/**)",
    "Edit(./.claude/skills/**)",
    "Edit(./.git/hooks/**)",
    "Edit(./.git/config)",
    "Edit(./.mcp.json)",
};
const std::vector<std::string> kStandardDeny = {
    "Bash(curl:*)",
    "Bash(wget:*)",
    "Bash(ssh:*)",
    "Bash(scp:*)",
    "Bash(sftp:*)",
    "Bash(rsync:*)",
    "Bash(ftp:*)",
    "Bash(git push --force:*)",
    "Bash(git push -f:*)",
    "Bash(npm publish:*)",
    "Bash(crontab:*)",
    "Bash(systemctl:*)",
    "Bash(mount:*)",
    "Bash(umount:*)",
    "Bash(iptables:*)",
    "Bash(nft:*)",
    "Bash(chown:*)",
    "Read(./.env)",
    "Read(./.env.*)",
    "Read(./secrets/**)",
    "Read(~/.kube/**)",
    "Read(~/.docker/config.json)",
    "Read(~/.config/gcloud/**)",
    "Read(~/.netrc)",
    "Read(~/.npmrc)",
    "Read(~/.pypirc)",
    "Edit(~/.bashrc)",
    "Edit(~/.zshrc)",
    "Edit(~/.profile)",
    "Edit(./.vscode/**)",
};
const std::vector<std::string> kParanoidDeny = {
    "Bash(nsenter:*)", "Bash(unshare:*)",  "Bash(chroot:*)",    "Bash(insmod:*)",     "Bash(modprobe:*)",
    "Bash(reboot:*)",  "Bash(shutdown:*)", "Bash(poweroff:*)",  "Bash(halt:*)",       "Bash(kill:*)",
    "Bash(pkill:*)",   "Bash(killall:*)",  "Bash(at:*)",        "Bash(gh:*)",         "Bash(aws:*)",
    "Bash(gcloud:*)",  "Bash(az:*)",       "Bash(terraform:*)", "Read(~/.config/**)",
};
const std::vector<std::string> kParanoidAsk = {
    "Bash(git push:*)", "Bash(npm install:*)", "Bash(pip install:*)", "Bash(cargo install:*)", "WebFetch", "mcp__*",
};

// Strict sandbox keys (docs/policy-semantics.md §Registration and sandbox keys).
json SandboxKeys() {
  return {
      {"enabled", true},
      {"failIfUnavailable", true},
      {"autoAllowBashIfSandboxed", true},
      {"allowUnsandboxedCommands", false},
      {"excludedCommands", json::array()},
      {"network", {{"allowedDomains", json::array()}, {"allowAllUnixSockets", false}, {"allowLocalBinding", false}}}};
}

void AddMissing(json& list, const std::vector<std::string>& items) {
  for (const auto& i : items)
    if (std::find(list.begin(), list.end(), json(i)) == list.end()) list.push_back(i);
}

// Adds keys of `ours` missing in `theirs`, recursing into objects; records
// differing user values instead of replacing them.
void MergeObject(json& theirs, const json& ours, const std::string& path, std::vector<std::string>& kept) {
  for (auto it = ours.begin(); it != ours.end(); ++it) {
    std::string key = path + "." + it.key();
    if (!theirs.contains(it.key())) {
      theirs[it.key()] = it.value();
    } else if (theirs[it.key()].is_object() && it.value().is_object()) {
      MergeObject(theirs[it.key()], it.value(), key, kept);
    } else if (theirs[it.key()].is_array() && it.value().is_array()) {
      for (const auto& v : it.value())
        if (std::find(theirs[it.key()].begin(), theirs[it.key()].end(), v) == theirs[it.key()].end())
          theirs[it.key()].push_back(v);
    } else if (theirs[it.key()] != it.value()) {
      kept.push_back(key.substr(1) + " = " + theirs[it.key()].dump() + " (paddock recommends " + it.value().dump() +
                     ")");
    }
  }
}

constexpr std::string_view kJailFlag = " --jail-commands";

json* HooksOf(json& group) {
  return group.is_object() && group.contains("hooks") && group["hooks"].is_array() ? &group["hooks"] : nullptr;
}

std::string MatcherOf(const json& group) { return group.contains("matcher") ? group["matcher"].dump() : ""; }

// Registers `hook_command` for every tool unless it is there. With
// --jail-commands, an existing registration of the same binary's plain hook
// becomes the jailing one: both at once would still jail, but say less plainly
// what runs. So do the `replaced` forms. A registration is recognised by the
// command line it runs, in shell or exec form (rules/hook_handler.h); ours in
// shell form moves to exec form when it can.
void MergeHook(json& pre, const std::string& hook_command, bool jail_commands, std::vector<std::string> replaced,
               std::vector<std::string>& changed) {
  if (jail_commands && hook_command.size() > kJailFlag.size() &&
      hook_command.compare(hook_command.size() - kJailFlag.size(), kJailFlag.size(), kJailFlag) == 0)
    replaced.push_back(hook_command.substr(0, hook_command.size() - kJailFlag.size()));
  // Matchers under which ours is registered: another form beside it there
  // would run the hook twice per tool call, so it goes; elsewhere it
  // becomes ours (its matcher is the user's choice).
  std::set<std::string> ours;
  for (auto& group : pre)
    if (json* list = HooksOf(group))
      for (auto& h : *list)
        if (HandlerCommandLine(h) == hook_command) {
          ours.insert(MatcherOf(group));
          if (MoveToExecForm(h))
            changed.push_back("hook \"" + hook_command + "\" now runs without a shell (exec form)");
        }
  for (size_t g = 0; g < pre.size();) {
    json* list = HooksOf(pre[g]);
    bool emptied = false;
    for (size_t i = 0; list && i < list->size();) {
      std::string command = HandlerCommandLine((*list)[i]);
      if (command.empty() || command == hook_command ||
          std::find(replaced.begin(), replaced.end(), command) == replaced.end()) {
        ++i;
      } else if (ours.count(MatcherOf(pre[g]))) {
        list->erase(i);
        emptied = list->empty();
        changed.push_back("hook \"" + command + "\" removed (\"" + hook_command + "\" is registered beside it)");
      } else {
        SetHandlerCommandLine((*list)[i], hook_command);
        changed.push_back("hook \"" + command + "\" -> \"" + hook_command + "\"");
        ours.insert(MatcherOf(pre[g]));
        ++i;
      }
    }
    if (emptied) pre.erase(g);
    else ++g;
  }
  if (ours.empty()) pre.push_back({{"matcher", "*"}, {"hooks", json::array({HookHandler(hook_command)})}});
}

}  // namespace

Result<InitProfile> FindInitProfile(const std::string& name) {
  InitProfile p;
  p.name = name;
  if (name != "minimal" && name != "standard" && name != "paranoid")
    return OpError("select profile", name, "unknown profile (minimal, standard, paranoid)");
  p.deny = kMinimalDeny;
  if (name != "minimal") p.deny.insert(p.deny.end(), kStandardDeny.begin(), kStandardDeny.end());
  if (name == "paranoid") {
    p.deny.insert(p.deny.end(), kParanoidDeny.begin(), kParanoidDeny.end());
    p.ask = kParanoidAsk;
  }
  return p;
}

Result<InitResult> MergeInitSettings(const json& existing, const InitProfile& profile, const std::string& hook_command,
                                     bool jail_commands, const std::vector<std::string>& replaced) {
  InitResult r;
  r.settings = existing.is_null() ? json::object() : existing;
  if (!r.settings.is_object()) return OpError("merge", "settings", "existing settings are not a JSON object");
  json& s = r.settings;
  for (const char* k : {"permissions", "hooks", "sandbox"})
    if (s.contains(k) && !s[k].is_object())
      return OpError("merge", std::string("settings key ") + k, "is not an object");
  if (!s.contains("$schema")) s["$schema"] = "https://json.schemastore.org/claude-code-settings.json";

  json& perms = s["permissions"];
  if (!perms.is_object()) perms = json::object();
  MergeObject(perms, {{"defaultMode", "bypassPermissions"}}, ".permissions", r.kept);
  for (const char* k : {"deny", "ask"}) {
    if (perms.contains(k) && !perms[k].is_array())
      return OpError("merge", std::string("permissions.") + k, "is not a list");
    if (!perms.contains(k)) perms[k] = json::array();
  }
  AddMissing(perms["deny"], profile.deny);
  AddMissing(perms["ask"], profile.ask);
  if (perms["ask"].empty()) perms.erase("ask");

  json& hooks = s["hooks"];
  if (!hooks.is_object()) hooks = json::object();
  if (hooks.contains("PreToolUse") && !hooks["PreToolUse"].is_array())
    return OpError("merge", "hooks.PreToolUse", "is not a list");
  json& pre = hooks["PreToolUse"];
  if (!pre.is_array()) pre = json::array();
  MergeHook(pre, hook_command, jail_commands, replaced, r.changed);

  json& sandbox = s["sandbox"];
  if (!sandbox.is_object()) sandbox = json::object();
  if (!jail_commands) {
    MergeObject(sandbox, SandboxKeys(), ".sandbox", r.kept);
  } else if (sandbox.value("enabled", json()) != json(false)) {
    // paddock is the sandbox of every command: Claude Code's bubblewrap
    // around `paddock run` would only stand in its way.
    if (sandbox.contains("enabled"))
      r.changed.push_back("sandbox.enabled = " + sandbox["enabled"].dump() + " -> false (paddock jails each command)");
    sandbox["enabled"] = false;
  }
  return r;
}

}  // namespace paddock::rules
