#include <gtest/gtest.h>

#include <set>

#include "check/attempts.h"
#include "check/probe_inputs.h"
#include "check/report.h"

namespace paddock::check {
namespace {

std::string Line(const std::string& id, const std::string& result, const std::string& detail = "d") {
  return nlohmann::json{{"id", id}, {"result", result}, {"detail", detail}}.dump() + "\n";
}

std::string AllContained() {
  std::string out;
  for (const auto& a : Attempts()) out += Line(a.id, "contained");
  return out;
}

std::string Plain(std::string_view text, State) { return std::string(text); }

TEST(CheckAttempts, IdsAreUniqueAndEveryAttemptNamesALayer) {
  std::set<std::string> ids;
  for (const auto& a : Attempts()) {
    EXPECT_TRUE(ids.insert(a.id).second) << a.id;
    EXPECT_FALSE(a.layer.empty()) << a.id;
    EXPECT_FALSE(a.what.empty()) << a.id;
    EXPECT_EQ(FindAttempt(a.id), &a);
  }
  EXPECT_GE(ids.size(), 27u);
  EXPECT_EQ(FindAttempt("no-such-attempt"), nullptr);
}

TEST(CheckReport, AllReportedContainedIsAllContained) {
  auto outcomes = Judge(AllContained(), {});
  EXPECT_EQ(ExitStatus(outcomes), 0);
  EXPECT_EQ(Verdict(outcomes), "all " + std::to_string(Attempts().size()) + " attempts contained");
}

TEST(CheckReport, AnEscapeFailsAndIsNamed) {
  auto outcomes = Judge(AllContained() + Line("mount", "escaped", "mount tmpfs on /tmp succeeded"), {});
  EXPECT_EQ(ExitStatus(outcomes), 1);
  std::string n = std::to_string(Attempts().size());
  EXPECT_EQ(Verdict(outcomes), "1 of " + n + " attempts ESCAPED: mount");
  // Escaped wins whichever order the reports came in.
  auto reversed = Judge(Line("mount", "escaped") + AllContained(), {});
  EXPECT_EQ(ExitStatus(reversed), 1);
}

TEST(CheckReport, AnUnreportedAttemptIsUnknownNotContained) {
  std::string out;
  for (const auto& a : Attempts())
    if (a.id != "bpf") out += Line(a.id, "contained");
  auto outcomes = Judge(out, {});
  EXPECT_EQ(ExitStatus(outcomes), 1);
  EXPECT_NE(Verdict(outcomes).find("unknown (not reported by the probe): bpf"), std::string::npos);
}

TEST(CheckReport, GarbageAndUnknownIdsAndResultsAreIgnored) {
  std::string noise = "not json\n{\"id\": 3}\n" + Line("no-such", "escaped") + Line("bpf", "maybe") +
                      "{\"id\":\"mount\",\"result\":\"contained\"";  // cut off
  auto outcomes = Judge(noise, {});
  for (const auto& o : outcomes) EXPECT_EQ(o.state, State::kUnknown) << o.attempt.id;
}

TEST(CheckReport, WhatTheHostSawOverridesTheProbe) {
  HostSeen seen;
  seen.tcp_connection = true;
  seen.host_process_died = true;
  auto outcomes = Judge(AllContained(), seen);
  std::set<std::string> escaped;
  for (const auto& o : outcomes)
    if (o.state == State::kEscaped) escaped.insert(o.attempt.id);
  EXPECT_EQ(escaped, (std::set<std::string>{"host-loopback", "signal-host", "ptrace-host"}));
}

TEST(CheckReport, TableShowsEveryAttemptAndTheVerdict) {
  auto outcomes = Judge(AllContained() + Line("keyctl", "escaped", "keyctl succeeded"), {});
  std::string table = FormatTable(outcomes, Plain);
  EXPECT_NE(table.find("LAYER"), std::string::npos);
  for (const auto& a : Attempts()) EXPECT_NE(table.find(a.what), std::string::npos) << a.id;
  EXPECT_NE(table.find("ESCAPED    keyctl succeeded"), std::string::npos) << table;
  EXPECT_NE(table.find("attempts ESCAPED: keyctl\n"), std::string::npos);
  // The painter sees the state of each row.
  size_t painted_bad = 0;
  FormatTable(outcomes, [&](std::string_view t, State s) {
    painted_bad += s == State::kEscaped;
    return std::string(t);
  });
  EXPECT_EQ(painted_bad, 1u);
}

TEST(CheckReport, JsonCountsAndNamesEachAttempt) {
  auto j = ToJson(Judge(Line("bpf", "escaped", "x"), {}));
  EXPECT_EQ(j["total"], Attempts().size());
  EXPECT_EQ(j["escaped"], 1);
  EXPECT_EQ(j["unknown"], Attempts().size() - 1);
  auto& first = j["attempts"][0];
  EXPECT_EQ(first["id"], Attempts()[0].id);
  EXPECT_EQ(first["layer"], Attempts()[0].layer);
  EXPECT_EQ(first["result"], "unknown");
}

TEST(CheckProbeInputs, ArgumentsRoundTrip) {
  ProbeInputs in;
  in.report_fd = 9;
  in.home_dev = 2049;
  in.home_ino = 123456789012ull;
  in.ssh_dev = 7;
  in.ssh_ino = 8;
  in.tcp_port = 40000;
  in.abstract_name = "paddock-check-ab";
  in.host_pid = 4242;
  in.host_comm = "paddock-check";
  in.canary_name = "PADDOCK_CHECK_CANARY_TOKEN";
  in.canary_value = "c0ffee";
  in.sockets = {"/run/user/1000/ssh=agent", "/var/run/docker.sock"};
  in.protected_paths = {"/p/.git/hooks", "/p/dir=with=equals"};
  in.denied_name = "example.org";
  in.only = {"umount", "setid-file"};
  in.pids_limit = 4096;
  in.host_name = "build-host.example";
  auto back = ParseProbeArguments(ProbeArguments(in));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->report_fd, 9);
  EXPECT_EQ(back->home_dev, in.home_dev);
  EXPECT_EQ(back->home_ino, in.home_ino);
  EXPECT_EQ(back->ssh_ino, 8u);
  EXPECT_EQ(back->tcp_port, 40000);
  EXPECT_EQ(back->abstract_name, in.abstract_name);
  EXPECT_EQ(back->host_pid, 4242);
  EXPECT_EQ(back->host_comm, in.host_comm);
  EXPECT_EQ(back->canary_value, "c0ffee");
  EXPECT_EQ(back->sockets, in.sockets);
  EXPECT_EQ(back->protected_paths, in.protected_paths);
  EXPECT_EQ(back->denied_name, "example.org");
  EXPECT_EQ(back->only, in.only);
  EXPECT_EQ(back->pids_limit, 4096u);
  EXPECT_EQ(back->host_name, "build-host.example");
}

TEST(CheckProbeInputs, BadArgumentsAreErrors) {
  EXPECT_FALSE(ParseProbeArguments({}));  // no report fd
  EXPECT_FALSE(ParseProbeArguments({"--report-fd=x"}));
  EXPECT_FALSE(ParseProbeArguments({"--report-fd=3", "--tcp-port=70000"}));
  EXPECT_FALSE(ParseProbeArguments({"--report-fd=3", "--bogus=1"}));
  EXPECT_FALSE(ParseProbeArguments({"--report-fd=3", "stray"}));
  EXPECT_FALSE(ParseProbeArguments({"--report-fd=3", "--only=no-such-attempt"}));
  EXPECT_FALSE(ParseProbeArguments({"--report-fd=3", "--pids-limit=-1"}));
  EXPECT_TRUE(ParseProbeArguments({"--report-fd=3"}));
}

}  // namespace
}  // namespace paddock::check
