#include "net/dns_message.h"

#include <cstddef>
#include <optional>
#include <string_view>

namespace paddock::net {
namespace {

constexpr size_t kHeaderSize = 12;
constexpr size_t kMaxNameOctets = 255;  // RFC 1035 2.3.4, in wire form
constexpr size_t kMaxLabel = 63;
constexpr uint16_t kFlagQr = 0x8000;
constexpr uint16_t kFlagTc = 0x0200;
constexpr uint16_t kFlagRd = 0x0100;
constexpr uint16_t kFlagRa = 0x0080;

Error DnsError(std::string_view reason) { return OpError("parse", "DNS query", reason); }

// A bounds-checked reader over the message: every read says whether the
// octets were there.
class Reader {
 public:
  explicit Reader(std::span<const uint8_t> data) : data_(data) {}
  size_t offset() const { return pos_; }
  size_t left() const { return data_.size() - pos_; }
  std::optional<uint8_t> U8() {
    if (left() < 1) return std::nullopt;
    return data_[pos_++];
  }
  std::optional<uint16_t> U16() {
    if (left() < 2) return std::nullopt;
    uint16_t v = static_cast<uint16_t>((data_[pos_] << 8) | data_[pos_ + 1]);
    pos_ += 2;
    return v;
  }
  std::optional<uint32_t> U32() {
    auto hi = U16();
    if (!hi) return std::nullopt;
    auto lo = U16();
    if (!lo) return std::nullopt;
    return (uint32_t{*hi} << 16) | *lo;
  }
  bool Skip(size_t n) {
    if (left() < n) return false;
    pos_ += n;
    return true;
  }
  std::span<const uint8_t> Bytes(size_t n) const { return data_.subspan(pos_, n); }

