// The Content API (/api/content/v1/) through the real binary over the demo content: the list
// envelope and its pagination, every bad parameter answered with a 400 problem that names it
// and changes nothing, 404 problems for unknown slugs, the ETag and its 304, the cache headers
// of anonymous reads, and a restricted article: listed for an anonymous reader as a teaser
// without its body, and read in full with a content key carrying a client's grant.
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_client.hpp"
#include "test_process.hpp"

namespace dossier::test {
namespace {

constexpr char const* kApi = "/api/content/v1";
constexpr char const* kArticleSlug = "geneva-ceasefire-talks-end-without-deal";

class ContentApiE2e : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new std::string(make_temp_dir("dossier-content-api-e2e"));
    ASSERT_EQ(run({dossier_binary(), "--data", *data_, "init"}).exit_code, 0);
    ASSERT_EQ(run({dossier_binary(), "--data", *data_, "demo"}).exit_code, 0);
    // One restricted report: the API must list it as a teaser, never with its body.
    ASSERT_EQ(run({dossier_binary(), "--data", *data_, "article", "visibility", "--slug",
                   kArticleSlug, "--set", "clients"})
                  .exit_code,
              0);
    // A client organisation granted that one report, and a content key carrying its grants.
    auto in_data = [](std::vector<std::string> args) {
      args.insert(args.begin(), {dossier_binary(), "--data", *data_});
      return run(args);
    };
    ASSERT_EQ(in_data({"client", "add", "--name", "Ministry"}).exit_code, 0);
    ASSERT_EQ(
        in_data({"client", "grant", "--client", "Ministry", "--article", kArticleSlug}).exit_code,
        0);
    auto made = in_data({"api-key", "create", "--name", "Ministry portal", "--kind", "content",
                         "--client", "Ministry"});
    ASSERT_EQ(made.exit_code, 0) << made.out;
    client_key_ = new std::string(made.out.substr(0, made.out.find_last_not_of("\r\n") + 1));
    ASSERT_EQ(client_key_->rfind("dsk_c_", 0), 0u) << *client_key_;
    server_ = new ServerProcess(*data_);
    ASSERT_TRUE(server_->started());
  }
  static void TearDownTestSuite() {
    delete server_;
    remove_tree(*data_);
    delete data_;
    delete client_key_;
  }

  static HttpResponse get(std::string const& target,
                          std::map<std::string, std::string> const& headers = {}) {
    auto r = request(server_->port(), "GET", target, headers);
    EXPECT_TRUE(r.has_value()) << target;
    return r.value_or(HttpResponse{});
  }
  static nlohmann::json json_of(HttpResponse const& r) {
    return nlohmann::json::parse(r.body, nullptr, false);
  }
  // A 400 problem whose errors name `field`, with the given code.
  static void expect_problem(std::string const& target, int status, std::string const& code,
                             std::string const& field = "") {
    auto r = get(target);
    EXPECT_EQ(r.status, status) << target << "\n" << r.body;
    EXPECT_NE(r.header("content-type").find("application/problem+json"), std::string::npos)
        << target;
    auto j = json_of(r);
    ASSERT_TRUE(j.is_object()) << target << "\n" << r.body;
    EXPECT_EQ(j.value("code", ""), code) << target;
    EXPECT_EQ(j.value("status", 0), status) << target;
    if (!field.empty()) {
      ASSERT_TRUE(j.contains("errors")) << target << "\n" << r.body;
      EXPECT_EQ(j["errors"][0].value("field", ""), field) << target;
    }
  }

  static std::string* data_;
  static ServerProcess* server_;
  static std::string* client_key_;
};

std::string* ContentApiE2e::data_ = nullptr;
ServerProcess* ContentApiE2e::server_ = nullptr;
std::string* ContentApiE2e::client_key_ = nullptr;

