// HTTP/1.x request heads (RFC 9112) as the proxy needs them: CONNECT and
// absolute-form requests from proxy clients, and the Host of every request on
// a plain-HTTP connection. Pure and bounded; fuzzed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/error.h"

namespace paddock::net {

inline constexpr size_t kMaxRequestHead = 32 * 1024;

struct HttpRequestHead {
  std::string method;                                        // as sent ("GET", "CONNECT")
  std::string target;                                        // request-target as sent
  int version_minor = 1;                                     // HTTP/1.0 or HTTP/1.1 only
  std::vector<std::pair<std::string, std::string>> headers;  // names lowercased, values trimmed
  size_t size = 0;                                           // octets of the head, through the empty line

  // The value of header `name` (lowercase), nullopt when absent. A field
  // sent on several lines is one comma-separated list (RFC 9110 5.3) and
  // comes back joined with ", "; the fields that may occur only once (Host,
  // Content-Length) occurring twice make the head malformed, so this never
  // chooses between values.
  std::optional<std::string> Header(std::string_view name) const;
};

struct HeadResult {
  enum class Status { kNeedMore, kOk, kMalformed, kTooLarge };
  Status status = Status::kNeedMore;
  HttpRequestHead head;
  std::string error;
};

// Parses the head at the start of `data`. Strict: CRLF line ends (a bare LF
// or CR is malformed, and is seen before the head is complete), a request
// line of method SP target SP version with single spaces, HTTP/1.0 or
// HTTP/1.1 only, no empty line before it, no whitespace before ':' or at the
// start of a header line (obsolete folding), token characters in methods and
// header names, no control octets in values, at most one Host, at most one
// Content-Length line holding one decimal value, no Transfer-Encoding
// together with Content-Length or in HTTP/1.0, and Transfer-Encoding codings
// that are tokens with "chunked" once and last. The usual request-smuggling
// ambiguities are errors, not guesses. kTooLarge: no end within `max_size`.
HeadResult ParseRequestHead(std::string_view data, size_t max_size = kMaxRequestHead);

// host[:port] or [v6]:port, as in CONNECT targets and Host headers. The host
// is returned lowercase, without brackets; no port means `default_port`.
// Hosts are letters, digits, '-', '.' and '_' (no percent-encoding); inside
// brackets hex digits, ':' and '.' (the caller parses the address). A port is
// 1..65535; userinfo ('@') and an unbracketed IPv6 address are errors.
struct Authority {
  std::string host;
  uint16_t port = 0;
};
Result<Authority> ParseAuthority(std::string_view text, uint16_t default_port);

// "http://host[:port]/path?q" -> the authority and the origin-form "/path?q"
// ("/" when empty). Only the http scheme (case-insensitive); userinfo is an
// error.
Result<std::pair<Authority, std::string>> SplitAbsoluteUri(std::string_view target);

// Follows the requests a client sends on one plain-HTTP connection, so the
// proxy checks the Host of every request, not only the first: request heads,
// then bodies framed by Content-Length or chunked coding (chunk sizes,
// extensions, trailers). After a request with "Upgrade" or a CONNECT the rest
// is opaque (Next() returns the whole buffer as `forward`). Chunk-size lines
// are limited to 1024 octets, the trailer section to `max_head`; trailers
// named Host, Content-Length or Transfer-Encoding are errors. Where the input
// is split into pieces does not change what Next() decides.
class RequestStream {
 public:
  struct Step {
    size_t forward = 0;                   // octets at the start of `pending` that may be sent on
    std::optional<HttpRequestHead> head;  // a complete head, included in `forward`: check it first
    bool need_more = false;               // nothing more can be decided without more input
  };
  explicit RequestStream(size_t max_head = kMaxRequestHead) : max_head_(max_head) {}
  // `pending`: the octets received and not yet forwarded. Call until it
  // returns need_more (or an error); forward `forward` octets after each step.
  Result<Step> Next(std::string_view pending);
  bool opaque() const { return state_ == State::kOpaque; }

 private:
  enum class State { kHead, kBody, kChunkSize, kChunkData, kChunkDataEnd, kTrailers, kOpaque };
  Result<Step> NextHead(std::string_view pending);
  Result<Step> NextChunkSize(std::string_view pending);
  Result<Step> NextTrailer(std::string_view pending);
  size_t max_head_;
  State state_ = State::kHead;
  uint64_t remaining_ = 0;  // kBody, kChunkData: octets left; kTrailers: octets read
};

}  // namespace paddock::net
