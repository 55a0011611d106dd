#include "rules/json_text.h"

namespace paddock::rules {
namespace {

using json = nlohmann::json;

// A SAX handler that only keeps the parser's error message: the non-throwing
// parse says that the text is malformed, this says where and why.
class ErrorOnly : public nlohmann::json_sax<json> {
 public:
  std::string message;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    message = e.what();
    return false;  // stop; no exception is thrown
  }
};

}  // namespace

Result<json> ParseJson(std::string_view text) {
  json value = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (!value.is_discarded()) return value;
  ErrorOnly why;
  json::sax_parse(text.begin(), text.end(), &why);
  return Error{why.message.empty() ? std::string("malformed JSON") : why.message};
}

}  // namespace paddock::rules
