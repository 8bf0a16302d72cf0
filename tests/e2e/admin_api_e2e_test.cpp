// The Admin API (/api/admin/v1/, CONTRACT.md) through the real binary: keys made with the
// `api-key` command, every endpoint once, the scopes, the newsroom's rules for the key's user
// (a contributor cannot publish, a disabled account does nothing), a revoked key, bad input
// refused with a problem and nothing changed (counted in the SQLite file), Idempotency-Key
// replays and conflicts (also from two threads at once), an uploaded image served at its URL,
// a scheduled article published by the jobs thread, and the audit log.
#include <gtest/gtest.h>
#include <zlib.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "newsroom_client.hpp"
#include "test_client.hpp"
#include "test_process.hpp"

namespace dossier::test {
namespace {

using namespace std::chrono_literals;

constexpr char const* kApi = "/api/admin/v1";
constexpr auto kScheduleWait = 20s;  // the jobs thread runs every 200 ms here
constexpr int kConcurrentRounds = 5;

// A small PNG made here (RFC 2083): a grey gradient, each chunk with its CRC-32.
std::string tiny_png(int width, int height) {
  auto be32 = [](std::uint32_t v) {
    return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                       static_cast<char>(v >> 8), static_cast<char>(v)};
  };
  auto chunk = [&](std::string const& type, std::string const& data) {
    auto typed = type + data;
    auto crc =
        crc32(0, reinterpret_cast<Bytef const*>(typed.data()), static_cast<uInt>(typed.size()));
    return be32(static_cast<std::uint32_t>(data.size())) + typed +
           be32(static_cast<std::uint32_t>(crc));
  };
  std::string raw;
  for (int y = 0; y < height; ++y) {
    raw.push_back('\0');  // filter: none
    for (int x = 0; x < width; ++x) raw.push_back(static_cast<char>((x * 255) / width));
  }
  uLongf size = compressBound(static_cast<uLong>(raw.size()));
  std::string packed(size, '\0');
  compress(reinterpret_cast<Bytef*>(packed.data()), &size,
           reinterpret_cast<Bytef const*>(raw.data()), static_cast<uLong>(raw.size()));
  packed.resize(size);
  // 8-bit greyscale, deflate, no filter method beyond the standard, no interlace.
  auto header = be32(static_cast<std::uint32_t>(width)) + be32(static_cast<std::uint32_t>(height)) +
                std::string("\x08\x00\x00\x00\x00", 5);
  return std::string("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", header) + chunk("IDAT", packed) +
         chunk("IEND", "");
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

// The value of "name": N (a number) or "name":"text" in a JSON answer: the first one.
std::string json_field(std::string const& body, std::string const& name) {
  auto at = body.find("\"" + name + "\":");
  if (at == std::string::npos) return {};
  at += name.size() + 3;
  if (body[at] == '"') return body.substr(at + 1, body.find('"', at + 1) - at - 1);
  auto end = body.find_first_of(",}]", at);
  return body.substr(at, end - at);
}

// The public page's path of the article in an answer (its "url" without the site's address).
std::string page_of(std::string const& body) {
  auto url = json_field(body, "url");
  auto at = url.find("/articles/");
  return at == std::string::npos ? url : url.substr(at);
}

class AdminApiE2e : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = make_temp_dir("dossier-admin-api-e2e");
    ASSERT_EQ(run({dossier_binary(), "--data", data_, "init"}).exit_code, 0);
    ASSERT_EQ(run({dossier_binary(), "--data", data_, "demo"}).exit_code, 0);
    ASSERT_EQ(dossier({"user", "add", "--email", "contrib@example.org", "--name", "Cora Tribe",
                       "--role", "contributor"})
                  .exit_code,
              0);
    ASSERT_EQ(dossier({"user", "add", "--email", "leaver@example.org", "--name", "Lee Ver",
                       "--role", "editor"})
                  .exit_code,
              0);
    std::vector<std::string> all = {"articles:read",    "articles:write", "articles:publish",
                                    "media:write",      "taxonomy:write", "comments:moderate",
                                    "subscribers:write"};
    full_ = key("Desk scripts", "admin@example.org", all);
    reader_ = key("Reader only", "admin@example.org", {"articles:read"});
    subscribers_ = key("Signup form", "admin@example.org", {"subscribers:write"});
    contributor_ = key("Contributor tool", "contrib@example.org",
                       {"articles:read", "articles:write", "articles:publish"});
    leaver_ = key("Leaver's key", "leaver@example.org", all);
    revoked_ = key("Old key", "admin@example.org", all);
    ASSERT_FALSE(full_.empty() || reader_.empty() || subscribers_.empty() || contributor_.empty() ||
                 leaver_.empty() || revoked_.empty());
    auto id = sql("SELECT id FROM api_keys WHERE name = 'Old key'");
    ASSERT_EQ(dossier({"api-key", "revoke", id}).exit_code, 0);
    server_ = new ServerProcess(
        data_, std::map<std::string, std::string>{{"DOSSIER_JOBS_INTERVAL_MS", "200"}});
    ASSERT_TRUE(server_->started());
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
    remove_tree(data_);
  }

