// The access matrix (issue 17): one function decides what a viewer may see of an article
// (publishing/access.hpp), and every surface asks it. Through the real binary, this suite
// enumerates viewer x visibility x surface and fails on any leak: three articles (public,
// subscribers, clients), each with a secret word, a made-up minister's quote and a figure that
// insight picks up, a hero image of its own, and in the clients report an image in the body;
// then fetches every public surface as each viewer and checks that the words of an article the
// viewer may not read in full never appear, and that those it may read appear where they
// should. A confirmed newsletter subscriber signs in with the mailed link (taken from the
// outbox: this server has no SMTP) and reads the subscribers' article in full.
// Then the rule changing while the server runs (the CLI's visibility and grant, noticed within
// seconds), and an embargoed report that opens at its time.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <zlib.h>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <thread>

#include "newsroom_client.hpp"
#include "test_client.hpp"
#include "test_process.hpp"

namespace dossier::test {
namespace {

using namespace std::chrono_literals;

// The store notices another process's commit within a second (store::Database); the bound
// leaves room for a loaded machine.
constexpr auto kNoticed = 5s;
// Insight analyses new articles on the jobs thread; the bound is for a loaded machine.
constexpr auto kAnalysed = 60s;
constexpr auto kEmbargoAhead = 6s;
constexpr auto kEmbargoOpens = 20s;
constexpr char const* kJobsIntervalMs = "500";
constexpr char const* kMinFillSeconds = "1";

bool has(std::string const& text, std::string const& part) {
  return text.find(part) != std::string::npos;
}

// What one article is, and the words that must not leave it for a reader without access.
struct Piece {
  std::string visibility;
  std::string title;
  std::string tag;
  std::string word;    // the secret word, in the body only
  std::string person;  // "Quillon Brassard", quoted in the body only
  std::string figure;  // "412 million florins"
  std::string slug;
  std::string id;
  std::string hero_file;  // under /media/
  std::string body_file;  // an image the body shows (clients only)

  std::vector<std::string> secrets() const { return {word, person, figure}; }
  std::string person_slug() const {
    std::string s;
    for (char c : person) s += c == ' ' ? '-' : static_cast<char>(std::tolower(c));
    return s;
  }
  std::string body() const {
    std::string text = "The " + word + " plan would cost " + figure +
                       " over five years, the ministry's papers show.\n\n\"We will not yield on "
                       "the corridor,\" said Minister " +
                       person + ".\n";
    if (!body_file.empty()) text += "\n![Route map](/media/" + body_file + ")\n";
    return text;
  }
};

enum class Who { Anonymous, Subscriber, Other, Granted, Newsroom };
char const* name_of(Who who) {
  switch (who) {
    case Who::Anonymous: return "anonymous";
    case Who::Subscriber: return "subscriber";
    case Who::Other: return "member without grant";
    case Who::Granted: return "member with grant";
    case Who::Newsroom: return "newsroom";
  }
  return "?";
}
constexpr Who kEveryone[] = {Who::Anonymous, Who::Subscriber, Who::Other, Who::Granted,
                             Who::Newsroom};

// A PNG of w x h (RFC 2083): IHDR, one zlib IDAT of unfiltered RGB rows, IEND; `shade` makes
// each file's bytes (and so its upload) distinct.
std::string png(int w, int h, int shade) {
  auto be32 = [](std::string& out, unsigned long v) {
    for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<char>((v >> s) & 0xff));
  };
  auto chunk = [&](std::string const& type, std::string const& data) {
    std::string out;
    be32(out, data.size());
    auto body = type + data;
    out += body;
    be32(out,
         crc32(0, reinterpret_cast<Bytef const*>(body.data()), static_cast<uInt>(body.size())));
    return out;
  };
  std::string rows;
  for (int y = 0; y < h; ++y) {
    rows.push_back(0);
    for (int x = 0; x < w; ++x) {
      rows.push_back(static_cast<char>(x * 3));
      rows.push_back(static_cast<char>(y * 5));
      rows.push_back(static_cast<char>(shade));
    }
  }
  uLongf size = compressBound(static_cast<uLong>(rows.size()));
  std::string idat(size, '\0');
  compress(reinterpret_cast<Bytef*>(idat.data()), &size,
           reinterpret_cast<Bytef const*>(rows.data()), static_cast<uLong>(rows.size()));
  idat.resize(size);
  std::string ihdr;
  be32(ihdr, w);
  be32(ihdr, h);
  ihdr += std::string("\x08\x02\x00\x00\x00", 5);
  return std::string("\x89PNG\r\n\x1A\n", 8) + chunk("IHDR", ihdr) + chunk("IDAT", idat) +
         chunk("IEND", "");
}

std::string utc_local_time(std::chrono::system_clock::time_point t) {
  auto secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return buf;
}

class AccessMatrixE2e : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = make_temp_dir("dossier-matrix-e2e");
    db_ = data_ + "/dossier.db";
    ASSERT_EQ(run({dossier_binary(), "--data", data_, "init"}).exit_code, 0);
    ASSERT_EQ(run({dossier_binary(), "--data", data_, "demo"}).exit_code, 0);
    server_ = std::make_unique<ServerProcess>(
        data_,
        std::map<std::string, std::string>{{"DOSSIER_JOBS_INTERVAL_MS", kJobsIntervalMs},
                                           {"DOSSIER_COMMENTS_MIN_FILL_SECONDS", kMinFillSeconds},
                                           {"DOSSIER_SERVER_ACCESS_LOG", "false"}});
    ASSERT_TRUE(server_->started()) << server_->first_line();
    sign_in_newsroom();
    ASSERT_FALSE(newsroom_.empty());

