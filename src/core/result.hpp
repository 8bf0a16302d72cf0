#pragma once

#include <string>
#include <utility>
#include <variant>

namespace dossier {

// What went wrong, in terms every surface understands. http/ maps each kind to a
// status code in exactly one place (http/status.cpp); the CLI maps them to exit codes.
enum class ErrorKind {
  NotFound,
  Invalid,
  Conflict,
  Forbidden,
  TooLarge,
  Unauthorized,     // not signed in, or the credentials are wrong
  RateLimited,      // too many attempts: try again later
  UnsupportedType,  // a body or file of a type we do not take
  Internal,
};

struct Error {
  ErrorKind kind;
  std::string message;  // written for the user who caused it
};

// An expected outcome: a value or an Error. Exceptions stay for broken invariants.
template <typename T>
class Result {
 public:
  Result(T value) : data_(std::move(value)) {}
  Result(Error error) : data_(std::move(error)) {}

  [[nodiscard]] bool ok() const { return std::holds_alternative<T>(data_); }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<T>(data_); }
  T const& value() const { return std::get<T>(data_); }
  T* operator->() { return &value(); }
  T const* operator->() const { return &value(); }
  T& operator*() { return value(); }
  T const& operator*() const { return value(); }
  Error const& error() const { return std::get<Error>(data_); }

 private:
  std::variant<T, Error> data_;
};

struct Unit {};

inline Error not_found(std::string message) {
  return {ErrorKind::NotFound, std::move(message)};
}
inline Error invalid(std::string message) {
  return {ErrorKind::Invalid, std::move(message)};
}

}  // namespace dossier
