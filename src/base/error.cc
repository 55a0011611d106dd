#include "base/error.h"

#include <cstring>

namespace paddock {

Error SysError(std::string_view op, std::string_view object, int err) {
  Error e = OpError(op, object, std::strerror(err));
  e.err = err;
  return e;
}

Error OpError(std::string_view op, std::string_view object, std::string_view reason) {
  Error e;
  e.operation = op;
  e.object = object;
  e.reason = reason;
  e.message = "cannot ";
  e.message += op;
  if (!object.empty()) {
    e.message += ' ';
    e.message += object;
  }
  e.message += ": ";
  e.message += reason;
  return e;
}

std::string FormatError(const Error& error, std::string_view prefix) {
  std::string out;
  auto line = [&](std::string_view head, const std::string& text) {
    out += prefix;
    out += head;
    out += text;
    out += '\n';
  };
  line("", error.message);
  if (!error.hint.empty()) line("hint: ", error.hint);
  return out;
}

}  // namespace paddock
