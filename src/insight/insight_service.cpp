#include "insight/insight_service.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>
#include <soci/soci.h>

#include "core/slug.hpp"
#include "core/strings.hpp"
#include "publishing/article_store.hpp"
#include "render/markdown.hpp"
#include "store/database.hpp"
#include "store/row.hpp"

namespace dossier::insight {

namespace {

constexpr int kLatestArticles = 10;
constexpr int kEntityQuotes = 20;
constexpr int kMentionedWith = 12;
// The co-mention count looks at an entity's newest articles only, so an entity page costs the
// same for a name in 50 articles and one in 50,000.
constexpr int kCoMentionWindow = 500;
constexpr int kMaxQuotesPerPage = 100;

// Related articles: candidates are the newest articles sharing each entity, tag or category
// (a fixed number per link), so scoring costs the same at 1k and 1M articles.
constexpr int kRelatedKept = 5;
constexpr int kCandidatesPerLink = 25;
constexpr std::size_t kEntityLinks = 12;  // the article's rarest entities are the ones compared
constexpr double kTagWeight = 1.0;
constexpr double kCategoryWeight = 0.4;
constexpr double kTitleWordWeight = 0.8;
constexpr double kRecencyDays = 365.0;  // a candidate a year apart scores half
constexpr std::size_t kMinTitleWord = 4;

std::set<std::string> title_words(std::string const& title) {
  std::set<std::string> out;
  std::string word;
  for (char c : title + " ") {
    if (std::isalnum(static_cast<unsigned char>(c)) || (static_cast<unsigned char>(c) >= 0x80)) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      if (word.size() >= kMinTitleWord) out.insert(word);
      word.clear();
    }
  }
  return out;
}

// Scores and stores the article's related articles (top kRelatedKept) in the caller's
// transaction; returns them.
std::vector<long long> score_related(soci::session& sql, long long article) {
  std::string title;
  long long published = 0;
  soci::indicator pub_ind = soci::i_null;
  sql << "SELECT title, published_at FROM articles WHERE id = :a", soci::use(article),
      soci::into(title), soci::into(published, pub_ind);
  if (!sql.got_data()) return {};
  long long corpus = 1;
  sql << "SELECT COALESCE(MAX(id), 1) FROM articles", soci::into(corpus);
  std::map<long long, double> score;
  long long take = kCandidatesPerLink;
  auto add_from = [&](std::string const& query, long long link, double weight) {
    soci::rowset<long long> rows =
        (sql.prepare << query, soci::use(link), soci::use(article), soci::use(take));
    for (auto id : rows) score[id] += weight;
  };
  // Shared entities, each weighted by how rare it is on the site (inverse document frequency).
  soci::rowset<soci::row> entities =
      (sql.prepare << "SELECT ae.entity_id, e.article_count FROM article_entities ae JOIN"
                      " entities e ON e.id = ae.entity_id WHERE ae.article_id = :a",
       soci::use(article));
  std::vector<std::pair<long long, double>> links;
  for (auto const& r : entities) {
    auto df = static_cast<double>(std::max<long long>(store::row_int(r, 1), 1));
    links.emplace_back(store::row_int(r, 0), std::log(1.0 + static_cast<double>(corpus) / df));
  }
  // The rarest entities say the most about an article; common ones ("United States") add
  // little and would cost as much.
  std::sort(links.begin(), links.end(),
            [](auto const& x, auto const& y) { return x.second > y.second; });
  if (links.size() > kEntityLinks) links.resize(kEntityLinks);
  for (auto [entity, idf] : links)
    add_from(
        "SELECT article_id FROM article_entities WHERE entity_id = :l AND article_id <> :a"
        " ORDER BY published_at DESC LIMIT :t",
        entity, idf);
  std::vector<long long> tags, categories;
  soci::rowset<long long> tag_rows =
      (sql.prepare << "SELECT tag_id FROM article_tags WHERE article_id = :a", soci::use(article));
  for (auto t : tag_rows) tags.push_back(t);
  soci::rowset<long long> category_rows =
      (sql.prepare << "SELECT category_id FROM article_categories WHERE article_id = :a",
       soci::use(article));
  for (auto c : category_rows) categories.push_back(c);
  for (auto t : tags)
    add_from(
        "SELECT article_id FROM article_tags WHERE tag_id = :l AND article_id <> :a ORDER BY"
        " published_at DESC LIMIT :t",
        t, kTagWeight);
  for (auto c : categories)
    add_from(
        "SELECT article_id FROM article_categories WHERE category_id = :l AND article_id <>"
        " :a ORDER BY published_at DESC LIMIT :t",
        c, kCategoryWeight);
  // Title words and recency, for the candidates only.
  auto mine = title_words(title);
  std::vector<std::pair<double, long long>> ranked;
  // The candidates' titles and dates in one query (at most a few hundred ids).
  std::map<long long, std::pair<std::string, long long>> details;
  if (!score.empty()) {
    std::string ids;
    for (auto const& [id, s] : score) ids += (ids.empty() ? "" : ",") + std::to_string(id);
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT a.id, a.title, COALESCE(a.published_at, 0) FROM articles a WHERE"
                        " a.id IN ("
                     << ids << ") AND a.kind <> 'page' AND " << publishing::kPublicFilter);
    for (auto const& r : rows)
      details[store::row_int(r, 0)] = {store::row_text(r, 1), store::row_int(r, 2)};
  }
  for (auto& [id, s] : score) {
    auto found = details.find(id);
    if (found == details.end()) continue;
    auto const& other = found->second.first;
    long long when = found->second.second;
    soci::indicator when_ind = when ? soci::i_ok : soci::i_null;
    auto theirs = title_words(other);
    int shared = 0;
    for (auto const& w : mine) shared += static_cast<int>(theirs.contains(w));
    auto total = s + kTitleWordWeight * shared;
    if (pub_ind == soci::i_ok && when_ind == soci::i_ok) {
      auto days = std::fabs(static_cast<double>(published - when)) / 86400.0;
      total /= 1.0 + days / kRecencyDays;
    }
    ranked.emplace_back(total, id);
  }
  std::sort(ranked.begin(), ranked.end(), [](auto const& a, auto const& b) {
    return a.first != b.first ? a.first > b.first : a.second > b.second;
  });
  if (ranked.size() > static_cast<std::size_t>(kRelatedKept)) ranked.resize(kRelatedKept);
  sql << "DELETE FROM related_articles WHERE article_id = :a", soci::use(article);
  std::vector<long long> out;
  int rank = 0;
  for (auto const& [s, id] : ranked) {
    double sc = s;
    sql << "INSERT INTO related_articles (article_id, related_id, rank, score) VALUES (:a, :r,"
           " :k, :s)",
        soci::use(article), soci::use(id), soci::use(rank), soci::use(sc);
    ++rank;
    out.push_back(id);
  }
  return out;
}

