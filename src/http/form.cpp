#include "http/form.hpp"

#include <fmt/format.h>

#include "core/strings.hpp"
#include "http/request.hpp"

namespace dossier::http {

namespace {

constexpr std::size_t kMaxFields = 1000;
constexpr std::size_t kMaxBoundary = 70;  // RFC 2046 section 5.1.1

std::string_view header_param(std::string_view header, std::string_view param) {
  // Finds param="value" or param=value in a header such as Content-Disposition.
  for (auto part : split(header, ';')) {
    part = trim(part);
    auto eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    if (to_lower(trim(part.substr(0, eq))) != param) continue;
    auto value = trim(part.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    return value;
  }
  return {};
}

}  // namespace

Result<Form> Form::parse(Request const& request) {
  auto type = request.header("content-type");
  auto base = to_lower(trim(type.substr(0, type.find(';'))));
  if (base == "application/x-www-form-urlencoded" || (base.empty() && request.body.empty()))
    return parse_urlencoded(request.body);
  if (base == "multipart/form-data") return parse_multipart(request.body, type);
  return Error{ErrorKind::UnsupportedType,
               "The form was sent in a format this server does not read."};
}

Result<Form> Form::parse_urlencoded(std::string_view body) {
  Form form;
  if (body.empty()) return form;
  for (auto part : split(body, '&')) {
    if (part.empty()) continue;
    if (form.fields_.size() >= kMaxFields) return invalid("The form has too many fields.");
    auto eq = part.find('=');
    auto name = percent_decode(part.substr(0, eq), true);
    auto value = eq == std::string_view::npos ? std::optional<std::string>("")
                                              : percent_decode(part.substr(eq + 1), true);
    if (!name || !value || !is_valid_utf8(*name) || !is_valid_utf8(*value))
      return invalid("The form is malformed (bad encoding).");
    form.fields_.push_back({std::move(*name), std::move(*value), {}, {}});
  }
  return form;
}

Result<Form> Form::parse_multipart(std::string_view body, std::string_view content_type) {
  auto boundary = std::string(header_param(content_type, "boundary"));
  if (boundary.empty() || boundary.size() > kMaxBoundary)
    return invalid("The form is malformed (no multipart boundary).");
  auto delimiter = "--" + boundary;
  Form form;
  auto pos = body.find(delimiter);
  if (pos == std::string_view::npos) return invalid("The form is malformed (no parts).");
  pos += delimiter.size();
  auto const separator = "\r\n" + delimiter;
  while (true) {
    if (body.substr(pos, 2) == "--") return form;  // the closing delimiter
    if (body.substr(pos, 2) != "\r\n") return invalid("The form is malformed (bad part).");
    pos += 2;
    auto headers_end = body.find("\r\n\r\n", pos);
    if (headers_end == std::string_view::npos)
      return invalid("The form is malformed (part headers).");
    FormField field;
    for (auto line : split(body.substr(pos, headers_end - pos), '\n')) {
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      auto colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      auto name = to_lower(trim(line.substr(0, colon)));
      auto value = trim(line.substr(colon + 1));
      if (name == "content-disposition") {
        field.name = std::string(header_param(value, "name"));
        field.filename = std::string(header_param(value, "filename"));
      } else if (name == "content-type") {
        field.content_type = std::string(value);
      }
    }
    auto data_start = headers_end + 4;
    auto data_end = body.find(separator, data_start);
    if (data_end == std::string_view::npos)
      return invalid("The form is malformed (unterminated part).");
    field.value = std::string(body.substr(data_start, data_end - data_start));
    if (field.name.empty()) return invalid("The form is malformed (a part has no name).");
    // Names and filenames reach handlers, pages and JSON as text, like a urlencoded name;
    // only a file's bytes may be anything.
    if (!is_valid_utf8(field.name) || !is_valid_utf8(field.filename) ||
        (field.filename.empty() && !is_valid_utf8(field.value)))
      return invalid("The form is malformed (bad encoding).");
    if (form.fields_.size() >= kMaxFields) return invalid("The form has too many fields.");
    form.fields_.push_back(std::move(field));
    pos = data_end + separator.size();
  }
}

std::optional<std::string> Form::find(std::string_view name) const {
  for (auto const& f : fields_)
    if (f.name == name && f.filename.empty()) return f.value;
  return std::nullopt;
}

std::string Form::get(std::string_view name) const {
  return find(name).value_or("");
}

std::vector<std::string> Form::all(std::string_view name) const {
  std::vector<std::string> out;
  for (auto const& f : fields_)
    if (f.name == name && f.filename.empty()) out.push_back(f.value);
  return out;
}

FormField const* Form::file(std::string_view name) const {
  for (auto const& f : fields_)
    if (f.name == name && !f.filename.empty()) return &f;
  return nullptr;
}

std::string cookie(Request const& request, std::string_view name) {
  for (auto const& [header, value] : request.headers) {
    if (header != "cookie") continue;
    for (auto pair : split(value, ';')) {
      pair = trim(pair);
      auto eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == name)
        return std::string(pair.substr(eq + 1));
    }
  }
  return {};
}

std::string set_cookie(std::string_view name, std::string_view value, long long max_age_seconds,
                       CookieSecurity security, std::string_view path) {
  auto out = fmt::format("{}={}; Path={}; HttpOnly; SameSite=Lax", name, value, path);
  if (max_age_seconds >= 0) out += fmt::format("; Max-Age={}", max_age_seconds);
  if (security == CookieSecurity::TlsOnly) out += "; Secure";
  return out;
}

}  // namespace dossier::http
