#include "net/http_syntax.h"

namespace paddock::net::http {

bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool IsToken(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!IsTokenChar(c)) return false;
  }
  return true;
}

std::string Lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

LineEnd FindLineEnd(std::string_view data, size_t from) {
  size_t at = data.find_first_of("\r\n", from);
  if (at == std::string_view::npos) return {LineEnd::Kind::kNeedMore, 0};
  if (data[at] == '\n') return {LineEnd::Kind::kBareLf, at};
  if (at + 1 == data.size()) return {LineEnd::Kind::kNeedMore, 0};
  if (data[at + 1] != '\n') return {LineEnd::Kind::kBareCr, at};
  return {LineEnd::Kind::kFound, at};
}

std::string_view LineEndProblem(LineEnd::Kind kind) {
  return kind == LineEnd::Kind::kBareLf ? "a line ending in LF without CR" : "a CR not followed by LF";
}

namespace {

bool IsWhitespace(char c) { return c == ' ' || c == '\t'; }

// field-vchar, SP, HTAB (RFC 9110 5.5): no NUL, no other control octet.
bool IsValueChar(char c) {
  auto u = static_cast<unsigned char>(c);
  return u == '\t' || (u >= 0x20 && u != 0x7f);
}

}  // namespace

Result<std::pair<std::string, std::string>> ParseFieldLine(std::string_view line) {
  if (!line.empty() && IsWhitespace(line[0])) {
    return OpError("parse", "HTTP field line", "a line starting with whitespace (obsolete line folding)");
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return OpError("parse", "HTTP field line", "a line without a colon");
  std::string_view name = line.substr(0, colon);
  if (!name.empty() && IsWhitespace(name.back())) {
    return OpError("parse", "HTTP field line", "whitespace between a field name and its colon");
  }
  if (!IsToken(name)) return OpError("parse", "HTTP field line", "a field name that is not a token");
  std::string_view value = line.substr(colon + 1);
  for (char c : value) {
    if (!IsValueChar(c)) return OpError("parse", "HTTP field line", "a control octet in a field value");
  }
  while (!value.empty() && IsWhitespace(value.front())) value.remove_prefix(1);
  while (!value.empty() && IsWhitespace(value.back())) value.remove_suffix(1);
  return std::pair<std::string, std::string>(Lowercase(name), std::string(value));
}

std::optional<uint64_t> ParseContentLength(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;  // 10^18 octets is beyond any body
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  return value;
}

Framing BodyFraming(const HttpRequestHead& head) {
  Framing framing;
  for (const auto& [name, value] : head.headers) {
    if (name == "transfer-encoding") framing.chunked = true;  // the head was checked: chunked is last
    if (name == "content-length") framing.length = ParseContentLength(value).value_or(0);
  }
  return framing;
}

}  // namespace paddock::net::http