    pieces_ = {
        {"public", "Matrix public brief", "matrix-public", "Palomquist", "Ottoline Ferrand",
         "388 million florins"},
        {"subscribers", "Matrix subscribers brief", "matrix-subscribers", "Sublimaret",
         "Tamsin Oakhollow", "977 million florins"},
        {"clients", "Matrix clients report", "matrix-clients", "Vexillarch", "Quillon Brassard",
         "412 million florins"},
    };
    for (int i = 0; i < 3; ++i)
      pieces_[i].hero_file = upload("matrix-hero-" + std::to_string(i), i);
    pieces_[2].body_file = upload("matrix-body-map", 7);
    for (auto& p : pieces_) ASSERT_FALSE(p.hero_file.empty()) << p.title;
    ASSERT_FALSE(pieces_[2].body_file.empty());

    // Drafts first, restricted by the CLI before they are published: no restricted article is
    // ever public, so anything a surface shows of it came through that surface.
    for (auto& p : pieces_) {
      p.id = save_draft(p);
      ASSERT_FALSE(p.id.empty()) << p.title;
      p.slug = sqlite_value(db_, "SELECT slug FROM articles WHERE id = " + p.id);
      if (p.visibility != "public")
        ASSERT_EQ(cli({"article", "visibility", "--slug", p.slug, "--set", p.visibility}).exit_code,
                  0);
    }
    for (auto& p : pieces_) {
      // The server notices the CLI's write within a second; the editor reads the row anew.
      ASSERT_EQ(publish(p, "publish"), 303) << p.title;
      ASSERT_EQ(
          sqlite_value(db_, "SELECT status || ' ' || visibility FROM articles WHERE id = " + p.id),
          "published " + p.visibility);
    }

    ASSERT_EQ(cli({"client", "add", "--name", "Granted Ministry"}).exit_code, 0);
    ASSERT_EQ(cli({"client", "member", "add", "--client", "Granted Ministry", "--email",
                   "granted@example.org", "--name", "Gina Granted"})
                  .exit_code,
              0);
    ASSERT_EQ(cli({"client", "grant", "--client", "Granted Ministry", "--article", clients().slug})
                  .exit_code,
              0);
    ASSERT_EQ(cli({"client", "add", "--name", "Other Agency"}).exit_code, 0);
    ASSERT_EQ(cli({"client", "member", "add", "--client", "Other Agency", "--email",
                   "other@example.org", "--name", "Otto Other"})
                  .exit_code,
              0);
    granted_ = reader_cookie("granted@example.org");
    other_ = reader_cookie("other@example.org");
    ASSERT_FALSE(granted_.empty());
    ASSERT_FALSE(other_.empty());
    subscriber_ = subscriber_cookie("sam@example.org");
    ASSERT_FALSE(subscriber_.empty());

    // A reader's approved comment on the public article (the change test restricts it).
    ASSERT_TRUE(comment_on_public());

    // Insight has analysed all three, so a leak of its findings would show.
    auto deadline = std::chrono::steady_clock::now() + kAnalysed;
    std::string ids = pieces_[0].id + "," + pieces_[1].id + "," + pieces_[2].id;
    while (sqlite_value(db_, "SELECT COUNT(*) FROM insight_state WHERE article_id IN (" + ids +
                                 ")") != "3" &&
           std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(200ms);
    ASSERT_EQ(
        sqlite_value(db_, "SELECT COUNT(*) FROM insight_state WHERE article_id IN (" + ids + ")"),
        "3");
    // The analyser found the clients report's minister: its quote is what must not leak.
    ASSERT_NE(sqlite_value(db_, "SELECT COUNT(*) FROM entities WHERE name = 'Quillon Brassard'"),
              "0");
  }

  static void TearDownTestSuite() {
    if (server_) EXPECT_EQ(server_->terminate(), 0);
    server_.reset();
    remove_tree(data_);
  }

