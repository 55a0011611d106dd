// Error values: every failure names the operation, the object and the reason,
// e.g. "cannot bind-mount /home/u/proj: No such file or directory", and may
// say what the user can do about it (a hint) and which layer failed.
// Lower layers return Errors; only src/cli prints them (docs/errors.md).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace paddock {

struct Error {
  // The headline, without the "paddock: " prefix: "cannot <operation>
  // <object>: <reason>" when built by SysError/OpError, else free text.
  // Always set; the fields below say the same thing in parts (their
  // initializers let `Error{"free text"}` leave them empty without warnings).
  std::string message;
  std::string operation{};  // "bind-mount", "apply layer", ...
  std::string object{};     // the path, layer or value it was applied to
  int err = 0;              // the errno, 0 when the reason is not a system error
  std::string reason{};     // strerror(err), or why in words
  std::string hint{};       // what the user can do about it (optional)
  std::string layer{};      // which layer or stage failed: "mounts", "seccomp", "options", ... (optional)

  // Builders: `return SysError(...).WithHint("...")`.
  Error WithHint(std::string text) const& {
    Error e = *this;
    e.hint = std::move(text);
    return e;
  }
  Error WithHint(std::string text) && {
    hint = std::move(text);
    return std::move(*this);
  }
  Error WithLayer(std::string name) const& {
    Error e = *this;
    e.layer = std::move(name);
    return e;
  }
  Error WithLayer(std::string name) && {
    layer = std::move(name);
    return std::move(*this);
  }
};

// "cannot <op> <object>: <strerror(err)>"
Error SysError(std::string_view op, std::string_view object, int err);
// "cannot <op> <object>: <reason>"
Error OpError(std::string_view op, std::string_view object, std::string_view reason);

// What the user reads, one line each, every line "<prefix><text>\n":
//   paddock: cannot bind-mount /x: No such file or directory
//   paddock: hint: pass --degrade ...
std::string FormatError(const Error& error, std::string_view prefix = "paddock: ");

// Validation reports every problem it finds, not only the first.
using Problems = std::vector<Error>;

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