namespace msg {
constexpr char const* kNoArticle = "There is no such article.";
constexpr char const* kNoEntity = "There is no such entity.";
constexpr char const* kSameEntity = "An entity cannot be merged into itself.";
constexpr char const* kKindsDiffer = "Only entities of the same kind can be merged.";
constexpr char const* kNameRequired = "Please give a name.";
constexpr char const* kNoQuote = "There is no such quotation.";
}  // namespace msg

constexpr std::array<std::string_view, 3> kKindNames{"person", "country", "organization"};

// The article as the analyzer reads it: title, dek, then the body's paragraphs as plain text.
Document document_of(std::string const& title, std::string const& dek, std::string const& body) {
  auto plain = render::render_markdown(body).plain_text;
  std::vector<std::string> paragraphs;
  if (!trim(dek).empty()) paragraphs.emplace_back(dek);
  std::string current;
  for (auto line : split(plain, '\n')) {
    if (trim(line).empty()) {
      if (!current.empty()) paragraphs.push_back(std::move(current));
      current.clear();
      continue;
    }
    if (!current.empty()) current += ' ';
    current += std::string(trim(line));
  }
  if (!current.empty()) paragraphs.push_back(std::move(current));
  return make_document(title, paragraphs);
}

std::string entity_columns() {
  return "e.id, e.kind, e.slug, COALESCE(e.name_override, e.name), COALESCE(e.role_override, "
         "e.role), COALESCE(e.iso2, '')";
}

EntityRef entity_from(soci::row const& r, std::size_t at = 0) {
  EntityRef e;
  e.id = store::row_int(r, at);
  e.kind = parse_entity_kind(store::row_text(r, at + 1)).value_or(EntityKind::Person);
  e.slug = store::row_text(r, at + 2);
  e.name = store::row_text(r, at + 3);
  if (r.get_indicator(at + 4) == soci::i_ok && !store::row_text(r, at + 4).empty())
    e.role = store::row_text(r, at + 4);
  e.iso2 = store::row_text(r, at + 5);
  return e;
}

