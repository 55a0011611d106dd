#include "net/http_request.h"

#include <optional>

#include "net/http_syntax.h"

namespace paddock::net {
namespace {

using http::LineEnd;

HeadResult Fail(HeadResult::Status status, std::string why) {
  HeadResult result;
  result.status = status;
  result.error = std::move(why);
  return result;
}

// method SP request-target SP HTTP-version, single spaces (RFC 9112 3).
std::optional<std::string> ReadRequestLine(std::string_view line, HttpRequestHead& head) {
  size_t sp1 = line.find(' ');
  size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
    return "a request line that is not method, target and version separated by single spaces";
  }
  std::string_view method = line.substr(0, sp1);
  std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string_view version = line.substr(sp2 + 1);
  if (!http::IsToken(method)) return "a method that is not a token";
  if (target.empty()) return "an empty request target";
  for (char c : target) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) return "a request target with a space, control or non-ASCII octet";
  }
  if (version == "HTTP/1.1") {
    head.version_minor = 1;
  } else if (version == "HTTP/1.0") {
    head.version_minor = 0;
  } else {
    return "a version other than HTTP/1.0 or HTTP/1.1";
  }
  head.method = std::string(method);
  head.target = std::string(target);
  return std::nullopt;
}

// transfer-coding list (RFC 9112 6.1): tokens, "chunked" once and last.
std::optional<std::string> CheckTransferCodings(const std::string& codings) {
  std::string_view rest = codings;
  bool chunked_seen = false;
  while (true) {
    size_t comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (!http::IsToken(item)) return "a Transfer-Encoding with an empty or parameterized coding";
    if (chunked_seen) return "a Transfer-Encoding coding after chunked";
    chunked_seen = http::Lowercase(item) == "chunked";
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (!chunked_seen) return "a Transfer-Encoding whose last coding is not chunked";
  return std::nullopt;
}

// The framing rules that keep a proxy and a server from reading different
// message boundaries (RFC 9112 6.1-6.3, 11.2).
std::optional<std::string> CheckFraming(const HttpRequestHead& head) {
  int hosts = 0, lengths = 0;
  std::string codings;
  bool has_codings = false;
  for (const auto& [name, value] : head.headers) {
    if (name == "host" && ++hosts > 1) return "more than one Host header";
    if (name == "content-length") {
      if (++lengths > 1) return "more than one Content-Length header";
      if (value.find(',') != std::string::npos) return "a Content-Length with more than one value";
      if (!http::ParseContentLength(value)) return "a Content-Length that is not a decimal number";
    }
    if (name == "transfer-encoding") {
      codings += (has_codings ? "," : "") + value;
      has_codings = true;
    }
  }
  if (!has_codings) return std::nullopt;
  if (lengths > 0) return "both Transfer-Encoding and Content-Length";
  if (head.version_minor == 0) return "a Transfer-Encoding in an HTTP/1.0 request";
  return CheckTransferCodings(codings);
}

// The lines of the head, each without its CRLF, through the empty line.
HeadResult SplitHead(std::string_view data, size_t max_size, std::vector<std::string_view>& lines) {
  size_t pos = 0;
  while (true) {
    LineEnd end = http::FindLineEnd(data, pos);
    if (end.kind == LineEnd::Kind::kNeedMore) {
      if (data.size() >= max_size) return Fail(HeadResult::Status::kTooLarge, "a request head larger than the limit");
      return {};
    }
    if (end.kind != LineEnd::Kind::kFound)
      return Fail(HeadResult::Status::kMalformed, std::string(LineEndProblem(end.kind)));
    if (end.cr + 2 > max_size) return Fail(HeadResult::Status::kTooLarge, "a request head larger than the limit");
    std::string_view line = data.substr(pos, end.cr - pos);
    pos = end.cr + 2;
    if (line.empty()) {
      if (lines.empty()) return Fail(HeadResult::Status::kMalformed, "an empty line before the request line");
      HeadResult done;
      done.status = HeadResult::Status::kOk;
      done.head.size = pos;
      return done;
    }
    lines.push_back(line);
  }
}

}  // namespace

std::optional<std::string> HttpRequestHead::Header(std::string_view name) const {
  std::optional<std::string> found;
  for (const auto& [n, v] : headers) {
    if (n != name) continue;
    // A list-valued field sent as several lines is one list (RFC 9110 5.3).
    found = found ? *found + ", " + v : v;
  }
  return found;
}

HeadResult ParseRequestHead(std::string_view data, size_t max_size) {
  std::vector<std::string_view> lines;
  HeadResult result = SplitHead(data, max_size, lines);
  if (result.status != HeadResult::Status::kOk) return result;
  if (auto problem = ReadRequestLine(lines[0], result.head)) return Fail(HeadResult::Status::kMalformed, *problem);
  for (size_t i = 1; i < lines.size(); ++i) {
    auto field = http::ParseFieldLine(lines[i]);
    if (!field) return Fail(HeadResult::Status::kMalformed, field.error().reason);
    result.head.headers.push_back(std::move(*field));
  }
  if (auto problem = CheckFraming(result.head)) return Fail(HeadResult::Status::kMalformed, *problem);
  return result;
}

}  // namespace paddock::net
