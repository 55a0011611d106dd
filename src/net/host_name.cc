// NormalizeHostName(): the one spelling of a host name the allow-list
// compares. Every name the proxy sees (a pattern, a DNS question, a TLS SNI,
// an HTTP Host header) goes through here, so two spellings of one name
// ("Example.COM.", "bücher.example" and its A-label) cannot be told apart.
#include <idn2.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <optional>

#include "net/host_pattern.h"

namespace paddock::net {
namespace {

constexpr size_t kMaxName = 253;
constexpr size_t kMaxLabel = 63;

Error Bad(std::string_view name, std::string_view reason) {
  std::string message = "\"" + std::string(name) + "\": " + std::string(reason);
  return Error{.message = std::move(message), .object = std::string(name), .reason = std::string(reason)};
}

bool IsAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// UTS #46 non-transitional processing, as browsers and curl (with libidn2)
// do it: "ß" stays "ß" (xn--...), not "ss".
Result<std::string> ToALabels(std::string_view name) {
  if (name.find('\0') != std::string_view::npos) return Bad(name, "contains a NUL byte");
  char* out = nullptr;
  std::string input(name);
  int rc = idn2_to_ascii_8z(input.c_str(), &out, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
  std::unique_ptr<char, decltype(&idn2_free)> owned(out, &idn2_free);
  if (rc != IDN2_OK || out == nullptr) {
    return Bad(name, std::string("is not a valid internationalized domain name (") + idn2_strerror(rc) + ")");
  }
  return std::string(out);
}

bool IsLabelChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'; }

// A last label of digits (or 0x... hex) makes resolvers, curl and browsers
// read the whole name as an IPv4 number ("1.2.3", "010.0.0.1", "0x7f.1").
bool LooksNumeric(std::string_view label) {
  auto all = [](std::string_view s, auto pred) { return std::all_of(s.begin(), s.end(), pred); };
  if (label.size() >= 2 && label[0] == '0' && label[1] == 'x') {
    return all(label.substr(2), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
  }
  return !label.empty() && all(label, [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<std::string> LabelProblem(std::string_view label) {
  if (label.empty()) return "has an empty label (two dots in a row, or a leading dot)";
  if (label.size() > kMaxLabel) return "has a label longer than 63 octets";
  if (!std::all_of(label.begin(), label.end(), IsLabelChar)) {
    return "has a character a host name cannot hold (letters, digits, \"-\" and \"_\" only)";
  }
  if (label.front() == '-' || label.back() == '-') return "has a label that starts or ends with \"-\"";
  return std::nullopt;
}

}  // namespace

Result<std::string> NormalizeHostName(std::string_view name) {
  std::string_view original = name;
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  if (name.empty()) return Bad(original, "is not a host name (it is empty)");
  std::string ascii(name);
  if (!IsAscii(name)) {
    auto converted = ToALabels(name);
    if (!converted) return Bad(original, converted.error().reason);
    ascii = std::move(*converted);
  }
  std::transform(ascii.begin(), ascii.end(), ascii.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  if (ParseIp(ascii)) return Bad(original, "is an IP address, not a host name");
  if (ascii.size() > kMaxName) return Bad(original, "is longer than 253 octets");
  size_t start = 0;
  for (;;) {
    size_t dot = ascii.find('.', start);
    std::string_view label = std::string_view(ascii).substr(start, dot - start);
    if (auto problem = LabelProblem(label)) return Bad(original, *problem);
    if (dot == std::string::npos) {
      if (LooksNumeric(label)) {
        return Bad(original,
                   "reads as an IPv4 address (its last label is a number); write an address as four decimal "
                   "numbers 0..255 without leading zeros");
      }
      return ascii;
    }
    start = dot + 1;
  }
}

std::string IdnLibraryVersion() { return idn2_check_version(nullptr); }

}  // namespace paddock::net