  static RunResult dossier(std::vector<std::string> args) {
    args.insert(args.begin(), {dossier_binary(), "--data", data_});
    return run(args);
  }
  static std::string key(std::string const& name, std::string const& user,
                         std::vector<std::string> const& scopes) {
    std::vector<std::string> args = {"api-key", "create", "--name", name,
                                     "--kind",  "admin",  "--user", user};
    for (auto const& s : scopes) args.insert(args.end(), {"--scope", s});
    auto made = dossier(args);
    return made.exit_code == 0 ? trimmed(made.out) : "";
  }
  static std::string sql(std::string const& query) {
    return sqlite_value(data_ + "/dossier.db", query);
  }
  static long long count(std::string const& table) {
    return std::stoll(sql("SELECT count(*) FROM " + table));
  }

  // A call with `key`; a body is sent as JSON unless another type is named.
  static HttpResponse call(std::string const& key, std::string const& method,
                           std::string const& path, std::string const& body = "",
                           std::map<std::string, std::string> headers = {}) {
    headers["Authorization"] = "Bearer " + key;
    if (!body.empty() && !headers.contains("Content-Type"))
      headers["Content-Type"] = "application/json";
    auto r = request(server_->port(), method, kApi + path, headers, body);
    EXPECT_TRUE(r) << method << " " << path << ": no answer";
    return r ? *r : HttpResponse{};
  }
  // Creates an article with the full key; its id.
  static std::string new_article(std::string const& title) {
    auto r = call(full_, "POST", "/articles", R"({"title":")" + title + R"(","markdown":"Text."})");
    EXPECT_EQ(r.status, 201) << r.body;
    return json_field(r.body, "id");
  }

  static std::string data_;
  static ServerProcess* server_;
  static std::string full_, reader_, subscribers_, contributor_, leaver_, revoked_;
};

std::string AdminApiE2e::data_;
ServerProcess* AdminApiE2e::server_ = nullptr;
std::string AdminApiE2e::full_, AdminApiE2e::reader_, AdminApiE2e::subscribers_,
    AdminApiE2e::contributor_, AdminApiE2e::leaver_, AdminApiE2e::revoked_;