TEST_F(ContentApiE2e, ListsArticlesNewestFirstWithStablePages) {
  auto r = get(std::string(kApi) + "/articles?limit=5");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.header("content-type").find("application/json"), std::string::npos);
  auto j = json_of(r);
  auto const& list = j["articles"];
  ASSERT_EQ(list.size(), 5u);
  auto const& pagination = j["meta"]["pagination"];
  EXPECT_EQ(pagination["page"], 1);
  EXPECT_EQ(pagination["limit"], 5);
  EXPECT_TRUE(pagination["prev"].is_null());
  long long total = pagination["total"];
  ASSERT_GT(total, 10);
  EXPECT_EQ(pagination["pages"], (total + 4) / 5);
  EXPECT_EQ(pagination["next"], 2);
  for (std::size_t i = 1; i < list.size(); ++i)
    EXPECT_GE(list[i - 1]["published_at"].get<std::string>(),
              list[i]["published_at"].get<std::string>());
  auto const& first = list[0];
  for (auto key : {"id", "slug", "url", "kind", "title", "excerpt", "published_at", "updated_at",
                   "visibility", "access", "reading_minutes", "comment_count", "feature_image",
                   "primary_category", "author"})
    EXPECT_TRUE(first.contains(key)) << key;
  EXPECT_FALSE(first.contains("html"));  // only with include=body
  EXPECT_NE(first["kind"], "page");

  // Page 2 continues page 1 with no article twice, and the last page ends the list.
  auto second = json_of(get(std::string(kApi) + "/articles?limit=5&page=2"));
  std::set<long long> seen;
  for (auto const& a : list) seen.insert(a["id"].get<long long>());
  for (auto const& a : second["articles"])
    EXPECT_TRUE(seen.insert(a["id"].get<long long>()).second);
  EXPECT_EQ(second["meta"]["pagination"]["prev"], 1);
  long long pages = pagination["pages"];
  auto last = json_of(get(std::string(kApi) + "/articles?limit=5&page=" + std::to_string(pages)));
  EXPECT_TRUE(last["meta"]["pagination"]["next"].is_null());
  EXPECT_EQ(last["articles"].size(), static_cast<std::size_t>(total - (pages - 1) * 5));
  auto beyond =
      json_of(get(std::string(kApi) + "/articles?limit=5&page=" + std::to_string(pages + 1)));
  EXPECT_TRUE(beyond["articles"].empty());
}

TEST_F(ContentApiE2e, FiltersFieldsAndIncludes) {
  auto j = json_of(get(std::string(kApi) + "/articles?kind=analysis&limit=100"));
  ASSERT_FALSE(j["articles"].empty());
  for (auto const& a : j["articles"]) EXPECT_EQ(a["kind"], "analysis");

  auto category = json_of(get(std::string(kApi) + "/categories?limit=1"))["categories"][0];
  auto slug = category["slug"].get<std::string>();
  auto in =
      json_of(get(std::string(kApi) + "/articles?include=categories&limit=100&category=" + slug));
  for (auto const& a : in["articles"]) {
    bool found = false;
    for (auto const& c : a["categories"]) found = found || c["slug"] == slug;
    EXPECT_TRUE(found) << a["slug"];
  }

  auto few = json_of(get(std::string(kApi) + "/articles?fields=id,slug,title&limit=3"));
  for (auto const& a : few["articles"]) EXPECT_EQ(a.size(), 3u) << a.dump();

  auto until = json_of(get(std::string(kApi) + "/articles?until=2000-01-01T00:00:00Z"));
  EXPECT_TRUE(until["articles"].empty());
  EXPECT_EQ(until["meta"]["pagination"]["total"], 0);
  EXPECT_EQ(until["meta"]["pagination"]["pages"], 1);
}

