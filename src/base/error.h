// Error values: every failure names the operation, the object and the reason,
// e.g. "cannot bind-mount /home/u/proj: No such file or directory".
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace paddock {

struct Error {
  std::string message;  // without the "paddock: " prefix
};

// "cannot <op> <object>: <strerror(err)>"
Error SysError(std::string_view op, std::string_view object, int err);
// "cannot <op> <object>: <reason>"
Error OpError(std::string_view op, std::string_view object, std::string_view reason);

// A value or an Error. Small on purpose: C++20 has no std::expected.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const Error& error() const { return std::get<Error>(v_); }

 private:
  std::variant<T, Error> v_;
};

struct Unit {};
using Status = Result<Unit>;
inline Status Ok() { return Unit{}; }

}  // namespace paddock
