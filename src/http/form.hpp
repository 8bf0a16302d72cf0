#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace dossier::http {

struct Request;

// One field of a submitted form; files come from multipart/form-data only.
struct FormField {
  std::string name;
  std::string value;         // the text, or a file's bytes
  std::string filename;      // empty for text fields
  std::string content_type;  // as the client declared it (never trusted for files)
};

// A submitted form: application/x-www-form-urlencoded or multipart/form-data (RFC 7578).
class Form {
 public:
  // Parses the request's body by its Content-Type; a malformed body is an Invalid error,
  // another type UnsupportedType.
  static Result<Form> parse(Request const& request);
  static Result<Form> parse_urlencoded(std::string_view body);
  static Result<Form> parse_multipart(std::string_view body, std::string_view content_type);

  // The first value of a field, or empty when it is absent.
  std::string get(std::string_view name) const;
  std::optional<std::string> find(std::string_view name) const;
  std::vector<std::string> all(std::string_view name) const;
  FormField const* file(std::string_view name) const;
  bool has(std::string_view name) const { return find(name).has_value(); }
  std::vector<FormField> const& fields() const { return fields_; }

 private:
  std::vector<FormField> fields_;
};

// The value of a cookie (RFC 6265 section 5.4), or empty.
std::string cookie(Request const& request, std::string_view name);

enum class CookieSecurity { AnyConnection, TlsOnly };

// A Set-Cookie value: HttpOnly and SameSite=Lax always (DESIGN.md, Safety); max_age 0
// deletes the cookie; a negative max_age makes a browser-session cookie.
std::string set_cookie(std::string_view name, std::string_view value, long long max_age_seconds,
                       CookieSecurity security, std::string_view path = "/");

}  // namespace dossier::http
