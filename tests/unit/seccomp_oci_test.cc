#include "plan/seccomp_oci.h"

#include <gtest/gtest.h>

namespace paddock::plan {
namespace {

OciSeccompContext Amd64(int major = 6, int minor = 1) {
  OciSeccompContext c;
  c.native_arch = "x86_64";
  c.kernel_major = major;
  c.kernel_minor = minor;
  return c;
}

std::string LoadError(const std::string& text) {
  auto r = LoadOciSeccomp(text, "p.json", Amd64());
  EXPECT_FALSE(r.ok()) << text;
  return r.ok() ? "" : r.error().message;
}

TEST(SeccompOci, DefaultProfileRoundTrips) {
  for (bool debug : {false, true}) {
    auto p = DefaultSeccompProfile({.allow_debug = debug});
    auto text = ExportOciSeccomp(p);
    auto back = LoadOciSeccomp(text, "export", {});
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(*back, p);
    EXPECT_EQ(ExportOciSeccomp(*back), text);
  }
}

// The filter stacked under custom profiles exports to, and loads back as,
// the same rules; and the exported built-in profile still means "no set-id
// modes" when an OCI engine (or --seccomp-profile) reads it back.
TEST(SeccompOci, MandatoryGuardRoundTripsAndKeepsItsMeaning) {
  auto guard = MandatoryGuardProfile({"x86_64"});
  auto back = LoadOciSeccomp(ExportOciSeccomp(guard), "guard", Amd64());
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, guard);
  auto builtin = LoadOciSeccomp(ExportOciSeccomp(DefaultSeccompProfile({})), "export", Amd64());
  ASSERT_TRUE(builtin.ok()) << builtin.error().message;
  for (const auto& rules : {back->rules, builtin->rules}) {
    for (uint64_t mode = 0; mode <= 0xffff; ++mode) {
      uint64_t chmod_args[6] = {0, mode}, openat_args[6] = {0, 0, 04000 /* O_NONBLOCK */, mode};
      ASSERT_EQ(RulesMatch(rules, "chmod", chmod_args), (mode & 06000) != 0) << mode;
      ASSERT_EQ(RulesMatch(rules, "openat", openat_args), (mode & 06000) != 0) << mode;
    }
    uint64_t none[6] = {};
    EXPECT_TRUE(RulesMatch(rules, "openat2", none));
    EXPECT_TRUE(RulesMatch(rules, "io_uring_setup", none));
  }
}

TEST(SeccompOci, EveryActionAndOperatorRoundTrips) {
  SeccompProfile p;
  p.default_action = SeccompAction::kErrno;
  p.default_errno = 38;
  p.architectures = {"x86_64", "x86", "x32"};
  p.flags = {"SECCOMP_FILTER_FLAG_LOG"};
  int n = 0;
  for (auto a : {SeccompAction::kAllow, SeccompAction::kErrno, SeccompAction::kKillProcess, SeccompAction::kKillThread,
                 SeccompAction::kTrap, SeccompAction::kTrace, SeccompAction::kLog}) {
    for (auto op : {SeccompOp::kEq, SeccompOp::kNe, SeccompOp::kLt, SeccompOp::kLe, SeccompOp::kGt, SeccompOp::kGe,
                    SeccompOp::kMaskedEq}) {
      SeccompRule r{{"read", "write"}, a, 1, {{2, op, 0xffffffffffffffffull, 7}}, "c"};
      if (a == SeccompAction::kErrno || a == SeccompAction::kTrace) r.errno_value = ++n;
      p.rules.push_back(r);
    }
  }
  auto back = LoadOciSeccomp(ExportOciSeccomp(p), "x", Amd64());
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, p);
}

