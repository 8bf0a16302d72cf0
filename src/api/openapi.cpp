#include "api/openapi.hpp"

namespace dossier::api {

namespace {

// The document changes only with the binary, so a client may keep it a while and then
// revalidate with its ETag (RFC 9111 section 5.2.2.1).
constexpr char const* kDocumentCacheControl = "public, max-age=300";

}  // namespace

http::Response openapi_response(http::Request const&) {
  auto r = http::Response::text(200, std::string(openapi_document()));
  r.content_type = "application/json";
  r.set_header("Cache-Control", kDocumentCacheControl);
  return r;
}

}  // namespace dossier::api