TEST_F(ContentApiE2e, OneArticleWithItsBodyAndA404ProblemForAnUnknownSlug) {
  auto list = json_of(get(std::string(kApi) + "/articles?limit=1&fields=slug"));
  auto slug = list["articles"][0]["slug"].get<std::string>();
  auto r = get(std::string(kApi) + "/articles/" + slug + "?include=body,authors,tags,insight");
  ASSERT_EQ(r.status, 200) << r.body;
  auto a = json_of(r)["articles"][0];
  EXPECT_EQ(a["slug"], slug);
  EXPECT_EQ(a["access"], "full");
  EXPECT_FALSE(a["html"].get<std::string>().empty());
  EXPECT_FALSE(a["markdown"].get<std::string>().empty());
  EXPECT_EQ(a["authors"].size(), 1u);
  EXPECT_TRUE(a["insight"].contains("people"));
  expect_problem(std::string(kApi) + "/articles/no-such-article", 404, "not_found");
  expect_problem(std::string(kApi) + "/tags/no-such-tag", 404, "not_found");
  expect_problem(std::string(kApi) + "/authors/no-such-author", 404, "not_found");
  expect_problem(std::string(kApi) + "/categories/no-such-category", 404, "not_found");
  expect_problem(std::string(kApi) + "/pages/no-such-page", 404, "not_found");
}

TEST_F(ContentApiE2e, BadParametersAre400ProblemsNamingThem) {
  std::string list = std::string(kApi) + "/articles";
  expect_problem(list + "?colour=red", 400, "unknown_field", "colour");
  expect_problem(list + "?limit=0", 400, "invalid_field", "limit");
  expect_problem(list + "?limit=101", 400, "invalid_field", "limit");
  expect_problem(list + "?limit=abc", 400, "invalid_field", "limit");
  expect_problem(list + "?page=0", 400, "invalid_field", "page");
  expect_problem(list + "?page=-1", 400, "invalid_field", "page");
  expect_problem(list + "?page=abc", 400, "invalid_field", "page");
  expect_problem(list + "?since=yesterday", 400, "invalid_field", "since");
  expect_problem(list + "?until=2026-13-01T00:00:00Z", 400, "invalid_field", "until");
  expect_problem(list + "?fields=id,colour", 400, "invalid_field", "fields");
  expect_problem(list + "?include=body,comments", 400, "invalid_field", "include");
  expect_problem(list + "?kind=page", 400, "invalid_field", "kind");
  expect_problem(list + "?category=no-such-category", 400, "invalid_field", "category");
  expect_problem(std::string(kApi) + "/tags?order=name", 400, "unknown_field", "order");
  expect_problem(std::string(kApi) + "/entities?kind=planet", 400, "invalid_field", "kind");
}

TEST_F(ContentApiE2e, EveryAnswerHasAStrongETagAndCacheHeaders) {
  for (std::string path : {"/articles", "/pages", "/authors", "/categories", "/tags",
                           "/search?q=ceasefire", "/entities", "/quotes"}) {
    auto r = get(kApi + path);
    ASSERT_EQ(r.status, 200) << path << "\n" << r.body;
    auto tag = r.header("etag");
    ASSERT_FALSE(tag.empty()) << path;
    EXPECT_EQ(tag.front(), '"') << path;  // strong: no W/ prefix
    EXPECT_EQ(r.header("cache-control"), "public, max-age=60") << path;
    EXPECT_NE(r.header("vary").find("Authorization"), std::string::npos) << path;
    auto again = get(kApi + path, {{"If-None-Match", tag}});
    EXPECT_EQ(again.status, 304) << path;
    EXPECT_TRUE(again.body.empty()) << path;
  }
  // A refusal is never kept by a shared cache.
  auto bad = get(std::string(kApi) + "/articles?limit=0");
  EXPECT_EQ(bad.header("cache-control"), "private, no-store");
}

