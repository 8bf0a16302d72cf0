#pragma once

#include <nlohmann/json_fwd.hpp>

#include "http/response.hpp"

namespace dossier::http {

// The one way a handler answers with JSON (the API, the newsroom's progress polls, the comment
// token): UTF-8 declared in the type, invalid UTF-8 replaced rather than thrown on, and no `<`,
// `>` or `&` left in the bytes (core::json_without_markup), so an answer a browser might sniff
// as HTML carries no tag. `nosniff` is set for every response by finalize().
Response json_response(int status, nlohmann::json const& body);

}  // namespace dossier::http