// Finds or makes the entity of (kind, slug); a merged entity answers with the one it was
// merged into. Returns 0 for a hidden entity (an editor said it is not one).
Id upsert_entity(soci::session& sql, EntityKind kind, std::string const& slug,
                 std::string const& name, std::string const& iso2,
                 std::optional<std::string> const& role) {
  std::string k(to_string(kind));
  long long id = 0, merged = 0;
  int hidden = 0;
  soci::indicator merged_ind = soci::i_null;
  sql << "SELECT id, hidden, merged_into FROM entities WHERE kind = :k AND slug = :s", soci::use(k),
      soci::use(slug), soci::into(id), soci::into(hidden), soci::into(merged, merged_ind);
  if (!sql.got_data()) {
    std::string r = role.value_or("");
    soci::indicator role_ind = role ? soci::i_ok : soci::i_null;
    std::string iso = iso2;
    soci::indicator iso_ind = iso2.empty() ? soci::i_null : soci::i_ok;
    sql << "INSERT INTO entities (kind, slug, name, iso2, role) VALUES (:k, :s, :n, :i, :r)"
           " RETURNING id",
        soci::use(k), soci::use(slug), soci::use(name), soci::use(iso, iso_ind),
        soci::use(r, role_ind), soci::into(id);
    return id;
  }
  // Follow merges to the entity that stands (chains are short: each merge points at a root).
  for (int hops = 0; merged_ind == soci::i_ok && hops < 8; ++hops) {
    id = merged;
    sql << "SELECT hidden, merged_into FROM entities WHERE id = :id", soci::use(id),
        soci::into(hidden), soci::into(merged, merged_ind);
  }
  if (hidden) return 0;
  if (role) sql << "UPDATE entities SET role = :r WHERE id = :id", soci::use(*role), soci::use(id);
  return id;
}

std::string slug_for(EntityKind kind, std::string const& name, std::string const& iso2) {
  if (kind == EntityKind::Country) return to_lower(iso2);
  auto s = make_slug(name);
  return s.empty() ? "entity" : s;
}

ArticleRef article_from(soci::row const& r, std::size_t at) {
  return {store::row_int(r, at), store::row_text(r, at + 1), store::row_text(r, at + 2),
          store::row_text(r, at + 3), store::row_int(r, at + 4)};
}

std::vector<StoredQuote> quotes_where(soci::session& sql, std::string const& where,
                                      std::vector<std::string> const& binds, int limit,
                                      int offset) {
  std::vector<StoredQuote> out;
  auto query = fmt::format(
      "SELECT q.id, q.text, a.id, a.slug, a.title, a.dek, COALESCE(a.published_at, 0), "
      "{} FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id = "
      "q.speaker_entity_id WHERE {} AND {} ORDER BY q.published_at DESC, q.id DESC LIMIT {} "
      "OFFSET {}",
      entity_columns(), publishing::kPublicFilter, where, limit, offset);
  soci::statement st(sql);
  soci::row r;
  st.exchange(soci::into(r));
  for (auto const& b : binds) st.exchange(soci::use(b));
  st.alloc();
  st.prepare(query);
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) {
    StoredQuote q;
    q.id = store::row_int(r, 0);
    q.text = store::row_text(r, 1);
    q.article = article_from(r, 2);
    if (r.get_indicator(7) == soci::i_ok) q.speaker = entity_from(r, 7);
    out.push_back(std::move(q));
  }
  return out;
}

std::string like_pattern(std::string const& words) {
  std::string out = "%";
  for (char c : std::string(trim(words))) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

}  // namespace

std::string_view to_string(EntityKind kind) {
  return kKindNames[static_cast<std::size_t>(kind)];
}

std::optional<EntityKind> parse_entity_kind(std::string_view text) {
  for (std::size_t i = 0; i < kKindNames.size(); ++i)
    if (kKindNames[i] == text) return static_cast<EntityKind>(i);
  if (text == "people") return EntityKind::Person;
  if (text == "countries") return EntityKind::Country;
  if (text == "organizations") return EntityKind::Organization;
  return std::nullopt;
}

std::string entity_url(EntityKind kind, std::string const& slug) {
  switch (kind) {
    case EntityKind::Person: return "/people/" + slug;
    case EntityKind::Country: return "/countries/" + slug;
    case EntityKind::Organization: return "/organizations/" + slug;
  }
  return "/";
}

