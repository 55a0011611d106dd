// Fuzzes the network allow-list's parsers (--allow-host patterns, prefixes,
// addresses, host names, --resolve pins) and checks that what they print
// reads back as the same value: FormatIp, FormatCidr and NormalizeHostName
// are fixed points. No crash, no hang, no sanitizer report, no abort.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "net/host_pattern.h"
#include "net/ip_address.h"

namespace {

using namespace paddock::net;

void Require(bool ok) {
  if (!ok) std::abort();
}

void CheckAddressRoundTrip(const IpAddress& a) {
  std::string text = FormatIp(a);
  auto again = ParseIp(text);
  Require(again.ok() && *again == a && FormatIp(*again) == text);
  (void)ClassName(Classify(a));
}

// The first bytes as a raw address: FormatIp must print every address in a
// form ParseIp reads back.
void FuzzRawAddress(const uint8_t* data, size_t size) {
  if (size < 17) return;
  IpAddress a;
  a.v6 = data[0] & 1;
  std::copy(data + 1, data + (a.v6 ? 17 : 5), a.bytes.begin());
  CheckAddressRoundTrip(a);
}

void FuzzText(const std::string& text) {
  if (auto a = ParseIp(text)) CheckAddressRoundTrip(*a);
  if (auto c = ParseCidr(text)) {
    auto again = ParseCidr(FormatCidr(*c));
    Require(again.ok() && *again == *c && c->Contains(c->base));
  }
  if (auto n = NormalizeHostName(text)) {
    auto again = NormalizeHostName(*n);
    Require(again.ok() && *again == *n);
  }
  if (auto patterns = ParseHostPatterns(text, kDefaultAllowPorts)) {
    for (const auto& p : *patterns) {
      Require(!p.ports.empty() && std::is_sorted(p.ports.begin(), p.ports.end()) && p.text == text);
      if (p.kind == HostPattern::Kind::kSubdomains) Require(p.name.find('.') != std::string::npos);
      if (p.kind != HostPattern::Kind::kAddress)
        Require(!p.MatchesName(p.name) == (p.kind == HostPattern::Kind::kSubdomains));
    }
    AllowList list(*patterns, {});
    (void)list.CheckName(text, 443);
    (void)list.CheckResolvable(text);
  }
  (void)ParseHostPatterns(text, kAllPorts);
  if (auto pin = ParseResolvePin(text)) Require(!pin->addresses.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzRawAddress(data, size);
  FuzzText(std::string(reinterpret_cast<const char*>(data), size));
  return 0;
}
