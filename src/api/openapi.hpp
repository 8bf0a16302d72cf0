#pragma once

// The OpenAPI 3.1 document of the Content and Admin APIs (and the older /api endpoints):
// src/api/openapi.json, written by hand to the API's contract and compiled into the binary
// (cmake/embed_openapi.cmake). tests/api/openapi_test.cpp holds it to the server's route table;
// CTest's api.openapi_valid checks it against the OpenAPI 3.1 schema; docs/API-reference.md is
// generated from it (scripts/openapi_to_markdown.py).

#include <string_view>

#include "http/request.hpp"
#include "http/response.hpp"

namespace dossier::api {

// The document's text, as it is in src/api/openapi.json.
std::string_view openapi_document();

// GET /api/openapi.json: the document as `application/json`, public. The strong ETag and the
// 304 for If-None-Match come from http::finalize, as for every 200.
http::Response openapi_response(http::Request const& request);

}  // namespace dossier::api