InsightService::InsightService(store::Database& db, std::function<UnixTime()> clock,
                               Lexicon const& lexicon, AnalyzerOptions options)
    : db_(db),
      clock_(std::move(clock)),
      lexicon_(lexicon),
      options_(options),
      analyzer_(lexicon, options) {}

void InsightService::queue(Id article_id) {
  soci::session sql(db_.pool());
  long long t = clock_();
  sql << "INSERT INTO insight_queue (article_id, queued_at) VALUES (:a, :t)"
         " ON CONFLICT (article_id) DO UPDATE SET queued_at = excluded.queued_at",
      soci::use(article_id), soci::use(t);
}

long long InsightService::queue_unanalysed() {
  soci::session sql(db_.pool());
  long long t = clock_();
  soci::statement st =
      (sql.prepare << "INSERT INTO insight_queue (article_id, queued_at) SELECT id,"
                      " :t FROM articles WHERE analyzed_at IS NULL"
                      " ON CONFLICT (article_id) DO NOTHING",
       soci::use(t));
  st.execute(true);
  return st.get_affected_rows();
}

std::vector<Id> InsightService::process_queue(int limit) {
  std::vector<long long> ids(static_cast<std::size_t>(std::max(limit, 1)));
  {
    soci::session sql(db_.pool());
    long long l = limit;
    sql << "SELECT article_id FROM insight_queue ORDER BY queued_at LIMIT :l", soci::use(l),
        soci::into(ids);
  }
  std::vector<Id> done;
  for (auto id : ids) {
    auto r = analyze_article(id);
    soci::session sql(db_.pool());
    sql << "DELETE FROM insight_queue WHERE article_id = :a", soci::use(id);
    if (r.ok()) done.push_back(id);
  }
  return done;
}

