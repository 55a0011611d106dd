// plan/doctor_report.h: verdicts and fixes from made-up hosts.
#include "plan/doctor_report.h"

#include <gtest/gtest.h>

#include <cerrno>

namespace paddock::plan {
namespace {

// A host where everything works (kernel 6.18, Landlock 7, delegated cgroup v2).
DoctorFacts GoodHost() {
  DoctorFacts f;
  f.uid = 1000;
  f.kernel_release = "6.18.0";
  f.max_user_namespaces = 15000;
  for (const char* ns : kDoctorNamespaces) f.namespace_errno[ns] = 0;
  f.seccomp_filter = f.seccomp_user_notif = true;
  f.landlock_abi = 7;
  f.lsm = "lockdown,capability,landlock,yama,apparmor";
  f.cgroup_mode = CgroupMode::kV2;
  f.cgroups.v2_parent = "/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/app.slice";
  f.cgroups.v2_controllers = {"cpu", "memory", "pids"};
  f.cgroups.rlimit_nproc_per_userns = true;
  f.ca_store = true;
  f.self_exe = "/usr/local/bin/paddock";
  f.hook_exe = "/usr/local/bin/paddock-hook";
  f.init_exe = "/usr/local/bin/paddock-init";
  return f;
}

const DoctorRow& Row(const std::vector<DoctorRow>& rows, const std::string& name) {
  for (const auto& r : rows)
    if (r.name == name) return r;
  static DoctorRow none{"(none)", DoctorStatus::kMissing, "", "", false};
  ADD_FAILURE() << "no row " << name;
  return none;
}

TEST(DoctorReport, GoodHostIsAllOk) {
  auto rows = DoctorLayers(GoodHost());
  for (const auto& r : rows) {
    EXPECT_EQ(r.status, DoctorStatus::kOk) << r.name << ": " << r.detail;
    EXPECT_EQ(r.fix, "") << r.name;
  }
  EXPECT_TRUE(DefaultRunEnforceable(rows));
  EXPECT_EQ(Row(rows, "landlock").detail, "ABI 7");
  for (const char* name : {"userns", "mount-ns", "pid-ns", "net-ns", "ipc-ns", "uts-ns", "cgroup-ns", "idmap",
                           "seccomp", "seccomp-notify", "landlock", "cgroup", "rlimits", "net-allow", "helpers"})
    Row(rows, name);
}

TEST(DoctorReport, AppArmorProfileNamesTheBinaryAndOnlyGrantsUserns) {
  std::string p = AppArmorProfile("/usr/local/bin/paddock");
  EXPECT_NE(p.find("abi <abi/4.0>,"), std::string::npos);
  EXPECT_NE(p.find("profile paddock /usr/local/bin/paddock flags=(unconfined) {\n  userns,\n"), std::string::npos) << p;
  EXPECT_NE(AppArmorProfile("/opt/my tools/paddock").find("profile paddock \"/opt/my tools/paddock\" "),
            std::string::npos);
}

TEST(DoctorReport, UbuntuAppArmorRestrictionNamesItsFix) {
  DoctorFacts f = GoodHost();
  f.apparmor_restrict_userns = 1;
  // Ubuntu 24.04: the unshare works, the confined namespace cannot mount.
  f.namespace_errno["mount"] = EPERM;
  f.namespace_errno["net"] = EPERM;
  auto rows = DoctorLayers(f);
  EXPECT_EQ(Row(rows, "userns").status, DoctorStatus::kOk);
  const DoctorRow& mount = Row(rows, "mount-ns");
  EXPECT_EQ(mount.status, DoctorStatus::kMissing);
  EXPECT_NE(mount.detail.find("apparmor_restrict_unprivileged_userns=1"), std::string::npos) << mount.detail;
  EXPECT_NE(mount.fix.find("sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0"), std::string::npos);
  EXPECT_NE(mount.fix.find("/etc/apparmor.d/paddock"), std::string::npos);
  EXPECT_NE(mount.fix.find("paddock doctor --apparmor-profile"), std::string::npos);
  EXPECT_EQ(Row(rows, "net-allow").status, DoctorStatus::kMissing);
  EXPECT_FALSE(DefaultRunEnforceable(rows));
}

TEST(DoctorReport, UbuntuRestrictionRefusingTheUnshareItself) {
  DoctorFacts f = GoodHost();
  f.apparmor_restrict_userns = 1;
  f.userns_errno = EACCES;
  auto rows = DoctorLayers(f);
  const DoctorRow& userns = Row(rows, "userns");
  EXPECT_EQ(userns.status, DoctorStatus::kMissing);
  EXPECT_NE(userns.fix.find("kernel.apparmor_restrict_unprivileged_userns=0"), std::string::npos) << userns.fix;
  EXPECT_EQ(Row(rows, "pid-ns").status, DoctorStatus::kMissing);
  EXPECT_EQ(Row(rows, "pid-ns").fix, "see userns");
  EXPECT_FALSE(DefaultRunEnforceable(rows));
}

TEST(DoctorReport, RootIsNotBoundByTheUnprivilegedSysctls) {
  DoctorFacts f = GoodHost();
  f.uid = 0;
  f.idmapped_mounts = true;
  f.apparmor_restrict_userns = 1;
  f.unprivileged_userns_clone = 0;
  f.userns_errno = EPERM;  // then something else refuses them
  const DoctorRow row = Row(DoctorLayers(f), "userns");
  EXPECT_EQ(row.fix.find("apparmor_restrict"), std::string::npos) << row.fix;
  EXPECT_EQ(row.fix.find("unprivileged_userns_clone"), std::string::npos) << row.fix;
  EXPECT_NE(row.fix.find("container"), std::string::npos) << row.fix;
}

TEST(DoctorReport, DebianSysctlNamesItsFix) {
  DoctorFacts f = GoodHost();
  f.unprivileged_userns_clone = 0;
  f.userns_errno = EPERM;
  const DoctorRow row = Row(DoctorLayers(f), "userns");
  EXPECT_EQ(row.status, DoctorStatus::kMissing);
  EXPECT_NE(row.detail.find("kernel.unprivileged_userns_clone=0"), std::string::npos);
  EXPECT_NE(row.fix.find("sudo sysctl -w kernel.unprivileged_userns_clone=1"), std::string::npos);
}

TEST(DoctorReport, MaxUserNamespacesZeroWinsOverTheOthers) {
  DoctorFacts f = GoodHost();
  f.max_user_namespaces = 0;
  f.unprivileged_userns_clone = 0;
  f.userns_errno = ENOSPC;
  const DoctorRow row = Row(DoctorLayers(f), "userns");
  EXPECT_NE(row.fix.find("sudo sysctl -w user.max_user_namespaces=15000"), std::string::npos) << row.fix;
}

TEST(DoctorReport, LandlockMissingFromTheLsmList) {
  DoctorFacts f = GoodHost();
  f.landlock_abi = 0;
  f.lsm = "lockdown,capability,yama,apparmor";
  auto rows = DoctorLayers(f);
  const DoctorRow& row = Row(rows, "landlock");
  EXPECT_EQ(row.status, DoctorStatus::kMissing);
  EXPECT_NE(row.fix.find("lsm=landlock,lockdown,capability,yama,apparmor"), std::string::npos) << row.fix;
  EXPECT_FALSE(DefaultRunEnforceable(rows));
}

TEST(DoctorReport, LandlockOnAKernelTooOld) {
  DoctorFacts f = GoodHost();
  f.landlock_abi = 0;
  f.kernel_release = "5.10.0-28-amd64";
  const DoctorRow row = Row(DoctorLayers(f), "landlock");
  EXPECT_NE(row.detail.find("predates"), std::string::npos);
  EXPECT_NE(row.fix.find("5.13"), std::string::npos);
}

TEST(DoctorReport, OldLandlockAbiIsWeakerAndSaysWhatItLacks) {
  DoctorFacts f = GoodHost();
  f.landlock_abi = 3;
  auto rows = DoctorLayers(f);
  const DoctorRow& row = Row(rows, "landlock");
  EXPECT_EQ(row.status, DoctorStatus::kWeaker);
  EXPECT_NE(row.detail.find("TCP"), std::string::npos) << row.detail;
  EXPECT_NE(row.detail.find("signal and abstract-socket scoping"), std::string::npos);
  EXPECT_EQ(row.detail.find("truncation"), std::string::npos) << "ABI 3 has truncation";
  EXPECT_TRUE(DefaultRunEnforceable(rows)) << "weaker is still enforced";
  f.landlock_abi = 5;
  const DoctorRow five = Row(DoctorLayers(f), "landlock");
  EXPECT_EQ(five.detail.find("TCP"), std::string::npos);
  EXPECT_NE(five.fix.find("6.12"), std::string::npos);
}

TEST(DoctorReport, UndelegatedCgroupV2NamesTheDelegation) {
  DoctorFacts f = GoodHost();
  f.cgroups.v2_parent.clear();
  auto rows = DoctorLayers(f);
  const DoctorRow& row = Row(rows, "cgroup");
  EXPECT_EQ(row.status, DoctorStatus::kWeaker);
  EXPECT_NE(row.fix.find("systemd-run --user --scope -p Delegate=yes"), std::string::npos);
  EXPECT_NE(row.fix.find("user@.service.d/delegate.conf"), std::string::npos);
  EXPECT_TRUE(DefaultRunEnforceable(rows)) << "rlimits stand in";
}

TEST(DoctorReport, SystemdScopeCountsAsDelegation) {
  DoctorFacts f = GoodHost();
  f.cgroups.v2_parent.clear();
  f.cgroups.v2_systemd_manager = "unix:path=/run/user/1000/systemd/private";
  const DoctorRow row = Row(DoctorLayers(f), "cgroup");
  EXPECT_EQ(row.status, DoctorStatus::kOk) << row.detail;
  EXPECT_NE(row.detail.find("scope the user's systemd delegates per run"), std::string::npos) << row.detail;
  f.cgroups.v2_controllers = {"memory", "pids"};
  const DoctorRow no_cpu = Row(DoctorLayers(f), "cgroup");
  EXPECT_EQ(no_cpu.status, DoctorStatus::kWeaker);
  EXPECT_NE(no_cpu.detail.find("not delegated: cpu"), std::string::npos) << no_cpu.detail;
}

TEST(DoctorReport, CgroupV1OnlyAsUserAndAsRoot) {
  DoctorFacts f = GoodHost();
  f.cgroup_mode = CgroupMode::kV1;
  f.cgroups = CgroupFacts{};
  EXPECT_EQ(Row(DoctorLayers(f), "cgroup").status, DoctorStatus::kWeaker);
  f.cgroups.v1_parents = {
      {"memory", "/sys/fs/cgroup/memory"}, {"pids", "/sys/fs/cgroup/pids"}, {"cpu", "/sys/fs/cgroup/cpu"}};
  const DoctorRow row = Row(DoctorLayers(f), "cgroup");
  EXPECT_EQ(row.status, DoctorStatus::kOk) << row.detail;
  EXPECT_NE(row.detail.find("cgroup v1"), std::string::npos);
}

TEST(DoctorReport, NoSeccompIsMissing) {
  DoctorFacts f = GoodHost();
  f.seccomp_filter = false;
  auto rows = DoctorLayers(f);
  EXPECT_EQ(Row(rows, "seccomp").status, DoctorStatus::kMissing);
  EXPECT_FALSE(DefaultRunEnforceable(rows));
}

TEST(DoctorReport, IdmapMattersOnlyForRoot) {
  DoctorFacts f = GoodHost();
  EXPECT_FALSE(Row(DoctorLayers(f), "idmap").required);
  f.uid = 0;
  f.idmapped_mounts = false;
  auto rows = DoctorLayers(f);
  EXPECT_EQ(Row(rows, "idmap").status, DoctorStatus::kMissing);
  EXPECT_FALSE(DefaultRunEnforceable(rows));
}

TEST(DoctorReport, NetAllowWithoutCaStoreIsWeakerAndOptional) {
  DoctorFacts f = GoodHost();
  f.ca_store = false;
  auto rows = DoctorLayers(f);
  const DoctorRow& row = Row(rows, "net-allow");
  EXPECT_EQ(row.status, DoctorStatus::kWeaker);
  EXPECT_NE(row.fix.find("ca-certificates"), std::string::npos);
  EXPECT_FALSE(row.required);
}

// A paddock copied without its helpers still enforces every layer: the row
// is WEAKER, not required, and names what each missing one costs.
TEST(DoctorReport, MissingHelpersAreNamedWithWhatTheyCost) {
  DoctorFacts f = GoodHost();
  EXPECT_EQ(Row(DoctorLayers(f), "helpers").detail, "paddock-hook and paddock-init beside /usr/local/bin/paddock");
  f.init_exe.clear();
  auto rows = DoctorLayers(f);
  const DoctorRow& row = Row(rows, "helpers");
  EXPECT_EQ(row.status, DoctorStatus::kWeaker);
  EXPECT_FALSE(row.required);
  EXPECT_TRUE(DefaultRunEnforceable(rows));
  EXPECT_EQ(row.detail,
            "no paddock-init in /usr/local/bin/: the jail's pid 1 stays a copy of paddock for the whole run "
            "(about 2 MB more)");
  f.hook_exe.clear();
  EXPECT_NE(Row(DoctorLayers(f), "helpers").detail.find("no paddock-hook in /usr/local/bin/: `paddock init` registers"),
            std::string::npos);
}

TEST(DoctorReport, StatusNames) {
  EXPECT_STREQ(DoctorStatusName(DoctorStatus::kOk), "OK");
  EXPECT_STREQ(DoctorStatusName(DoctorStatus::kWeaker), "WEAKER");
  EXPECT_STREQ(DoctorStatusName(DoctorStatus::kMissing), "MISSING");
}

}  // namespace
}  // namespace paddock::plan