TEST_F(AdminApiE2e, ArticlesCanBeWrittenPublishedUnpublishedAndDeleted) {
  auto made = call(full_, "POST", "/articles",
                   R"({"title":"Talks resume in Geneva","markdown":"The *delegations* met.",)"
                   R"("tags":["diplomacy"],"kind":"news"})");
  ASSERT_EQ(made.status, 201) << made.body;
  auto id = json_field(made.body, "id");
  EXPECT_EQ(made.header("location"), std::string(kApi) + "/articles/" + id);
  EXPECT_EQ(json_field(made.body, "status"), "draft");
  EXPECT_EQ(made.header("cache-control"), "private, no-store");
  EXPECT_EQ(made.header("content-type").rfind("application/json", 0), 0u);

  auto read = call(reader_, "GET", "/articles/" + id);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_NE(read.body.find("\\u003cem\\u003edelegations"), std::string::npos) << read.body;
  auto listed = call(reader_, "GET", "/articles?status=draft&limit=100");
  ASSERT_EQ(listed.status, 200);
  EXPECT_NE(listed.body.find("Talks resume in Geneva"), std::string::npos);
  EXPECT_NE(listed.body.find("\"pagination\""), std::string::npos);

  // The lost-update guard: an updated_at that is not the stored one is a conflict.
  auto stale = call(full_, "PATCH", "/articles/" + id,
                    R"({"title":"X","updated_at":"2001-01-01T00:00:00Z"})");
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(json_field(stale.body, "code"), "conflict");
  auto updated_at = json_field(read.body, "updated_at");
  auto edited = call(full_, "PATCH", "/articles/" + id,
                     R"({"title":"Talks resume","updated_at":")" + updated_at + "\"}");
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(json_field(edited.body, "title"), "Talks resume");

  auto slug = page_of(edited.body);
  EXPECT_EQ(request(server_->port(), "GET", slug)->status, 404) << "a draft";
  // The Content API's first page, read before and after each change: its lists are kept in
  // memory until the next commit, so each change must show in the next read.
  auto content_first_page = [&] {
    auto r = request(server_->port(), "GET", "/api/content/v1/articles?limit=5&fields=title");
    return r ? r->body : std::string();
  };
  EXPECT_EQ(content_first_page().find("Talks resume\""), std::string::npos);
  auto published = call(full_, "POST", "/articles/" + id + "/publish");
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_EQ(json_field(published.body, "status"), "published");
  EXPECT_EQ(request(server_->port(), "GET", slug)->status, 200);
  EXPECT_NE(content_first_page().find("Talks resume\""), std::string::npos) << "listed at once";
  auto unpublished = call(full_, "POST", "/articles/" + id + "/unpublish");
  ASSERT_EQ(unpublished.status, 200) << unpublished.body;
  EXPECT_EQ(request(server_->port(), "GET", slug)->status, 404);
  EXPECT_EQ(content_first_page().find("Talks resume\""), std::string::npos) << "gone at once";

  // Published again, then deleted: the page and the row are gone.
  ASSERT_EQ(call(full_, "POST", "/articles/" + id + "/publish").status, 200);
  ASSERT_EQ(request(server_->port(), "GET", slug)->status, 200);
  auto deleted = call(full_, "DELETE", "/articles/" + id);
  EXPECT_EQ(deleted.status, 204) << deleted.body;
  EXPECT_EQ(request(server_->port(), "GET", slug)->status, 404) << "cache dropped";
  EXPECT_EQ(call(reader_, "GET", "/articles/" + id).status, 404);
  EXPECT_EQ(sql("SELECT count(*) FROM articles WHERE id = " + id), "0");
  EXPECT_EQ(sql("SELECT count(*) FROM search_documents WHERE article_id = " + id), "0");
  EXPECT_EQ(call(full_, "DELETE", "/articles/" + id).status, 404);

  for (auto action : {"api.article.create", "api.article.update", "api.article.publish",
                      "api.article.unpublish", "api.article.delete"})
    EXPECT_NE(sql("SELECT count(*) FROM audit_log WHERE action = '" + std::string(action) +
                  "' AND target = 'article:" + id + "' AND detail LIKE '%Desk scripts%'"),
              "0")
        << action;
}

TEST_F(AdminApiE2e, AScheduledArticleGoesLiveByTheJobsThread) {
  auto id = new_article("Scheduled briefing");
  auto at = std::chrono::system_clock::now() + 2s;
  auto t = std::chrono::system_clock::to_time_t(at);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  auto past =
      call(full_, "POST", "/articles/" + id + "/schedule", R"({"at":"2001-01-01T00:00:00Z"})");
  EXPECT_EQ(past.status, 400) << past.body;
  auto scheduled = call(full_, "POST", "/articles/" + id + "/schedule",
                        std::string(R"({"at":")") + when + "\"}");
  ASSERT_EQ(scheduled.status, 200) << scheduled.body;
  EXPECT_EQ(json_field(scheduled.body, "status"), "scheduled");
  EXPECT_EQ(json_field(scheduled.body, "scheduled_at"), when);
  auto deadline = std::chrono::steady_clock::now() + kScheduleWait;
  std::string status;
  while (std::chrono::steady_clock::now() < deadline) {
    status = json_field(call(reader_, "GET", "/articles/" + id).body, "status");
    if (status == "published") break;
    std::this_thread::sleep_for(200ms);
  }
  EXPECT_EQ(status, "published");
  auto slug = page_of(call(reader_, "GET", "/articles/" + id).body);
  EXPECT_EQ(request(server_->port(), "GET", slug)->status, 200);
}

