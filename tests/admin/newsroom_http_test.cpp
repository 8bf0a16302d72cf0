// The newsroom over its route table, in-process (the same dispatch as the server): signing
// in, the CSRF check, each role's allowed and refused actions, concurrent edits, previews.
#include <gtest/gtest.h>

#include <soci/soci.h>

#include "media/media_store.hpp"
#include "support/newsroom_stack.hpp"

namespace dossier::admin {
namespace {

using http::Method;

class NewsroomHttpTest : public test::NewsroomStack, public ::testing::Test {
 protected:
  NewsroomHttpTest() : NewsroomStack("dossier-newsroom") {
    admin_ = add_user("admin@example.org", auth::Role::Admin);
    editor_ = add_user("editor@example.org", auth::Role::Editor);
    author_ = add_user("author@example.org", auth::Role::Author);
    contributor_ = add_user("contrib@example.org", auth::Role::Contributor);
  }

  long long articles() {
    soci::session sql(db_->pool());
    long long n = 0;
    sql << "SELECT COUNT(*) FROM articles", soci::into(n);
    return n;
  }

  // Creates an article through the editor form; returns the response.
  http::Response create(Client& c, std::string const& csrf, std::string const& title,
                        std::string const& action = "save") {
    return post(c, "/admin/articles",
                {{"_csrf", csrf},
                 {"title", title},
                 {"kind", "news"},
                 {"body", "Some text."},
                 {"action", action}});
  }

  static long long id_from(http::Response const& r) {
    auto loc = std::string(r.header("Location"));
    return std::stoll(loc.substr(std::string("/admin/articles/").size()));
  }