Result<Unit> InsightService::analyze_article(Id article_id) {
  std::string title, dek, body, kind;
  long long published = 0;
  soci::indicator pub_ind = soci::i_null;
  {
    soci::session sql(db_.pool());
    sql << "SELECT title, dek, body_markdown, published_at, kind FROM articles WHERE id = :id",
        soci::use(article_id), soci::into(title), soci::into(dek), soci::into(body),
        soci::into(published, pub_ind), soci::into(kind);
    if (!sql.got_data()) return not_found(msg::kNoArticle);
  }
  // Static pages ("About us") are not news: nothing in them is analysed.
  if (kind == "page") body.clear(), dek.clear(), title.clear();
  if (pub_ind != soci::i_ok) published = 0;
  // The analysis runs outside the write transaction: only its results take the lock.
  // People the site knows, loaded once and grown with every analysis (not read per article:
  // a large archive knows many thousands).
  if (!known_loaded_) {
    soci::session sql(db_.pool());
    soci::rowset<std::string> names =
        (sql.prepare << "SELECT name FROM entities WHERE kind = 'person' AND hidden = 0 AND"
                        " merged_into IS NULL");
    for (auto const& n : names) known_people_.insert(n);
    known_loaded_ = true;
    analyzer_.set_known_people({known_people_.begin(), known_people_.end()});
  }
  auto analysis = analyzer_.analyze(document_of(title, dek, body));
  for (auto const& p : analysis.people)
    if (p.name.find(' ') != std::string::npos && known_people_.insert(p.name).second)
      analyzer_.add_known_person(p.name);

  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  // Entities' article counts (their rarity, for related articles) move with the rows.
  sql << "UPDATE entities SET article_count = article_count - 1 WHERE id IN (SELECT entity_id"
         " FROM article_entities WHERE article_id = :a)",
      soci::use(article_id);
  sql << "DELETE FROM article_entities WHERE article_id = :a", soci::use(article_id);
  sql << "DELETE FROM quotes WHERE article_id = :a", soci::use(article_id);
  sql << "DELETE FROM figures WHERE article_id = :a", soci::use(article_id);
  std::map<std::string, Id> by_name;  // canonical name -> entity, for quotation speakers
  std::map<Id, std::pair<int, std::size_t>> counts;  // entity -> (mentions, first offset)
  auto record = [&](EntityKind kind, std::string const& name, std::string const& iso2,
                    std::optional<std::string> const& role, std::vector<Span> const& spans) {
    auto id = upsert_entity(sql, kind, slug_for(kind, name, iso2), name, iso2, role);
    if (id == 0) return;
    by_name.emplace(name, id);
    auto& c = counts[id];
    if (c.first == 0) c.second = spans.empty() ? 0 : spans.front().begin;
    c.first += static_cast<int>(spans.size());
  };
  for (auto const& p : analysis.people) record(EntityKind::Person, p.name, "", p.role, p.spans);
  for (auto const& c : analysis.countries) record(EntityKind::Country, c.name, c.iso2, {}, c.spans);
  for (auto const& o : analysis.organizations)
    record(EntityKind::Organization, o.name, "", {}, o.spans);
  for (auto const& [entity, c] : counts) {
    long long first = static_cast<long long>(c.second);
    sql << "INSERT INTO article_entities (article_id, entity_id, mentions, first_offset,"
           " published_at) VALUES (:a, :e, :m, :f, :p)",
        soci::use(article_id), soci::use(entity), soci::use(c.first), soci::use(first),
        soci::use(published);
    sql << "UPDATE entities SET article_count = article_count + 1 WHERE id = :e", soci::use(entity);
  }
  int position = 0;
  for (auto const& q : analysis.quotes) {
    long long speaker = 0;
    soci::indicator speaker_ind = soci::i_null;
    if (q.speaker)
      if (auto it = by_name.find(*q.speaker); it != by_name.end()) {
        speaker = it->second;
        speaker_ind = soci::i_ok;
      }
    // An editor's correction wins over the analyzer's reading.
    long long corrected = 0;
    soci::indicator corrected_ind = soci::i_null;
    sql << "SELECT speaker_entity_id FROM quote_corrections WHERE article_id = :a AND text = :t",
        soci::use(article_id), soci::use(q.text), soci::into(corrected, corrected_ind);
    if (sql.got_data()) {
      speaker = corrected;
      speaker_ind = corrected_ind;
    }
    sql << "INSERT INTO quotes (article_id, position, text, speaker_entity_id, published_at)"
           " VALUES (:a, :p, :t, :s, :pub)",
        soci::use(article_id), soci::use(position), soci::use(q.text),
        soci::use(speaker, speaker_ind), soci::use(published);
    ++position;
  }
  position = 0;
  for (auto const& f : analysis.numbers) {
    std::string source = f.source.value_or("");
    soci::indicator source_ind = f.source ? soci::i_ok : soci::i_null;
    sql << "INSERT INTO figures (article_id, position, text, value, what, source)"
           " VALUES (:a, :p, :t, :v, :w, :s)",
        soci::use(article_id), soci::use(position), soci::use(f.text), soci::use(f.value),
        soci::use(f.what), soci::use(source, source_ind);
    ++position;
  }
  long long now = clock_();
  sql << "UPDATE articles SET analyzed_at = :t WHERE id = :id", soci::use(now),
      soci::use(article_id);
  // Its related articles, and theirs in turn (it may now belong there): a bounded amount of
  // work, the same whatever the size of the archive. A full re-analysis scores every article
  // anyway, so it skips the second step.
  auto chosen = score_related(sql, article_id);
  if (!bulk_)
    for (auto related : chosen) score_related(sql, related);
  tx.commit();
  return Unit{};
}

long long InsightService::reindex_all(Progress const& progress) {
  std::vector<long long> ids;
  {
    soci::session sql(db_.pool());
    soci::rowset<long long> rows = (sql.prepare << "SELECT id FROM articles ORDER BY id");
    for (auto id : rows) ids.push_back(id);
  }
  long long done = 0;
  bulk_ = true;
  for (auto id : ids) {
    analyze_article(id);
    ++done;
    if (progress) progress(done, static_cast<long long>(ids.size()));
  }
  bulk_ = false;
  soci::session sql(db_.pool());
  sql << "DELETE FROM insight_queue";
  return done;
}

