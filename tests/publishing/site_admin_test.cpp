// Site settings, categories and tags from the newsroom: what changes, what is refused, and
// that renamed categories and tags keep their old addresses with 301s.
#include <gtest/gtest.h>

#include <soci/soci.h>

#include "publishing/events.hpp"
#include "publishing/taxonomy_store.hpp"
#include "support/newsroom_stack.hpp"

namespace dossier::publishing {
namespace {

class SiteAdminTest : public test::NewsroomStack, public ::testing::Test {
 protected:
  SiteAdminTest() : NewsroomStack("dossier-site-admin") {
    events_.subscribe<SiteChanged>([this](SiteChanged const& c) {
      invalidated_.insert(invalidated_.end(), c.cache_keys.begin(), c.cache_keys.end());
    });
    add_user("admin@example.org", auth::Role::Admin);
    editor_ = add_user("editor@example.org", auth::Role::Editor);
    add_user("author@example.org", auth::Role::Author);
    soci::session sql(db_->pool());
    Category c;
    c.slug = "europe";
    c.name = "Europe";
    europe_ = TaxonomyStore::insert_category(sql, c);
    c.slug = "asia";
    c.name = "Asia";
    asia_ = TaxonomyStore::insert_category(sql, c);
    tag_ = TaxonomyStore::insert_tag(sql, Tag{0, "arctic", "Arctic"});
    ArticleInput in;
    in.title = "Filed under Europe";
    in.author_id = editor_.id;
    in.status = ArticleStatus::Published;
    in.published_at = now_ - 60;
    in.category_ids = {europe_};
    in.tag_ids = {tag_};
    publishing_->add_article(in);
  }

