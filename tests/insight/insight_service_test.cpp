// Insight on the site, over a real SQLite file: a saved article is queued and analysed by the
// job (not in the request), results are stored and replaced on re-analysis, entity pages,
// /quotes, the article's box and the JSON API show them, and an editor's corrections (merge,
// rename, role, hide, a quotation's speaker) survive re-analysis.
#include <gtest/gtest.h>

#include <optional>

#include <algorithm>
#include <set>
#include <thread>

#include <ctemplate/template.h>
#include <soci/soci.h>
#include <nlohmann/json.hpp>

#include "insight/analysis_store.hpp"
#include "insight/insight_handlers.hpp"
#include "insight/insight_service.hpp"
#include "publishing/events.hpp"
#include "support/site_stack.hpp"

namespace dossier::insight {
namespace {

constexpr UnixTime kNow = 1'790'000'000;  // 2026-09-21

class InsightServiceTest : public test::SiteStack, public ::testing::Test {
 protected:
  InsightServiceTest() : SiteStack("dossier-insight", kNow) {
    insight_ = std::make_unique<InsightService>(*db_, clock(), Lexicon::embedded());
    handlers_ = std::make_unique<InsightHandlers>(*insight_, *site_);
    related_source_ = [this](Id id, int limit) { return insight_->related_articles(id, limit); };
    insight_filler_ = [this](ctemplate::TemplateDictionary& d, publishing::ArticleView const& v) {
      handlers_->fill_article(d, v);
    };
    // As app.cpp does: insight's routes before the site's ("/quotes" is not a page slug).
    router_ = http::Router{};
    app::add_insight_routes(router_, *handlers_);
    app::add_site_routes(router_, *site_, *feed_handlers_, *search_handlers_, assets_,
                         dir_.path() / "media");
    {
      soci::session sql(db_->pool());
      sql << "INSERT INTO users (email, name, slug, role, created_at) VALUES"
             " ('desk@example.org', 'Desk', 'desk', 'editor', 0)";
      sql << "SELECT id FROM users", soci::into(author_);
    }
  }

  publishing::Id publish(std::string const& title, std::string const& body, UnixTime at) {
    publishing::ArticleInput in;
    in.title = title;
    in.body_markdown = body;
    in.author_id = author_;
    in.status = publishing::ArticleStatus::Published;
    in.published_at = at;
    auto id = *publishing_->add_article(in);
    insight_->queue(id);
    return id;
  }

  long long rows(std::string const& table) {
    soci::session sql(db_->pool());
    long long n = 0;
    sql << "SELECT COUNT(*) FROM " + table, soci::into(n);
    return n;
  }

