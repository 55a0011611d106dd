// The server name a TLS client asks for (the SNI of its ClientHello), read
// from the first bytes of a connection without terminating TLS. Pure and
// bounded; fuzzed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace paddock::net {

// A ClientHello larger than this (post-quantum key shares make them ~2 KiB;
// 16 KiB is one full record) is refused.
inline constexpr size_t kMaxClientHello = 32 * 1024;

struct ClientHelloInfo {
  enum class Status {
    kNeedMore,   // a prefix of a valid ClientHello: read more and call again
    kNotTls,     // the first byte is not a TLS handshake record (0x16)
    kMalformed,  // TLS, but not a well-formed ClientHello (or too large)
    kOk,
  };
  Status status = Status::kNeedMore;
  std::string server_name;  // the host_name entry of server_name, lowercase; "" when absent
  bool has_server_name = false;
  bool encrypted_client_hello = false;  // an ECH extension (0xfe0d) is present
  std::string error;                    // kMalformed: why
};

// `data`: the bytes the client sent so far. The handshake message may span
// several TLS records (each record's header is checked: type 0x16, version
// 0x03xx, length <= 2^14 + 256). Extensions are walked with every length
// checked against its container; a server_name with more than one host_name,
// an empty name, or a name with bytes outside LDH/'.'/'_' is malformed.
ClientHelloInfo ParseClientHello(std::span<const uint8_t> data);

}  // namespace paddock::net