  auth::User admin_, editor_, author_, contributor_;
};

TEST_F(NewsroomHttpTest, SignedOutVisitorsAreSentToSignIn) {
  Client c;
  auto r = get(c, "/admin/articles?state=draft");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.header("Location"), "/admin/login?next=%2Fadmin%2Farticles%3Fstate%3Ddraft");
  auto before = articles();
  auto p = post(c, "/admin/articles", {{"title", "x"}, {"kind", "news"}});
  EXPECT_EQ(p.status, 401);
  EXPECT_EQ(articles(), before);
}

TEST_F(NewsroomHttpTest, SignInSetsASafeCookieAndGoesWhereAsked) {
  Client c;
  auto page = get(c, "/admin/login?next=/admin/users");
  auto token = hidden_value(page.body, "_csrf");
  ASSERT_FALSE(token.empty());
  auto r = post(c, "/admin/login",
                {{"_csrf", token},
                 {"email", "admin@example.org"},
                 {"password", "correct horse battery"},
                 {"next", "/admin/users"}});
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.header("Location"), "/admin/users");
  std::string session_cookie;
  for (auto const& [k, v] : r.headers)
    if (k == "Set-Cookie" && v.starts_with("dossier_session=")) session_cookie = v;
  EXPECT_NE(session_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(session_cookie.find("SameSite=Lax"), std::string::npos);
  EXPECT_EQ(get(c, "/admin/users").status, 200);
}

TEST_F(NewsroomHttpTest, SignInRefusesForgedFormsBadPasswordsAndForeignRedirects) {
  Client c;
  get(c, "/admin/login");
  auto forged = post(
      c, "/admin/login",
      {{"_csrf", "guess"}, {"email", "admin@example.org"}, {"password", "correct horse battery"}});
  EXPECT_EQ(forged.status, 403);
  EXPECT_FALSE(c.cookies.contains("dossier_session"));
  auto token = hidden_value(get(c, "/admin/login").body, "_csrf");
  auto wrong =
      post(c, "/admin/login",
           {{"_csrf", token}, {"email", "admin@example.org"}, {"password", "nope nope nope"}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_NE(wrong.body.find("not right"), std::string::npos);
  token = hidden_value(wrong.body, "_csrf");
  auto r = post(c, "/admin/login",
                {{"_csrf", token},
                 {"email", "admin@example.org"},
                 {"password", "correct horse battery"},
                 {"next", "//evil.example/admin"}});
  EXPECT_EQ(r.header("Location"), "/admin/articles");
}

TEST_F(NewsroomHttpTest, TooManyAttemptsAreAnsweredWith429) {
  Client c;
  for (int i = 0; i < 5; ++i) {
    auto token = hidden_value(get(c, "/admin/login").body, "_csrf");
    post(c, "/admin/login",
         {{"_csrf", token}, {"email", "author@example.org"}, {"password", "wrong!"}});
  }
  auto token = hidden_value(get(c, "/admin/login").body, "_csrf");
  auto r = post(
      c, "/admin/login",
      {{"_csrf", token}, {"email", "author@example.org"}, {"password", "correct horse battery"}});
  EXPECT_EQ(r.status, 429);
  EXPECT_NE(r.body.find("Too many"), std::string::npos);
}

TEST_F(NewsroomHttpTest, EveryNewsroomPageSendsTheSecurityHeaders) {
  Client c;
  sign_in(c, "admin@example.org");
  for (auto const* path : {"/admin/login", "/admin/articles", "/admin/articles/new", "/admin/users",
                           "/admin/profile"}) {
    auto r = get(c, path);
    EXPECT_EQ(r.header("Cache-Control"), "no-store") << path;
    auto csp = std::string(r.header("Content-Security-Policy"));
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << path;
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << path;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << path;
    EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff") << path;
    EXPECT_EQ(r.header("Referrer-Policy"), "same-origin") << path;
    EXPECT_EQ(r.body.find("<script>"), std::string::npos) << path << ": no inline script";
  }
}

TEST_F(NewsroomHttpTest, StateChangesWithoutTheSessionsCsrfTokenAreRefused) {
  Client c;
  auto csrf = sign_in(c, "editor@example.org");
  auto before = articles();
  EXPECT_EQ(create(c, "", "No token").status, 403);
  EXPECT_EQ(create(c, "a-token-from-elsewhere", "Wrong token").status, 403);
  Client other;
  auto other_csrf = sign_in(other, "author@example.org");
  EXPECT_EQ(create(c, other_csrf, "Another session's token").status, 403);
  EXPECT_EQ(articles(), before);
  EXPECT_EQ(create(c, csrf, "With the token").status, 303);
  EXPECT_EQ(articles(), before + 1);
}

TEST_F(NewsroomHttpTest, ContributorsWriteDraftsButNeverPublish) {
  Client c;
  auto csrf = sign_in(c, "contrib@example.org");
  auto before = articles();
  EXPECT_EQ(create(c, csrf, "Straight to the site", "publish").status, 403);
  EXPECT_EQ(articles(), before);
  auto made = create(c, csrf, "A draft for review", "submit");
  ASSERT_EQ(made.status, 303);
  auto id = id_from(made);
  auto editor_page = get(c, "/admin/articles/" + std::to_string(id));
  EXPECT_EQ(editor_page.body.find("value=\"publish\""), std::string::npos);
  auto base = hidden_value(editor_page.body, "base_revision");
  auto r = post(c, "/admin/articles/" + std::to_string(id),
                {{"_csrf", csrf},
                 {"title", "A draft for review"},
                 {"kind", "news"},
                 {"base_revision", base},
                 {"action", "publish"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(editorial_->load(id)->state, publishing::EditorialState::InReview);
  EXPECT_EQ(get(c, "/admin/users").status, 403);
  EXPECT_EQ(post(c, "/admin/users",
                 {{"_csrf", csrf}, {"email", "x@example.org"}, {"name", "X"}, {"role", "admin"}})
                .status,
            403);
}

TEST_F(NewsroomHttpTest, AuthorsTouchOnlyTheirOwnArticles) {
  Client editor;
  auto editor_csrf = sign_in(editor, "editor@example.org");
  auto theirs = id_from(create(editor, editor_csrf, "The editor's piece"));
  Client author;
  auto csrf = sign_in(author, "author@example.org");
  auto path = "/admin/articles/" + std::to_string(theirs);
  EXPECT_EQ(get(author, path).status, 403);
  auto base = std::to_string(editorial_->load(theirs)->revision_id);
  EXPECT_EQ(post(author, path,
                 {{"_csrf", csrf},
                  {"title", "Taken over"},
                  {"kind", "news"},
                  {"base_revision", base},
                  {"action", "save"}})
                .status,
            403);
  EXPECT_EQ(editorial_->load(theirs)->input.title, "The editor's piece");
  auto own = create(author, csrf, "My own piece", "publish");
  ASSERT_EQ(own.status, 303);
  EXPECT_EQ(editorial_->load(id_from(own))->state, publishing::EditorialState::Published);
  policy_.author_publishing = auth::AuthorPublishing::NeedsReview;
  EXPECT_EQ(create(author, csrf, "Not without review", "publish").status, 403);
}

TEST_F(NewsroomHttpTest, TheSecondOfTwoConcurrentSavesIsRefusedAndKeepsItsText) {
  Client first, second;
  auto csrf1 = sign_in(first, "editor@example.org");
  auto csrf2 = sign_in(second, "admin@example.org");
  auto id = id_from(create(first, csrf1, "Shared story"));
  auto path = "/admin/articles/" + std::to_string(id);
  auto base1 = hidden_value(get(first, path).body, "base_revision");
  auto base2 = hidden_value(get(second, path).body, "base_revision");
  ASSERT_EQ(base1, base2);
  auto ok = post(first, path,
                 {{"_csrf", csrf1},
                  {"title", "Shared story, first edit"},
                  {"kind", "news"},
                  {"body", "First."},
                  {"base_revision", base1},
                  {"action", "save"}});
  EXPECT_EQ(ok.status, 303);
  auto late = post(second, path,
                   {{"_csrf", csrf2},
                    {"title", "Shared story, second edit"},
                    {"kind", "news"},
                    {"body", "Second person's careful text."},
                    {"base_revision", base2},
                    {"action", "save"}});
  EXPECT_EQ(late.status, 409);
  EXPECT_NE(late.body.find("Someone else saved"), std::string::npos);
  EXPECT_NE(late.body.find("Second person&#39;s careful text."), std::string::npos)
      << "the refused text comes back in the form";
  EXPECT_EQ(editorial_->load(id)->input.title, "Shared story, first edit");
}

TEST_F(NewsroomHttpTest, AdminsAddUsersWithAOneTimeLink) {
  Client c;
  auto csrf = sign_in(c, "admin@example.org");
  auto r = post(
      c, "/admin/users",
      {{"_csrf", csrf}, {"email", "new@example.org"}, {"name", "New Analyst"}, {"role", "author"}});
  EXPECT_EQ(r.status, 201);
  auto at = r.body.find("/admin/password/");
  ASSERT_NE(at, std::string::npos);
  auto token = r.body.substr(at + 16, 43);
  Client newcomer;
  EXPECT_EQ(get(newcomer, "/admin/password/" + token).status, 200);
  auto set = post(newcomer, "/admin/password/" + token,
                  {{"password", "my first password"}, {"confirm", "my first password"}});
  EXPECT_EQ(set.status, 200);
  EXPECT_NO_THROW(sign_in(newcomer, "new@example.org", "my first password"));
  EXPECT_EQ(get(newcomer, "/admin/password/" + token).status, 404) << "used once";
}

TEST_F(NewsroomHttpTest, SignOutEndsTheSession) {
  Client c;
  auto csrf = sign_in(c, "author@example.org");
  auto session = c.cookies["dossier_session"];
  EXPECT_EQ(post(c, "/admin/logout", {{"_csrf", csrf}}).status, 303);
  EXPECT_FALSE(c.cookies.contains("dossier_session"));
  c.cookies["dossier_session"] = session;  // a copied cookie is dead too
  EXPECT_EQ(get(c, "/admin/articles").status, 303);
}

TEST_F(NewsroomHttpTest, PreviewLinksShowDraftsAndExpire) {
  Client c;
  auto csrf = sign_in(c, "editor@example.org");
  auto id = id_from(create(c, csrf, "Embargoed analysis"));
  auto r = post(c, "/admin/articles/" + std::to_string(id) + "/preview-link", {{"_csrf", csrf}});
  ASSERT_EQ(r.status, 303);
  auto loc = std::string(r.header("Location"));
  auto at = loc.find("%2Fpreview%2F");
  ASSERT_NE(at, std::string::npos) << loc;
  auto token = *percent_decode(loc.substr(at + 13));
  Client reader;
  auto page = get(reader, "/preview/" + token);
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Embargoed analysis"), std::string::npos);
  EXPECT_NE(page.body.find("not published"), std::string::npos);
  EXPECT_EQ(page.header("Cache-Control"), "no-store");
  EXPECT_TRUE(page.cache_keys.empty());
  auto tampered = token;
  tampered[0] = tampered[0] == '1' ? '2' : '1';
  EXPECT_EQ(get(reader, "/preview/" + tampered).status, 404);
  advance(publishing::kPreviewLinkSeconds + 1);
  EXPECT_EQ(get(reader, "/preview/" + token).status, 404);
}

TEST_F(NewsroomHttpTest, MarkdownPreviewUsesTheSafeRenderer) {
  Client c;
  auto csrf = sign_in(c, "author@example.org");
  auto r = post(
      c, "/admin/preview",
      {{"_csrf", csrf}, {"body", "**Bold** <script>alert(1)</script> [x](javascript:alert(1))"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<strong>Bold</strong>"), std::string::npos);
  EXPECT_EQ(r.body.find("<script>"), std::string::npos);
  EXPECT_EQ(r.body.find("javascript:"), std::string::npos);
}

TEST_F(NewsroomHttpTest, RevisionPagesShowTheDiff) {
  Client c;
  auto csrf = sign_in(c, "editor@example.org");
  auto id = id_from(create(c, csrf, "Ceasefire holds"));
  auto path = "/admin/articles/" + std::to_string(id);
  auto base = hidden_value(get(c, path).body, "base_revision");
  ASSERT_EQ(post(c, path,
                 {{"_csrf", csrf},
                  {"title", "Ceasefire holds"},
                  {"kind", "news"},
                  {"body", "Some text.\n\nA new closing line."},
                  {"base_revision", base},
                  {"action", "save"}})
                .status,
            303);
  auto list = get(c, path + "/revisions");
  EXPECT_EQ(list.status, 200);
  auto at = list.body.find("?against=");
  ASSERT_NE(at, std::string::npos);
  auto href_start = list.body.rfind("href=\"", at) + 6;
  auto href = list.body.substr(href_start, list.body.find('"', href_start) - href_start);
  auto diff = get(c, href);
  EXPECT_EQ(diff.status, 200) << href;
  EXPECT_NE(diff.body.find("class=\"line added\""), std::string::npos);
  EXPECT_NE(diff.body.find("A new closing line."), std::string::npos);
}

TEST_F(NewsroomHttpTest, AutosaveKeepsDraftsButNeverLiveArticles) {
  Client c;
  auto csrf = sign_in(c, "author@example.org");
  auto id = id_from(create(c, csrf, "Autosaved draft"));
  auto path = "/admin/articles/" + std::to_string(id);
  auto base = hidden_value(get(c, path).body, "base_revision");
  auto r = post(c, path + "/autosave",
                {{"_csrf", csrf},
                 {"title", "Autosaved draft"},
                 {"kind", "news"},
                 {"body", "Typed a little more."},
                 {"base_revision", base}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
  EXPECT_NE(r.body.find("\"revision\""), std::string::npos);
  EXPECT_EQ(editorial_->load(id)->input.body_markdown, "Typed a little more.");
  // The stale version an old tab still holds is refused, as for a manual save.
  auto stale = post(c, path + "/autosave",
                    {{"_csrf", csrf},
                     {"title", "Autosaved draft"},
                     {"kind", "news"},
                     {"body", "Old tab"},
                     {"base_revision", base}});
  EXPECT_EQ(stale.status, 409);
  auto now = std::to_string(editorial_->load(id)->revision_id);
  ASSERT_EQ(post(c, path,
                 {{"_csrf", csrf},
                  {"title", "Autosaved draft"},
                  {"kind", "news"},
                  {"body", "Final."},
                  {"base_revision", now},
                  {"action", "publish"}})
                .status,
            303);
  now = std::to_string(editorial_->load(id)->revision_id);
  auto live = post(c, path + "/autosave",
                   {{"_csrf", csrf},
                    {"title", "Changed live"},
                    {"kind", "news"},
                    {"body", "x"},
                    {"base_revision", now}});
  EXPECT_EQ(live.status, 409);
  EXPECT_EQ(editorial_->load(id)->input.title, "Autosaved draft");
}

TEST_F(NewsroomHttpTest, TheListFiltersAndPages) {
  Client c;
  auto csrf = sign_in(c, "editor@example.org");
  for (int i = 0; i < 27; ++i) create(c, csrf, "Briefing number " + std::to_string(i));
  create(c, csrf, "Published special", "publish");
  auto all = get(c, "/admin/articles").body;
  EXPECT_NE(all.find("28 articles"), std::string::npos);
  EXPECT_NE(all.find("Page 1 of 2"), std::string::npos);
  auto second = get(c, "/admin/articles?page=2").body;
  EXPECT_NE(second.find("Page 2 of 2"), std::string::npos);
  auto published = get(c, "/admin/articles?state=published").body;
  EXPECT_NE(published.find("1 articles"), std::string::npos);
  EXPECT_NE(published.find("Published special"), std::string::npos);
  auto titled = get(c, "/admin/articles?q=number+1").body;
  EXPECT_NE(titled.find("11 articles"), std::string::npos) << "1 and 10-19";
  auto nobody = get(c, "/admin/articles?author=" + std::to_string(author_.id)).body;
  EXPECT_NE(nobody.find("0 articles"), std::string::npos);
  EXPECT_NE(get(c, "/admin/articles?q=%25").body.find("0 articles"), std::string::npos)
      << "LIKE wildcards are taken literally";
}

TEST_F(NewsroomHttpTest, AuthorsKeepTheirProfileAndItShowsOnTheirPage) {
  Client c;
  auto csrf = sign_in(c, "author@example.org");
  soci::session sql(db_->pool());
  media::Media m;
  m.file = "2026/11/portrait.jpg";
  m.mime = "image/jpeg";
  m.width = 300;
  m.height = 300;
  m.alt = "Portrait of the author";
  auto photo = media::MediaStore::insert(sql, m, now_);
  auto bad =
      post(c, "/admin/profile",
           {{"_csrf", csrf}, {"name", "A. Author"}, {"bio", "Writes."}, {"photo_media_id", "999"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("no image number 999"), std::string::npos);
  auto ok = post(c, "/admin/profile",
                 {{"_csrf", csrf},
                  {"name", "A. Author"},
                  {"bio", "Covers the Arctic."},
                  {"photo_media_id", std::to_string(photo)}});
  EXPECT_EQ(ok.status, 303) << ok.body;
  auto page = get("/author/" + author_.slug);
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Covers the Arctic."), std::string::npos);
  EXPECT_NE(page.body.find("src=\"/media/2026/11/portrait.jpg\" alt=\"Portrait of the author\""),
            std::string::npos);
}

TEST_F(NewsroomHttpTest, TheHeroImageIsCheckedAndItsTextsEditedFromTheEditor) {
  Client c;
  auto csrf = sign_in(c, "editor@example.org");
  auto before = articles();
  auto missing = post(c, "/admin/articles",
                      {{"_csrf", csrf},
                       {"title", "No such image"},
                       {"kind", "news"},
                       {"hero_media_id", "4242"},
                       {"action", "publish"}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(missing.body.find("no image number 4242"), std::string::npos);
  EXPECT_EQ(articles(), before);
  soci::session sql(db_->pool());
  media::Media m;
  m.file = "2026/11/harbour.jpg";
  m.mime = "image/jpeg";
  m.width = 1200;
  m.height = 800;
  auto image = media::MediaStore::insert(sql, m, now_);
  auto made = post(c, "/admin/articles",
                   {{"_csrf", csrf},
                    {"title", "Harbour reopens"},
                    {"kind", "news"},
                    {"hero_media_id", std::to_string(image)},
                    {"hero_alt", "Cranes at dusk"},
                    {"hero_caption", "The container terminal"},
                    {"hero_credit", "Photo: Desk"},
                    {"action", "publish"}});
  ASSERT_EQ(made.status, 303) << made.body;
  auto page = get("/articles/harbour-reopens").body;
  EXPECT_NE(page.find("alt=\"Cranes at dusk\""), std::string::npos);
  EXPECT_NE(page.find("The container terminal"), std::string::npos);
  EXPECT_NE(page.find("Photo: Desk"), std::string::npos);
  auto editor_page = get(c, "/admin/articles/" + std::to_string(id_from(made))).body;
  EXPECT_NE(editor_page.find("value=\"The container terminal\""), std::string::npos);
}

TEST_F(NewsroomHttpTest, TheEditorKeepsTheBodysLineBreaks) {
  Client c;
  auto csrf = sign_in(c, "author@example.org");
  auto made = post(c, "/admin/articles",
                   {{"_csrf", csrf},
                    {"title", "Paragraphs"},
                    {"kind", "news"},
                    {"body", "First line.\n\n- item\n- item"},
                    {"action", "save"}});
  auto page = get(c, "/admin/articles/" + std::to_string(id_from(made)));
  EXPECT_NE(page.body.find(">First line.\n\n- item\n- item</textarea>"), std::string::npos);
}

TEST_F(NewsroomHttpTest, NavigationShowsWhatTheRoleMayUse) {
  Client author, admin;
  sign_in(author, "author@example.org");
  sign_in(admin, "admin@example.org");
  auto a = get(author, "/admin/articles").body;
  auto b = get(admin, "/admin/articles").body;
  EXPECT_NE(a.find("href=\"/admin/media\""), std::string::npos);
  EXPECT_EQ(a.find("href=\"/admin/users\""), std::string::npos);
  EXPECT_NE(b.find("href=\"/admin/users\""), std::string::npos);
  EXPECT_NE(b.find("aria-current=\"page\">Articles"), std::string::npos);
}

}  // namespace
}  // namespace dossier::admin