TEST_F(AdminApiE2e, AnImageIsUploadedAndServedAtItsUrl) {
  auto png = tiny_png(64, 32);
  auto up = call(full_, "POST", "/media?alt=Grey%20ramp&credit=Desk", png,
                 {{"Content-Type", "image/png"}});
  ASSERT_EQ(up.status, 201) << up.body;
  EXPECT_EQ(json_field(up.body, "width"), "64");
  EXPECT_EQ(json_field(up.body, "height"), "32");
  EXPECT_EQ(json_field(up.body, "alt"), "Grey ramp");
  EXPECT_EQ(json_field(up.body, "credit"), "Desk");
  auto url = json_field(up.body, "url");
  auto path = url.substr(url.find("/media/"));
  auto served = request(server_->port(), "GET", path);
  ASSERT_TRUE(served);
  EXPECT_EQ(served->status, 200);
  EXPECT_EQ(served->header("content-type"), "image/png");
  auto id = json_field(up.body, "id");
  EXPECT_EQ(sql("SELECT alt FROM media WHERE id = " + id), "Grey ramp");
  EXPECT_NE(sql("SELECT count(*) FROM audit_log WHERE action = 'api.media.upload' AND target = "
                "'media:" +
                id + "'"),
            "0");

  // Refused: another type, a declared type the bytes contradict, no scope; nothing stored.
  auto before = count("media");
  EXPECT_EQ(call(full_, "POST", "/media", png, {{"Content-Type", "text/plain"}}).status, 415);
  EXPECT_EQ(call(full_, "POST", "/media", png, {{"Content-Type", "image/jpeg"}}).status, 415);
  EXPECT_EQ(call(full_, "POST", "/media", "not an image", {{"Content-Type", "image/png"}}).status,
            415);
  EXPECT_EQ(call(full_, "POST", "/media?size=9", png, {{"Content-Type", "image/png"}}).status, 400);
  auto no_scope = call(reader_, "POST", "/media", png, {{"Content-Type", "image/png"}});
  EXPECT_EQ(no_scope.status, 403);
  EXPECT_EQ(json_field(no_scope.body, "code"), "missing_scope");
  EXPECT_EQ(count("media"), before);
}

