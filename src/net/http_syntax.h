// RFC 9110/9112 syntax shared by the request-head parser and the request
// stream (chunk extensions, trailer fields). Internal to src/net.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "base/error.h"
#include "net/http_request.h"

namespace paddock::net::http {

// tchar (RFC 9110 5.6.2).
bool IsTokenChar(char c);
bool IsToken(std::string_view text);
std::string Lowercase(std::string_view text);

// Where the line starting at `from` ends (the offset of its CR). Strict: a
// CR must be followed by LF, a LF must follow a CR.
struct LineEnd {
  enum class Kind { kFound, kNeedMore, kBareLf, kBareCr };
  Kind kind = Kind::kNeedMore;
  size_t cr = 0;
};
LineEnd FindLineEnd(std::string_view data, size_t from);
// The error text of kBareLf / kBareCr.
std::string_view LineEndProblem(LineEnd::Kind kind);

// "name: value" (the line without its CRLF): the name lowercased, the value
// without surrounding whitespace. No whitespace before the colon or at the
// start of the line (obsolete folding), no control octets in the value.
Result<std::pair<std::string, std::string>> ParseFieldLine(std::string_view line);

// How a valid head frames its body: chunked, or `length` octets (0: none).
struct Framing {
  bool chunked = false;
  uint64_t length = 0;
};
Framing BodyFraming(const HttpRequestHead& head);

// A Content-Length value: digits only, no overflow.
std::optional<uint64_t> ParseContentLength(std::string_view text);

}  // namespace paddock::net::http