  std::vector<std::string> invalidated_;
  auth::User editor_;
  Id europe_ = 0, asia_ = 0, tag_ = 0;
};

TEST_F(SiteAdminTest, SettingsChangeTheSiteAndItsPages) {
  Client c;
  auto csrf = sign_in(c, "admin@example.org");
  auto r = post(c, "/admin/settings",
                {{"_csrf", csrf},
                 {"title", "Harbour Institute"},
                 {"tagline", "Ports and power"},
                 {"about", "We study ports."},
                 {"contact_email", "desk@example.org"},
                 {"copyright_start", "2011"},
                 {"menu_links", "About us | /about\nEvents | https://events.example.org"},
                 {"social_links", "Mastodon | https://social.example/@harbour"}});
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_NE(std::find(invalidated_.begin(), invalidated_.end(), "site"), invalidated_.end());
  auto home = get("/").body;
  EXPECT_NE(home.find("Harbour Institute"), std::string::npos);
  EXPECT_NE(home.find("Ports and power"), std::string::npos);
  EXPECT_NE(home.find("href=\"https://events.example.org\">Events</a>"), std::string::npos);
  EXPECT_NE(home.find("rel=\"me\">Mastodon</a>"), std::string::npos);
  EXPECT_NE(home.find("2011–"), std::string::npos);
}

TEST_F(SiteAdminTest, BadSettingsAreRefusedAndChangeNothing) {
  Client c;
  auto csrf = sign_in(c, "admin@example.org");
  auto before = get("/").body;
  for (auto const& [field, value] : std::vector<std::pair<std::string, std::string>>{
           {"menu_links", "Click | javascript:alert(1)"},
           {"menu_links", "no bar here"},
           {"social_links", "Proto | //evil.example"},
           {"title", ""},
           {"copyright_start", "last year"},
           {"contact_email", "not an address"}}) {
    std::vector<std::pair<std::string, std::string>> fields{
        {"_csrf", csrf}, {"title", "Changed title"}, {"tagline", "t"}};
    bool replaced = false;
    for (auto& f : fields)
      if (f.first == field) f.second = value, replaced = true;
    if (!replaced) fields.emplace_back(field, value);
    auto r = post(c, "/admin/settings", fields);
    EXPECT_EQ(r.status, 400) << field << "=" << value;
    EXPECT_NE(r.body.find("nr-error"), std::string::npos);
  }
  EXPECT_EQ(get("/").body, before);
  EXPECT_TRUE(invalidated_.empty());
}

TEST_F(SiteAdminTest, OnlyAdminsChangeSettingsAndOnlyEditorsTheTaxonomy) {
  Client editor, author;
  auto editor_csrf = sign_in(editor, "editor@example.org");
  auto author_csrf = sign_in(author, "author@example.org");
  EXPECT_EQ(get(editor, "/admin/settings").status, 403);
  EXPECT_EQ(post(editor, "/admin/settings", {{"_csrf", editor_csrf}, {"title", "Mine"}}).status,
            403);
  EXPECT_EQ(get(editor, "/admin/taxonomy").status, 200);
  EXPECT_EQ(get(author, "/admin/taxonomy").status, 403);
  EXPECT_EQ(post(author, "/admin/categories", {{"_csrf", author_csrf}, {"name", "Mine"}}).status,
            403);
  EXPECT_EQ(site_admin_->categories().size(), 2u);
}

TEST_F(SiteAdminTest, RenamedCategoriesAndTagsRedirectFromTheirOldAddresses) {
  Client c;
  auto csrf = sign_in(c, "editor@example.org");
  auto r = post(c, "/admin/categories/" + std::to_string(europe_),
                {{"_csrf", csrf},
                 {"name", "Europe and Eurasia"},
                 {"slug", "europe-eurasia"},
                 {"position", "1"},
                 {"action", "save"}});
  ASSERT_EQ(r.status, 303) << r.body;
  auto old = get("/category/europe");
  EXPECT_EQ(old.status, 301);
  EXPECT_EQ(old.header("Location"), "/category/europe-eurasia");
  EXPECT_EQ(get("/category/europe/page/2").header("Location"), "/category/europe-eurasia/page/2");
  EXPECT_EQ(get("/category/europe-eurasia").status, 200);
  EXPECT_NE(get("/").body.find("Europe and Eurasia"), std::string::npos) << "navigation renamed";

  ASSERT_EQ(
      post(c, "/admin/tags/" + std::to_string(tag_),
           {{"_csrf", csrf}, {"name", "The Arctic"}, {"slug", "the-arctic"}, {"action", "save"}})
          .status,
      303);
  EXPECT_EQ(get("/tag/arctic").header("Location"), "/tag/the-arctic");
  EXPECT_EQ(get("/tag/the-arctic").status, 200);
}

TEST_F(SiteAdminTest, CategoriesInUseAreNotDeletedAndSlugsStayUnique) {
  Client c;
  auto csrf = sign_in(c, "editor@example.org");
  auto used = post(c, "/admin/categories/" + std::to_string(europe_),
                   {{"_csrf", csrf}, {"action", "delete"}});
  EXPECT_EQ(used.status, 409);
  EXPECT_NE(used.body.find("used by 1 articles"), std::string::npos);
  auto clash = post(c, "/admin/categories/" + std::to_string(asia_),
                    {{"_csrf", csrf}, {"name", "Asia"}, {"slug", "europe"}, {"action", "save"}});
  EXPECT_EQ(clash.status, 409);
  auto deep = post(c, "/admin/categories",
                   {{"_csrf", csrf}, {"name", "Balkans"}, {"parent_id", std::to_string(europe_)}});
  EXPECT_EQ(deep.status, 303);
  auto balkans = site_admin_->categories();
  Id balkans_id = 0;
  for (auto const& row : balkans)
    if (row.name == "Balkans") balkans_id = row.id;
  ASSERT_NE(balkans_id, 0);
  auto third_level =
      post(c, "/admin/categories",
           {{"_csrf", csrf}, {"name", "Serbia"}, {"parent_id", std::to_string(balkans_id)}});
  EXPECT_EQ(third_level.status, 400);
  EXPECT_EQ(
      post(c, "/admin/categories/" + std::to_string(asia_), {{"_csrf", csrf}, {"action", "delete"}})
          .status,
      303);
  EXPECT_EQ(get("/category/asia").status, 404);
  EXPECT_EQ(site_admin_->categories().size(), 2u);
}

}  // namespace
}  // namespace dossier::publishing
