#include "plan/network_plan.h"

#include <algorithm>

#include "base/strings.h"
#include "plan/launch_plan.h"

namespace paddock::plan {
namespace {

// Where the jail's resolv.conf goes: over /etc/resolv.conf, or, where that is
// a symlink out of /etc (systemd-resolved's stub file in /run), at its target,
// which the jail's fresh /run does not have.
std::string ResolverFileTarget(const HostFacts& host) {
  auto it = host.paths.find("/etc/resolv.conf");
  if (it == host.paths.end() || it->second.kind != PathKind::kSymlink) return "/etc/resolv.conf";
  std::string target = it->second.link_target;
  if (!target.empty() && target[0] != '/') target = NormalizePath("/etc/" + target);
  if (target.empty() || PathIsWithin(target, "/etc")) return "/etc/resolv.conf";
  return target;
}

// Each credential: the next free port after the proxy's; the jail sees the
// placeholder and the forwarder's URL, never the key.
void PlanForwards(const policy::Policy& policy, NetworkPlan& n, std::map<std::string, std::string>& env,
                  std::vector<std::string>& argv) {
  n.ca_file = policy.ca_file;
  uint16_t port = n.proxy_port;
  for (const auto& credential : policy.forwards) {
    do ++port;
    while (std::find(n.capture_ports.begin(), n.capture_ports.end(), port) != n.capture_ports.end());
    n.forwards.push_back({credential, port});
    env[credential.key_env] = credential.placeholder;
    std::string url = "http://" + n.proxy_address + ":" + std::to_string(port);
    env[credential.base_url_env] = url;
    std::string token = policy::ForwardUrlToken(credential.name);
    for (auto& arg : argv)
      for (size_t at = arg.find(token); at != std::string::npos; at = arg.find(token, at + url.size()))
        arg.replace(at, token.size(), url);
  }
}

}  // namespace

uint16_t ChooseProxyPort(const std::vector<uint16_t>& capture_ports) {
  uint16_t port = 3128;
  while (std::find(capture_ports.begin(), capture_ports.end(), port) != capture_ports.end()) ++port;
  return port;
}

Result<std::map<std::string, std::string>> PlanNetwork(const policy::Policy& policy, const HostFacts& host,
                                                       LaunchPlan& plan) {
  std::map<std::string, std::string> env;
  plan.network.publish = policy.publish;
  if (policy.net != policy::NetMode::kAllow) return env;
  NetworkPlan& n = plan.network;
  n.filtered = true;
  n.policy = policy.network;
  net::AllowList list(policy.network.allow, policy.network.deny);
  for (uint16_t port : list.Ports())
    if (port != 0) n.capture_ports.push_back(port);
  if (std::find(n.capture_ports.begin(), n.capture_ports.end(), 53) != n.capture_ports.end())
    return Error{"--allow-host: port 53 is the jail's own resolver; names are answered by paddock"}.WithLayer(
        "network");
  for (const auto& prefix : list.AllowedPrefixes()) n.routed_prefixes.push_back(net::FormatCidr(prefix));
  n.proxy_port = ChooseProxyPort(n.capture_ports);
  for (const auto& entry : Split(host.test_seams.dns_answers, ';')) {
    if (entry.empty()) continue;
    auto pin = net::ParseResolvePin(entry);
    if (!pin) return Error{"test DNS answers: " + pin.error().message};
    n.test_host_answers.push_back(std::move(*pin));
  }

  MountOp resolv;
  resolv.type = MountType::kFile;
  resolv.target = ResolverFileTarget(host);
  resolv.data = "# paddock: names are answered by paddock's resolver (--net allow)\nnameserver " + n.resolver + "\n";
  resolv.read_only = true;
  resolv.source_is_dir = false;
  resolv.why = "the jail's resolver (--net allow)";
  plan.mounts.push_back(resolv);

  std::string http = "http://" + n.proxy_address + ":" + std::to_string(n.proxy_port);
  std::string socks = "socks5h://" + n.proxy_address + ":" + std::to_string(n.proxy_port);
  for (const char* name : {"HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"}) env[name] = http;
  for (const char* name : {"ALL_PROXY", "all_proxy"}) env[name] = socks;
  for (const char* name : {"NO_PROXY", "no_proxy"}) env[name] = "localhost,127.0.0.1,::1";
  PlanForwards(policy, n, env, plan.argv);
  return env;
}

}  // namespace paddock::plan