  static Piece const& public_one() { return pieces_[0]; }
  static Piece const& subscribers() { return pieces_[1]; }
  static Piece const& clients() { return pieces_[2]; }

  static RunResult cli(std::vector<std::string> args) {
    args.insert(args.begin(), {dossier_binary(), "--data", data_});
    auto r = run(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r;
  }

  static std::string cookie_of(Who who) {
    switch (who) {
      case Who::Anonymous: return {};
      case Who::Subscriber: return subscriber_;
      case Who::Other: return other_;
      case Who::Granted: return granted_;
      case Who::Newsroom: return newsroom_;
    }
    return {};
  }

  static HttpResponse get(std::string const& path, Who who = Who::Anonymous) {
    std::map<std::string, std::string> headers;
    if (auto c = cookie_of(who); !c.empty()) headers["Cookie"] = c;
    auto r = request(server_->port(), "GET", path, headers);
    EXPECT_TRUE(r.has_value()) << path;
    return r.value_or(HttpResponse{});
  }

  static HttpResponse post(std::string const& path, std::string const& body,
                           std::string const& cookie = {}) {
    std::map<std::string, std::string> headers{
        {"Content-Type", "application/x-www-form-urlencoded"}};
    if (!cookie.empty()) headers["Cookie"] = cookie;
    auto r = request(server_->port(), "POST", path, headers, body);
    EXPECT_TRUE(r.has_value()) << path;
    return r.value_or(HttpResponse{});
  }

  // The rule, as this suite expects it (publishing/access.hpp): the public article is
  // everyone's; the subscribers' one is full for signed-in subscribers, client members of a
  // running contract and the newsroom; the clients' one for the granted organisation and the
  // newsroom.
  static bool reads_in_full(Who who, Piece const& p) {
    if (p.visibility == "public" || who == Who::Newsroom) return true;
    if (p.visibility == "subscribers")
      return who == Who::Subscriber || who == Who::Other || who == Who::Granted;
    return who == Who::Granted;
  }

  // No secret of an article `who` may not read in full appears in `body`.
  static void expect_no_leak(Who who, std::string const& path, std::string const& body) {
    for (auto const& p : pieces_) {
      if (reads_in_full(who, p)) continue;
      for (auto const& s : p.secrets())
        EXPECT_FALSE(has(body, s)) << name_of(who) << " GET " << path << " shows '" << s
                                   << "' of the " << p.visibility << " article";
      EXPECT_FALSE(has(body, p.hero_file)) << name_of(who) << " GET " << path;
      if (!p.body_file.empty()) EXPECT_FALSE(has(body, p.body_file)) << name_of(who) << path;
    }
  }

  static void sign_in_newsroom() {
    auto page = get("/admin/login");
    auto r = post("/admin/login",
                  form_body({{"_csrf", hidden_field(page.body, "_csrf")},
                             {"email", "admin@example.org"},
                             {"password", demo_admin_password(data_)}}),
                  cookie_named(page, "dossier_login"));
    newsroom_ = cookie_named(r, "dossier_session");
    csrf_ = hidden_field(get("/admin/articles/new", Who::Newsroom).body, "_csrf");
  }

  // Uploads a PNG to the media library; its file under /media/, or empty.
  static std::string upload(std::string const& name, int shade) {
    auto bytes = png(96, 64, 40 * shade);
    std::string body =
        "--m4trix\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf_ +
        "\r\n--m4trix\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name +
        ".png\"\r\nContent-Type: image/png\r\n\r\n" + bytes + "\r\n--m4trix--\r\n";
    auto r = request(
        server_->port(), "POST", "/admin/media",
        {{"Cookie", newsroom_}, {"Content-Type", "multipart/form-data; boundary=m4trix"}}, body);
    if (!r || r->status != 303) return {};
    auto at = r->header("location").find("uploaded=");
    if (at == std::string::npos) return {};
    auto id = r->header("location").substr(at + 9);
    return sqlite_value(db_, "SELECT file FROM images WHERE id = " + id);
  }

  static std::vector<std::pair<std::string, std::string>> fields(Piece const& p) {
    return {{"_csrf", csrf_},
            {"title", p.title},
            {"kind", "news"},
            {"body", p.body()},
            {"category", sqlite_value(db_, "SELECT id FROM categories WHERE slug = 'africa'")},
            {"tags", p.tag + ", matrix-common"},
            {"hero_media_id",
             sqlite_value(db_, "SELECT id FROM images WHERE file = '" + p.hero_file + "'")}};
  }

  static std::string save_draft(Piece const& p) {
    auto f = fields(p);
    f.emplace_back("action", "save");
    auto r = post("/admin/articles", form_body(f), newsroom_);
    if (r.status != 303) return {};
    auto location = r.header("location");  // /admin/articles/ID?saved=1
    auto start = std::string("/admin/articles/").size();
    return location.substr(start, location.find('?') - start);
  }

  static int publish(Piece const& p, std::string const& action, std::string const& when = {}) {
    auto editor = get("/admin/articles/" + p.id, Who::Newsroom);
    auto f = fields(p);
    f.emplace_back("base_revision", hidden_field(editor.body, "base_revision"));
    f.emplace_back("action", action);
    if (!when.empty()) f.emplace_back("publish_at", when);
    return post("/admin/articles/" + p.id, form_body(f), newsroom_).status;
  }

  // A member signs in with the CLI's one-time link; their dossier_reader cookie.
  static std::string reader_cookie(std::string const& email) {
    auto link = cli({"client", "link", "--email", email}).out;
    auto at = link.find("/portal/link/");
    if (at == std::string::npos) return {};
    auto path = link.substr(at, link.find_first_of(" ?\r\n", at) - at);
    return cookie_named(post(path, ""), "dossier_reader");
  }

  // A confirmed newsletter subscriber (written with sqlite3: the subscribe flow has its own
  // suite) signs in through the form; the link is read from the queued mail.
  static std::string subscriber_cookie(std::string const& email) {
    auto added = sqlite_command(
        db_, "INSERT INTO subscribers (email, status, created_at, confirmed_at) VALUES ('" + email +
                 "', 'active', strftime('%s'), strftime('%s'))");
    if (added.exit_code != 0) {
      ADD_FAILURE() << "subscriber: " << added.err;
      return {};
    }
    if (post("/portal/sign-in", form_body({{"email", email}, {"next", "/portal"}})).status != 200)
      return {};
    auto mail = sqlite_value(db_, "SELECT text_body FROM outbox WHERE recipient = '" + email +
                                      "' ORDER BY id DESC LIMIT 1");
    auto at = mail.find("/portal/link/");
    if (at == std::string::npos) return {};
    auto path = mail.substr(at, mail.find_first_of(" ?\r\n", at) - at);
    return cookie_named(post(path, ""), "dossier_reader");
  }

  static bool comment_on_public() {
    auto article = "/articles/" + public_one().slug;
    auto token = nlohmann::json::parse(get(article + "/comments/token").body).value("token", "");
    if (token.empty()) return false;
    std::this_thread::sleep_for(1100ms);  // the minimum fill time
    auto posted = post(article + "/comments", form_body({{"name", "Rhea Reader"},
                                                         {"email", "rhea@example.org"},
                                                         {"body", kCommentText},
                                                         {"action", "post"},
                                                         {"token", token}}));
    if (posted.status != 200) {
      ADD_FAILURE() << "comment: " << posted.status << " " << posted.body;
      return false;
    }
    auto id = sqlite_value(db_, "SELECT id FROM comments WHERE article_id = " + public_one().id);
    auto approved =
        post("/admin/comments", form_body({{"_csrf", csrf_}, {"action", "approve"}, {"id", id}}),
             newsroom_);
    EXPECT_EQ(approved.status, 303) << approved.body;
    return approved.status == 303 &&
           sqlite_value(db_, "SELECT status FROM comments WHERE id = " + id) == "approved";
  }

  static constexpr char const* kCommentText = "Does the Halvergrove annex cover the corridor?";
  static inline std::string data_;
  static inline std::string db_;
  static inline std::unique_ptr<ServerProcess> server_;
  static inline std::string newsroom_;  // dossier_session=...
  static inline std::string csrf_;
  static inline std::string granted_;  // dossier_reader=...
  static inline std::string other_;
  static inline std::string subscriber_;  // dossier_reader=..., a newsletter subscriber's
  static inline std::vector<Piece> pieces_;
};

TEST_F(AccessMatrixE2e, TheArticlePageGivesEachViewerWhatTheRuleSays) {
  for (auto who : kEveryone) {
    for (auto const& p : pieces_) {
      auto path = "/articles/" + p.slug;
      auto r = get(path, who);
      SCOPED_TRACE(std::string(name_of(who)) + " " + p.visibility);
      ASSERT_EQ(r.status, 200);
      EXPECT_TRUE(has(r.body, p.title));
      expect_no_leak(who, path, r.body);
      if (reads_in_full(who, p)) {
        for (auto const& s : p.secrets()) EXPECT_TRUE(has(r.body, s)) << s;
        EXPECT_TRUE(has(r.body, "/media/" + p.hero_file));
        if (!p.body_file.empty()) EXPECT_TRUE(has(r.body, "/media/" + p.body_file));
      } else {
        EXPECT_TRUE(has(r.body, "\"isAccessibleForFree\":false"));
      }
      if (p.visibility != "public") {
        // A restricted page is never stored by a shared cache, teaser or full.
        EXPECT_TRUE(has(r.header("cache-control"), "private")) << r.header("cache-control");
        EXPECT_TRUE(has(r.header("cache-control"), "no-store")) << r.header("cache-control");
        EXPECT_FALSE(has(r.body, "og:image")) << "a restricted hero goes to no preview card";
        EXPECT_FALSE(has(r.body, "\"image\":")) << "nor into JSON-LD";
        // The description is the site's or the dek, never the body's first words.
        auto description = r.body.substr(r.body.find("name=\"description\""), 200);
        EXPECT_FALSE(has(description, p.word)) << description;
      }
    }
  }
}

TEST_F(AccessMatrixE2e, ListingsFeedsSitemapsAndInsightLeakNothing) {
  std::vector<std::string> paths = {"/",
                                    "/latest",
                                    "/category/africa",
                                    "/author/newsroom-admin",
                                    "/tag/matrix-common",
                                    "/feed.xml",
                                    "/atom.xml",
                                    "/category/africa/feed.xml",
                                    "/category/africa/atom.xml",
                                    "/tag/matrix-common/feed.xml",
                                    "/tag/matrix-common/atom.xml",
                                    "/author/newsroom-admin/feed.xml",
                                    "/author/newsroom-admin/atom.xml",
                                    "/comments/atom.xml",
                                    "/sitemap.xml",
                                    "/sitemaps/pages.xml",
                                    "/sitemaps/articles-1.xml",
                                    "/news-sitemap.xml",
                                    "/quotes",
                                    "/api/quotes",
                                    "/api/entities",
                                    "/api/entities?kind=person",
                                    "/portal"};
  for (auto const& p : pieces_) {
    paths.push_back("/tag/" + p.tag);
    paths.push_back("/tag/" + p.tag + "/feed.xml");
    paths.push_back("/tag/" + p.tag + "/atom.xml");
    paths.push_back("/articles/" + p.slug + "/comments/atom.xml");
    paths.push_back("/people/" + p.person_slug());
    paths.push_back("/api/entities/" + p.person_slug());
    paths.push_back("/api/articles/" + p.slug + "/insight");
  }
  for (auto who : kEveryone)
    for (auto const& path : paths) expect_no_leak(who, path, get(path, who).body);

  // The public article is in every listing and feed; the restricted ones in none, for anyone
  // (listings are the public catalogue: a member finds reports in the portal).
  for (auto const& path :
       {"/latest", "/category/africa", "/tag/matrix-common", "/author/newsroom-admin", "/feed.xml",
        "/atom.xml", "/category/africa/feed.xml", "/tag/matrix-common/atom.xml",
        "/author/newsroom-admin/feed.xml", "/sitemaps/articles-1.xml", "/news-sitemap.xml"}) {
    for (auto who : kEveryone) {
      auto body = get(path, who).body;
      EXPECT_TRUE(has(body, "/articles/" + public_one().slug)) << name_of(who) << " " << path;
      EXPECT_FALSE(has(body, "/articles/" + subscribers().slug)) << name_of(who) << " " << path;
      EXPECT_FALSE(has(body, "/articles/" + clients().slug)) << name_of(who) << " " << path;
    }
  }

  // Insight: the public minister has a page and a quote; the restricted ones none, for anyone.
  EXPECT_EQ(get("/people/" + public_one().person_slug()).status, 200);
  EXPECT_TRUE(has(get("/api/quotes").body, public_one().person));
  EXPECT_EQ(get("/api/articles/" + public_one().slug + "/insight").status, 200);
  for (auto who : kEveryone)
    for (auto const* p : {&subscribers(), &clients()}) {
      EXPECT_EQ(get("/people/" + p->person_slug(), who).status, 404) << name_of(who);
      EXPECT_EQ(get("/api/entities/" + p->person_slug(), who).status, 404) << name_of(who);
      EXPECT_EQ(get("/api/articles/" + p->slug + "/insight", who).status, 404) << name_of(who);
    }

  // The public article's related box and the home page's boxes name no restricted article.
  auto related = get("/articles/" + public_one().slug);
  EXPECT_FALSE(has(related.body, "/articles/" + subscribers().slug));
  EXPECT_FALSE(has(related.body, "/articles/" + clients().slug));
}

TEST_F(AccessMatrixE2e, SearchFindsNoRestrictedWordAndSuggestsNone) {
  for (auto who : kEveryone) {
    for (auto const& p : pieces_) {
      bool findable = p.visibility == "public";
      for (auto const& q : {p.word, p.person, std::string("florins")}) {
        auto page = get("/search?q=" + url_encode(q), who);
        EXPECT_EQ(page.status, 200);
        EXPECT_EQ(has(page.body, "/articles/" + p.slug), findable) << name_of(who) << " " << q;
        auto api = get("/api/search?q=" + url_encode(q), who);
        ASSERT_EQ(api.status, 200);
        auto j = nlohmann::json::parse(api.body);
        EXPECT_EQ(has(api.body, p.slug), findable) << name_of(who) << " " << q;
        if (!findable) {
          EXPECT_FALSE(has(api.body, p.figure)) << api.body;
          if (q == "florins") {
            EXPECT_EQ(j["total"], 1) << "only the public article counts: " << api.body;
          }
          if (q == p.word) {
            EXPECT_EQ(j["total"], 0) << api.body;
            EXPECT_TRUE(j["results"].empty()) << api.body;
            EXPECT_TRUE(j["facets"]["category"].empty()) << api.body;
            EXPECT_TRUE(j["facets"]["year"].empty()) << api.body;
          }
        }
      }
      // One letter dropped: did-you-mean offers only words of public articles.
      auto misspelt = p.word.substr(0, 3) + p.word.substr(4);
      auto api = get("/api/search?q=" + url_encode(misspelt), who);
      auto page = get("/search?q=" + url_encode(misspelt), who);
      auto lower = p.word;
      for (auto& c : lower) c = static_cast<char>(std::tolower(c));
      auto suggestion = nlohmann::json::parse(api.body).value("suggestion", nlohmann::json());
      if (findable) {
        EXPECT_TRUE(has(suggestion.dump(), lower)) << api.body;
      } else {
        EXPECT_FALSE(has(suggestion.dump(), lower)) << name_of(who) << " " << api.body;
        EXPECT_FALSE(has(page.body, p.word)) << name_of(who) << " " << misspelt;
        EXPECT_FALSE(has(page.body, lower)) << name_of(who) << " " << misspelt;
      }
    }
  }
}

TEST_F(AccessMatrixE2e, MediaGoOnlyToThoseWhoReadTheArticle) {
  for (auto who : kEveryone) {
    for (auto const& p : pieces_) {
      for (auto const& file : {p.hero_file, p.body_file}) {
        if (file.empty()) continue;
        auto r = get("/media/" + file, who);
        EXPECT_EQ(r.status, reads_in_full(who, p) ? 200 : 404)
            << name_of(who) << " " << p.visibility << " " << file;
        if (r.status == 200 && p.visibility != "public")
          EXPECT_TRUE(has(r.header("cache-control"), "private")) << r.header("cache-control");
      }
    }
  }
}

TEST_F(AccessMatrixE2e, ThePortalItsFeedAndThePdfGoOnlyToTheGrantedMember) {
  EXPECT_EQ(get("/portal").status, 303) << "the portal asks an anonymous reader to sign in";
  auto mine = get("/portal", Who::Granted);
  ASSERT_EQ(mine.status, 200);
  EXPECT_TRUE(has(mine.body, clients().title));
  auto theirs = get("/portal", Who::Other);
  ASSERT_EQ(theirs.status, 200);
  EXPECT_FALSE(has(theirs.body, clients().title));
  EXPECT_FALSE(has(theirs.body, clients().slug));
  // A subscriber's portal lists the subscribers' article, without a PDF, a request or a feed.
  auto subscribed = get("/portal", Who::Subscriber);
  ASSERT_EQ(subscribed.status, 200);
  EXPECT_TRUE(has(subscribed.body, subscribers().title));
  EXPECT_FALSE(has(subscribed.body, clients().slug));
  EXPECT_FALSE(has(subscribed.body, ".pdf"));
  EXPECT_FALSE(has(subscribed.body, "/portal/feed"));
  expect_no_leak(Who::Subscriber, "/portal", subscribed.body);

  // Each member makes a private feed; only the granted one's lists the report.
  auto feed_of = [&](Who who) {
    auto csrf = hidden_field(get("/portal", who).body, "_csrf");
    auto made = post("/portal/feed", form_body({{"_csrf", csrf}}), cookie_of(who));
    EXPECT_EQ(made.status, 200);
    auto marker = std::string("id=\"feed-url\" readonly value=\"");
    auto at = made.body.find(marker);
    if (at == std::string::npos) return std::string();
    auto url = made.body.substr(at + marker.size());
    url = url.substr(0, url.find('"'));
    return url.substr(url.find("/portal/feed/"));
  };
  auto granted_feed = feed_of(Who::Granted);
  auto other_feed = feed_of(Who::Other);
  ASSERT_FALSE(granted_feed.empty());
  ASSERT_FALSE(other_feed.empty());
  auto g = get(granted_feed);  // the token is the guard: no cookie
  EXPECT_EQ(g.status, 200);
  EXPECT_TRUE(has(g.body, clients().title)) << g.body;
  EXPECT_TRUE(has(g.header("cache-control"), "private"));
  auto o = get(other_feed);
  EXPECT_EQ(o.status, 200);
  EXPECT_FALSE(has(o.body, clients().title)) << o.body;
  expect_no_leak(Who::Other, other_feed, o.body);
  EXPECT_EQ(get("/portal/feed/not-a-token.xml").status, 404);

  auto pdf = "/portal/reports/" + clients().slug + ".pdf";
  EXPECT_EQ(get(pdf).status, 303) << "signs in first";
  EXPECT_EQ(get(pdf, Who::Newsroom).status, 303) << "the newsroom reads the site, not a copy";
  for (auto const* p : {&subscribers(), &clients()}) {
    auto r = get("/portal/reports/" + p->slug + ".pdf", Who::Subscriber);
    EXPECT_EQ(r.status, 403) << "PDFs are for members: " << p->visibility;
    EXPECT_NE(r.header("content-type"), "application/pdf");
  }
  auto refused = get(pdf, Who::Other);
  EXPECT_TRUE(refused.status == 403 || refused.status == 404) << refused.status;
  expect_no_leak(Who::Other, pdf, refused.body);
  EXPECT_NE(refused.header("content-type"), "application/pdf");
  // The PDF is printed by chromium and read back by pdftotext, both found on PATH.
  if (run({"/bin/sh", "-c", "command -v chromium && command -v pdftotext"}).exit_code != 0)
    GTEST_SKIP() << "chromium or pdftotext is not on PATH: the granted member's PDF is not "
                    "checked";
  auto copy = get(pdf, Who::Granted);
  ASSERT_EQ(copy.status, 200) << copy.body;
  EXPECT_EQ(copy.header("content-type"), "application/pdf");
  auto file = data_ + "/matrix-copy.pdf";
  std::ofstream(file, std::ios::binary) << copy.body;
  auto text = run({"/bin/sh", "-c", "pdftotext \"$1\" -", "sh", file});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_TRUE(has(text.out, "Granted Ministry")) << "the copy is stamped with its organisation";
  EXPECT_TRUE(has(text.out, clients().word));
}

TEST_F(AccessMatrixE2e, NoCommentOnARestrictedArticle) {
  auto count = [&] { return sqlite_value(db_, "SELECT COUNT(*) FROM comments"); };
  auto before = count();
  auto token_url = "/articles/" + clients().slug + "/comments/token";
  for (auto who : kEveryone) EXPECT_NE(get(token_url, who).status, 200) << name_of(who);
  // A token the public article handed out, sent to the restricted one, after the fill time.
  auto token = nlohmann::json::parse(get("/articles/" + public_one().slug + "/comments/token").body)
                   .value("token", "");
  ASSERT_FALSE(token.empty());
  std::this_thread::sleep_for(1100ms);
  for (auto who : kEveryone) {
    auto r = post("/articles/" + clients().slug + "/comments",
                  form_body({{"name", "Mallory"},
                             {"email", "mallory@example.org"},
                             {"body", "Let me in"},
                             {"action", "post"},
                             {"token", token}}),
                  cookie_of(who));
    EXPECT_GE(r.status, 400) << name_of(who);
    EXPECT_FALSE(has(r.body, "awaiting moderation")) << name_of(who);
  }
  EXPECT_EQ(count(), before);
}

TEST_F(AccessMatrixE2e, NoNewsletterCarriesARestrictedArticle) {
  auto state = [&] {
    return sqlite_value(db_,
                        "SELECT (SELECT COUNT(*) FROM outbox) || ' ' ||"
                        " (SELECT COUNT(*) FROM newsletter_sends)");
  };
  auto before = state();
  for (auto const* p : {&subscribers(), &clients()}) {
    auto sent =
        run({dossier_binary(), "--data", data_, "newsletter", "send", "--article", p->slug});
    EXPECT_NE(sent.exit_code, 0) << p->visibility << ": " << sent.out;
    EXPECT_TRUE(has(sent.err, "no published, public article")) << sent.err;
    EXPECT_FALSE(has(sent.out + sent.err, p->word));
  }
  EXPECT_EQ(state(), before);
}

TEST_F(AccessMatrixE2e, ThePageCacheNeverGivesOneReadersCopyToAnother) {
  auto path = "/articles/" + clients().slug;
  auto full = get(path, Who::Granted);
  ASSERT_TRUE(has(full.body, clients().word));
  for (int i = 0; i < 2; ++i) {
    auto anonymous = get(path);
    EXPECT_EQ(anonymous.status, 200);
    EXPECT_FALSE(has(anonymous.body, clients().word)) << "the member's copy went to anonymous";
  }
  EXPECT_TRUE(has(get(path, Who::Newsroom).body, clients().word));
  EXPECT_FALSE(has(get(path, Who::Other).body, clients().word));
  // The public pages stay cached: the same copy twice, with a validator that answers 304.
  auto one = get("/articles/" + public_one().slug);
  auto two = get("/articles/" + public_one().slug);
  ASSERT_FALSE(one.header("etag").empty());
  EXPECT_EQ(one.header("etag"), two.header("etag"));
  EXPECT_FALSE(has(one.header("cache-control"), "no-store")) << one.header("cache-control");
  auto revalidated = request(server_->port(), "GET", "/articles/" + public_one().slug,
                             {{"If-None-Match", one.header("etag")}});
  ASSERT_TRUE(revalidated);
  EXPECT_EQ(revalidated->status, 304);
}

TEST_F(AccessMatrixE2e, AnEmbargoedReportOpensAtItsTimeToItsReaders) {
  Piece e{"clients",     "Matrix embargoed report", "matrix-embargo",
          "Embargolith", "Corvina Taskell",         "615 million florins"};
  e.hero_file = public_one().hero_file;  // the page is what is checked here, not the image
  e.id = save_draft(e);
  ASSERT_FALSE(e.id.empty());
  e.slug = sqlite_value(db_, "SELECT slug FROM articles WHERE id = " + e.id);
  cli({"article", "visibility", "--slug", e.slug, "--set", "clients"});
  cli({"client", "grant", "--client", "Granted Ministry", "--article", e.slug});
  // Whole seconds: the form's time has no fraction, and the scheduler compares seconds.
  auto opens = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now() +
                                                                  kEmbargoAhead);
  ASSERT_EQ(publish(e, "schedule", utc_local_time(opens)), 303);
  ASSERT_EQ(sqlite_value(db_, "SELECT status FROM articles WHERE id = " + e.id), "scheduled");
  auto path = "/articles/" + e.slug;
  if (std::chrono::system_clock::now() + 1s < opens) {
    for (auto who : kEveryone) {
      auto r = get(path, who);
      EXPECT_EQ(r.status, 404) << name_of(who) << " before its time";
      EXPECT_FALSE(has(r.body, e.word)) << name_of(who);
    }
  }
  auto deadline = std::chrono::steady_clock::now() + kEmbargoOpens;
  HttpResponse r;
  do {
    std::this_thread::sleep_for(250ms);
    r = get(path, Who::Granted);
  } while (!has(r.body, e.word) && std::chrono::steady_clock::now() < deadline);
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(has(r.body, e.word)) << "the granted member reads it once it is published";
  EXPECT_GE(std::chrono::system_clock::now(), opens);
  auto teaser = get(path);
  EXPECT_EQ(teaser.status, 200);
  EXPECT_TRUE(has(teaser.body, e.title));
  EXPECT_FALSE(has(teaser.body, e.word));
  EXPECT_FALSE(has(get(path, Who::Other).body, e.word));
  EXPECT_FALSE(has(get("/feed.xml").body, e.slug));
}

