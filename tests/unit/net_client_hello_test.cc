#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "net/client_hello.h"
#include "net_test_bytes.h"

namespace paddock::net {
namespace {

using testing::FromHex;
using Status = ClientHelloInfo::Status;

// Captured from `openssl s_client -connect 127.0.0.1:PORT -servername
// Example.COM` (OpenSSL 3.0.19, TLS 1.3 offered), read by a plain listening
// socket.
const std::vector<uint8_t> kOpensslTls13 = FromHex(
    "160301013801000134030386086871f09f61edc2ac4409350185cf49c8c487eb360f4d3d23d295cb39dca220fabde9e7483e19a2cf4afea9"
    "3c995714b0ab22bff888e33a014d80439a8a0398003e130213031301c02cc030009fcca9cca8ccaac02bc02f009ec024c028006bc023c027"
    "0067c00ac0140039c009c0130033009d009c003d003c0035002f00ff010000ad00000010000e00000b4578616d706c652e434f4d000b0004"
    "03000102000a00160014001d0017001e0019001801000101010201030104002300000016000000170000000d002a00280403050306030807"
    "08080809080a080b080408050806040105010601030303010302040205020602002b0009080304030303020301002d000201010033002600"
    "24001d002071757bd63762a5b91cdc89736cd5c1adbedd1bb3135ae8b84bd8df30233b4351");
// The same with -noservername.
const std::vector<uint8_t> kOpensslNoSni = FromHex(
    "16030101240100012003037d9c43b4f11efc9aed216d4239f3ccb6fd0dccabeb851245ce1000e8fe01d56c20a06794cde76ffb80efbc993a"
    "8d5836e0a19c9b9ff6f998bca153b4ea15351b80003e130213031301c02cc030009fcca9cca8ccaac02bc02f009ec024c028006bc023c027"
    "0067c00ac0140039c009c0130033009d009c003d003c0035002f00ff01000099000b000403000102000a00160014001d0017001e00190018"
    "01000101010201030104002300000016000000170000000d002a0028040305030603080708080809080a080b080408050806040105010601"
    "030303010302040205020602002b0009080304030303020301002d00020101003300260024001d002047d0f684b97d281c8f28d97d669e17"
    "52dbe67a7b9340b14a9eb0bba325756502");
// -servername www.example.org -tls1_2 (RFC 5246 layout, no supported_versions).
const std::vector<uint8_t> kOpensslTls12 = FromHex(
    "16030100cf010000cb030367f9e782e407116bef0f85e30096d1d2af93d1ab7a30f85cbac31027fb052078000038c02cc030009fcca9cca8"
    "ccaac02bc02f009ec024c028006bc023c0270067c00ac0140039c009c0130033009d009c003d003c0035002f00ff0100006a000000140012"
    "00000f7777772e6578616d706c652e6f7267000b000403000102000a000c000a001d0017001e00190018002300000016000000170000000d"
    "002a0028040305030603080708080809080a080b080408050806040105010601030303010302040205020602");

std::vector<uint8_t> U16(size_t v) { return {static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)}; }

std::vector<uint8_t> Join(std::initializer_list<std::vector<uint8_t>> parts) {
  std::vector<uint8_t> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

std::vector<uint8_t> Ext(uint16_t type, const std::vector<uint8_t>& data) {
  return Join({U16(type), U16(data.size()), data});
}

std::vector<uint8_t> HostName(const std::string& name) {
  return Join({{0}, U16(name.size()), std::vector<uint8_t>(name.begin(), name.end())});
}

std::vector<uint8_t> Sni(std::initializer_list<std::vector<uint8_t>> entries) {
  std::vector<uint8_t> list = Join(entries);
  return Ext(0, Join({U16(list.size()), list}));
}

// The handshake message alone: a minimal TLS 1.2-style ClientHello.
std::vector<uint8_t> Handshake(const std::vector<uint8_t>& extensions) {
  std::vector<uint8_t> body = Join({{0x03, 0x03}, std::vector<uint8_t>(32, 0x5a), {0}, U16(2), {0x13, 0x01}, {1, 0}});
  body = Join({body, U16(extensions.size()), extensions});
  return Join({{1, 0}, U16(body.size()), body});
}

// The message in records of at most `fragment` octets.
std::vector<uint8_t> Records(const std::vector<uint8_t>& message, size_t fragment) {
  std::vector<uint8_t> out;
  for (size_t at = 0; at < message.size(); at += fragment) {
    size_t n = std::min(fragment, message.size() - at);
    out.insert(out.end(), {0x16, 0x03, 0x01});
    auto len = U16(n);
    out.insert(out.end(), len.begin(), len.end());
    out.insert(out.end(), message.begin() + static_cast<long>(at), message.begin() + static_cast<long>(at + n));
  }
  return out;
}

std::vector<uint8_t> Hello(const std::vector<uint8_t>& extensions) {
  auto message = Handshake(extensions);
  return Records(message, message.size());
}

ClientHelloInfo Parse(const std::vector<uint8_t>& bytes) { return ParseClientHello(bytes); }

TEST(ClientHello, ReadsTheServerNameOfARealTls13Hello) {
  auto info = Parse(kOpensslTls13);
  ASSERT_EQ(info.status, Status::kOk) << info.error;
  EXPECT_TRUE(info.has_server_name);
  EXPECT_EQ(info.server_name, "example.com");  // sent as Example.COM
  EXPECT_FALSE(info.encrypted_client_hello);
}

TEST(ClientHello, ReadsARealTls12HelloAndOneWithoutServerName) {
  auto tls12 = Parse(kOpensslTls12);
  ASSERT_EQ(tls12.status, Status::kOk) << tls12.error;
  EXPECT_EQ(tls12.server_name, "www.example.org");
  auto none = Parse(kOpensslNoSni);
  ASSERT_EQ(none.status, Status::kOk) << none.error;
  EXPECT_FALSE(none.has_server_name);
  EXPECT_EQ(none.server_name, "");
}

TEST(ClientHello, EveryPrefixNeedsMore) {
  for (const auto* hello : {&kOpensslTls13, &kOpensslNoSni, &kOpensslTls12}) {
    for (size_t n = 0; n < hello->size(); ++n) {
      auto info = ParseClientHello(std::span(*hello).first(n));
      ASSERT_EQ(info.status, Status::kNeedMore) << "prefix of " << n << " octets: " << info.error;
    }
  }
}

TEST(ClientHello, AHelloSplitOverRecordsAtEveryOffsetIsReassembled) {
  std::vector<uint8_t> message(kOpensslTls13.begin() + 5, kOpensslTls13.end());
  for (size_t fragment = 1; fragment < message.size(); fragment += 7) {
    auto bytes = Records(message, fragment);
    auto info = Parse(bytes);
    ASSERT_EQ(info.status, Status::kOk) << "fragments of " << fragment << ": " << info.error;
    EXPECT_EQ(info.server_name, "example.com");
    for (size_t n = 0; n < bytes.size(); n += 3) {
      ASSERT_EQ(ParseClientHello(std::span(bytes).first(n)).status, Status::kNeedMore) << fragment << "/" << n;
    }
  }
}

TEST(ClientHello, OctetsAfterTheHelloRecordAreNotItsConcern) {
  auto bytes = kOpensslTls13;
  bytes.insert(bytes.end(), {0x17, 0x03, 0x03, 0x00, 0x01, 0x00});  // early data, say
  EXPECT_EQ(Parse(bytes).status, Status::kOk);
}

TEST(ClientHello, SomethingOtherThanTlsIsNotTls) {
  std::string get = "GET / HTTP/1.1\r\n";
  EXPECT_EQ(ParseClientHello(std::vector<uint8_t>(get.begin(), get.end())).status, Status::kNotTls);
  EXPECT_EQ(ParseClientHello(FromHex("05010003")).status, Status::kNotTls);  // SOCKS5
}

TEST(ClientHello, RecordHeadersAreChecked) {
  auto bytes = kOpensslTls13;
  bytes[1] = 0x02;  // SSL 2-ish version
  EXPECT_EQ(Parse(bytes).status, Status::kMalformed);
  EXPECT_EQ(ParseClientHello(FromHex("1603014101")).status, Status::kMalformed);  // 2^14 + 257
  EXPECT_EQ(ParseClientHello(FromHex("1603010000")).status, Status::kMalformed);  // empty record
  std::vector<uint8_t> message(kOpensslTls13.begin() + 5, kOpensslTls13.end());
  auto split = Records(message, 100);
  split[105] = 0x17;  // the second record is application data
  EXPECT_EQ(Parse(split).status, Status::kMalformed);
}

TEST(ClientHello, TheHandshakeHeaderIsCheckedBeforeTheBodyArrives) {
  // A ServerHello, and a ClientHello declaring more than kMaxClientHello.
  EXPECT_EQ(ParseClientHello(FromHex("160303000402000010")).status, Status::kMalformed);
  auto big = ParseClientHello(FromHex("160303000401008001"));
  EXPECT_EQ(big.status, Status::kMalformed);
  EXPECT_NE(big.error.find("larger"), std::string::npos) << big.error;
}

TEST(ClientHello, ARecordLongerThanTheHelloIsMalformed) {
  auto message = Handshake(Sni({HostName("a.example")}));
  message.push_back(0);  // one octet past the ClientHello in the same record
  auto bytes = Records(message, message.size());
  EXPECT_EQ(Parse(bytes).status, Status::kMalformed);
  // Known as soon as the record header and the handshake header are there.
  EXPECT_EQ(ParseClientHello(std::span(bytes).first(9)).status, Status::kMalformed);
}

TEST(ClientHello, ServerNameRules) {
  EXPECT_EQ(Parse(Hello(Sni({HostName("Api.Example.com")}))).server_name, "api.example.com");
  EXPECT_EQ(Parse(Hello(Sni({HostName("_srv.example")}))).status, Status::kOk);
  EXPECT_EQ(Parse(Hello(Sni({HostName("a.example"), HostName("b.example")}))).status, Status::kMalformed);
  EXPECT_EQ(Parse(Hello(Sni({HostName("")}))).status, Status::kMalformed);
  EXPECT_EQ(Parse(Hello(Sni({HostName(std::string("a.example\0b", 11))}))).status, Status::kMalformed);
  EXPECT_EQ(Parse(Hello(Sni({HostName("a b.example")}))).status, Status::kMalformed);
  EXPECT_EQ(Parse(Hello(Sni({HostName("a/b.example")}))).status, Status::kMalformed);
  EXPECT_EQ(Parse(Hello(Sni({}))).status, Status::kMalformed);                // empty list
  EXPECT_EQ(Parse(Hello(Sni({{1, 0, 1, 'x'}}))).status, Status::kMalformed);  // not host_name
  EXPECT_EQ(Parse(Hello(Join({Sni({HostName("a.example")}), Sni({HostName("b.example")})}))).status,
            Status::kMalformed);  // the extension twice
}

TEST(ClientHello, LengthsThatPassTheirContainerAreMalformed) {
  auto sni = Sni({HostName("a.example")});
  auto long_list = sni;
  long_list[5] += 1;  // the server_name list claims one octet more than its extension
  EXPECT_EQ(Parse(Hello(long_list)).status, Status::kMalformed);
  auto long_name = sni;
  long_name[8] += 1;  // the host_name claims one octet more than its list
  EXPECT_EQ(Parse(Hello(long_name)).status, Status::kMalformed);
  auto long_ext = sni;
  long_ext[3] += 1;  // the extension claims one octet more than the block
  EXPECT_EQ(Parse(Hello(long_ext)).status, Status::kMalformed);
  auto message = Handshake(sni);
  message[4 + 2 + 32] = 33;  // a session id of 33 octets
  EXPECT_EQ(Parse(Records(message, message.size())).status, Status::kMalformed);
}

TEST(ClientHello, EncryptedClientHelloIsReported) {
  auto info = Parse(Hello(Join({Sni({HostName("public.example")}), Ext(0xfe0d, {0, 1, 2, 3})})));
  ASSERT_EQ(info.status, Status::kOk) << info.error;
  EXPECT_TRUE(info.encrypted_client_hello);
  EXPECT_EQ(info.server_name, "public.example");
}

TEST(ClientHello, NoExtensionBlockIsAHelloWithoutName) {
  std::vector<uint8_t> body = Join({{0x03, 0x03}, std::vector<uint8_t>(32, 1), {0}, U16(2), {0x00, 0x2f}, {1, 0}});
  auto message = Join({{1, 0}, U16(body.size()), body});
  auto info = Parse(Records(message, message.size()));
  EXPECT_EQ(info.status, Status::kOk) << info.error;
  EXPECT_FALSE(info.has_server_name);
}

}  // namespace
}  // namespace paddock::net
