#include "net/client_hello.h"

#include <algorithm>
#include <bitset>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace paddock::net {
namespace {

using Status = ClientHelloInfo::Status;

constexpr uint8_t kRecordHandshake = 0x16;
constexpr uint8_t kHandshakeClientHello = 1;
constexpr size_t kRecordHeader = 5;
constexpr size_t kMaxRecordPayload = (1 << 14) + 256;
constexpr size_t kHandshakeHeader = 4;
constexpr uint16_t kExtServerName = 0;
constexpr uint16_t kExtEncryptedClientHello = 0xfe0d;
constexpr uint8_t kNameTypeHostName = 0;
constexpr size_t kMaxHostName = 255;

ClientHelloInfo Malformed(std::string why) {
  ClientHelloInfo info;
  info.status = Status::kMalformed;
  info.error = std::move(why);
  return info;
}

ClientHelloInfo WithStatus(Status status) {
  ClientHelloInfo info;
  info.status = status;
  return info;
}

// A cursor over one length-delimited container: reads never pass its end.
class Cursor {
 public:
  explicit Cursor(std::span<const uint8_t> data) : data_(data) {}
  size_t left() const { return data_.size(); }
  std::optional<uint32_t> Number(size_t octets) {
    if (left() < octets) return std::nullopt;
    uint32_t v = 0;
    for (size_t i = 0; i < octets; ++i) v = (v << 8) | data_[i];
    data_ = data_.subspan(octets);
    return v;
  }
  // A vector with a `prefix`-octet length: its contents, nullopt when the
  // length passes the end of the container.
  std::optional<std::span<const uint8_t>> Vector(size_t prefix) {
    auto len = Number(prefix);
    if (!len || left() < *len) return std::nullopt;
    auto inside = data_.first(*len);
    data_ = data_.subspan(*len);
    return inside;
  }
  bool Skip(size_t n) {
    if (left() < n) return false;
    data_ = data_.subspan(n);
    return true;
  }