// The shape of Docker's own default.json: default deny, archMap, conditional
// entries, "SCMP_ACT_KILL".
TEST(SeccompOci, LoadsDockerStyleProfile) {
  const char* text = R"({
    "defaultAction": "SCMP_ACT_ERRNO",
    "defaultErrnoRet": 1,
    "archMap": [
      {"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]},
      {"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"]}
    ],
    "syscalls": [
      {"names": ["read", "write"], "action": "SCMP_ACT_ALLOW", "args": [], "comment": "",
       "includes": {}, "excludes": {}},
      {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
       "args": [{"index": 0, "value": 8, "valueTwo": 0, "op": "SCMP_CMP_EQ"}]},
      {"names": ["bpf"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}},
      {"names": ["arch_prctl"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["amd64", "x32"]}},
      {"names": ["s390_pci_mmio_read"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["s390x"]}},
      {"names": ["clone"], "action": "SCMP_ACT_ALLOW",
       "args": [{"index": 0, "value": 2114060288, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}],
       "excludes": {"caps": ["CAP_SYS_ADMIN"], "arches": ["s390", "s390x"]}},
      {"names": ["landlock_create_ruleset"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "5.13"}},
      {"names": ["futex_waitv"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "7.0"}},
      {"names": ["kill"], "action": "SCMP_ACT_KILL"},
      {"names": ["socket"], "action": "SCMP_ACT_ERRNO", "errnoRet": 97,
       "args": [{"index": 0, "value": 40, "op": "SCMP_CMP_EQ"}]}
    ]
  })";
  auto r = LoadOciSeccomp(text, "docker.json", Amd64(6, 1));
  ASSERT_TRUE(r.ok()) << r.error().message;
  const auto& p = *r;
  EXPECT_EQ(p.default_action, SeccompAction::kErrno);
  EXPECT_EQ(p.architectures, (std::vector<std::string>{"x86_64", "x86", "x32"}));
  std::vector<std::string> names;
  for (const auto& rule : p.rules) names.push_back(rule.syscalls[0]);
  EXPECT_EQ(names, (std::vector<std::string>{"read", "personality", "arch_prctl", "clone", "landlock_create_ruleset",
                                             "kill", "socket"}));
  EXPECT_EQ(p.rules[5].action, SeccompAction::kKillThread);
  EXPECT_EQ(p.rules[6].errno_value, 97);
  EXPECT_EQ(p.rules[6].args[0].value_two, 0u);
  EXPECT_EQ(p.rules[0].errno_value, 1);
}

TEST(SeccompOci, NoArchitecturesMeansNative) {
  auto r = LoadOciSeccomp(R"({"defaultAction":"SCMP_ACT_ALLOW"})", "p", Amd64());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->architectures, std::vector<std::string>{"x86_64"});
  EXPECT_TRUE(r->rules.empty());
}

TEST(SeccompOci, RepeatedArgumentIndexBecomesOneRulePerComparisonAsRunc) {
  auto r = LoadOciSeccomp(R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[
      {"names":["personality"],"action":"SCMP_ACT_ERRNO","args":[
        {"index":0,"value":1,"op":"SCMP_CMP_EQ"},{"index":0,"value":2,"op":"SCMP_CMP_EQ"}]}]})",
                          "p", Amd64());
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->rules.size(), 2u);
  EXPECT_EQ(r->rules[0].args.size(), 1u);
  EXPECT_EQ(r->rules[1].args[0].value, 2u);
}