TEST_F(ContentApiE2e, ARestrictedArticleIsATeaserWithoutItsBodyForAnAnonymousReader) {
  auto r = get(std::string(kApi) + "/articles/" + kArticleSlug + "?include=body,insight");
  ASSERT_EQ(r.status, 200) << r.body;
  auto a = json_of(r)["articles"][0];
  EXPECT_EQ(a["visibility"], "clients");
  EXPECT_EQ(a["access"], "teaser");
  EXPECT_FALSE(a.contains("html"));
  EXPECT_FALSE(a.contains("markdown"));
  EXPECT_FALSE(a.contains("insight"));
  // It is listed too, as a teaser.
  auto list = json_of(get(std::string(kApi) + "/articles?limit=100&include=body"));
  bool listed = false;
  for (auto const& item : list["articles"]) {
    // The demo has restricted articles of its own: full access is exactly the public ones.
    EXPECT_EQ(item["access"] == "full", item["visibility"] == "public") << item["slug"];
    if (item["access"] == "teaser") EXPECT_FALSE(item.contains("html")) << item["slug"];
    if (item["slug"] != kArticleSlug) continue;
    listed = true;
    EXPECT_EQ(item["access"], "teaser");
    EXPECT_FALSE(item.contains("html"));
  }
  EXPECT_TRUE(listed);
}

// A content key made for a client organisation reads what its grants open in full, by either
// way of sending the key, and nothing more: the demo's other restricted articles stay teasers.
TEST_F(ContentApiE2e, AClientsKeyReadsItsGrantedReportInFull) {
  auto target = std::string(kApi) + "/articles/" + kArticleSlug + "?include=body";
  for (auto const& r : {get(target, {{"Authorization", "Bearer " + *client_key_}}),
                        get(target + "&key=" + *client_key_)}) {
    ASSERT_EQ(r.status, 200) << r.body;
    auto a = json_of(r)["articles"][0];
    EXPECT_EQ(a["access"], "full");
    EXPECT_FALSE(a.value("html", "").empty());
    EXPECT_EQ(r.header("cache-control"), "private, no-store") << "a keyed answer is private";
  }
  auto list = json_of(get(std::string(kApi) + "/articles?limit=100",
                          {{"Authorization", "Bearer " + *client_key_}}));
  int full_restricted = 0;
  for (auto const& item : list["articles"]) {
    if (item["visibility"] == "public") continue;
    EXPECT_EQ(item["access"] == "full", item["slug"] == kArticleSlug) << item["slug"];
    full_restricted += item["access"] == "full";
  }
  EXPECT_EQ(full_restricted, 1);
  EXPECT_EQ(get(target, {{"Authorization", "Bearer dsk_c_" + std::string(32, 'x')}}).status, 401);
}

TEST_F(ContentApiE2e, TaxonomyAuthorsAndPages) {
  auto categories = json_of(get(std::string(kApi) + "/categories"));
  ASSERT_FALSE(categories["categories"].empty());
  auto c = categories["categories"][0];
  for (auto key : {"id", "slug", "name", "description", "parent", "url", "article_count"})
    EXPECT_TRUE(c.contains(key)) << key;
  auto one = json_of(get(std::string(kApi) + "/categories/" + c["slug"].get<std::string>()));
  EXPECT_EQ(one["categories"][0], c);

  auto tags = json_of(get(std::string(kApi) + "/tags?limit=2"));
  ASSERT_EQ(tags["tags"].size(), 2u);
  EXPECT_GT(tags["tags"][0]["article_count"].get<long long>(), 0);

  auto authors = json_of(get(std::string(kApi) + "/authors"));
  ASSERT_FALSE(authors["authors"].empty());
  auto author = authors["authors"][0];
  EXPECT_GT(author["article_count"].get<long long>(), 0);
  auto by = json_of(
      get(std::string(kApi) + "/articles?limit=100&author=" + author["slug"].get<std::string>()));
  for (auto const& a : by["articles"]) EXPECT_EQ(a["author"]["slug"], author["slug"]);

  auto pages = json_of(get(std::string(kApi) + "/pages"));
  for (auto const& p : pages["pages"]) EXPECT_EQ(p["kind"], "page");
}

}  // namespace
}  // namespace dossier::test