  std::unique_ptr<InsightService> insight_;
  std::unique_ptr<InsightHandlers> handlers_;
  long long author_ = 0;
};

constexpr char const* kTalks =
    "Foreign Minister Elena Marsh of Canada met her Brazilian counterpart in Ottawa.\n\n"
    "\"We agreed on more than we expected,\" Marsh said. Ottawa pledged $40 million in aid.\n\n"
    "The United Nations welcomed the talks. Marsh added that the next round would follow.";

TEST_F(InsightServiceTest, ASavedArticleIsAnalysedByTheJobAndShownEverywhere) {
  auto id = publish("Canada and Brazil resume talks", kTalks, kNow - 3600);
  EXPECT_FALSE(insight_->for_article(id)) << "nothing analysed before the job runs";
  auto page = get("/articles/canada-and-brazil-resume-talks").body;
  EXPECT_EQ(page.find("In this article"), std::string::npos);

  auto done = insight_->process_queue(10);
  ASSERT_EQ(done, std::vector<Id>{id});
  EXPECT_EQ(rows("insight_queue"), 0);
  auto found = insight_->for_article(id);
  ASSERT_TRUE(found);
  ASSERT_EQ(found->people.size(), 1u);
  EXPECT_EQ(found->people[0].name, "Elena Marsh");
  EXPECT_EQ(found->people[0].role.value_or(""), "Foreign Minister");
  EXPECT_EQ(found->people[0].count, 3) << "the full name and two surname mentions";
  ASSERT_FALSE(found->quotes.empty());
  EXPECT_EQ(found->quotes[0].speaker->name, "Elena Marsh");
  ASSERT_FALSE(found->figures.empty());
  EXPECT_EQ(found->figures[0].text, "$40 million");

  page = get("/articles/canada-and-brazil-resume-talks").body;
  EXPECT_NE(page.find("In this article"), std::string::npos);
  EXPECT_NE(page.find("href=\"/people/elena-marsh\""), std::string::npos);
  EXPECT_NE(page.find("href=\"/countries/ca\""), std::string::npos);
  EXPECT_NE(page.find("$40 million"), std::string::npos);

  auto person = get("/people/elena-marsh");
  EXPECT_EQ(person.status, 200);
  EXPECT_NE(person.body.find("Foreign Minister"), std::string::npos);
  EXPECT_NE(person.body.find("<svg"), std::string::npos) << "the mentions chart";
  EXPECT_NE(person.body.find("We agreed on more than we expected,"), std::string::npos);
  EXPECT_EQ(get("/countries/CA").status, 200) << "codes in either case";
  EXPECT_EQ(get("/people/nobody-at-all").status, 404);

  auto quotes = get("/quotes?speaker=marsh");
  EXPECT_EQ(quotes.status, 200) << quotes.body.substr(0, 2000);
  EXPECT_NE(quotes.body.find("We agreed on more"), std::string::npos);
  EXPECT_NE(get("/quotes?q=nothing+like+this").body.find("No quotation matches."),
            std::string::npos);

  auto api = nlohmann::json::parse(get("/api/entities?kind=person&q=marsh").body);
  ASSERT_EQ(api["entities"].size(), 1u);
  EXPECT_EQ(api["entities"][0]["slug"], "elena-marsh");
  EXPECT_EQ(get("/api/entities?kind=planet").status, 400);
  auto one = nlohmann::json::parse(get("/api/entities/elena-marsh").body);
  EXPECT_EQ(one["articles"], 1);
  auto article =
      nlohmann::json::parse(get("/api/articles/canada-and-brazil-resume-talks/insight").body);
  EXPECT_EQ(article["people"][0]["name"], "Elena Marsh");
  auto q = nlohmann::json::parse(get("/api/quotes?speaker=Marsh").body);
  EXPECT_EQ(q["total"], 1);
}

TEST_F(InsightServiceTest, ReanalysisReplacesAndCorrectionsSurvive) {
  auto id = publish("Canada and Brazil resume talks", kTalks, kNow - 3600);
  insight_->process_queue(10);
  auto before = rows("article_entities");
  ASSERT_TRUE(insight_->analyze_article(id).ok());
  EXPECT_EQ(rows("article_entities"), before) << "replaced, not added";

  auto marsh = insight_->find_entity(EntityKind::Person, "elena-marsh");
  auto un = insight_->find_entity(EntityKind::Organization, "united-nations");
  ASSERT_TRUE(marsh && un);
  ASSERT_TRUE(insight_->set_role(marsh->id, "Minister of Foreign Affairs").ok());
  ASSERT_TRUE(insight_->rename(marsh->id, "Elena R. Marsh").ok());
  auto quote_id = insight_->for_article(id)->quotes[0].id;
  ASSERT_TRUE(insight_->correct_speaker(quote_id, un->id).ok());
  ASSERT_TRUE(insight_->set_hidden(un->id, false).ok());
  ASSERT_TRUE(insight_->analyze_article(id).ok());
  auto after = insight_->for_article(id);
  ASSERT_EQ(after->people.size(), 1u);
  EXPECT_EQ(after->people[0].name, "Elena R. Marsh");
  EXPECT_EQ(after->people[0].role.value_or(""), "Minister of Foreign Affairs");
  EXPECT_EQ(after->quotes[0].speaker->name, "United Nations") << "the editor's speaker stays";

  // Hidden: not in the box, no page; and not brought back by re-analysis.
  ASSERT_TRUE(insight_->set_hidden(un->id, true).ok());
  ASSERT_TRUE(insight_->analyze_article(id).ok());
  // Named: a range-for over a member of a temporary reads it after its end.
  auto hidden_box = insight_->for_article(id);
  ASSERT_TRUE(hidden_box);
  for (auto const& o : hidden_box->organizations) EXPECT_NE(o.name, "United Nations");
  EXPECT_EQ(get("/organizations/united-nations").status, 404);

  EXPECT_FALSE(insight_->correct_speaker(99999, un->id).ok());
  EXPECT_FALSE(insight_->rename(marsh->id, "   ").ok());
  EXPECT_FALSE(insight_->merge(marsh->id, marsh->id).ok());
  EXPECT_FALSE(insight_->merge(marsh->id, un->id).ok()) << "a person is not an organization";
}

TEST_F(InsightServiceTest, AMergedNameIsFiledUnderItsEntityFromThenOn) {
  auto first = publish("Talks in Ottawa", "Foreign Minister Elena Marsh said the talks went well.",
                       kNow - 7200);
  auto second =
      publish("Ottawa hosts envoys",
              "Minister Lena Marsh, as some outlets call her, said: \"More soon.\"", kNow - 3600);
  insight_->process_queue(10);
  auto a = insight_->find_entity(EntityKind::Person, "elena-marsh");
  auto b = insight_->find_entity(EntityKind::Person, "lena-marsh");
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(insight_->merge(b->id, a->id).ok());
  ASSERT_TRUE(insight_->analyze_article(second).ok());
  auto box = insight_->for_article(second);
  ASSERT_EQ(box->people.size(), 1u);
  EXPECT_EQ(box->people[0].name, "Elena Marsh") << "the alias is remembered";
  auto page = insight_->entity_page(EntityKind::Person, "elena-marsh");
  EXPECT_EQ(page->article_count, 2);
  (void)first;
}

TEST_F(InsightServiceTest, RelatedArticlesShareRareEntitiesFirst) {
  // Two articles about the same envoy and border, one on something else entirely, and many
  // that mention only the common United Nations.
  for (int i = 0; i < 6; ++i)
    publish("UN bulletin " + std::to_string(i), "The United Nations published figures.",
            kNow - 90000 - i);
  auto a = publish("Envoy Ilse Brandauer visits the Moldovan border",
                   "Special Envoy Ilse Brandauer toured the Moldova border with Transnistria. The "
                   "United Nations joined.",
                   kNow - 7200);
  auto b = publish(
      "Brandauer returns to Moldova",
      "Ilse Brandauer said: \"Moldova needs more than promises.\" The United Nations agreed.",
      kNow - 3600);
  auto c =
      publish("Fisheries quotas agreed", "Norway and Iceland agreed fishing quotas.", kNow - 1800);
  insight_->process_queue(100);
  soci::session sql(db_->pool());
  std::vector<long long> related(5);
  sql << "SELECT related_id FROM related_articles WHERE article_id = :a ORDER BY rank",
      soci::use(a), soci::into(related);
  ASSERT_FALSE(related.empty());
  EXPECT_EQ(related[0], b) << "the rare envoy and country weigh more than the common UN";
  EXPECT_EQ(std::count(related.begin(), related.end(), c), 0);
  sql << "SELECT related_id FROM related_articles WHERE article_id = :b ORDER BY rank",
      soci::use(b), soci::into(related);
  EXPECT_EQ(related.at(0), a) << "refreshed for the article it affects";
  auto page = get("/articles/envoy-ilse-brandauer-visits-the-moldovan-border").body;
  auto box = page.find("Related articles");
  ASSERT_NE(box, std::string::npos);
  EXPECT_NE(page.find("Brandauer returns to Moldova", box), std::string::npos);
}

// Issue 16: a backlog (a generated corpus, an import) is analysed first and its related
// articles scored after, against every entity; the same choices as article by article.
TEST_F(InsightServiceTest, ABacklogsRelatedArticlesAreScoredOnceItHasDrained) {
  for (int i = 0; i < InsightService::kBacklog; ++i)
    publish("UN bulletin " + std::to_string(i), "The United Nations published figures.",
            kNow - 90000 - i);
  auto a = publish("Envoy Ilse Brandauer visits the Moldovan border",
                   "Special Envoy Ilse Brandauer toured the Moldova border with Transnistria.",
                   kNow - 7200);
  auto b = publish("Brandauer returns to Moldova",
                   "Ilse Brandauer said: \"Moldova needs more than promises.\"", kNow - 3600);
  // The first batch is taken from a backlog: analysed, related articles not yet scored.
  auto first = insight_->process_queue(InsightService::kBacklog);
  EXPECT_EQ(first.size(), static_cast<std::size_t>(InsightService::kBacklog));
  EXPECT_EQ(rows("related_articles"), 0) << "scored against a half-analysed archive";
  // The rest (below the backlog's size) is analysed and scored as usual; then the backlog's.
  auto rest = insight_->process_queue(InsightService::kBacklog);
  EXPECT_EQ(rest, (std::vector<publishing::Id>{a, b}));
  EXPECT_EQ(insight_->related_articles(a, 4).at(0).id, b);
  long long left = InsightService::kBacklog;
  for (int run = 0; run < 10 && left > 0; ++run)
    left -= static_cast<long long>(insight_->process_queue(100).size());
  EXPECT_EQ(left, 0) << "each of the backlog's articles scored once";
  EXPECT_TRUE(insight_->process_queue(100).empty()) << "then nothing is left to do";
  auto scored = insight_->related_articles(first.front(), 4);
  EXPECT_FALSE(scored.empty()) << "the bulletins share the United Nations";
}

// The related-articles box insight fills for the article page: the same section the page
// shows today, in the scored order, and only articles that are public now.
TEST_F(InsightServiceTest, TheArticlePageShowsInsightsScoredRelatedArticles) {
  auto a = publish("Envoy Ilse Brandauer visits the Moldovan border",
                   "Special Envoy Ilse Brandauer toured the Moldova border with Transnistria.",
                   kNow - 7200);
  auto b = publish("Brandauer returns to Moldova",
                   "Ilse Brandauer said: \"Moldova needs more than promises.\"", kNow - 3600);
  auto c = publish("Brandauer meets Moldovan farmers", "Ilse Brandauer visited Moldova again.",
                   kNow - 1800);
  auto section = [](std::string const& html) {
    auto from = html.find("<section class=\"related\"");
    if (from == std::string::npos) return std::string();
    return html.substr(from, html.find("</section>", from) - from);
  };
  auto const url = "/articles/envoy-ilse-brandauer-visits-the-moldovan-border";
  EXPECT_TRUE(insight_->related_articles(a, 4).empty()) << "nothing before the analysis";
  EXPECT_EQ(section(get(url).body), "") << "no shared category or tag: no fallback either";
  insight_->process_queue(100);

  auto scored = insight_->related_articles(a, 4);
  ASSERT_EQ(scored.size(), 2u);
  auto box = section(get(url).body);
  ASSERT_FALSE(box.empty());
  auto first = box.find(scored[0].title), second = box.find(scored[1].title);
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  EXPECT_LT(first, second) << "the page keeps insight's order";
  EXPECT_NE(box.find("href=\"/articles/brandauer-meets-moldovan-farmers\""), std::string::npos);

  // An article taken off the site leaves the box at once, before any re-analysis.
  {
    soci::session sql(db_->pool());
    // SQLite's commit hook moves the counter for any commit; on PostgreSQL it is the
    // WriteTransaction every store's writes go through that moves it (libpq has no hook).
    std::optional<store::WriteTransaction> tx;
    if (test::on_postgres()) tx.emplace(sql);
    sql << "UPDATE articles SET status = 'draft' WHERE id = :b", soci::use(b);
    if (tx) tx->commit();
  }
  box = section(get(url).body);
  EXPECT_EQ(box.find("Brandauer returns to Moldova"), std::string::npos);
  EXPECT_NE(box.find("Brandauer meets Moldovan farmers"), std::string::npos);
  (void)c;
}

TEST_F(InsightServiceTest, DraftsAreAnalysedButNeverShown) {
  publishing::ArticleInput in;
  in.title = "Draft about Elena Marsh";
  in.body_markdown = "Foreign Minister Elena Marsh said: \"Not yet.\"";
  in.author_id = author_;
  auto id = *publishing_->add_article(in);
  ASSERT_TRUE(insight_->analyze_article(id).ok());
  EXPECT_EQ(get("/people/elena-marsh").status, 404) << "mentioned only in a draft";
  long long total = 0;
  EXPECT_TRUE(insight_->quotes({"Marsh", "", 1, 20}, total).empty());
  EXPECT_EQ(get("/api/articles/draft-about-elena-marsh/insight").status, 404);
}

TEST_F(InsightServiceTest, TwoServersAnalysisThreadsNeverTakeOneArticle) {
  constexpr int kArticles = 12;
  std::set<publishing::Id> queued;
  for (int i = 0; i < kArticles; ++i)
    queued.insert(publish("Talks round " + std::to_string(i), kTalks, kNow - 3600 + i));
  // Two servers: two services (each with its own analyzer) on one database, side by side.
  InsightService other(*db_, clock(), Lexicon::embedded());
  std::vector<publishing::Id> by_first, by_second;
  auto drain = [](InsightService& service, std::vector<publishing::Id>& done) {
    for (int round = 0; round < kArticles; ++round) {  // bounded: a broken queue ends too
      auto batch = service.process_queue(2);
      if (batch.empty()) return;
      done.insert(done.end(), batch.begin(), batch.end());
    }
  };
  // A thread's exception would end the whole binary: each keeps its own for the test to show.
  std::string first_error, second_error;
  auto guarded = [&drain](InsightService& service, std::vector<publishing::Id>& done,
                          std::string& error) {
    try {
      drain(service, done);
    } catch (std::exception const& e) {
      error = e.what();
    }
  };
  std::thread first([&] { guarded(*insight_, by_first, first_error); });
  std::thread second([&] { guarded(other, by_second, second_error); });
  first.join();
  second.join();
  ASSERT_EQ(first_error + second_error, "");
  std::multiset<publishing::Id> all(by_first.begin(), by_first.end());
  all.insert(by_second.begin(), by_second.end());
  EXPECT_EQ(std::set<publishing::Id>(all.begin(), all.end()), queued);
  EXPECT_EQ(all.size(), queued.size()) << "an article was analysed by both servers";
  EXPECT_EQ(rows("insight_queue"), 0);
}

TEST_F(InsightServiceTest, AnArticleQueuedAgainWhileClaimedIsAnalysedAgain) {
  auto id = publish("Canada and Brazil resume talks", kTalks, kNow - 3600);
  {
    soci::session sql(db_->pool());
    ASSERT_EQ(AnalysisStore::claim(sql, 10, kNow, kNow + 600), std::vector<publishing::Id>{id});
    EXPECT_TRUE(AnalysisStore::claim(sql, 10, kNow, kNow + 600).empty()) << "claimed already";
  }
  insight_->queue(id);  // edited while the other server analysed it: the claim is reset
  EXPECT_EQ(insight_->process_queue(10), std::vector<publishing::Id>{id});
  EXPECT_EQ(rows("insight_queue"), 0);
}

// The real analyzer's institution speakers on the site: one that names its country gets a page
// and the country link; a generic one ("joint statement", "state television") stays the
// quotation's speaker in the analysis but gets no page of its own, since every article's "joint
// statement" would pile onto one meaningless entity.
TEST_F(InsightServiceTest, AnInstitutionNamingItsCountryGetsAPageAGenericOneDoesNot) {
  auto id = publish("Border crossing stays shut",
                    "\"The crossing stays closed until the inspection ends,\" the Chadian "
                    "authorities said on Monday.\n\n"
                    "A joint statement said the two sides would meet \"within ninety days\".",
                    kNow - 3600);
  ASSERT_EQ(insight_->process_queue(10), std::vector<Id>{id});
  soci::session sql(db_->pool());
  long long institutions = 0, linked = 0, generic = 0;
  sql << "SELECT COUNT(*) FROM entities WHERE institution = 1", soci::into(institutions);
  sql << "SELECT COUNT(*) FROM entities e JOIN entities c ON c.id = e.country_entity_id "
         "WHERE e.slug = 'chadian-authorities' AND c.iso2 = 'TD'",
      soci::into(linked);
  sql << "SELECT COUNT(*) FROM entities WHERE lower(name) LIKE '%statement%'", soci::into(generic);
  EXPECT_EQ(institutions, 1);
  EXPECT_EQ(linked, 1) << "the Chadian authorities speak for Chad";
  EXPECT_EQ(generic, 0) << "a joint statement is no entity";
}

// Institution speakers on the site (issue 19). The analyzer's rules that find them are other
// work; here the service is given a fixed reading of each article (InsightService::Reading), so
// what is tested is the site's part: storing such a speaker with its country, showing and
// filtering it, and handing editors' speakers to the next analysis.
class InstitutionSpeakersTest : public InsightServiceTest {
 protected:
  InstitutionSpeakersTest() {
    insight_ = std::make_unique<InsightService>(
        *db_, clock(), Lexicon::embedded(), AnalyzerOptions{},
        [this](Document const& doc, std::vector<KnownSpeaker> const& known) {
          given_.push_back(known);
          return read(doc);
        });
    handlers_ = std::make_unique<InsightHandlers>(*insight_, *site_);
    router_ = http::Router{};
    app::add_insight_routes(router_, *handlers_);
    app::add_site_routes(router_, *site_, *feed_handlers_, *search_handlers_, assets_,
                         dir_.path() / "media");
  }

