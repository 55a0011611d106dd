// RequestStream (declared in http_request.h): the message boundaries of the
// requests on one plain-HTTP connection (RFC 9112 6 and 7.1).
#include <algorithm>

#include "net/http_request.h"
#include "net/http_syntax.h"

namespace paddock::net {
namespace {

using http::LineEnd;
using Step = RequestStream::Step;

// A chunk-size line (RFC 9112 7.1.1) longer than this is refused: no valid
// size needs it, and extensions are not worth more.
constexpr size_t kMaxChunkLine = 1024;

Error StreamError(std::string_view reason) { return OpError("follow", "HTTP request stream", reason); }

Step NeedMore() {
  Step step;
  step.need_more = true;
  return step;
}

Step Forward(size_t n) {
  Step step;
  step.forward = n;
  return step;
}

void SkipWhitespace(std::string_view& s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
}

std::string_view TakeToken(std::string_view& s) {
  size_t n = 0;
  while (n < s.size() && http::IsTokenChar(s[n])) ++n;
  std::string_view token = s.substr(0, n);
  s.remove_prefix(n);
  return token;
}

// quoted-string (RFC 9110 5.6.4) at the start of `s`; false when malformed.
bool TakeQuotedString(std::string_view& s) {
  if (s.empty() || s[0] != '"') return false;
  for (size_t i = 1; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '"') {
      s.remove_prefix(i + 1);
      return true;
    }
    if (c == '\\') {
      if (++i == s.size()) return false;
      c = static_cast<unsigned char>(s[i]);
      if (c != '\t' && (c < 0x20 || c == 0x7f)) return false;
    } else if (c != '\t' && (c < 0x20 || c == 0x7f)) {
      return false;
    }
  }
  return false;
}

// *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] )
bool ValidChunkExtensions(std::string_view s) {
  while (true) {
    SkipWhitespace(s);
    if (s.empty()) return true;
    if (s[0] != ';') return false;
    s.remove_prefix(1);
    SkipWhitespace(s);
    if (TakeToken(s).empty()) return false;
    SkipWhitespace(s);
    if (s.empty() || s[0] != '=') continue;
    s.remove_prefix(1);
    SkipWhitespace(s);
    if (!s.empty() && s[0] == '"') {
      if (!TakeQuotedString(s)) return false;
    } else if (TakeToken(s).empty()) {
      return false;
    }
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// chunk-size [ chunk-ext ]: the size, or an error.
Result<uint64_t> ParseChunkSizeLine(std::string_view line) {
  uint64_t size = 0;
  size_t digits = 0;
  for (; digits < line.size() && HexValue(line[digits]) >= 0; ++digits) {
    if (size > (UINT64_MAX >> 4)) return StreamError("a chunk size that overflows 64 bits");
    size = (size << 4) | static_cast<uint64_t>(HexValue(line[digits]));
  }
  if (digits == 0) return StreamError("a chunk size line that does not start with a hexadecimal size");
  if (!ValidChunkExtensions(line.substr(digits))) return StreamError("a malformed chunk extension");
  return size;
}

// A line of at most `limit` octets at the start of `pending`: its length
// without CRLF, nullopt when more input is needed, or an error.
Result<std::optional<size_t>> TakeLine(std::string_view pending, size_t limit, std::string_view too_long) {
  LineEnd end = http::FindLineEnd(pending.substr(0, std::min(pending.size(), limit + 2)), 0);
  if (end.kind == LineEnd::Kind::kFound) return std::optional<size_t>(end.cr);
  if (end.kind != LineEnd::Kind::kNeedMore) return StreamError(http::LineEndProblem(end.kind));
  if (pending.size() >= limit + 2) {
    return StreamError(too_long);
  }
  return std::optional<size_t>();
}

}  // namespace

Result<Step> RequestStream::Next(std::string_view pending) {
  if (pending.empty()) return NeedMore();
  switch (state_) {
    case State::kHead: return NextHead(pending);
    case State::kBody:
    case State::kChunkData: {
      size_t n = static_cast<size_t>(std::min<uint64_t>(remaining_, pending.size()));
      remaining_ -= n;
      if (remaining_ == 0) state_ = state_ == State::kBody ? State::kHead : State::kChunkDataEnd;
      return Forward(n);
    }
    case State::kChunkDataEnd: {
      if (pending[0] != '\r' || (pending.size() > 1 && pending[1] != '\n')) {
        return StreamError("chunk data not followed by CRLF");
      }
      if (pending.size() < 2) return NeedMore();
      state_ = State::kChunkSize;
      return Forward(2);
    }
    case State::kChunkSize: return NextChunkSize(pending);
    case State::kTrailers: return NextTrailer(pending);
    case State::kOpaque: return Forward(pending.size());
  }
  return StreamError("unknown state");
}

Result<Step> RequestStream::NextHead(std::string_view pending) {
  HeadResult result = ParseRequestHead(pending, max_head_);
  if (result.status == HeadResult::Status::kNeedMore) return NeedMore();
  if (result.status != HeadResult::Status::kOk) return StreamError(result.error);
  Step step = Forward(result.head.size);
  http::Framing framing = http::BodyFraming(result.head);
  if (result.head.method == "CONNECT" || result.head.Header("upgrade")) {
    // What follows is another protocol (or the server's refusal, which the
    // caller cannot see here): it is forwarded as it comes.
    state_ = State::kOpaque;
  } else if (framing.chunked) {
    state_ = State::kChunkSize;
  } else if (framing.length > 0) {
    state_ = State::kBody;
    remaining_ = framing.length;
  }
  step.head = std::move(result.head);
  return step;
}

Result<Step> RequestStream::NextChunkSize(std::string_view pending) {
  auto line = TakeLine(pending, kMaxChunkLine, "a chunk size line longer than 1024 octets");
  if (!line) return line.error();
  if (!*line) return NeedMore();
  auto size = ParseChunkSizeLine(pending.substr(0, **line));
  if (!size) return size.error();
  if (*size == 0) {
    state_ = State::kTrailers;
    remaining_ = 0;  // kTrailers: octets of trailer section so far
  } else {
    state_ = State::kChunkData;
    remaining_ = *size;
  }
  return Forward(**line + 2);
}

Result<Step> RequestStream::NextTrailer(std::string_view pending) {
  size_t budget = max_head_ > remaining_ + 2 ? static_cast<size_t>(max_head_ - remaining_ - 2) : 0;
  auto line = TakeLine(pending, budget, "a trailer section longer than " + std::to_string(max_head_) + " octets");
  if (!line) return line.error();
  if (!*line) return NeedMore();
  if (**line == 0) {
    state_ = State::kHead;
    remaining_ = 0;
    return Forward(2);
  }
  auto field = http::ParseFieldLine(pending.substr(0, **line));
  if (!field) return StreamError(field.error().reason);
  const std::string& name = field->first;
  if (name == "host" || name == "content-length" || name == "transfer-encoding") {
    // Never allowed in trailers (RFC 9110 6.5.1); a server that merged one
    // would see a different request than the proxy checked.
    return StreamError("a " + name + " field in the trailer section");
  }
  remaining_ += **line + 2;
  return Forward(**line + 2);
}

}  // namespace paddock::net
