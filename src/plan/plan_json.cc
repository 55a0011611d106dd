#include "plan/plan_json.h"

#include "plan/hardening_json.h"
#include "plan/limits_plan.h"

namespace paddock::plan {

const char* MountTypeName(MountType type) {
  switch (type) {
    case MountType::kBind: return "bind";
    case MountType::kTmpfs: return "tmpfs";
    case MountType::kProc: return "proc";
    case MountType::kDevpts: return "devpts";
    case MountType::kMqueue: return "mqueue";
    case MountType::kSymlink: return "symlink";
    case MountType::kMaskFile: return "mask-file";
    case MountType::kMaskDir: return "mask-dir";
    case MountType::kDir: return "dir";
    case MountType::kFile: return "file";
    case MountType::kOverlay: return "overlay";
    case MountType::kSysfs: return "sysfs";
    case MountType::kProjectOverlay: return "project-overlay";
    case MountType::kCgroupView: return "cgroup-view";
  }
  return "?";
}

namespace {

nlohmann::json MountToJson(const MountOp& m) {
  nlohmann::json j;
  j["type"] = MountTypeName(m.type);
  j["target"] = m.target;
  if (!m.source.empty()) j["source"] = m.source;
  if (m.type == MountType::kSymlink) return j["why"] = m.why, j;
  std::vector<std::string> flags;
  if (m.read_only) flags.push_back("ro");
  if (m.nosuid) flags.push_back("nosuid");
  if (m.nodev) flags.push_back("nodev");
  if (m.noexec) flags.push_back("noexec");
  if (m.idmapped) flags.push_back("idmap");
  if (m.optional) flags.push_back("optional");
  if (m.type == MountType::kBind && m.recursive) flags.push_back("rbind");
  j["flags"] = flags;
  if (!m.data.empty() && m.type != MountType::kFile) j["options"] = m.data;
  for (const auto& f : m.files) j["files"].push_back(f.path);
  for (const auto& part : m.sysfs_parts) j["parts"].push_back(part.path);
  if (!m.overlay_dir.empty()) j["layers"] = m.overlay_dir;
  if (!m.overlay_lowers.empty()) j["lower_layers"] = m.overlay_lowers;
  j["why"] = m.why;
  return j;
}

nlohmann::json IdMapToJson(const std::vector<IdMapLine>& lines) {
  auto out = nlohmann::json::array();
  for (const auto& l : lines) out.push_back({{"inside", l.inside}, {"outside", l.outside}, {"count", l.count}});
  return out;
}

}  // namespace

namespace {

nlohmann::json NetworkToJson(const NetworkPlan& n) {
  auto patterns = [](const std::vector<net::HostPattern>& list) {
    auto out = nlohmann::json::array();
    for (const auto& p : list) out.push_back({{"pattern", p.text}, {"ports", p.ports}});
    return out;
  };
  auto pins = nlohmann::json::array();
  for (const auto& pin : n.policy.pins) {
    std::vector<std::string> addresses;
    for (const auto& a : pin.addresses) addresses.push_back(net::FormatIp(a));
    pins.push_back({{"name", pin.name}, {"addresses", addresses}});
  }
  auto forwards = nlohmann::json::array();
  for (const auto& f : n.forwards)
    forwards.push_back({{"name", f.credential.name},
                        {"listen", n.proxy_address + ":" + std::to_string(f.port)},
                        {"upstream", net::FormatUpstreamUrl(f.credential.upstream)},
                        {"key_from", f.credential.key_env},
                        {"header", f.credential.header}});
  nlohmann::json out = {{"allow", patterns(n.policy.allow)},
                        {"deny", patterns(n.policy.deny)},
                        {"resolve", pins},
                        {"resolver", n.resolver},
                        {"proxy", n.proxy_address + ":" + std::to_string(n.proxy_port)},
                        {"listen_ports", n.capture_ports},
                        {"routed_prefixes", n.routed_prefixes}};
  if (!forwards.empty()) out["credential_forwards"] = forwards;
  if (!n.ca_file.empty()) out["ca_file"] = n.ca_file;
  return out;
}

}  // namespace

nlohmann::json PlanToJson(const LaunchPlan& plan) {
  nlohmann::json j;
  j["argv"] = plan.argv;
  j["cwd"] = plan.cwd;
  j["env"] = plan.env;
  j["hostname"] = plan.hostname;
  std::vector<std::string> ns;
  const auto& n = plan.namespaces;
  if (n.user) ns.push_back("user");
  if (n.mount) ns.push_back("mount");
  if (n.pid) ns.push_back("pid");
  if (n.ipc) ns.push_back("ipc");
  if (n.uts) ns.push_back("uts");
  if (n.net) ns.push_back("net");
  if (n.cgroup) ns.push_back("cgroup");
  j["namespaces"] = ns;
  j["identity"] = {{"inside_uid", plan.inside_uid},
                   {"inside_gid", plan.inside_gid},
                   {"host_uid", plan.host_uid},
                   {"host_gid", plan.host_gid},
                   {"setgroups", plan.deny_setgroups ? "deny" : "allow"},
                   {"drop_supplementary_groups", plan.drop_groups},
                   {"idmapped_mounts", plan.use_idmapped_mounts}};
  j["uid_map"] = IdMapToJson(plan.uid_map);
  j["gid_map"] = IdMapToJson(plan.gid_map);
  j["jail_home"] = {{"host", plan.jail_home_host}, {"target", plan.jail_home_target}};
  auto mounts = nlohmann::json::array();
  for (const auto& m : plan.mounts) mounts.push_back(MountToJson(m));
  j["mounts"] = mounts;
  if (plan.overlay.enabled)
    j["overlay"] = {{"run", plan.overlay.run_id},
                    {"layers", plan.overlay.run_dir},
                    {"mount_points", plan.overlay.placeholders},
                    {"protected", plan.overlay.protected_paths},
                    {"protected_branches", plan.overlay.protected_branches}};
  if (!plan.overlay.bases.empty()) j["overlay"]["on"] = plan.overlay.bases;
  if (!plan.profile.empty()) j["profile"] = plan.profile;
  j["network"] = plan.net == policy::NetMode::kHost ? "host" : plan.net == policy::NetMode::kAllow ? "allow" : "none";
  if (plan.network.filtered) j["network_allow"] = NetworkToJson(plan.network);
  for (const auto& p : plan.network.publish)
    j["publish"].push_back({{"jail_port", p.jail_port}, {"host", "127.0.0.1:" + std::to_string(p.host_port)}});
  j["keep_fds"] = plan.keep_fds;
  j["seccomp"] = {{"enabled", plan.seccomp_enabled}, {"rules", plan.seccomp.rules.size()}};
  if (!plan.init_binary.empty()) j["init_binary"] = plan.init_binary;  // what pid 1 execs once the command runs
  j["degrade"] = plan.degrade;
  j["limits"] = LimitsToJson(plan.limits);
  AddHardeningJson(plan, j);
  return j;
}

}  // namespace paddock::plan
