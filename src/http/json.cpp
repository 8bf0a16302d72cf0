#include "http/json.hpp"

#include <nlohmann/json.hpp>

#include "core/strings.hpp"

namespace dossier::http {

Response json_response(int status, nlohmann::json const& body) {
  auto r = Response::text(status, json_without_markup(body.dump(
                                      -1, ' ', false, nlohmann::json::error_handler_t::replace)));
  r.content_type = "application/json; charset=utf-8";
  return r;
}

}  // namespace dossier::http