TEST(SeccompOci, MalformedProfilesNameTheOffendingKey) {
  EXPECT_EQ(LoadError(R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[
      {"names":["a"],"action":"SCMP_ACT_ALLOW"},{"names":["b"],"action":"SCMP_ACT_ALLOW"},
      {"names":["c"],"action":"SCMP_ACT_ALLOW"},{"names":["d"],"action":"SCMP_ACT_FOO"}]})"),
            "cannot load seccomp profile p.json: syscalls[3].action: unknown action "
            "\"SCMP_ACT_FOO\"");
  EXPECT_EQ(LoadError(R"({"syscalls":[]})"), "cannot load seccomp profile p.json: defaultAction: missing");
  EXPECT_EQ(LoadError(R"({"defaultAction":"SCMP_ACT_ALLOW","defaultActon":"x"})"),
            "cannot load seccomp profile p.json: defaultActon: unknown key");
  EXPECT_EQ(LoadError(R"({"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86_65"]})"),
            "cannot load seccomp profile p.json: architectures[0]: unknown architecture "
            "\"SCMP_ARCH_X86_65\"");
  EXPECT_EQ(LoadError(R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["ptrace"],
      "action":"SCMP_ACT_ERRNO","args":[{"index":0,"value":1,"op":"SCMP_CMP_SORTA"}]}]})"),
            "cannot load seccomp profile p.json: syscalls[0].args[0].op: unknown operator "
            "\"SCMP_CMP_SORTA\"");
  EXPECT_EQ(LoadError(R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["ptrace"],
      "action":"SCMP_ACT_ERRNO","args":[{"index":6,"value":1,"op":"SCMP_CMP_EQ"}]}]})"),
            "cannot load seccomp profile p.json: syscalls[0].args[0].index: must be 0..5, not 6");
  EXPECT_EQ(LoadError(R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["ptrace"],
      "action":"SCMP_ACT_ERRNO","args":[{"index":0,"value":-1,"op":"SCMP_CMP_EQ"}]}]})"),
            "cannot load seccomp profile p.json: syscalls[0].args[0].value: must be an unsigned "
            "integer, not -1");
  EXPECT_EQ(LoadError(R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["ptrace"],
      "action":"SCMP_ACT_ERRNO","arg":[]}]})"),
            "cannot load seccomp profile p.json: syscalls[0].arg: unknown key");
  EXPECT_EQ(LoadError(R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":[],
      "action":"SCMP_ACT_ERRNO"}]})"),
            "cannot load seccomp profile p.json: syscalls[0].names: must not be empty");
  EXPECT_EQ(LoadError(R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["ptrace; rm"],
      "action":"SCMP_ACT_ERRNO"}]})"),
            "cannot load seccomp profile p.json: syscalls[0].names[0]: not a system call name: "
            "\"ptrace; rm\"");
  EXPECT_EQ(LoadError(R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["ptrace"],
      "action":"SCMP_ACT_KILL_PROCESS","errnoRet":1}]})"),
            "cannot load seccomp profile p.json: syscalls[0].errnoRet: only valid with "
            "SCMP_ACT_ERRNO or SCMP_ACT_TRACE");
  EXPECT_EQ(LoadError(R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["ptrace"],
      "action":"SCMP_ACT_NOTIFY"}]})"),
            "cannot load seccomp profile p.json: syscalls[0].action: SCMP_ACT_NOTIFY is not "
            "supported (paddock runs no seccomp agent)");
  EXPECT_EQ(LoadError(R"({"defaultAction":"SCMP_ACT_ALLOW","flags":["SECCOMP_FILTER_FLAG_NEW_LISTENER"]})"),
            "cannot load seccomp profile p.json: flags[0]: unknown flag "
            "\"SECCOMP_FILTER_FLAG_NEW_LISTENER\"");
  EXPECT_EQ(LoadError(R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["x"],
      "action":"SCMP_ACT_ERRNO","includes":{"minKernal":"5.1"}}]})"),
            "cannot load seccomp profile p.json: syscalls[0].includes.minKernal: unknown key");
  EXPECT_EQ(LoadError(R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":{}})"),
            "cannot load seccomp profile p.json: syscalls: must be an array");
  EXPECT_EQ(LoadError(R"([])"), "cannot load seccomp profile p.json: (document): must be a JSON object");
}

TEST(SeccompOci, DuplicateKeysAreRefusedNotOverridden) {
  EXPECT_EQ(LoadError(R"({"defaultAction":"SCMP_ACT_KILL_PROCESS","defaultAction":"SCMP_ACT_ALLOW"})"),
            "cannot load seccomp profile p.json: key \"defaultAction\" appears twice");
  // The same key in sibling objects is fine.
  auto r = LoadOciSeccomp(R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[
      {"names":["a"],"action":"SCMP_ACT_ERRNO"},{"names":["b"],"action":"SCMP_ACT_ERRNO"}]})",
                          "p", Amd64());
  EXPECT_TRUE(r.ok());
}

TEST(SeccompOci, SyntaxErrorsSayWhere) {
  auto msg = LoadError("{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n}");
  EXPECT_NE(msg.find("p.json"), std::string::npos) << msg;
  EXPECT_NE(msg.find("line 2"), std::string::npos) << msg;
}

TEST(SeccompOci, ANumberTooLargeForADoubleIsAnErrorNotACrash) {
  // nlohmann reports this as out_of_range, not parse_error (found by fuzzing).
  auto msg = LoadError(R"({"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":214E7500032})");
  EXPECT_NE(msg.find("p.json"), std::string::npos) << msg;
  EXPECT_NE(msg.find("number overflow"), std::string::npos) << msg;
}

TEST(SeccompOci, ArchNames) {
  EXPECT_EQ(OciArchToLibseccomp("SCMP_ARCH_X86_64"), "x86_64");
  EXPECT_EQ(OciArchToLibseccomp("SCMP_ARCH_MIPSEL64N32"), "mipsel64n32");
  EXPECT_EQ(OciArchToLibseccomp("x86_64"), "");
  EXPECT_EQ(LibseccompArchToOci("aarch64"), "SCMP_ARCH_AARCH64");
}

}  // namespace
}  // namespace paddock::plan
