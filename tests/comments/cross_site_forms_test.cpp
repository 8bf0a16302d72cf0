// Every public form refuses a post another website made a reader's browser send
// (http/cross_site.hpp): the comment form (post and preview), the mailed comment links (stop,
// delete), and the newsletter's subscribe, unsubscribe and preferences forms. Posts from this
// site, from a sibling site, and from clients sending neither header keep working, and so does
// RFC 8058's one-click unsubscription, which mail providers send from elsewhere.
#include <gtest/gtest.h>

#include <soci/soci.h>
#include <nlohmann/json.hpp>

#include "support/newsroom_stack.hpp"

namespace dossier::comments {
namespace {

constexpr char const* kArticle = "/articles/harbour-talks-continue";
constexpr char const* kHost = "news.example.test";

using Headers = std::vector<std::pair<std::string, std::string>>;

// What a browser sends with a form another website made it post.
Headers const kCrossSite = {{"sec-fetch-site", "cross-site"}, {"origin", "https://evil.example"}};
// An older browser without Fetch Metadata, on another website.
Headers const kForeignOrigin = {{"origin", "https://evil.example"}};
// A browser on this site's own page.
Headers const kSameOrigin = {{"sec-fetch-site", "same-origin"},
                             {"origin", std::string("https://") + kHost}};
// An older browser on this site's own page.
Headers const kOwnOrigin = {{"origin", std::string("https://") + kHost}};
// A sibling site of the same registrable domain.
Headers const kSameSite = {{"sec-fetch-site", "same-site"},
                           {"origin", "https://blog.example.test"}};
// curl, a script, a mail provider's server.
Headers const kNoHeaders = {};

class CrossSiteFormsTest : public test::NewsroomStack, public ::testing::Test {
 protected:
  CrossSiteFormsTest() : NewsroomStack("dossier-cross-site") {
    auto editor = add_user("editor@example.org", auth::Role::Editor);
    publishing::ArticleInput in;
    in.title = "Harbour talks continue";
    in.body_markdown = "Text.";
    in.author_id = editor.id;
    in.status = publishing::ArticleStatus::Published;
    in.published_at = time_.load() - 3600;
    publishing_->add_article(in);
  }

  // A POST of a form body with the browser's headers, through the server's dispatch.
  http::Response send(std::string const& target, std::string const& body, Headers const& extra,
                      std::string const& remote = "192.0.2.10") {
    http::Request req;
    req.method = http::Method::Post;
    req.target = target;
    req.path = target;
    req.remote_address = remote;
    req.headers = {{"host", kHost}, {"content-type", "application/x-www-form-urlencoded"}};
    req.headers.insert(req.headers.end(), extra.begin(), extra.end());
    req.body = body;
    return app::dispatch(router_, *site_, req);
  }

  static bool refused(http::Response const& r) {
    return r.status == 403 && r.body.find("sent from another website") != std::string::npos &&
           r.header("Cache-Control") == "no-store";
  }

  // A comment form's body with a token the reader got five seconds ago.
  std::string comment_body(std::string const& action, std::string const& email) {
    auto token = nlohmann::json::parse(get(std::string(kArticle) + "/comments/token").body)
                     .value("token", "");
    advance(5);
    return "name=Reader&email=" + percent_encode(email) + "&body=A+fair+point.&action=" + action +
           "&token=" + percent_encode(token);
  }

  long long count(std::string const& sql_text) {
    soci::session sql(db_->pool());
    long long n = 0;
    sql << sql_text, soci::into(n);
    return n;
  }

  // An approved comment asking for reply mail (confirmed); returns its id.
  Id approved_comment(std::string const& email) {
    auto r = send(std::string(kArticle) + "/comments", comment_body("post", email), kNoHeaders,
                  "198.51.100." + std::to_string(++comments_));
    EXPECT_EQ(r.status, 200) << r.body;
    soci::session sql(db_->pool());
    long long id = 0;
    sql << "SELECT MAX(id) FROM comments", soci::into(id);
    EXPECT_TRUE(comment_service_->moderate({id}, Moderation::Approve).ok());
    sql << "UPDATE comments SET notify_replies = 2 WHERE id = :id", soci::use(id);
    return id;
  }

  long long subscriber(std::string const& email) {
    EXPECT_TRUE(subscriptions_->subscribe(email, "192.0.2.99").ok());
    soci::session sql(db_->pool());
    long long id = 0;
    sql << "SELECT id FROM subscribers WHERE email = :e", soci::use(email), soci::into(id);
    sql << "UPDATE subscribers SET status = 'active' WHERE id = :id", soci::use(id);
    return id;
  }

  std::string status_of(long long subscriber_id) {
    soci::session sql(db_->pool());
    std::string status;
    sql << "SELECT status FROM subscribers WHERE id = :id", soci::use(subscriber_id),
        soci::into(status);
    return status;
  }

  std::string path_of(std::string const& link) { return link.substr(site_url_.size()); }