// Last: it changes the rule's inputs the other tests read.
TEST_F(AccessMatrixE2e, ChangesFromTheCliReachTheRunningServerWithinSeconds) {
  auto path = "/articles/" + public_one().slug;
  ASSERT_TRUE(has(get(path).body, public_one().word));
  ASSERT_TRUE(has(get("/feed.xml").body, path));
  ASSERT_TRUE(has(get("/comments/atom.xml").body, "Halvergrove"));
  cli({"article", "visibility", "--slug", public_one().slug, "--set", "clients"});
  auto deadline = std::chrono::steady_clock::now() + kNoticed;
  auto restricted = [&] {
    return !has(get(path).body, public_one().word) && !has(get("/feed.xml").body, path);
  };
  while (!restricted() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(100ms);
  auto page = get(path);
  EXPECT_EQ(page.status, 200);
  EXPECT_TRUE(has(page.body, public_one().title));
  EXPECT_FALSE(has(page.body, public_one().word)) << "the teaser, within 5 s";
  EXPECT_FALSE(has(get("/feed.xml").body, path));
  EXPECT_FALSE(has(get("/comments/atom.xml").body, "Halvergrove"));
  EXPECT_FALSE(has(get(path + "/comments/atom.xml").body, "Halvergrove"));
  EXPECT_FALSE(has(get("/").body, path)) << "nor in the home page's boxes";
  EXPECT_FALSE(has(get("/search?q=" + public_one().word).body, path));

  ASSERT_FALSE(has(get("/articles/" + clients().slug, Who::Other).body, clients().word));
  cli({"client", "grant", "--client", "Other Agency", "--article", clients().slug});
  deadline = std::chrono::steady_clock::now() + kNoticed;
  while (!has(get("/articles/" + clients().slug, Who::Other).body, clients().word) &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(100ms);
  EXPECT_TRUE(has(get("/articles/" + clients().slug, Who::Other).body, clients().word))
      << "the second organisation reads the report within 5 s of its grant";
  EXPECT_EQ(get("/media/" + clients().body_file, Who::Other).status, 200);
}

}  // namespace
}  // namespace dossier::test
