// The OpenAPI document (src/api/openapi.json) against the route table the server really builds:
// `dossier serve --routes` wires every service as `serve` does and prints the table, so a route
// added under /api/ without its operation in the document (or an operation whose route went
// away) fails here. The document's validity against the OpenAPI 3.1 schema is CTest's
// api.openapi_valid (a validator from npm); its rendered page's freshness is api.reference_fresh.
#include "api/openapi.hpp"

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http/response.hpp"
#include "support/temp_dir.hpp"
#include "support/test_paths.hpp"

namespace dossier::api {
namespace {

// The methods an OpenAPI path item may hold (OpenAPI 3.1.0 section 4.8.9), as the router
// spells them.
constexpr std::pair<char const*, char const*> kOperationMethods[] = {
    {"get", "GET"},         {"put", "PUT"},   {"post", "POST"},   {"delete", "DELETE"},
    {"options", "OPTIONS"}, {"head", "HEAD"}, {"patch", "PATCH"}, {"trace", "TRACE"}};
constexpr std::string_view kApiPrefix = "/api/";

using Operations = std::set<std::string>;  // "GET /api/content/v1/articles/{slug}"

Operations document_operations(nlohmann::json const& doc) {
  Operations out;
  for (auto const& [path, item] : doc.at("paths").items())
    for (auto [key, method] : kOperationMethods)
      if (item.contains(key)) out.insert(std::string(method) + " " + path);
  return out;
}

// The router's {name} segments are OpenAPI's path templates as they are (OpenAPI 3.1.0 section
// 4.8.8.1), so a route's pattern is its path key.
Operations api_routes(std::string const& table) {
  Operations out;
  std::istringstream lines(table);
  std::string method, pattern;
  while (lines >> method >> pattern)
    if (pattern.starts_with(kApiPrefix)) out.insert(method + " " + pattern);
  return out;
}

// Every difference between the two, one line each, for the failure message.
std::vector<std::string> mismatches(Operations const& documented, Operations const& served) {
  std::vector<std::string> out;
  for (auto const& op : served)
    if (!documented.contains(op)) out.push_back("served but not in openapi.json: " + op);
  for (auto const& op : documented)
    if (!served.contains(op)) out.push_back("in openapi.json but no route serves it: " + op);
  return out;
}

std::string run(std::string const& command, int& status) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return status = -1, out;
  char buffer[4096];
  while (auto n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  status = ::pclose(pipe);
  return out;
}

// The table `serve` builds, from the real binary on a fresh data directory.
std::string served_route_table() {
  test::TempDir dir("dossier-openapi");
  // The binary refuses DOSSIER_* variables it does not know, and unit.postgresql sets
  // DOSSIER_TEST_BACKEND for this test binary: the served table does not depend on it.
  auto dossier = "env -u DOSSIER_TEST_BACKEND " + test::built_dossier_binary() + " --data " +
                 dir.path().string();
  int status = 0;
  run(dossier + " init 2>&1", status);
  EXPECT_EQ(status, 0) << "dossier init failed";
  auto table = run(dossier + " serve --routes 2>/dev/null", status);
  EXPECT_EQ(status, 0) << "dossier serve --routes failed";
  return table;
}

std::string file_text(std::string const& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST(OpenApi, DocumentsEveryApiRouteAndNoOther) {
  auto doc = nlohmann::json::parse(openapi_document());
  auto table = served_route_table();
  auto served = api_routes(table);
  // The table must hold the API at all, or an empty output would pass.
  ASSERT_TRUE(served.contains("GET /api/openapi.json")) << table;
  auto diff = mismatches(document_operations(doc), served);
  std::string report;
  for (auto const& line : diff) report += line + "\n";
  EXPECT_TRUE(diff.empty()) << report;
}

TEST(OpenApi, TheCheckSeesAMissingRouteAndAnExtraOperation) {
  auto doc = nlohmann::json::parse(openapi_document());
  auto served = document_operations(doc);
  served.insert("DELETE /api/content/v1/articles/{slug}");
  doc["paths"]["/api/content/v1/nowhere"] = {{"get", {{"responses", nlohmann::json::object()}}}};
  auto diff = mismatches(document_operations(doc), served);
  ASSERT_EQ(diff.size(), 2u);
  EXPECT_EQ(diff[0], "served but not in openapi.json: DELETE /api/content/v1/articles/{slug}");
  EXPECT_EQ(diff[1], "in openapi.json but no route serves it: GET /api/content/v1/nowhere");
  // Only routes under /api/ are the document's business.
  EXPECT_EQ(api_routes("GET /\nGET /api/search\nPOST /admin/login\n"),
            Operations{"GET /api/search"});
}

TEST(OpenApi, TheBinaryCarriesTheDocumentAsItIsInTheSourceTree) {
  auto on_disk = file_text(test::source_dir() + "/src/api/openapi.json");
  ASSERT_FALSE(on_disk.empty());
  EXPECT_EQ(openapi_document(), on_disk);
  auto doc = nlohmann::json::parse(openapi_document());
  EXPECT_EQ(doc.at("openapi"), "3.1.0");
  auto const& schemes = doc.at("components").at("securitySchemes");
  EXPECT_EQ(schemes.at("bearerAuth").at("scheme"), "bearer");
  EXPECT_EQ(schemes.at("keyQuery").at("in"), "query");
  EXPECT_EQ(schemes.at("keyQuery").at("name"), "key");
  EXPECT_TRUE(doc.at("components").at("schemas").contains("Problem"));
}

TEST(OpenApi, ServedAsJsonWithAnETagAndRevalidated) {
  http::Request req;
  req.method = http::Method::Get;
  req.target = req.path = "/api/openapi.json";
  auto first = openapi_response(req);
  http::finalize(req, first);
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.content_type, "application/json");
  EXPECT_EQ(first.body, openapi_document());
  auto etag = std::string(first.header("ETag"));
  ASSERT_FALSE(etag.empty());
  req.headers.emplace_back("if-none-match", etag);
  auto again = openapi_response(req);
  http::finalize(req, again);
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
}

}  // namespace
}  // namespace dossier::api
