#include "config/apply_preset.h"

#include <algorithm>

#include "base/strings.h"
#include "net/host_pattern.h"

namespace paddock::config {
namespace {

std::string EnvOr(const std::map<std::string, std::string>& env, const std::string& name) {
  auto it = env.find(name);
  return it == env.end() ? "" : it->second;
}

// The upstream of one credential: the user's word, then paddock's own
// environment (a gateway the user already points the agent at), then the preset.
Result<net::UpstreamUrl> Upstream(const Credential& c, const std::map<std::string, std::string>& env,
                                  const policy::Policy& policy, Notes& notes) {
  for (auto it = policy.upstreams.rbegin(); it != policy.upstreams.rend(); ++it)
    if (it->first == c.name) return net::ParseUpstreamUrl(it->second);
  std::string from_env = EnvOr(env, c.base_url_env);
  if (!from_env.empty()) {
    if (StartsWith(from_env, "https://") || StartsWith(from_env, "HTTPS://")) {
      auto url = net::ParseUpstreamUrl(from_env);
      if (!url) return Error{c.base_url_env + " is set to an unusable upstream: " + url.error().message};
      notes.push_back(c.name + ": forwarding to " + from_env + " (from " + c.base_url_env + ")");
      return url;
    }
    return Error{c.base_url_env + "=" + from_env + " is not an https URL, and the key must not cross the network " +
                 "in clear text; name the upstream with --upstream " + c.name + "=https://..."};
  }
  return net::ParseUpstreamUrl(c.upstream);
}

void Forward(const Credential& c, const std::vector<std::string>& preset_command,
             const std::map<std::string, std::string>& env, policy::Policy& policy, Problems& problems, Notes& notes) {
  auto upstream = Upstream(c, env, policy, notes);
  if (!upstream) {
    problems.push_back(Error{"preset " + policy.preset + ": credential " + c.name + ": " + upstream.error().message});
    return;
  }
  if (policy.net != policy::NetMode::kAllow) {
    problems.push_back(Error{"preset " + policy.preset + ": " + c.key_env +
                             " is forwarded from outside the jail, which needs --net allow (without --allow-host it "
                             "reaches nothing but the agent's API)"});
    return;
  }
  // Options that name the forwarder go right after the agent's own command.
  bool runs_agent = policy.command.size() >= preset_command.size() &&
                    std::equal(preset_command.begin(), preset_command.end(), policy.command.begin());
  if (runs_agent && !c.base_url_args.empty()) {
    std::vector<std::string> args;
    for (std::string a : c.base_url_args) {
      if (size_t at = a.find("{url}"); at != std::string::npos) a.replace(at, 5, policy::ForwardUrlToken(c.name));
      args.push_back(std::move(a));
    }
    policy.command.insert(policy.command.begin() + static_cast<long>(preset_command.size()), args.begin(), args.end());
  }
  policy::CredentialForward f{c.name, c.key_env, c.header, c.value, *upstream, c.base_url_env, c.placeholder};
  policy.forwards.push_back(std::move(f));
  notes.push_back(c.key_env +
                  " stays outside the jail: the agent gets a placeholder, paddock adds the key on the way "
                  "to " +
                  net::FormatUpstreamUrl(*upstream));
}

void AllowDirect(const Credential& c, policy::Policy& policy, Problems& problems, Notes& notes) {
  if (c.direct_hosts.empty()) return;
  if (policy.net != policy::NetMode::kAllow) return;  // --net host reaches them anyway; none is the user's word
  for (const auto& host : c.direct_hosts) {
    auto patterns = net::ParseHostPatterns(host, net::kDefaultAllowPorts);
    if (!patterns) problems.push_back(Error{"preset " + policy.preset + ": " + patterns.error().message});
    else policy.network.allow.insert(policy.network.allow.end(), patterns->begin(), patterns->end());
  }
  notes.push_back(c.key_env + " is not set: the agent reaches " + Join(c.direct_hosts, ", ") +
                  " itself, with the login in its own configuration (which the jail can read)");
}

}  // namespace

std::vector<std::string> PresetArguments(const Preset& preset, const std::vector<std::string>& user_args) {
  std::vector<std::string> args = preset.run_args;
  args.insert(args.end(), user_args.begin(), user_args.end());
  return args;
}

Notes ApplyPreset(const Preset& preset, const std::map<std::string, std::string>& env, policy::Policy& policy,
                  Problems& problems) {
  Notes notes;
  if (policy.command.empty()) policy.command = preset.command;
  policy.etc_files.insert(policy.etc_files.end(), preset.etc_files.begin(), preset.etc_files.end());
  for (const auto& [name, url] : policy.upstreams) {
    bool known = false;
    for (const auto& c : preset.credentials) known = known || c.name == name;
    if (!known)
      problems.push_back(Error{"invalid --upstream: preset " + preset.name + " has no credential '" + name + "'"});
  }
  for (const auto& c : preset.credentials) {
    if (!EnvOr(env, c.key_env).empty()) Forward(c, preset.command, env, policy, problems, notes);
    else AllowDirect(c, policy, problems, notes);
  }
  return notes;
}

}  // namespace paddock::config