TEST_F(AdminApiE2e, TaxonomyCommentsAndSubscribers) {
  auto cat = call(full_, "POST", "/categories", R"({"name":"Arctic","description":"Ice."})");
  ASSERT_EQ(cat.status, 201) << cat.body;
  EXPECT_EQ(json_field(cat.body, "slug"), "arctic");
  EXPECT_NE(call(reader_, "GET", "/categories").body.find("\"arctic\""), std::string::npos);
  auto renamed = call(full_, "PATCH", "/categories/arctic", R"({"name":"The Arctic"})");
  EXPECT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(call(full_, "DELETE", "/categories/arctic").status, 204);
  EXPECT_EQ(call(full_, "DELETE", "/categories/arctic").status, 404);

  auto tag = call(full_, "POST", "/tags", R"({"name":"Sea ice"})");
  ASSERT_EQ(tag.status, 201) << tag.body;
  auto tag_slug = json_field(tag.body, "slug");
  EXPECT_NE(call(reader_, "GET", "/tags").body.find("Sea ice"), std::string::npos);
  EXPECT_EQ(call(full_, "PATCH", "/tags/" + tag_slug, R"({"name":"Sea-ice"})").status, 200);
  EXPECT_EQ(call(full_, "DELETE", "/tags/" + tag_slug).status, 204);

  auto comments = call(full_, "GET", "/comments?status=approved");
  ASSERT_EQ(comments.status, 200) << comments.body;
  auto comment = json_field(comments.body, "id");
  ASSERT_FALSE(comment.empty()) << "the demo has approved comments";
  EXPECT_EQ(call(full_, "POST", "/comments/" + comment + "/spam").status, 200);
  EXPECT_EQ(sql("SELECT status FROM comments WHERE id = " + comment), "spam");
  EXPECT_EQ(call(full_, "POST", "/comments/" + comment + "/approve").status, 200);
  EXPECT_EQ(sql("SELECT status FROM comments WHERE id = " + comment), "approved");
  EXPECT_EQ(call(full_, "DELETE", "/comments/" + comment).status, 204);
  EXPECT_EQ(call(full_, "POST", "/comments/99999999/approve").status, 404);

  auto sub = call(subscribers_, "POST", "/subscribers", R"({"email":"reader@example.net"})");
  EXPECT_EQ(sub.status, 202) << sub.body;
  EXPECT_EQ(sql("SELECT count(*) FROM subscribers WHERE email = 'reader@example.net'"), "1");
  EXPECT_EQ(call(subscribers_, "POST", "/subscribers", R"({"email":"not an address"})").status,
            400);
  for (auto action : {"api.category.create", "api.category.update", "api.category.delete",
                      "api.tag.create", "api.tag.update", "api.tag.delete", "api.comment.spam",
                      "api.comment.approve", "api.comment.delete", "api.subscriber.add"})
    EXPECT_NE(sql("SELECT count(*) FROM audit_log WHERE action = '" + std::string(action) + "'"),
              "0")
        << action;
}

// Each endpoint with a key that lacks its scope: 403 missing_scope, and nothing changes.
TEST_F(AdminApiE2e, EveryEndpointNeedsItsScope) {
  auto id = new_article("Scope matrix");
  struct Case {
    std::string method, path, body, key;
  };
  std::vector<Case> cases = {
      {"GET", "/articles", "", subscribers_},
      {"GET", "/articles/" + id, "", subscribers_},
      {"POST", "/articles", R"({"title":"No"})", reader_},
      {"PATCH", "/articles/" + id, R"({"title":"No"})", reader_},
      {"DELETE", "/articles/" + id, "", reader_},
      {"POST", "/articles/" + id + "/publish", "", reader_},
      {"POST", "/articles/" + id + "/schedule", R"({"at":"2099-01-01T00:00:00Z"})", reader_},
      {"POST", "/articles/" + id + "/unpublish", "", reader_},
      {"GET", "/categories", "", subscribers_},
      {"POST", "/categories", R"({"name":"No"})", reader_},
      {"PATCH", "/categories/news", R"({"name":"No"})", reader_},
      {"DELETE", "/categories/news", "", reader_},
      {"GET", "/tags", "", subscribers_},
      {"POST", "/tags", R"({"name":"No"})", reader_},
      {"PATCH", "/tags/whatever", R"({"name":"No"})", reader_},
      {"DELETE", "/tags/whatever", "", reader_},
      {"GET", "/comments", "", reader_},
      {"POST", "/comments/1/approve", "", reader_},
      {"POST", "/comments/1/spam", "", reader_},
      {"DELETE", "/comments/1", "", reader_},
      {"POST", "/subscribers", R"({"email":"no@example.net"})", reader_},
  };
  auto articles = count("articles"), categories = count("categories"), tags = count("tags");
  auto audit = count("audit_log");
  for (auto const& c : cases) {
    auto r = call(c.key, c.method, c.path, c.body);
    EXPECT_EQ(r.status, 403) << c.method << " " << c.path << ": " << r.body;
    EXPECT_EQ(json_field(r.body, "code"), "missing_scope") << c.method << " " << c.path;
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
  }
  EXPECT_EQ(count("articles"), articles);
  EXPECT_EQ(count("categories"), categories);
  EXPECT_EQ(count("tags"), tags);
  EXPECT_EQ(count("audit_log"), audit);
  EXPECT_EQ(json_field(call(reader_, "GET", "/articles/" + id).body, "status"), "draft");
}