  // The reading of this file's articles: each quotation in it whose text the document holds,
  // with the speaker the table gives; France and Elena Marsh as entities when named.
  static Analysis read(Document const& doc) {
    struct Said {
      char const* text;
      char const* speaker;
      SpeakerKind kind;
      char const* country;
    };
    static constexpr Said kSaid[] = {
        {"The crossing stays closed until the inspection ends", "French authorities",
         SpeakerKind::Institution, "FR"},
        {"We will reopen it within the week", "France", SpeakerKind::Country, nullptr},
        {"The inspection is a pretext", "Elena Marsh", SpeakerKind::Person, nullptr},
        {"Nobody was told in advance", nullptr, SpeakerKind::None, nullptr},
        {"The fees will not change this year", nullptr, SpeakerKind::None, nullptr},
    };
    auto span_of = [&](std::string const& text) {
      auto at = doc.text.find(text);
      return Span{at, at + text.size()};
    };
    Analysis a;
    if (auto at = doc.text.find("France"); at != std::string::npos)
      a.countries.push_back({"France", "FR", {"France"}, {span_of("France")}});
    if (doc.text.find("Elena Marsh") != std::string::npos)
      a.people.push_back({"Elena Marsh", {"Elena Marsh"}, {span_of("Elena Marsh")}, {}});
    for (auto const& said : kSaid) {
      if (doc.text.find(said.text) == std::string::npos) continue;
      Quote q;
      q.text = said.text;
      q.spans = {span_of(said.text)};
      if (said.speaker) q.speaker = said.speaker;
      q.speaker_kind = said.kind;
      if (said.country) q.speaker_country = said.country;
      a.quotes.push_back(std::move(q));
    }
    return a;
  }