std::optional<ArticleInsight> InsightService::for_article(Id article_id) {
  soci::session sql(db_.pool());
  soci::transaction snapshot(sql);
  long long analyzed = 0;
  soci::indicator ind = soci::i_null;
  sql << "SELECT analyzed_at FROM articles WHERE id = :id", soci::use(article_id),
      soci::into(analyzed, ind);
  if (!sql.got_data() || ind != soci::i_ok) return std::nullopt;
  ArticleInsight out;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << entity_columns()
                   << ", ae.mentions FROM article_entities ae JOIN entities e ON e.id ="
                      " ae.entity_id WHERE ae.article_id = :a AND e.hidden = 0"
                      " ORDER BY ae.first_offset",
       soci::use(article_id));
  for (auto const& r : rows) {
    auto e = entity_from(r);
    e.count = store::row_int(r, 6);
    (e.kind == EntityKind::Person    ? out.people
     : e.kind == EntityKind::Country ? out.countries
                                     : out.organizations)
        .push_back(std::move(e));
  }
  soci::rowset<soci::row> figures =
      (sql.prepare << "SELECT text, value, what, COALESCE(source, '') FROM figures"
                      " WHERE article_id = :a ORDER BY position",
       soci::use(article_id));
  for (auto const& r : figures) {
    StoredFigure f;
    f.text = store::row_text(r, 0);
    f.value = r.get<double>(1);
    f.what = store::row_text(r, 2);
    if (auto s = store::row_text(r, 3); !s.empty()) f.source = s;
    out.figures.push_back(std::move(f));
  }
  out.quotes = quotes_where(sql, "q.article_id = " + std::to_string(article_id), {}, 200, 0);
  return out;
}

std::optional<EntityRef> InsightService::find_entity(std::optional<EntityKind> kind,
                                                     std::string const& slug) {
  soci::session sql(db_.pool());
  std::string k = kind ? std::string(to_string(*kind)) : "";
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << entity_columns()
                   << ", e.merged_into FROM entities e WHERE e.slug = :s AND (:k1 = '' OR e.kind"
                      " = :k2) AND e.hidden = 0 ORDER BY e.kind LIMIT 1",
       soci::use(slug), soci::use(k), soci::use(k));
  for (auto const& r : rows) return entity_from(r);
  return std::nullopt;
}

std::optional<Id> InsightService::public_article_id(std::string const& slug) {
  soci::session sql(db_.pool());
  long long id = 0;
  sql << "SELECT a.id FROM articles a WHERE a.slug = :s AND " << publishing::kPublicFilter,
      soci::use(slug), soci::into(id);
  if (!sql.got_data()) return std::nullopt;
  return id;
}

std::optional<EntityPage> InsightService::entity_page(EntityKind kind, std::string const& slug) {
  auto entity = find_entity(kind, slug);
  if (!entity) return std::nullopt;
  soci::session sql(db_.pool());
  soci::transaction snapshot(sql);
  // A merged name's page is the entity's own (its slug answers with a redirect upstream).
  long long merged = 0;
  soci::indicator merged_ind = soci::i_null;
  sql << "SELECT merged_into FROM entities WHERE id = :id", soci::use(entity->id),
      soci::into(merged, merged_ind);
  EntityPage page;
  page.entity = *entity;
  if (merged_ind == soci::i_ok) page.entity.id = merged;
  auto id = page.entity.id;
  auto filter = fmt::format("{}", publishing::kPublicFilter);
  sql << "SELECT COUNT(*) FROM article_entities ae JOIN articles a ON a.id = ae.article_id"
         " WHERE ae.entity_id = :e AND " +
             filter,
      soci::use(id), soci::into(page.article_count);
  soci::rowset<soci::row> months =
      (sql.prepare << "SELECT strftime('%Y', ae.published_at, 'unixepoch'), strftime('%m',"
                      " ae.published_at, 'unixepoch'), SUM(ae.mentions) FROM article_entities ae"
                      " JOIN articles a ON a.id = ae.article_id WHERE ae.entity_id = :e AND "
                   << filter << " GROUP BY 1, 2",
       soci::use(id));
  for (auto const& r : months)
    page.months.push_back({static_cast<int>(parse_id(store::row_text(r, 0)).value_or(0)),
                           static_cast<int>(parse_id(store::row_text(r, 1)).value_or(0)),
                           store::row_int(r, 2)});
  long long latest = kLatestArticles;
  soci::rowset<soci::row> articles =
      (sql.prepare << "SELECT a.id, a.slug, a.title, a.dek, COALESCE(a.published_at, 0) FROM"
                      " article_entities ae JOIN articles a ON a.id = ae.article_id WHERE"
                      " ae.entity_id = :e AND "
                   << filter << " ORDER BY ae.published_at DESC LIMIT :l",
       soci::use(id), soci::use(latest));
  for (auto const& r : articles) page.latest.push_back(article_from(r, 0));
  page.quotes =
      quotes_where(sql, "q.speaker_entity_id = " + std::to_string(id), {}, kEntityQuotes, 0);
  page.about = quotes_where(
      sql,
      fmt::format("q.article_id IN (SELECT article_id FROM article_entities WHERE entity_id = {}"
                  " ORDER BY published_at DESC LIMIT {}) AND (q.speaker_entity_id IS NULL OR"
                  " q.speaker_entity_id <> {})",
                  id, kCoMentionWindow, id),
      {}, kEntityQuotes, 0);
  soci::rowset<soci::row> with =
      (sql.prepare << "SELECT " << entity_columns()
                   << ", COUNT(*) FROM (SELECT ae.article_id FROM article_entities ae JOIN"
                      " articles a ON a.id = ae.article_id WHERE ae.entity_id = :e AND "
                   << filter << " ORDER BY ae.published_at DESC LIMIT " << kCoMentionWindow
                   << ") mine JOIN article_entities other ON other.article_id = mine.article_id"
                      " JOIN entities e ON e.id = other.entity_id WHERE other.entity_id <> :e2"
                      " AND e.hidden = 0 GROUP BY e.id ORDER BY COUNT(*) DESC, e.name LIMIT "
                   << kMentionedWith,
       soci::use(id), soci::use(id));
  for (auto const& r : with) {
    auto e = entity_from(r);
    e.count = store::row_int(r, 6);
    page.mentioned_with.push_back(std::move(e));
  }
  return page;
}