TEST_F(AdminApiE2e, TheKeysUserIsHeldToTheNewsroomsRules) {
  // A contributor writes drafts but never publishes, nor touches another's article.
  auto own = call(contributor_, "POST", "/articles", R"({"title":"A contributor's draft"})");
  ASSERT_EQ(own.status, 201) << own.body;
  auto own_id = json_field(own.body, "id");
  auto publish = call(contributor_, "POST", "/articles/" + own_id + "/publish");
  EXPECT_EQ(publish.status, 403) << publish.body;
  EXPECT_EQ(json_field(publish.body, "code"), "forbidden");
  EXPECT_EQ(json_field(call(reader_, "GET", "/articles/" + own_id).body, "status"), "draft");
  auto others = new_article("An editor's article");
  EXPECT_EQ(call(contributor_, "PATCH", "/articles/" + others, R"({"title":"Mine now"})").status,
            403);
  EXPECT_EQ(call(contributor_, "DELETE", "/articles/" + others).status, 403);
  EXPECT_EQ(json_field(call(reader_, "GET", "/articles/" + others).body, "title"),
            "An editor's article");
  EXPECT_EQ(call(contributor_, "DELETE", "/articles/" + own_id).status, 204) << "its own draft";

  // A revoked key is unknown; a disabled account's key does nothing.
  auto revoked = call(revoked_, "GET", "/articles");
  EXPECT_EQ(revoked.status, 401) << revoked.body;
  EXPECT_EQ(json_field(revoked.body, "code"), "unauthorized");
  EXPECT_EQ(call("dsk_a_not-a-key-at-all-xxxxxxxxxxxxxx", "GET", "/articles").status, 401);
  EXPECT_EQ(request(server_->port(), "GET", std::string(kApi) + "/articles")->status, 401);
  ASSERT_EQ(call(leaver_, "GET", "/articles").status, 200) << "works while the account does";
  ASSERT_EQ(dossier({"user", "disable", "--email", "leaver@example.org"}).exit_code, 0);
  auto articles = count("articles");
  auto disabled = call(leaver_, "POST", "/articles", R"({"title":"After leaving"})");
  EXPECT_EQ(disabled.status, 403) << disabled.body;
  EXPECT_EQ(call(leaver_, "GET", "/articles").status, 403);
  EXPECT_EQ(call(leaver_, "DELETE", "/articles/" + others).status, 403);
  EXPECT_EQ(count("articles"), articles);
}

TEST_F(AdminApiE2e, BadInputIsAProblemAndChangesNothing) {
  auto id = new_article("Unchanged by bad input");
  auto articles = count("articles");
  auto revisions = count("revisions");
  auto wrong_type = call(full_, "POST", "/articles", R"({"title":5,"tags":"x"})");
  EXPECT_EQ(wrong_type.status, 400);
  EXPECT_EQ(json_field(wrong_type.body, "code"), "invalid_field");
  EXPECT_NE(wrong_type.body.find("\"errors\""), std::string::npos) << wrong_type.body;
  auto unknown = call(full_, "POST", "/articles", R"({"title":"T","colour":"red"})");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(json_field(unknown.body, "code"), "unknown_field");
  EXPECT_EQ(call(full_, "POST", "/articles", R"({"markdown":"no title"})").status, 400);
  EXPECT_EQ(call(full_, "POST", "/articles", R"({"title":)").status, 400);
  EXPECT_EQ(call(full_, "POST", "/articles", "[1,2]").status, 400);
  auto text = call(full_, "POST", "/articles", "title=T", {{"Content-Type", "text/plain"}});
  EXPECT_EQ(text.status, 415);
  EXPECT_EQ(json_field(text.body, "code"), "unsupported_media_type");
  EXPECT_EQ(call(full_, "PATCH", "/articles/" + id, R"({"kind":"poem"})").status, 400);
  EXPECT_EQ(call(full_, "PATCH", "/articles/" + id, R"({"categories":["no-such"]})").status, 400);
  auto missing = call(full_, "GET", "/articles/99999999");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(json_field(missing.body, "code"), "not_found");
  EXPECT_EQ(call(full_, "GET", "/articles/abc").status, 404);
  EXPECT_EQ(call(full_, "PATCH", "/articles/99999999", R"({"title":"X"})").status, 404);
  EXPECT_EQ(call(full_, "GET", "/articles?limit=0").status, 400);
  EXPECT_EQ(call(full_, "GET", "/articles?status=lost").status, 400);
  EXPECT_EQ(call(full_, "GET", "/articles?sort=title").status, 400);
  // Above 2 MiB: refused from the head, before the body is read.
  std::string huge = R"({"title":"Huge","markdown":")" + std::string(2 * 1024 * 1024, 'a') + "\"}";
  auto too_large = call(full_, "POST", "/articles", huge);
  EXPECT_EQ(too_large.status, 413) << too_large.body.substr(0, 200);
  EXPECT_EQ(json_field(too_large.body, "code"), "payload_too_large");
  EXPECT_EQ(count("articles"), articles);
  EXPECT_EQ(count("revisions"), revisions);
  EXPECT_EQ(json_field(call(full_, "GET", "/articles/" + id).body, "title"),
            "Unchanged by bad input");

  // Between the server's 1 MiB and the API's 2 MiB: taken with articles:write, refused from
  // the head without it.
  std::string large =
      R"({"title":"Long read","markdown":")" + std::string(1536 * 1024, 'b') + "\"}";
  auto long_read = call(full_, "POST", "/articles", large);
  EXPECT_EQ(long_read.status, 201) << long_read.body.substr(0, 200);
  auto no_scope = call(reader_, "POST", "/articles", large);
  EXPECT_EQ(no_scope.status, 403);
  EXPECT_EQ(count("articles"), articles + 1);
}