  int comments_ = 0;
};

TEST_F(CrossSiteFormsTest, TheCommentFormRefusesAnotherSitesPostsAndPreviews) {
  for (auto const* action : {"post", "preview"}) {
    for (auto const& headers : {kCrossSite, kForeignOrigin}) {
      auto r =
          send(std::string(kArticle) + "/comments", comment_body(action, "a@example.org"), headers);
      EXPECT_TRUE(refused(r)) << action << ": " << r.status;
      EXPECT_EQ(r.body.find("A fair point."), std::string::npos) << "no preview either";
    }
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM comments"), 0);
  int i = 0;
  for (auto const& headers : {kSameOrigin, kOwnOrigin, kSameSite, kNoHeaders}) {
    auto email = "ok" + std::to_string(i++) + "@example.org";
    auto preview = send(std::string(kArticle) + "/comments", comment_body("preview", email),
                        headers, "203.0.113." + std::to_string(i));
    EXPECT_EQ(preview.status, 200) << preview.body;
    auto posted = send(std::string(kArticle) + "/comments", comment_body("post", email), headers,
                       "203.0.113." + std::to_string(i));
    EXPECT_EQ(posted.status, 200) << posted.body;
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM comments"), 4);
}

TEST_F(CrossSiteFormsTest, TheMailedCommentLinksRefuseAnotherSitesPosts) {
  auto id = approved_comment("reader@example.org");
  auto stop = path_of(comment_service_->stop_link(id));
  auto remove = path_of(comment_service_->delete_link(id));
  for (auto const& headers : {kCrossSite, kForeignOrigin}) {
    EXPECT_TRUE(refused(send(stop, "", headers)));
    EXPECT_TRUE(refused(send(remove, "", headers)));
  }
  EXPECT_EQ(count("SELECT notify_replies FROM comments"), 2) << "still asked for";
  EXPECT_EQ(count("SELECT comment_count FROM articles"), 1) << "not deleted";
  EXPECT_EQ(send(stop, "", kSameOrigin).status, 200);
  EXPECT_EQ(count("SELECT notify_replies FROM comments"), 0);
  EXPECT_EQ(send(remove, "", kOwnOrigin).status, 200);
  EXPECT_EQ(count("SELECT comment_count FROM articles"), 0);
  auto other = approved_comment("other@example.org");
  EXPECT_EQ(send(path_of(comment_service_->delete_link(other)), "", kNoHeaders).status, 200);
  EXPECT_EQ(count("SELECT comment_count FROM articles"), 0);
}

TEST_F(CrossSiteFormsTest, SubscribingRefusesAnotherSitesPosts) {
  for (auto const& headers : {kCrossSite, kForeignOrigin})
    EXPECT_TRUE(refused(send("/subscribe", "email=victim%40example.org", headers)));
  EXPECT_EQ(count("SELECT COUNT(*) FROM subscribers"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 0) << "no mail asked anyone anything";
  EXPECT_EQ(send("/subscribe", "email=a%40example.org", kSameOrigin).status, 200);
  EXPECT_EQ(send("/subscribe", "email=b%40example.org", kSameSite).status, 200);
  EXPECT_EQ(send("/subscribe", "email=c%40example.org", kNoHeaders).status, 200);
  EXPECT_EQ(count("SELECT COUNT(*) FROM subscribers"), 3);
}

TEST_F(CrossSiteFormsTest, UnsubscribingAndPreferencesRefuseAnotherSitesPosts) {
  auto id = subscriber("reader@example.org");
  auto unsubscribe = path_of(subscriptions_->link(newsletter::LinkPurpose::Unsubscribe, id));
  auto manage = path_of(subscriptions_->link(newsletter::LinkPurpose::Manage, id));
  for (auto const& headers : {kCrossSite, kForeignOrigin}) {
    EXPECT_TRUE(refused(send(unsubscribe, "", headers)));
    EXPECT_TRUE(refused(send(manage, "action=unsubscribe", headers)));
    EXPECT_TRUE(refused(send(manage, "list=1", headers)));
  }
  EXPECT_EQ(status_of(id), "active");
  EXPECT_EQ(send(manage, "action=save", kSameOrigin).status, 200);
  EXPECT_EQ(status_of(id), "active");
  EXPECT_EQ(send(unsubscribe, "", kOwnOrigin).status, 200);
  EXPECT_EQ(status_of(id), "unsubscribed");
}

TEST_F(CrossSiteFormsTest, OneClickUnsubscribingWorksFromAnywhere) {
  // RFC 8058: the mail provider posts List-Unsubscribe=One-Click from its own servers (no
  // headers) or from its webmail's pages (another site).
  auto by_server = subscriber("one@example.org");
  auto by_webmail = subscriber("two@example.org");
  auto url = [&](long long id) {
    return path_of(subscriptions_->link(newsletter::LinkPurpose::Unsubscribe, id));
  };
  EXPECT_EQ(send(url(by_server), "List-Unsubscribe=One-Click", kNoHeaders).status, 200);
  EXPECT_EQ(status_of(by_server), "unsubscribed");
  EXPECT_EQ(send(url(by_webmail), "List-Unsubscribe=One-Click", kCrossSite).status, 200);
  EXPECT_EQ(status_of(by_webmail), "unsubscribed");
  auto other = subscriber("three@example.org");
  EXPECT_TRUE(refused(send(url(other), "List-Unsubscribe=Something-Else", kCrossSite)));
  EXPECT_EQ(status_of(other), "active");
}

}  // namespace
}  // namespace dossier::comments
