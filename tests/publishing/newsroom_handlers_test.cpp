// The editor's page over the newsroom's routes, in-process: the "Preview link" notice shows
// only a link this server signed for the article on screen, whatever the address says.
#include <gtest/gtest.h>

#include "core/strings.hpp"
#include "publishing/preview_links.hpp"
#include "support/newsroom_stack.hpp"

namespace dossier::publishing {
namespace {

class NewsroomHandlersTest : public test::NewsroomStack, public ::testing::Test {
 protected:
  NewsroomHandlersTest() : NewsroomStack("dossier-newsroom-handlers") {
    add_user("editor@example.org", auth::Role::Editor);
    csrf_ = sign_in(editor_, "editor@example.org");
    first_ = create("Embargoed analysis");
    second_ = create("Another draft");
  }

  long long create(std::string const& title) {
    auto r = post(editor_, "/admin/articles",
                  {{"_csrf", csrf_},
                   {"title", title},
                   {"kind", "news"},
                   {"body", "Some text."},
                   {"action", "save"}});
    if (r.status != 303) throw std::runtime_error("create failed: " + r.body);
    auto loc = std::string(r.header("Location"));
    return std::stoll(loc.substr(std::string("/admin/articles/").size()));
  }

  // The preview link the server makes for an article, from its redirect.
  std::string made_link(long long id) {
    auto r = post(editor_, "/admin/articles/" + std::to_string(id) + "/preview-link",
                  {{"_csrf", csrf_}});
    EXPECT_EQ(r.status, 303);
    auto loc = std::string(r.header("Location"));
    auto at = loc.find("?preview=");
    EXPECT_NE(at, std::string::npos) << loc;
    return percent_decode(loc.substr(at + 9)).value_or("");
  }

  http::Response editor_with(long long id, std::string const& link) {
    return get(editor_,
               "/admin/articles/" + std::to_string(id) + "?preview=" + percent_encode(link));
  }

  static bool shows_notice(http::Response const& r) {
    return r.body.find("Preview link (works for") != std::string::npos;
  }

  Client editor_;
  std::string csrf_;
  long long first_ = 0;
  long long second_ = 0;
};

TEST_F(NewsroomHandlersTest, TheLinkTheServerMadeIsShown) {
  auto link = made_link(first_);
  ASSERT_TRUE(link.starts_with("https://example.org/preview/")) << link;
  auto page = editor_with(first_, link);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(shows_notice(page));
  EXPECT_NE(page.body.find("href=\"" + link + "\""), std::string::npos) << page.body;
}

TEST_F(NewsroomHandlersTest, AForgedLinkInTheAddressIsNeverShown) {
  auto real = made_link(first_);
  auto token = real.substr(real.rfind('/') + 1);
  auto tampered = real;
  tampered.back() = tampered.back() == '0' ? '1' : '0';
  std::vector<std::string> forged = {
      "https://evil.example/phish",
      "javascript:alert(1)",
      "https://evil.example/preview/" + token,           // a real token on another host
      "https://example.org/preview/" + token + "/../x",  // a real token with a tail
      tampered,                                          // a broken signature
      "https://example.org/preview/",
      "\"><script>alert(1)</script>",
  };
  for (auto const& link : forged) {
    auto page = editor_with(first_, link);
    ASSERT_EQ(page.status, 200) << link;
    EXPECT_FALSE(shows_notice(page)) << link;
    EXPECT_EQ(page.body.find("evil.example"), std::string::npos) << link;
    EXPECT_EQ(page.body.find("<script>alert"), std::string::npos) << link;
  }
  // The first article's real link is not shown on the second article's page either.
  EXPECT_FALSE(shows_notice(editor_with(second_, real)));
  // An expired link is no longer worth showing.
  advance(kPreviewLinkSeconds + 1);
  EXPECT_FALSE(shows_notice(editor_with(first_, real)));
}

// The links themselves (publishing/preview_links.hpp), without the pages around them.
TEST(PreviewLinksTest, ALinkOpensItsArticleUntilItExpires) {
  UnixTime now = 1'790'000'000;
  PreviewLinks links("test-secret", "https://example.org", [&now] { return now; });
  auto link = links.make(42);
  std::string prefix = "https://example.org/preview/";
  ASSERT_TRUE(link.starts_with(prefix)) << link;
  auto token = link.substr(prefix.size());
  EXPECT_EQ(links.target(token), Id{42});
  EXPECT_EQ(links.verified(link, 42), link);
  EXPECT_EQ(links.verified(link, 43), "");
  EXPECT_EQ(links.verified("https://evil.example/preview/" + token, 42), "");
  // Signed with another secret: not ours.
  PreviewLinks other("another-secret", "https://example.org", [&now] { return now; });
  EXPECT_EQ(other.target(token), std::nullopt);
  now += kPreviewLinkSeconds + 1;
  EXPECT_EQ(links.target(token), std::nullopt);
  EXPECT_EQ(links.verified(link, 42), "");
}

}  // namespace
}  // namespace dossier::publishing