 private:
  std::span<const uint8_t> data_;
};

// The handshake bytes carried by the leading handshake records: the whole
// ClientHello message once it is complete.
struct Reassembly {
  Status status = Status::kNeedMore;
  std::vector<uint8_t> message;  // header and body of the ClientHello
  std::string error;
};

// What is wrong with the record header at the start of `data`, as far as
// its octets are present.
std::optional<std::string> RecordHeaderProblem(std::span<const uint8_t> data) {
  if (data.size() >= 1 && data[0] != kRecordHandshake) return "a record other than handshake inside the ClientHello";
  if (data.size() >= 2 && data[1] != 0x03) return "a record version other than 3.x";
  if (data.size() >= kRecordHeader) {
    size_t len = (size_t{data[3]} << 8) | data[4];
    if (len == 0) return "an empty handshake record";
    if (len > kMaxRecordPayload) return "a record longer than 2^14 + 256 octets";
  }
  return std::nullopt;
}

// Checks the handshake header once its octets are there.
std::optional<std::string> HandshakeHeaderProblem(const std::vector<uint8_t>& message) {
  if (!message.empty() && message[0] != kHandshakeClientHello) return "a handshake message other than ClientHello";
  if (message.size() >= kHandshakeHeader) {
    size_t len = (size_t{message[1]} << 16) | (size_t{message[2]} << 8) | message[3];
    if (len > kMaxClientHello) return "a ClientHello larger than " + std::to_string(kMaxClientHello) + " octets";
  }
  return std::nullopt;
}

size_t MessageSize(const std::vector<uint8_t>& message) {
  if (message.size() < kHandshakeHeader) return SIZE_MAX;
  return kHandshakeHeader + ((size_t{message[1]} << 16) | (size_t{message[2]} << 8) | message[3]);
}

// Joins record payloads (the last one possibly still partial, so that a bad
// header is refused early) until the ClientHello is complete; the record that
// completes the message must end with it.
Reassembly Reassemble(std::span<const uint8_t> data) {
  Reassembly r;
  while (true) {
    if (auto problem = RecordHeaderProblem(data)) return {Status::kMalformed, {}, *problem};
    if (data.size() < kRecordHeader) return r;
    size_t len = (size_t{data[3]} << 8) | data[4];
    size_t have = std::min(len, data.size() - kRecordHeader);
    size_t before = r.message.size();
    r.message.insert(r.message.end(), data.begin() + kRecordHeader, data.begin() + kRecordHeader + have);
    if (auto problem = HandshakeHeaderProblem(r.message)) return {Status::kMalformed, {}, *problem};
    // Known from the record header before its payload is all there.
    if (before + len > MessageSize(r.message) && r.message.size() >= kHandshakeHeader) {
      return {Status::kMalformed, {}, "octets after the ClientHello in its record"};
    }
    if (have < len) return r;
    if (r.message.size() == MessageSize(r.message)) {
      r.status = Status::kOk;
      return r;
    }
    data = data.subspan(kRecordHeader + len);
  }
}

bool HostNameOctet(uint8_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
}

// server_name (RFC 6066 section 3): exactly one host_name entry.
std::optional<std::string> ReadServerName(std::span<const uint8_t> ext, ClientHelloInfo& info) {
  Cursor in(ext);
  auto list = in.Vector(2);
  if (!list || in.left() != 0) return "a server_name list whose length does not match its extension";
  if (list->empty()) return "an empty server_name list";
  Cursor names(*list);
  while (names.left() > 0) {
    auto type = names.Number(1);
    auto name = names.Vector(2);
    if (!type || !name) return "a server_name entry longer than its list";
    if (*type != kNameTypeHostName) return "a server_name entry of a type other than host_name";
    if (info.has_server_name) return "more than one host_name in server_name";
    if (name->empty()) return "an empty host_name";
    if (name->size() > kMaxHostName) return "a host_name longer than 255 octets";
    for (uint8_t c : *name) {
      if (!HostNameOctet(c)) return "a host_name with an octet other than a letter, digit, '-', '.' or '_'";
      info.server_name += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    info.has_server_name = true;
  }
  return std::nullopt;
}

std::optional<std::string> ReadExtensions(std::span<const uint8_t> block, ClientHelloInfo& info) {
  Cursor in(block);
  std::bitset<65536> seen;
  while (in.left() > 0) {
    auto type = in.Number(2);
    auto body = in.Vector(2);
    if (!type || !body) return "an extension longer than the extension block";
    if (seen.test(*type)) return "extension " + std::to_string(*type) + " more than once";
    seen.set(*type);
    if (*type == kExtServerName) {
      if (auto problem = ReadServerName(*body, info)) return problem;
    } else if (*type == kExtEncryptedClientHello) {
      info.encrypted_client_hello = true;
    }
  }
  return std::nullopt;
}

// The ClientHello body (RFC 8446 4.1.2; RFC 5246 7.4.1.2 lets extensions be
// absent).
std::optional<std::string> ReadBody(std::span<const uint8_t> body, ClientHelloInfo& info) {
  Cursor in(body);
  auto version = in.Number(2);
  if (!version || (*version >> 8) != 3) return "a ClientHello version other than 3.x";
  if (!in.Skip(32)) return "a ClientHello shorter than its random";
  auto session = in.Vector(1);
  if (!session || session->size() > 32) return "a session id longer than 32 octets or than the ClientHello";
  auto suites = in.Vector(2);
  if (!suites || suites->empty() || suites->size() % 2 != 0) return "a malformed cipher suite list";
  auto compression = in.Vector(1);
  if (!compression || compression->empty()) return "a malformed compression method list";
  if (in.left() == 0) return std::nullopt;
  auto extensions = in.Vector(2);
  if (!extensions || in.left() != 0) return "an extension block whose length does not match the ClientHello";
  return ReadExtensions(*extensions, info);
}

}  // namespace

ClientHelloInfo ParseClientHello(std::span<const uint8_t> data) {
  if (data.empty()) return WithStatus(Status::kNeedMore);
  if (data[0] != kRecordHandshake) return WithStatus(Status::kNotTls);
  Reassembly r = Reassemble(data);
  if (r.status == Status::kMalformed) return Malformed(std::move(r.error));
  if (r.status == Status::kNeedMore) return WithStatus(Status::kNeedMore);
  ClientHelloInfo info;
  if (auto problem = ReadBody(std::span<const uint8_t>(r.message).subspan(kHandshakeHeader), info)) {
    return Malformed(std::move(*problem));
  }
  info.status = Status::kOk;
  return info;
}

}  // namespace paddock::net
