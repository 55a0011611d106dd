// The end-of-run line about what --net allow refused.
#include <gtest/gtest.h>

#include "proxy/events.h"

namespace paddock::proxy {
namespace {

TEST(ProxySummary, NothingDeniedSaysNothing) { EXPECT_EQ(FormatDenials(Summary{}), ""); }

TEST(ProxySummary, ConnectionsAreCountedPerTargetAndNamesListedOnce) {
  std::vector<nlohmann::json> sink;
  Events events([&](const nlohmann::json& j) { sink.push_back(j); });
  Decision d;
  d.via = "connect";
  d.name = "evil.example";
  d.port = 443;
  d.reason = "TLS for evil.example on a connection to ok.example";
  events.Record(d);
  events.Record(d);
  d.name = "";
  d.address = "192.0.2.1";
  d.port = 80;
  events.Record(d);
  Decision dns;
  dns.via = "dns";
  dns.name = "pastebin.example";
  events.Record(dns);
  events.Record(dns);
  Decision ok;
  ok.allowed = true;
  ok.via = "connect";
  events.Record(ok);
  EXPECT_EQ(FormatDenials(events.Snapshot()),
            "denied 3 connections: 192.0.2.1:80, evil.example:443 \u00d72; did not resolve: pastebin.example");
  ASSERT_EQ(sink.size(), 6u);
  EXPECT_EQ(sink[0]["verdict"], "deny");
  EXPECT_EQ(sink[0]["reason"], "TLS for evil.example on a connection to ok.example");
  EXPECT_FALSE(sink[0].contains("bytes_up"));
  EXPECT_EQ(events.Snapshot().allowed, 1u);
}

// The npm registry allowed by name, answered by the host's resolver with a
// reserved address: said as such, not as a name that did not resolve.
TEST(ProxySummary, AnAllowedNameWhoseAddressesWereRefusedIsNotUnresolved) {
  Events events(nullptr);
  Decision d;
  d.via = "dns";
  d.name = "registry.npmjs.org";
  d.reason = "registry.npmjs.org resolves to reserved address 203.0.113.80";
  d.answer_withheld = true;
  events.Record(d);
  events.Record(d);
  EXPECT_EQ(FormatDenials(events.Snapshot()),
            "refused the addresses of registry.npmjs.org (registry.npmjs.org resolves to reserved address "
            "203.0.113.80), allowed only as such: --allow-host ADDRESS");
}

// A forwarder that cannot reach its upstream is a failure to report, not a
// denial of the jail's.
TEST(ProxySummary, ForwarderFailuresAreNotDenials) {
  Events events(nullptr);
  Decision d;
  d.via = "forward";
  d.label = "anthropic";
  d.name = "api.anthropic.com";
  d.port = 443;
  d.reason = "cannot connect to api.anthropic.com:443 (Connection refused)";
  events.Record(d);
  events.Record(d);
  auto summary = events.Snapshot();
  EXPECT_EQ(summary.denied, 0u);
  EXPECT_EQ(FormatDenials(summary),
            "forwarder anthropic: cannot connect to api.anthropic.com:443 (Connection refused) (\u00d72)");
}

}  // namespace
}  // namespace paddock::proxy
