#include "base/error.h"

#include <cstring>

namespace paddock {

Error SysError(std::string_view op, std::string_view object, int err) {
  return OpError(op, object, std::strerror(err));
}

Error OpError(std::string_view op, std::string_view object, std::string_view reason) {
  std::string m = "cannot ";
  m += op;
  if (!object.empty()) {
    m += ' ';
    m += object;
  }
  m += ": ";
  m += reason;
  return Error{std::move(m)};
}

}  // namespace paddock