std::vector<StoredQuote> InsightService::quotes(QuoteQuery const& q, long long& total) {
  soci::session sql(db_.pool());
  std::string where = "q.speaker_entity_id IS NOT NULL";
  std::vector<std::string> binds;
  if (!trim(q.speaker).empty()) {
    where += " AND COALESCE(e.name_override, e.name) LIKE :sp ESCAPE '\\'";
    binds.push_back(like_pattern(q.speaker));
  }
  if (!trim(q.words).empty()) {
    where += " AND q.text LIKE :w ESCAPE '\\'";
    binds.push_back(like_pattern(q.words));
  }
  {
    auto count_query = fmt::format(
        "SELECT COUNT(*) FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN entities"
        " e ON e.id = q.speaker_entity_id WHERE {} AND {}",
        publishing::kPublicFilter, where);
    soci::statement st(sql);
    st.exchange(soci::into(total));
    for (auto const& b : binds) st.exchange(soci::use(b));
    st.alloc();
    st.prepare(count_query);
    st.define_and_bind();
    st.execute(true);
  }
  auto per_page = std::clamp(q.per_page, 1, kMaxQuotesPerPage);
  auto page = std::max(q.page, 1);
  return quotes_where(sql, where, binds, per_page, (page - 1) * per_page);
}

std::vector<EntityRef> InsightService::search_entities(std::optional<EntityKind> kind,
                                                       std::string const& words, int limit) {
  soci::session sql(db_.pool());
  std::string k = kind ? std::string(to_string(*kind)) : "";
  auto pattern = like_pattern(words);
  long long l = std::clamp(limit, 1, 100);
  std::vector<EntityRef> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << entity_columns()
                   << ", (SELECT COUNT(*) FROM article_entities ae WHERE ae.entity_id = e.id)"
                      " FROM entities e WHERE e.hidden = 0 AND e.merged_into IS NULL AND EXISTS"
                      " (SELECT 1 FROM article_entities x WHERE x.entity_id = e.id) AND"
                      " (:k1 = '' OR e.kind = :k2) AND COALESCE(e.name_override, e.name) LIKE :p"
                      " ESCAPE '\\' ORDER BY 7 DESC, e.name LIMIT :l",
       soci::use(k), soci::use(k), soci::use(pattern), soci::use(l));
  for (auto const& r : rows) {
    auto e = entity_from(r);
    e.count = store::row_int(r, 6);
    out.push_back(std::move(e));
  }
  return out;
}

