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
  std::string method;   // as sent ("GET", "CONNECT")
  std::string target;   // request-target as sent
  int version_minor = 1;  // HTTP/1.0 or HTTP/1.1 only
  std::vector<std::pair<std::string, std::string>> headers;  // names lowercased, values trimmed
  size_t size = 0;      // octets of the head, through the empty line

  // The value of the only header `name` (lowercase). Nullopt when absent;
  // a header that occurs twice where only one may (Host, Content-Length
  // with different values) makes the head malformed, so this never chooses.
  std::optional<std::string> Header(std::string_view name) const;
};

struct HeadResult {
  enum class Status { kNeedMore, kOk, kMalformed, kTooLarge };
  Status status = Status::kNeedMore;
  HttpRequestHead head;
  std::string error;
};

// Parses the head at the start of `data`. Strict: CRLF line ends (a bare LF
// is malformed), no whitespace before ':' or at the start of a header line
// (obsolete folding), token characters in methods and header names, at most
// one Host, at most one Content-Length value, no Transfer-Encoding together
// with Content-Length, Transfer-Encoding only "chunked" as the last coding.
// The usual request-smuggling ambiguities are errors, not guesses.
HeadResult ParseRequestHead(std::string_view data, size_t max_size = kMaxRequestHead);

// host[:port] or [v6]:port, as in CONNECT targets and Host headers. The host
// is returned lowercase, without brackets; no port means `default_port`.
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
// is opaque (Next() returns the whole buffer as `forward`).
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
  size_t max_head_;
  State state_ = State::kHead;
  uint64_t remaining_ = 0;  // kBody, kChunkData: octets left
};

}  // namespace paddock::net