TEST_F(AdminApiE2e, AnIdempotencyKeyReplaysTheAnswerAndRefusesAnotherBody) {
  auto articles = count("articles");
  std::string body = R"({"title":"Exactly once"})";
  auto first = call(full_, "POST", "/articles", body, {{"Idempotency-Key", "run-42"}});
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_TRUE(first.header("idempotent-replayed").empty());
  auto again = call(full_, "POST", "/articles", body, {{"Idempotency-Key", "run-42"}});
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.header("idempotent-replayed"), "true");
  EXPECT_EQ(again.body, first.body);
  auto other = call(full_, "POST", "/articles", R"({"title":"Something else"})",
                    {{"Idempotency-Key", "run-42"}});
  EXPECT_EQ(other.status, 422) << other.body;
  EXPECT_EQ(json_field(other.body, "code"), "idempotency_conflict");
  EXPECT_EQ(count("articles"), articles + 1);
  EXPECT_EQ(
      call(full_, "POST", "/articles", body, {{"Idempotency-Key", std::string(300, 'k')}}).status,
      400);
  EXPECT_EQ(count("articles"), articles + 1);
}

TEST_F(AdminApiE2e, TwoClientsSendingOneIdempotencyKeyAtOnceMakeOneArticle) {
  for (int round = 0; round < kConcurrentRounds; ++round) {
    auto title = "Raced " + std::to_string(round);
    auto body = R"({"title":")" + title + R"(","markdown":"Same."})";
    auto key = "race-" + std::to_string(round);
    HttpResponse a, b;
    std::thread other([&] {
      b = call(full_, "POST", "/articles", body, {{"Idempotency-Key", key}});
    });
    a = call(full_, "POST", "/articles", body, {{"Idempotency-Key", key}});
    other.join();
    // One made it (201); the other got the same answer replayed, or was told the first is
    // still running (409), never a second article.
    EXPECT_TRUE(a.status == 201 || b.status == 201) << a.status << " " << b.status;
    for (auto const* r : {&a, &b}) EXPECT_TRUE(r->status == 201 || r->status == 409) << r->body;
    EXPECT_EQ(sql("SELECT count(*) FROM articles WHERE title = '" + title + "'"), "1");
  }
}

}  // namespace
}  // namespace dossier::test