Result<Unit> InsightService::merge(Id from, Id into) {
  if (from == into) return invalid(msg::kSameEntity);
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  std::string kind_from, kind_into;
  sql << "SELECT kind FROM entities WHERE id = :id", soci::use(from), soci::into(kind_from);
  if (!sql.got_data()) return not_found(msg::kNoEntity);
  sql << "SELECT kind FROM entities WHERE id = :id", soci::use(into), soci::into(kind_into);
  if (!sql.got_data()) return not_found(msg::kNoEntity);
  if (kind_from != kind_into) return invalid(msg::kKindsDiffer);
  // The alias is remembered (merged_into), so the next analysis files the name under `into`.
  sql << "UPDATE entities SET merged_into = :i WHERE id = :f OR merged_into = :f2", soci::use(into),
      soci::use(from), soci::use(from);
  // Rows of both in one article become one row.
  sql << "INSERT INTO article_entities (article_id, entity_id, mentions, first_offset, "
         "published_at)"
         " SELECT article_id, :i, mentions, first_offset, published_at FROM article_entities"
         " WHERE entity_id = :f ON CONFLICT (article_id, entity_id) DO UPDATE SET mentions ="
         " mentions + excluded.mentions, first_offset = MIN(first_offset, excluded.first_offset)",
      soci::use(into), soci::use(from);
  sql << "DELETE FROM article_entities WHERE entity_id = :f", soci::use(from);
  sql << "UPDATE entities SET article_count = (SELECT COUNT(*) FROM article_entities WHERE"
         " entity_id = :i) WHERE id = :i2",
      soci::use(into), soci::use(into);
  sql << "UPDATE entities SET article_count = 0 WHERE id = :f", soci::use(from);
  sql << "UPDATE quotes SET speaker_entity_id = :i WHERE speaker_entity_id = :f", soci::use(into),
      soci::use(from);
  sql << "UPDATE quote_corrections SET speaker_entity_id = :i WHERE speaker_entity_id = :f",
      soci::use(into), soci::use(from);
  tx.commit();
  return Unit{};
}

Result<Unit> InsightService::rename(Id entity, std::string const& name) {
  auto n = std::string(trim(name));
  if (n.empty() || !is_valid_utf8(n) || n.size() > 200) return invalid(msg::kNameRequired);
  soci::session sql(db_.pool());
  soci::statement st = (sql.prepare << "UPDATE entities SET name_override = :n WHERE id = :id",
                        soci::use(n), soci::use(entity));
  st.execute(true);
  if (st.get_affected_rows() == 0) return not_found(msg::kNoEntity);
  return Unit{};
}

Result<Unit> InsightService::set_role(Id entity, std::string const& role) {
  auto r = std::string(trim(role));
  if (!is_valid_utf8(r) || r.size() > 200) return invalid(msg::kNameRequired);
  soci::session sql(db_.pool());
  soci::indicator ind = r.empty() ? soci::i_null : soci::i_ok;
  soci::statement st = (sql.prepare << "UPDATE entities SET role_override = :r WHERE id = :id",
                        soci::use(r, ind), soci::use(entity));
  st.execute(true);
  if (st.get_affected_rows() == 0) return not_found(msg::kNoEntity);
  return Unit{};
}

Result<Unit> InsightService::set_hidden(Id entity, bool hidden) {
  soci::session sql(db_.pool());
  int h = hidden ? 1 : 0;
  soci::statement st = (sql.prepare << "UPDATE entities SET hidden = :h WHERE id = :id",
                        soci::use(h), soci::use(entity));
  st.execute(true);
  if (st.get_affected_rows() == 0) return not_found(msg::kNoEntity);
  return Unit{};
}

Result<Unit> InsightService::correct_speaker(Id quote, std::optional<Id> speaker) {
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  long long article = 0;
  std::string text;
  sql << "SELECT article_id, text FROM quotes WHERE id = :id", soci::use(quote),
      soci::into(article), soci::into(text);
  if (!sql.got_data()) return not_found(msg::kNoQuote);
  long long s = speaker.value_or(0);
  soci::indicator ind = speaker ? soci::i_ok : soci::i_null;
  if (speaker) {
    long long n = 0;
    sql << "SELECT COUNT(*) FROM entities WHERE id = :id", soci::use(s), soci::into(n);
    if (n == 0) return not_found(msg::kNoEntity);
  }
  sql << "INSERT INTO quote_corrections (article_id, text, speaker_entity_id) VALUES (:a, :t, :s)"
         " ON CONFLICT (article_id, text) DO UPDATE SET speaker_entity_id = "
         "excluded.speaker_entity_id",
      soci::use(article), soci::use(text), soci::use(s, ind);
  sql << "UPDATE quotes SET speaker_entity_id = :s WHERE id = :id", soci::use(s, ind),
      soci::use(quote);
  tx.commit();
  return Unit{};
}

}  // namespace dossier::insight