  publishing::Id entity_id(std::string const& kind, std::string const& slug) {
    soci::session sql(db_->pool());
    long long id = 0;
    sql << "SELECT id FROM entities WHERE kind = :k AND slug = :s", soci::use(kind),
        soci::use(slug), soci::into(id);
    return id;
  }

  std::vector<std::vector<KnownSpeaker>> given_;  // the known speakers of each analysis
};

constexpr char const* kCrossing =
    "Elena Marsh visited the border with France on Monday.\n\n"
    "\"The crossing stays closed until the inspection ends,\" the French authorities said.\n\n"
    "\"We will reopen it within the week,\" Paris said. \"The inspection is a pretext,\" "
    "Marsh said.";

TEST_F(InstitutionSpeakersTest, AnInstitutionSpeakerIsStoredWithItsCountryAndSurvivesReanalysis) {
  auto id = publish("The crossing stays shut", kCrossing, kNow - 3600);
  ASSERT_EQ(insight_->process_queue(10), std::vector<Id>{id});
  auto box = insight_->for_article(id);
  ASSERT_TRUE(box);
  ASSERT_EQ(box->quotes.size(), 3u);
  // The box lists the quotations last first.
  auto const& first = box->quotes.back();
  ASSERT_TRUE(first.speaker);
  EXPECT_EQ(first.speaker->name, "French authorities");
  EXPECT_EQ(first.speaker->kind, EntityKind::Organization);
  EXPECT_TRUE(first.speaker->institution);
  auto institution = entity_id("organization", "french-authorities");
  ASSERT_NE(institution, 0);

  auto page = get("/organizations/french-authorities");
  ASSERT_EQ(page.status, 200) << "its quotation counts as a mention: the page lists the article";
  EXPECT_NE(page.body.find(">Institution<"), std::string::npos);
  EXPECT_NE(page.body.find("Speaks for <a href=\"/countries/fr\">France</a>"), std::string::npos);
  EXPECT_NE(page.body.find("The crossing stays closed"), std::string::npos);
  EXPECT_NE(page.body.find("The crossing stays shut"), std::string::npos);
  auto country = get("/countries/fr").body;
  EXPECT_NE(country.find("/quotes?kind=institution&amp;country=fr"), std::string::npos);

  ASSERT_TRUE(insight_->analyze_article(id).ok());
  ASSERT_TRUE(insight_->analyze_article(id).ok());
  box = insight_->for_article(id);
  ASSERT_TRUE(box->quotes.back().speaker);
  EXPECT_EQ(box->quotes.back().speaker->id, institution) << "the same row, not a new one";
  {
    soci::session sql(db_->pool());
    long long count = 0, institutions = 0;
    sql << "SELECT article_count FROM entities WHERE id = :id", soci::use(institution),
        soci::into(count);
    EXPECT_EQ(count, 1) << "re-analysis replaces the article's mention, it does not add one";
    sql << "SELECT COUNT(*) FROM entities WHERE institution = 1", soci::into(institutions);
    EXPECT_EQ(institutions, 1);
  }
  EXPECT_EQ(get("/organizations/french-authorities").status, 200);
}

TEST_F(InstitutionSpeakersTest, QuotesAreFilteredBySpeakerKindAndCountry) {
  publish("The crossing stays shut", kCrossing, kNow - 3600);
  insight_->process_queue(10);
  long long total = 0;
  auto texts = [&](QuoteQuery q) {
    std::set<std::string> out;
    for (auto const& quote : insight_->quotes(q, total)) out.insert(quote.text);
    return out;
  };
  QuoteQuery q;
  EXPECT_EQ(texts(q).size(), 3u);
  q.kind = SpeakerFilter::Institution;
  EXPECT_EQ(texts(q), (std::set<std::string>{"The crossing stays closed until the inspection ends",
                                             "We will reopen it within the week"}))
      << "an institution and a state";
  EXPECT_EQ(total, 2);
  q.kind = SpeakerFilter::Person;
  EXPECT_EQ(texts(q), (std::set<std::string>{"The inspection is a pretext"}));
  q.kind = SpeakerFilter::Any;
  q.country = "fr";
  EXPECT_EQ(texts(q).size(), 2u) << "France itself and the institution linked to it";
  q.country = "de";
  EXPECT_TRUE(texts(q).empty());
  EXPECT_EQ(total, 0);

  auto page = get("/quotes?kind=institution&country=FR");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("The crossing stays closed"), std::string::npos);
  EXPECT_NE(page.body.find("We will reopen it"), std::string::npos);
  EXPECT_EQ(page.body.find("The inspection is a pretext"), std::string::npos);
  EXPECT_NE(page.body.find("<option value=\"institution\" selected>"), std::string::npos);
  EXPECT_NE(page.body.find("value=\"fr\""), std::string::npos);
  EXPECT_NE(page.body.find("noindex"), std::string::npos);
  auto second = get("/quotes?kind=institution&country=fr&page=2");
  EXPECT_NE(second.body.find("kind=institution&amp;country=fr&amp;page=1"), std::string::npos)
      << "the pager keeps the filters";
  for (auto const* bad : {"/quotes?kind=robot", "/quotes?country=France", "/quotes?country=f1"}) {
    auto r = get(bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_NE(r.body.find("role=\"alert\""), std::string::npos) << bad;
    EXPECT_EQ(r.body.find("The crossing stays closed"), std::string::npos) << bad;
  }
  EXPECT_EQ(get("/api/quotes?kind=robot").status, 400);
  auto api = nlohmann::json::parse(get("/api/quotes?kind=person").body);
  EXPECT_EQ(api["total"], 1);
}

TEST_F(InstitutionSpeakersTest, AnEditorsSpeakerReachesTheNextAnalysisOfAnotherArticle) {
  auto first =
      publish("Fees stay", "\"The fees will not change this year,\" a notice said.", kNow - 7200);
  insight_->process_queue(10);
  ASSERT_EQ(given_.size(), 1u);
  EXPECT_TRUE(given_[0].empty());
  auto box = insight_->for_article(first);
  ASSERT_EQ(box->quotes.size(), 1u);
  EXPECT_FALSE(box->quotes[0].speaker);

  auto quote = box->quotes[0].id;
  EXPECT_EQ(
      insight_->correct_speaker_institution(quote, "Port Authority of Calais", "xx").error().kind,
      ErrorKind::Invalid)
      << "not an ISO 3166-1 code";
  EXPECT_EQ(insight_->correct_speaker_institution(quote, "  ", "fr").error().kind,
            ErrorKind::Invalid);
  EXPECT_EQ(entity_id("organization", "port-authority-of-calais"), 0) << "nothing was made";
  ASSERT_TRUE(insight_->correct_speaker_institution(quote, "Port Authority of Calais", "fr").ok());
  box = insight_->for_article(first);
  ASSERT_TRUE(box->quotes[0].speaker);
  EXPECT_EQ(box->quotes[0].speaker->name, "Port Authority of Calais");
  EXPECT_TRUE(box->quotes[0].speaker->institution);

  auto second = publish("Fees again", "\"Nobody was told in advance,\" the port authority said.",
                        kNow - 3600);
  auto done = insight_->process_queue(10);
  EXPECT_EQ(std::set<Id>(done.begin(), done.end()), (std::set<Id>{first, second}))
      << "the corrected article was queued again";
  ASSERT_FALSE(given_.empty());
  auto const& known = given_.back();
  ASSERT_EQ(known.size(), 1u);
  EXPECT_EQ(known[0].name, "Port Authority of Calais");
  EXPECT_EQ(known[0].kind, SpeakerKind::Institution);
  EXPECT_EQ(known[0].country.value_or(""), "FR");
  EXPECT_FALSE(insight_->for_article(first)->quotes[0].speaker->name.empty())
      << "the correction survives the re-analysis";
  EXPECT_EQ(get("/organizations/port-authority-of-calais").status, 200);
  long long total = 0;
  QuoteQuery q;
  q.country = "fr";
  EXPECT_EQ(insight_->quotes(q, total).size(), 1u) << "listed under its country";
}

}  // namespace
}  // namespace dossier::insight
