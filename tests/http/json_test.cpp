#include "http/json.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace dossier::http {
namespace {

TEST(JsonResponseTest, DeclaresUtf8JsonAndKeepsTheValues) {
  auto r = json_response(404, {{"error", "no such thing"}, {"n", 3}});
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
  auto back = nlohmann::json::parse(r.body);
  EXPECT_EQ(back["error"], "no such thing");
  EXPECT_EQ(back["n"], 3);
}

TEST(JsonResponseTest, LeavesNoMarkupInTheBytes) {
  auto r = json_response(200, {{"q", "<script>alert(1)</script> & more"}});
  EXPECT_EQ(r.body.find('<'), std::string::npos);
  EXPECT_EQ(r.body.find('>'), std::string::npos);
  EXPECT_EQ(r.body.find('&'), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(r.body)["q"], "<script>alert(1)</script> & more");
}

TEST(JsonResponseTest, ReplacesInvalidUtf8InsteadOfThrowing) {
  auto r = json_response(200, {{"t", std::string("a\xff"
                                                 "b")}});
  EXPECT_EQ(r.status, 200);
  EXPECT_NO_THROW((void)nlohmann::json::parse(r.body));
}

}  // namespace
}  // namespace dossier::http
