#include "wordpress/wxr_reader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/test_paths.hpp"

namespace dossier::wordpress {
namespace {

std::string fixture(std::string const& name) {
  return test::test_dir() + "/fixtures/wordpress/" + name;
}

std::string slurp(std::string const& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

UnixTime utc(char const* rfc3339) {
  return parse_rfc3339(rfc3339).value();
}

WxrExport read_ok(std::string const& name) {
  auto r = read_wxr_export(fixture(name));
  EXPECT_TRUE(r.ok()) << name << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? std::move(r.value()) : WxrExport{};
}

WxrItem const& item_by_id(WxrExport const& e, WpId id) {
  auto it = std::find_if(e.items.begin(), e.items.end(), [&](auto const& i) { return i.id == id; });
  if (it == e.items.end()) throw std::runtime_error("no item " + std::to_string(id));
  return *it;
}

WxrComment const& comment_by_id(WxrItem const& item, WpId id) {
  auto it = std::find_if(item.comments.begin(), item.comments.end(),
                         [&](auto const& c) { return c.id == id; });
  if (it == item.comments.end()) throw std::runtime_error("no comment " + std::to_string(id));
  return *it;
}

Error read_error(std::string const& name) {
  auto r = read_wxr(fixture(name), WxrVisitor{});
  EXPECT_FALSE(r.ok()) << name << " was read as a valid export";
  return r.ok() ? Error{ErrorKind::Internal, ""} : r.error();
}

// A valid export of `count` small posts, built in memory.
std::string generated_export(int count, std::string const& body = "<p>Field notes.</p>") {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" "
      "xmlns:wp=\"http://wordpress.org/export/1.2/\" "
      "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n<channel>\n"
      "<title>Generated</title><wp:wxr_version>1.2</wp:wxr_version>\n";
  for (int i = 1; i <= count; ++i) {
    xml += "<item><title>Post " + std::to_string(i) + "</title><wp:post_id>" + std::to_string(i) +
           "</wp:post_id><wp:post_type>post</wp:post_type><content:encoded><![CDATA[" + body +
           "]]></content:encoded></item>\n";
  }
  xml += "</channel>\n</rss>\n";
  return xml;
}

TEST(WxrReader, ReportsProgressAboutAHundredTimesUpToTheWholeFile) {
  auto xml = generated_export(20000);
  ASSERT_GT(xml.size(), 1'000'000u);
  std::vector<std::pair<std::uint64_t, std::uint64_t>> calls;
  WxrVisitor visit;
  visit.progress = [&](std::uint64_t done, std::uint64_t total) {
    calls.emplace_back(done, total);
  };
  ASSERT_TRUE(read_wxr_text(xml, visit).ok());
  ASSERT_GE(calls.size(), 50u);
  EXPECT_LE(calls.size(), 101u);
  for (std::size_t i = 0; i < calls.size(); ++i) {
    EXPECT_EQ(calls[i].second, xml.size());
    if (i > 0) EXPECT_GT(calls[i].first, calls[i - 1].first);
  }
  EXPECT_EQ(calls.back().first, xml.size()) << "the last call says the whole file was read";
}

TEST(WxrReader, HandsOnTheSiteOnceBeforeTheFirstItem) {
  std::vector<std::string> order;
  WxrVisitor visit;
  visit.site = [&](WxrSite const& s) { order.push_back("site " + s.wxr_version); };
  visit.author = [&](WxrAuthor&& a) { order.push_back("author " + a.login); };
  visit.category = [&](WxrTerm&& t) { order.push_back("category " + t.slug); };
  visit.tag = [&](WxrTerm&& t) { order.push_back("tag " + t.slug); };
  visit.item = [&](WxrItem&& i) -> Result<Unit> {
    order.push_back("item " + std::to_string(i.id));
    return Unit{};
  };
  ASSERT_TRUE(read_wxr(fixture("institute-1.1.xml"), visit).ok());
  EXPECT_EQ(order, (std::vector<std::string>{"author ilse", "category field-notes", "tag rivers",
                                             "site 1.1", "item 7"}));
}

TEST(WxrReader, HandsOnTheSiteOfAnExportWithoutItems) {
  int sites = 0;
  WxrVisitor visit;
  visit.site = [&](WxrSite const& s) {
    ++sites;
    EXPECT_EQ(s.title, "Generated");
  };
  ASSERT_TRUE(read_wxr_text(generated_export(0), visit).ok());
  EXPECT_EQ(sites, 1);
}

TEST(WxrReader, AVisitorErrorStopsTheRead) {
  std::vector<WpId> seen;
  WxrVisitor visit;
  visit.item = [&](WxrItem&& item) -> Result<Unit> {
    seen.push_back(item.id);
    if (item.id == 3) return Error{ErrorKind::Conflict, "post 3 clashes"};
    return Unit{};
  };
  auto r = read_wxr_text(generated_export(10), visit);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Conflict);
  EXPECT_EQ(r.error().message, "post 3 clashes");
  EXPECT_EQ(seen, (std::vector<WpId>{1, 2, 3}));
}

TEST(WxrReader, RefusesAnIdThatIsNotANumber) {
  auto xml = generated_export(1);
  xml.replace(xml.find("<wp:post_id>1<"), 14, "<wp:post_id>x1<");
  auto r = read_wxr_text(xml, WxrVisitor{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(r.error().message, "line 5: <wp:post_id> holds \"x1\", not an id");
}

TEST(WxrReader, RefusesADocumentThatIsNotRss) {
  auto r = read_wxr_text("<?xml version=\"1.0\"?><feed><entry/></feed>", WxrVisitor{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "not a WordPress export (the document is <feed>, not an RSS feed)");
  r = read_wxr_text("<rss version=\"2.0\"></rss>", WxrVisitor{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "not a WordPress export (the RSS document has no <channel>)");
}

TEST(WxrReader, ReadsTheSameBytesFromMemoryAsFromAFile) {
  std::vector<std::string> from_file, from_memory;
  auto visitor = [](std::vector<std::string>& out) {
    WxrVisitor v;
    v.item = [&out](WxrItem&& i) -> Result<Unit> {
      out.push_back(i.title + "|" + i.content_html);
      return Unit{};
    };
    return v;
  };
  ASSERT_TRUE(read_wxr(fixture("institute-1.2.xml"), visitor(from_file)).ok());
  ASSERT_TRUE(read_wxr_text(slurp(fixture("institute-1.2.xml")), visitor(from_memory)).ok());
  EXPECT_EQ(from_file, from_memory);
  EXPECT_EQ(from_file.size(), 13u);
}

// libxml2 refuses one text node above 10 MB (XML_PARSE_HUGE is never passed), and it merges
// adjacent CDATA sections into one node; the reader's own bound adds up the nodes of one element,
// so two sections of 9 MB kept apart by comments cross it.
TEST(WxrReader, RefusesAnElementAboveTheTextBound) {
  std::string section = "<![CDATA[" + std::string(9'000'000, 'a') + "]]><!-- apart -->";
  std::string body;
  for (int i = 0; i < 2; ++i) body += section;
  auto xml = generated_export(1);
  xml.replace(xml.find("<![CDATA[<p>Field notes.</p>]]>"), 31, body);
  bool item_seen = false;
  WxrVisitor visit;
  visit.item = [&](WxrItem&&) -> Result<Unit> {
    item_seen = true;
    return Unit{};
  };
  auto r = read_wxr_text(xml, visit);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
  EXPECT_NE(r.error().message.find("line 5: an element holds more than 16 MiB of text"),
            std::string::npos)
      << r.error().message;
  EXPECT_FALSE(item_seen);
}

TEST(WxrReader, RefusesOneTextNodeAboveLibxml2sLimit) {
  auto xml = generated_export(1, std::string(11'000'000, 'b'));
  auto r = read_wxr_text(xml, WxrVisitor{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
  EXPECT_TRUE(r.error().message.starts_with("the export is not well-formed XML: line 5: "))
      << r.error().message;
}

// Exports from sites whose theme prints a blank line before the export are common.
TEST(WxrReader, SkipsWhitespaceBeforeTheXmlDeclaration) {
  std::vector<WpId> seen;
  WxrVisitor visit;
  visit.item = [&](WxrItem&& item) -> Result<Unit> {
    seen.push_back(item.id);
    return Unit{};
  };
  ASSERT_TRUE(read_wxr_text("\n\r\n  \t" + generated_export(2), visit).ok());
  EXPECT_EQ(seen, (std::vector<WpId>{1, 2}));
  // Whitespace alone is no export.
  auto r = read_wxr_text(std::string(10000, '\n'), WxrVisitor{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
  EXPECT_TRUE(r.error().message.starts_with("not a WordPress export (not XML: line 1: "))
      << r.error().message;
}

TEST(WxrReader, RefusesBytesThatAreNoXml) {
  // The length is the literal's own (the NUL included): a length written by hand read one
  // byte past the literal under ASan.
  using namespace std::string_literals;
  auto r = read_wxr_text("%PDF-1.7\n\x01\x02\0 binary"s, WxrVisitor{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
  EXPECT_TRUE(r.error().message.starts_with("not a WordPress export (not XML: line 1: "))
      << r.error().message;
}

TEST(WxrReader, RefusesElementsNestedTooDeep) {
  std::string deep;
  for (int i = 0; i < 70; ++i) deep += "<x>";
  for (int i = 0; i < 70; ++i) deep += "</x>";
  auto xml = generated_export(1);
  xml.replace(xml.find("<title>Post 1</title>"), 0, deep);
  auto r = read_wxr_text(xml, WxrVisitor{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "line 5: elements nest deeper than 64 levels");
}

// A state WordPress does not write (a plugin's own) is held for moderation, never published.
TEST(WxrReader, HoldsACommentInAnUnknownStateForModeration) {
  auto xml = generated_export(1);
  xml.replace(xml.find("</item>"), 0,
              "<wp:comment><wp:comment_id>9</wp:comment_id>"
              "<wp:comment_approved>approved-by-plugin</wp:comment_approved></wp:comment>");
  std::vector<WxrComment> comments;
  WxrVisitor visit;
  visit.item = [&](WxrItem&& item) -> Result<Unit> {
    comments = std::move(item.comments);
    return Unit{};
  };
  ASSERT_TRUE(read_wxr_text(xml, visit).ok());
  ASSERT_EQ(comments.size(), 1u);
  EXPECT_EQ(comments[0].id, 9);
  EXPECT_EQ(comments[0].state, WxrCommentState::Pending);
}

TEST(WxrReader, ReadsTheSiteAuthorsAndTerms) {
  auto e = read_ok("institute-1.2.xml");
  EXPECT_EQ(e.site.title, "Halvorsen Institute for Borderland Affairs");
  EXPECT_EQ(e.site.link, "https://halvorsen.example.org");
  EXPECT_EQ(e.site.base_site_url, "https://halvorsen.example.org");
  EXPECT_EQ(e.site.wxr_version, "1.2");

  ASSERT_EQ(e.authors.size(), 3u);
  EXPECT_EQ(e.authors[1].id, 3);
  EXPECT_EQ(e.authors[1].login, "tomas");
  EXPECT_EQ(e.authors[1].email, "tomas.okonjo@halvorsen.example.org");
  EXPECT_EQ(e.authors[1].display_name, "Tomás Okonjo");
  EXPECT_EQ(e.authors[1].first_name, "Tomás");
  EXPECT_EQ(e.authors[1].last_name, "Okonjo");
  EXPECT_EQ(e.authors[2].last_name, "");

  // World > Africa > Sahel, then Briefs listed before its parent Analysis.
  ASSERT_EQ(e.categories.size(), 5u);
  EXPECT_EQ(e.categories[0].slug, "world");
  EXPECT_EQ(e.categories[0].parent_slug, "");
  EXPECT_EQ(e.categories[0].description, "Everything outside the institute's home region.");
  EXPECT_EQ(e.categories[1].parent_slug, "world");
  EXPECT_EQ(e.categories[2].id, 12);
  EXPECT_EQ(e.categories[2].slug, "sahel");
  EXPECT_EQ(e.categories[2].name, "Sahel");
  EXPECT_EQ(e.categories[2].parent_slug, "africa");
  EXPECT_EQ(e.categories[2].description, "Water, grazing & borders from Dakar to the Red Sea.");
  EXPECT_EQ(e.categories[3].slug, "briefs");
  EXPECT_EQ(e.categories[3].parent_slug, "analysis");
  EXPECT_EQ(e.categories[4].slug, "analysis");

  ASSERT_EQ(e.tags.size(), 3u) << "the nav_menu wp:term is not a tag";
  EXPECT_EQ(e.tags[0].id, 20);
  EXPECT_EQ(e.tags[0].slug, "drought");
  EXPECT_EQ(e.tags[0].name, "Drought");
  EXPECT_EQ(e.tags[0].description, "Rainfall deficits and what follows them.");
  EXPECT_EQ(e.tags[2].slug, "water-rights");
  EXPECT_EQ(e.tags[2].description, "");
}

TEST(WxrReader, ReadsEveryItemInFileOrder) {
  auto e = read_ok("institute-1.2.xml");
  std::vector<WpId> ids;
  for (auto const& i : e.items) ids.push_back(i.id);
  EXPECT_EQ(ids,
            (std::vector<WpId>{101, 102, 103, 104, 105, 106, 110, 111, 201, 202, 203, 120, 130}));
  EXPECT_EQ(item_by_id(e, 120).post_type, "event");
  EXPECT_EQ(item_by_id(e, 130).post_type, "nav_menu_item");
  EXPECT_TRUE(item_by_id(e, 130).category_slugs.empty()) << "a nav_menu term is no category";
}

TEST(WxrReader, ReadsABlockEditorPostWithItsMeta) {
  auto e = read_ok("institute-1.2.xml");
  auto const& p = item_by_id(e, 101);
  EXPECT_EQ(p.post_type, "post");
  EXPECT_EQ(p.title, "Sahel water outlook: a dry season ahead");
  EXPECT_EQ(p.link, "https://halvorsen.example.org/2025/03/14/sahel-water-outlook/");
  EXPECT_EQ(p.guid, "https://halvorsen.example.org/?p=101");
  EXPECT_EQ(p.creator, "ilse");
  EXPECT_EQ(p.slug, "sahel-water-outlook");
  EXPECT_EQ(p.status, WxrStatus::Publish);
  EXPECT_EQ(p.status_text, "publish");
  EXPECT_EQ(p.date_local, "2025-03-14 10:30:00");
  EXPECT_EQ(p.date_gmt, utc("2025-03-14T09:30:00Z"));
  EXPECT_TRUE(p.sticky);
  EXPECT_EQ(p.parent_id, 0);
  // CDATA is kept byte for byte: block comments, the table, the embed's URL.
  EXPECT_TRUE(p.content_html.starts_with("<!-- wp:paragraph -->\n<p>Rain gauges"));
  EXPECT_NE(p.content_html.find("<td>2024</td><td>330</td>"), std::string::npos);
  EXPECT_NE(p.content_html.find("<figcaption class=\"wp-element-caption\">Seasonal rainfall"),
            std::string::npos);
  EXPECT_NE(p.content_html.find("https://video.example.net/watch/sahel-briefing"),
            std::string::npos);
  EXPECT_TRUE(p.content_html.ends_with("<!-- /wp:embed -->"));
  EXPECT_EQ(p.excerpt_html,
            "A third short rainy season in a row, and what it means for wells & herds.");
  EXPECT_EQ(p.category_slugs, (std::vector<std::string>{"sahel", "analysis"}));
  EXPECT_EQ(p.tag_slugs, (std::vector<std::string>{"drought", "water-rights"}));
  EXPECT_EQ(p.thumbnail_id, std::optional<WpId>(201));
  EXPECT_EQ(p.seo_title, "Sahel water outlook 2025 | Halvorsen Institute");
  EXPECT_EQ(p.seo_description, "Gauges show a third short rainy season in the central Sahel.");
  EXPECT_EQ(p.attached_file, "");
}

TEST(WxrReader, ReadsAClassicDraftWithRankMathAndAZeroGmtDate) {
  auto e = read_ok("institute-1.2.xml");
  auto const& p = item_by_id(e, 102);
  EXPECT_EQ(p.status, WxrStatus::Draft);
  EXPECT_EQ(p.slug, "");
  EXPECT_FALSE(p.sticky);
  // "0000-00-00 00:00:00" GMT: the local date, read as UTC.
  EXPECT_EQ(p.date_gmt, utc("2025-03-10T16:45:00Z"));
  EXPECT_NE(p.content_html.find("opened at dawn.\nTrucks queued"), std::string::npos);
  EXPECT_NE(p.content_html.find("[caption id=\"attachment_202\""), std::string::npos);
  EXPECT_NE(p.content_html.find("[halvorsen_factbox topic=\"customs\"]"), std::string::npos);
  EXPECT_NE(p.content_html.find("<script>"), std::string::npos) << "the reader keeps it as it is";
  EXPECT_EQ(p.seo_title, "Border crossings: notes from the river");
  EXPECT_EQ(p.seo_description, "How the river crossing works on a market day.");
  EXPECT_EQ(p.thumbnail_id, std::optional<WpId>(202));
  EXPECT_EQ(p.category_slugs, (std::vector<std::string>{"briefs"}));
  EXPECT_EQ(p.tag_slugs, (std::vector<std::string>{"elections"}));

  auto const& pending = item_by_id(e, 103);
  EXPECT_EQ(pending.seo_title, "Observers' preliminary count") << "All in One SEO";
  EXPECT_EQ(pending.seo_description, "What the observer mission counted on election night.");
  EXPECT_FALSE(pending.thumbnail_id);
}

TEST(WxrReader, ReadsEveryStatus) {
  auto e = read_ok("institute-1.2.xml");
  EXPECT_EQ(item_by_id(e, 103).status, WxrStatus::Pending);
  EXPECT_EQ(item_by_id(e, 104).status, WxrStatus::Private);
  EXPECT_EQ(item_by_id(e, 105).status, WxrStatus::Future);
  EXPECT_EQ(item_by_id(e, 105).date_gmt, utc("2026-06-01T06:00:00Z"));
  EXPECT_EQ(item_by_id(e, 106).status, WxrStatus::Trash);
  EXPECT_EQ(item_by_id(e, 201).status, WxrStatus::Other);
  EXPECT_EQ(item_by_id(e, 201).status_text, "inherit");
}

TEST(WxrReader, ReadsPagesAndAttachments) {
  auto e = read_ok("institute-1.2.xml");
  EXPECT_EQ(item_by_id(e, 110).post_type, "page");
  EXPECT_EQ(item_by_id(e, 111).parent_id, 110);
  EXPECT_EQ(item_by_id(e, 111).link, "https://halvorsen.example.org/about/staff/");

  auto const& a = item_by_id(e, 201);
  EXPECT_EQ(a.post_type, "attachment");
  EXPECT_EQ(a.parent_id, 101);
  EXPECT_EQ(a.attachment_url,
            "https://halvorsen.example.org/wp-content/uploads/2025/03/sahel-rainfall.png");
  EXPECT_EQ(a.attached_file, "2025/03/sahel-rainfall.png");
  EXPECT_EQ(a.image_alt, "Rainfall by district");
  EXPECT_EQ(item_by_id(e, 202).attached_file, "2025/03/crossing-queue.png");
  EXPECT_EQ(item_by_id(e, 203).attached_file, "2025/03/institute-logo.png");
  EXPECT_EQ(item_by_id(e, 203).image_alt, "");
}

TEST(WxrReader, ReadsThreadedCommentsInEveryState) {
  auto e = read_ok("institute-1.2.xml");
  auto const& p = item_by_id(e, 101);
  ASSERT_EQ(p.comments.size(), 7u);
  auto const& top = comment_by_id(p, 301);
  EXPECT_EQ(top.parent_id, 0);
  EXPECT_EQ(top.author, "Amadou Sall");
  EXPECT_EQ(top.author_email, "amadou@reader.example.com");
  EXPECT_EQ(top.author_url, "https://reader.example.com/amadou");
  EXPECT_EQ(top.author_ip, "192.0.2.10");
  EXPECT_EQ(top.date_gmt, utc("2025-03-14T11:00:00Z"));
  EXPECT_EQ(top.content, "Do the district figures include the northern stations?");
  EXPECT_EQ(top.state, WxrCommentState::Approved);
  EXPECT_EQ(top.type, "comment");
  EXPECT_EQ(comment_by_id(p, 302).parent_id, 301);
  auto const& third = comment_by_id(p, 303);
  EXPECT_EQ(third.parent_id, 302);
  EXPECT_EQ(third.date_gmt, utc("2025-03-14T18:40:00Z")) << "zero GMT: the local date as UTC";
  EXPECT_EQ(third.content, "Thank you.\nThat answers it <em>completely</em>.");
  EXPECT_EQ(third.type, "");
  EXPECT_EQ(comment_by_id(p, 304).state, WxrCommentState::Pending);
  EXPECT_EQ(comment_by_id(p, 305).state, WxrCommentState::Spam);
  EXPECT_EQ(comment_by_id(p, 306).state, WxrCommentState::Trash);
  EXPECT_EQ(comment_by_id(p, 307).type, "pingback");
  EXPECT_TRUE(item_by_id(e, 102).comments.empty());
}

TEST(WxrReader, ReadsWxr11) {
  auto e = read_ok("institute-1.1.xml");
  EXPECT_EQ(e.site.wxr_version, "1.1");
  ASSERT_EQ(e.authors.size(), 1u);
  EXPECT_EQ(e.authors[0].login, "ilse");
  ASSERT_EQ(e.categories.size(), 1u);
  EXPECT_EQ(e.categories[0].slug, "field-notes");
  ASSERT_EQ(e.tags.size(), 1u);
  ASSERT_EQ(e.items.size(), 1u);
  auto const& p = e.items[0];
  EXPECT_EQ(p.id, 7);
  EXPECT_EQ(p.title, "First week at the river station");
  EXPECT_EQ(p.content_html,
            "The station is a tin roof &amp; two gauges.\n\nWe read them at six "
            "and at six.");
  EXPECT_EQ(p.date_gmt, utc("2012-05-07T06:00:00Z"));
  EXPECT_EQ(p.tag_slugs, (std::vector<std::string>{"rivers"}));
  ASSERT_EQ(p.comments.size(), 1u);
  EXPECT_EQ(p.comments[0].author, "Per Lind");
}

TEST(WxrReader, ReadsWxr10WithoutAuthors) {
  auto e = read_ok("institute-1.0.xml");
  EXPECT_EQ(e.site.wxr_version, "1.0");
  EXPECT_TRUE(e.authors.empty());
  ASSERT_EQ(e.categories.size(), 1u);
  EXPECT_EQ(e.categories[0].id, 0);
  EXPECT_EQ(e.categories[0].slug, "news");
  ASSERT_EQ(e.items.size(), 1u);
  EXPECT_EQ(e.items[0].creator, "admin");
  EXPECT_EQ(e.items[0].category_slugs, (std::vector<std::string>{"news"}))
      << "the name-only <category> names no slug";
  EXPECT_FALSE(e.items[0].sticky);
}

TEST(WxrReader, RefusesATruncatedExportAndHandsOnNothingAfterTheCut) {
  std::vector<WpId> seen;
  WxrVisitor visit;
  visit.item = [&](WxrItem&& item) -> Result<Unit> {
    seen.push_back(item.id);
    return Unit{};
  };
  auto r = read_wxr(fixture("truncated.xml"), visit);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
  EXPECT_NE(r.error().message.find("not well-formed XML: line "), std::string::npos)
      << r.error().message;
  // The items before the cut were handed on (the importer stores only after a full read);
  // the cut one was not.
  EXPECT_EQ(seen, (std::vector<WpId>{101}));
}

// Each bad fixture, and the start of the message the user sees for it (all ErrorKind::Invalid).
TEST(WxrReader, RefusesEveryBadFileWithAClearMessage) {
  struct Case {
    char const* file;
    char const* message_start;
  };
  Case const cases[] = {
      {"wrong-version.xml", "WXR version 2.0 is not supported (1.0, 1.1, 1.2 are)"},
      {"not-wxr.xml", "not a WordPress export (no <wp:wxr_version> before the first <item>)"},
      {"not-xml.html", "not a WordPress export (not XML: line 6: "},
      {"empty.xml", "not a WordPress export (the file is empty)"},
      {"malformed.xml", "the export is not well-formed XML: line 59: "},
  };
  for (auto const& c : cases) {
    auto error = read_error(c.file);
    EXPECT_EQ(error.kind, ErrorKind::Invalid) << c.file;
    EXPECT_TRUE(error.message.starts_with(c.message_start)) << c.file << ": " << error.message;
  }
}

TEST(WxrReader, AMissingFileIsNotFound) {
  auto error = read_error("no-such-export.xml");
  EXPECT_EQ(error.kind, ErrorKind::NotFound);
}

TEST(WxrReader, NeverReadsAnExternalEntity) {
  ASSERT_NE(slurp(fixture("xxe-secret.txt")).find("TOP-SECRET-MARKER"), std::string::npos);
  std::string everything;
  WxrVisitor visit;
  visit.site = [&](WxrSite const& s) { everything += s.title; };
  visit.item = [&](WxrItem&& item) -> Result<Unit> {
    everything += item.title + item.content_html;
    return Unit{};
  };
  auto r = read_wxr(fixture("xxe.xml"), visit);
  EXPECT_EQ(everything.find("TOP-SECRET-MARKER"), std::string::npos);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(r.error().message.find("TOP-SECRET-MARKER"), std::string::npos);
}

TEST(WxrReader, RefusesABillionLaughsQuickly) {
  auto start = std::chrono::steady_clock::now();
  auto error = read_error("laughs.xml");
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(error.kind, ErrorKind::Invalid);
  EXPECT_LT(took, std::chrono::seconds(1));
}

}  // namespace
}  // namespace dossier::wordpress
