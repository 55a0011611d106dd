// Fuzzes the HTTP request-head parser and the request stream that follows a
// plain-HTTP connection. Besides no crash and no sanitizer report: a stream
// fed the input in pieces of random sizes (as the network delivers it) sees
// the same request heads and the same error as one fed all of it at once, so
// where a packet boundary falls cannot hide a request from the proxy.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "net/http_request.h"

namespace {

struct Outcome {
  std::vector<std::string> heads;  // method and target of each head
  bool failed = false;
  size_t forwarded = 0;
};

// Follows `input`, appending pieces whose sizes come from `sizes` (cycled).
Outcome Follow(std::string_view input, std::string_view sizes) {
  paddock::net::RequestStream stream(4096);
  Outcome out;
  std::string pending;
  size_t fed = 0, turn = 0;
  while (true) {
    auto step = stream.Next(pending);
    if (!step.ok()) {
      out.failed = true;
      return out;
    }
    if (step->forward > pending.size()) std::abort();
    if (step->head) out.heads.push_back(step->head->method + " " + step->head->target);
    out.forwarded += step->forward;
    pending.erase(0, step->forward);
    if (!step->need_more) continue;
    if (fed == input.size()) return out;
    size_t n = sizes.empty() ? input.size() : 1 + static_cast<unsigned char>(sizes[turn++ % sizes.size()]) % 64;
    n = std::min(n, input.size() - fed);
    pending.append(input.substr(fed, n));
    fed += n;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view all(reinterpret_cast<const char*>(data), size);
  // The first octets choose the piece sizes; the rest is the connection.
  size_t split = size > 0 ? std::min<size_t>(data[0] % 8 + 1, size) : 0;
  std::string_view sizes = all.substr(0, split), input = all.substr(split);

  auto head = paddock::net::ParseRequestHead(input, 4096);
  using S = paddock::net::HeadResult::Status;
  if (head.status == S::kOk) {
    if (head.head.size == 0 || head.head.size > input.size()) std::abort();
    if (paddock::net::ParseRequestHead(input.substr(0, head.head.size - 1), 4096).status != S::kNeedMore) std::abort();
    (void)paddock::net::ParseAuthority(head.head.target, 443);
    (void)paddock::net::SplitAbsoluteUri(head.head.target);
    for (const auto& [name, value] : head.head.headers) (void)head.head.Header(name);
  }
  Outcome whole = Follow(input, "");
  Outcome pieces = Follow(input, sizes);
  if (whole.heads != pieces.heads || whole.failed != pieces.failed) std::abort();
  if (!whole.failed && whole.forwarded != pieces.forwarded) std::abort();
  return 0;
}
