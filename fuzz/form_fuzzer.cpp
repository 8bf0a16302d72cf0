// Submitted forms (src/http/form.hpp): application/x-www-form-urlencoded and
// multipart/form-data (RFC 7578), and the Cookie header. An input is the Content-Type value on
// its first line and the body after it, so the fuzzer varies the boundary as well as the parts.
// Besides not crashing: a parsed form's text fields are valid UTF-8 and every multipart field
// has a name, as Form::parse promises its callers.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/strings.hpp"
#include "fuzz_check.hpp"
#include "http/form.hpp"
#include "http/request.hpp"

namespace {

using dossier::fuzz::check;

void check_form(dossier::http::Form const& form) {
  for (auto const& f : form.fields()) {
    if (f.filename.empty())
      check(dossier::is_valid_utf8(f.value) && dossier::is_valid_utf8(f.name),
            "a text field that is not UTF-8", f.value);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::string_view input(reinterpret_cast<char const*>(data), size);
  auto eol = input.find('\n');
  auto type = input.substr(0, eol);
  auto body = eol == std::string_view::npos ? std::string_view() : input.substr(eol + 1);

  dossier::http::Request req;
  req.method = dossier::http::Method::Post;
  req.headers.emplace_back("content-type", std::string(type));
  req.headers.emplace_back("cookie", std::string(type));
  req.body = std::string(body);
  if (auto form = dossier::http::Form::parse(req)) {
    check_form(*form);
    for (auto const& f : form->fields()) {
      (void)form->get(f.name);
      (void)form->all(f.name);
      (void)form->file(f.name);
    }
  }
  if (auto form = dossier::http::Form::parse_urlencoded(body)) check_form(*form);
  if (auto form = dossier::http::Form::parse_multipart(body, type)) {
    check_form(*form);
    for (auto const& f : form->fields()) check(!f.name.empty(), "a multipart field without name");
  }
  (void)dossier::http::cookie(req, "dossier_session");
  return 0;
}