 private:
  std::span<const uint8_t> data_;
  size_t pos_ = 0;
};

// The question's name: labels only, no compression. Fills both spellings.
Status ReadQuestionName(Reader& in, DnsQuery& query) {
  size_t octets = 0;
  for (;;) {
    auto len = in.U8();
    if (!len) return DnsError("the question's name is cut short");
    octets += 1 + *len;
    if (octets > kMaxNameOctets) return DnsError("the question's name is longer than 255 octets");
    if (*len == 0) return Ok();
    if ((*len & 0xc0) == 0xc0) return DnsError("a compression pointer in the question's name");
    if (*len > kMaxLabel) return DnsError("a label type other than a plain label in the question's name");
    if (in.left() < *len) return DnsError("the question's name is cut short");
    if (!query.name.empty()) {
      query.name += '.';
      query.name_as_sent += '.';
    }
    for (uint8_t c : in.Bytes(*len)) {
      if (c <= 0x20 || c >= 0x7f) return DnsError("a space, control or non-ASCII octet in a label of the question");
      if (c == '.') return DnsError("a '.' inside a label of the question");
      query.name_as_sent += static_cast<char>(c);
      query.name += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    (void)in.Skip(*len);
  }
}

// Skips a record's owner name, which may end in a compression pointer.
// Returns whether the name was the root (a single zero octet).
Result<bool> SkipRecordName(Reader& in) {
  size_t octets = 0;
  for (bool first = true;; first = false) {
    auto len = in.U8();
    if (!len) return DnsError("a record's name is cut short");
    if (*len == 0) return first;
    if ((*len & 0xc0) == 0xc0) {
      if (!in.Skip(1)) return DnsError("a record's name is cut short");
      return false;
    }
    if (*len > kMaxLabel) return DnsError("a label type other than a plain label in a record's name");
    octets += 1 + *len;
    if (octets > kMaxNameOctets) return DnsError("a record's name is longer than 255 octets");
    if (!in.Skip(*len)) return DnsError("a record's name is cut short");
  }
}

// Walks one resource record; reads it when it is an OPT in the additional
// section.
Status ReadRecord(Reader& in, bool additional, DnsQuery& query) {
  auto root = SkipRecordName(in);
  if (!root) return root.error();
  auto type = in.U16();
  auto klass = in.U16();
  auto ttl = in.U32();
  auto rdlength = in.U16();
  if (!type || !klass || !ttl || !rdlength) return DnsError("a record is cut short");
  if (!in.Skip(*rdlength)) return DnsError("a record's data is longer than the message");
  if (*type != kDnsTypeOpt) return Ok();
  if (!additional) return DnsError("an OPT record outside the additional section");
  if (!*root) return DnsError("an OPT record with a name other than the root");
  if (query.edns) return DnsError("more than one OPT record");
  query.edns = true;
  query.udp_payload = *klass < 512 ? uint16_t{512} : *klass;  // RFC 6891 6.2.3: below 512 means 512
  return Ok();
}

void Put16(std::vector<uint8_t>& out, uint16_t v) {
  out.push_back(static_cast<uint8_t>(v >> 8));
  out.push_back(static_cast<uint8_t>(v));
}

void Put32(std::vector<uint8_t>& out, uint32_t v) {
  Put16(out, static_cast<uint16_t>(v >> 16));
  Put16(out, static_cast<uint16_t>(v));
}

void PutHeader(std::vector<uint8_t>& out, uint16_t id, uint16_t flags, uint16_t answers, uint16_t additional) {
  Put16(out, id);
  Put16(out, flags);
  Put16(out, 1);  // the question
  Put16(out, answers);
  Put16(out, 0);
  Put16(out, additional);
}

// The question's name in wire form, from its dotted spelling (its labels hold
// no '.', ParseDnsQuery made sure).
void PutName(std::vector<uint8_t>& out, std::string_view dotted) {
  while (!dotted.empty()) {
    size_t dot = dotted.find('.');
    std::string_view label = dotted.substr(0, dot);
    out.push_back(static_cast<uint8_t>(label.size()));
    out.insert(out.end(), label.begin(), label.end());
    dotted = dot == std::string_view::npos ? std::string_view() : dotted.substr(dot + 1);
  }
  out.push_back(0);
}

void PutOpt(std::vector<uint8_t>& out) {
  out.push_back(0);  // the root
  Put16(out, kDnsTypeOpt);
  Put16(out, kDnsOurUdpPayload);
  Put32(out, 0);  // extended rcode 0, version 0, no DO bit
  Put16(out, 0);
}

}  // namespace

Result<DnsQuery> ParseDnsQuery(std::span<const uint8_t> message) {
  Reader in(message);
  DnsQuery query;
  auto id = in.U16();
  auto flags = in.U16();
  auto qd = in.U16();
  auto an = in.U16();
  auto ns = in.U16();
  auto ar = in.U16();
  if (!ar) return DnsError("shorter than a DNS header");
  if (*flags & kFlagQr) return DnsError("a response, not a query");
  if (((*flags >> 11) & 0xf) != 0) return DnsError("an opcode other than QUERY");
  if (*qd != 1) return DnsError("not exactly one question");
  query.id = *id;
  query.recursion_desired = (*flags & kFlagRd) != 0;
  if (auto name = ReadQuestionName(in, query); !name) return name.error();
  auto type = in.U16();
  auto klass = in.U16();
  if (!type || !klass) return DnsError("the question is cut short");
  query.type = *type;
  query.klass = *klass;
  query.question_end = in.offset();
  size_t records = size_t{*an} + *ns + *ar;
  for (size_t i = 0; i < records; ++i) {
    if (auto r = ReadRecord(in, i >= size_t{*an} + *ns, query); !r) return r.error();
  }
  if (in.left() != 0) return DnsError("octets after the last record");
  return query;
}

int DnsMessageId(std::span<const uint8_t> message) {
  if (message.size() < 2) return -1;
  return (message[0] << 8) | message[1];
}

std::vector<uint8_t> BuildDnsAnswer(const DnsQuery& query, DnsRcode rcode, std::span<const IpAddress> addresses,
                                    uint32_t ttl, size_t max_size) {
  std::vector<const IpAddress*> fitting;
  if (rcode == DnsRcode::kNoError && (query.type == kDnsTypeA || query.type == kDnsTypeAaaa)) {
    for (const IpAddress& a : addresses) {
      if (a.v6 == (query.type == kDnsTypeAaaa) && fitting.size() < 0xffff) fitting.push_back(&a);
    }
  }
  const size_t rdlength = query.type == kDnsTypeAaaa ? 16 : 4;
  const size_t record_size = 2 + 2 + 2 + 4 + 2 + rdlength;
  const size_t question_size = query.name.empty() ? 1 : query.name.size() + 2;
  const size_t opt_size = query.edns ? 11 : 0;
  uint16_t flags = kFlagQr | kFlagRa | static_cast<uint16_t>(rcode) | (query.recursion_desired ? kFlagRd : 0);
  if (kHeaderSize + question_size + 4 + fitting.size() * record_size + opt_size > max_size) {
    fitting.clear();
    flags |= kFlagTc;
  }
  std::vector<uint8_t> out;
  out.reserve(kHeaderSize + question_size + 4 + fitting.size() * record_size + opt_size);
  PutHeader(out, query.id, flags, static_cast<uint16_t>(fitting.size()), query.edns ? 1 : 0);
  PutName(out, query.name_as_sent.size() == query.name.size() ? query.name_as_sent : query.name);
  Put16(out, query.type);
  Put16(out, query.klass);
  for (const IpAddress* a : fitting) {
    Put16(out, 0xc00c);  // the question's name, right after the header
    Put16(out, query.type);
    Put16(out, kDnsClassIn);
    Put32(out, ttl);
    Put16(out, static_cast<uint16_t>(rdlength));
    out.insert(out.end(), a->bytes.begin(), a->bytes.begin() + static_cast<std::ptrdiff_t>(rdlength));
  }
  if (query.edns) PutOpt(out);
  return out;
}

std::vector<uint8_t> BuildDnsError(uint16_t id, DnsRcode rcode) {
  std::vector<uint8_t> out;
  Put16(out, id);
  Put16(out, kFlagQr | kFlagRa | static_cast<uint16_t>(rcode));
  for (int i = 0; i < 4; ++i) Put16(out, 0);
  return out;
}

}  // namespace paddock::net
