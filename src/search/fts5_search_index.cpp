#include "search/fts5_search_index.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include <fmt/format.h>
#include <soci/soci.h>

#include "core/time.hpp"
#include "publishing/article_store.hpp"
#include "render/markdown.hpp"
#include "search/spelling.hpp"
#include "store/database.hpp"
#include "store/sqlite/sqlite_session.hpp"
#include "store/sqlite/stemming_tokenizer.hpp"

namespace dossier::search {

namespace {

using publishing::Id;

// User-facing messages of this module (STYLE.md, Errors).
namespace msg {
constexpr char const* kNoCategory = "There is no category '{}'.";
constexpr char const* kNoTag = "There is no tag '{}'.";
constexpr char const* kNoAuthor = "There is no author '{}'.";
}  // namespace msg

// Snippet markers: control characters never stored in an article (the parser and the
// store strip them), so splitting on them cannot cut a reader's text.
constexpr char kMarkOpen = '\x01';
constexpr char kMarkClose = '\x02';
constexpr int kSnippetTokens = 28;
constexpr int kCategoryFacetSize = 12;
constexpr int kYearFacetSize = 12;
constexpr int kMaxSpellingCandidates = 20000;
constexpr double kSecondsPerDay = 86400.0;
// The body column's position in search_index (title, dek, author, taxonomy, body).
constexpr int kBodyColumn = 4;

// The WHERE conditions of one search, on articles "a" (joined to search_index "s" when the
// query has text). Filter values are resolved to ids first, so every value but the MATCH
// expression is an integer written into the SQL, and the statement binds one string.
struct Conditions {
  std::string where;
  bool matches_nothing = false;
};

std::optional<Id> id_by_slug(soci::session& sql, char const* table, std::string const& slug) {
  Id id = 0;
  soci::indicator ind = soci::i_null;
  sql << fmt::format("SELECT id FROM {} WHERE slug = :slug", table), soci::use(slug),
      soci::into(id, ind);
  if (!sql.got_data() || ind != soci::i_ok) return std::nullopt;
  return id;
}

Conditions conditions_for(soci::session& sql, ParsedQuery const& q,
                          std::vector<std::string>& notes) {
  Conditions c;
  c.where = publishing::kPublicFilter;
  if (!q.fts.empty()) c.where += " AND search_index MATCH :match";
  auto const& f = q.filters;
  // The filters that name a category, tag or author by slug: each must hold.
  struct SlugFilter {
    std::vector<std::string> const& slugs;
    char const* table;
    char const* unknown;    // message when the slug names nothing
    char const* condition;  // with the id in {}
  };
  for (auto const& filter :
       {SlugFilter{f.categories, "categories", msg::kNoCategory,
                   " AND EXISTS (SELECT 1 FROM article_categories fc WHERE fc.article_id = a.id"
                   " AND fc.category_id = {})"},
        SlugFilter{f.tags, "tags", msg::kNoTag,
                   " AND EXISTS (SELECT 1 FROM article_tags ft WHERE ft.article_id = a.id"
                   " AND ft.tag_id = {})"},
        SlugFilter{f.authors, "users", msg::kNoAuthor, " AND a.author_id = {}"}}) {
    for (auto const& slug : filter.slugs) {
      auto id = id_by_slug(sql, filter.table, slug);
      if (!id) {
        notes.push_back(fmt::format(fmt::runtime(filter.unknown), slug));
        c.matches_nothing = true;
        continue;
      }
      c.where += fmt::format(fmt::runtime(filter.condition), *id);
    }
  }
  if (f.kind) {
    // The parser accepts only known kinds; parse again so nothing unchecked reaches SQL.
    if (auto kind = publishing::parse_kind(*f.kind))
      c.where += fmt::format(" AND a.kind = '{}'", publishing::to_string(*kind));
  }
  if (f.before) c.where += fmt::format(" AND a.published_at < {}", *f.before);
  if (f.after) c.where += fmt::format(" AND a.published_at >= {}", *f.after);
  return c;
}

std::string from_clause(ParsedQuery const& q) {
  return q.fts.empty() ? "articles a" : "search_index s JOIN articles a ON a.id = s.rowid";
}

// Binds :match when the query has text, then runs `st` to completion with its into()s.
void run(soci::statement& st, ParsedQuery const& q, std::string const& query) {
  if (!q.fts.empty()) st.exchange(soci::use(q.fts, "match"));
  st.alloc();
  st.prepare(query);
  st.define_and_bind();
  st.execute(false);
}

std::vector<SnippetPart> split_snippet(std::string const& text) {
  std::vector<SnippetPart> parts;
  std::string current;
  bool match = false;
  auto flush = [&] {
    if (!current.empty()) parts.push_back({std::move(current), match});
    current.clear();
  };
  for (char ch : text) {
    if (ch == kMarkOpen || ch == kMarkClose) {
      flush();
      match = ch == kMarkOpen;
    } else {
      current.push_back(ch);
    }
  }
  flush();
  return parts;
}

std::string year_filter(int year) {
  // after: is exclusive of its day and before: of its own (query_parser.hpp).
  return fmt::format("after:{}-12-31 before:{}-01-01", year - 1, year + 1);
}

// What the index holds for one public article.
struct Document {
  std::string title, dek, author, taxonomy, body;
};

std::optional<Document> load_document(soci::session& sql, Id id) {
  Document d;
  std::string markdown;
  sql << fmt::format(
      "SELECT a.title, a.dek, u.name, a.body_markdown FROM articles a"
      " JOIN users u ON u.id = a.author_id WHERE a.id = :id AND {}",
      publishing::kPublicFilter),
      soci::use(id), soci::into(d.title), soci::into(d.dek), soci::into(d.author),
      soci::into(markdown);
  if (!sql.got_data()) return std::nullopt;
  std::string name;
  soci::statement names =
      (sql.prepare << "SELECT c.name FROM article_categories ac"
                      " JOIN categories c ON c.id = ac.category_id"
                      " WHERE ac.article_id = :id"
                      " UNION ALL SELECT t.name FROM article_tags at"
                      " JOIN tags t ON t.id = at.tag_id WHERE at.article_id = :id",
       soci::use(id, "id"), soci::into(name));
  names.execute();
  while (names.fetch()) {
    if (!d.taxonomy.empty()) d.taxonomy += " · ";
    d.taxonomy += name;
  }
  d.body = render::render_markdown(markdown).plain_text;
  return d;
}

void insert_document(soci::session& sql, Id id, Document const& d) {
  sql << "INSERT INTO search_documents (article_id, title, dek, author, taxonomy, body)"
         " VALUES (:id, :title, :dek, :author, :taxonomy, :body)",
      soci::use(id), soci::use(d.title), soci::use(d.dek), soci::use(d.author),
      soci::use(d.taxonomy), soci::use(d.body);
}

// The word of the index whose stem is `stem`, as written in some article ("economy" for
// "economi"), read back from a one-word snippet.
std::optional<std::string> surface_form(soci::session& sql, std::string const& stem) {
  std::string match = "\"" + stem + "\"";
  std::string snippet;
  soci::indicator ind = soci::i_null;
  sql << fmt::format(
      "SELECT snippet(search_index, -1, char(1), char(2), '', 1) FROM search_index"
      " WHERE search_index MATCH :match LIMIT 1"),
      soci::use(match), soci::into(snippet, ind);
  if (!sql.got_data() || ind != soci::i_ok) return std::nullopt;
  for (auto const& part : split_snippet(snippet))
    if (part.match) {
      std::string lower;
      for (char ch : part.text)
        lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
      return lower;
    }
  return std::nullopt;
}

// "Did you mean": each plain word whose stem the index does not hold is replaced by the
// nearest term of the index's vocabulary (edit distance), when there is one.
std::optional<std::string> spelling_suggestion(soci::session& sql, ParsedQuery const& q) {
  auto* db = store::sqlite::native_connection(sql);
  std::string corrected = q.canonical();
  bool changed = false;
  for (auto const& word : q.words) {
    auto terms = store::sqlite::index_terms(db, word, store::sqlite::Stemming::On);
    auto folded = store::sqlite::index_terms(db, word, store::sqlite::Stemming::Off);
    if (terms.size() != 1 || terms.front().empty() || folded.size() != 1) continue;
    auto const& stem = terms.front();
    long long documents = 0;
    sql << "SELECT doc FROM search_vocabulary WHERE term = :term", soci::use(stem),
        soci::into(documents);
    if (sql.got_data() && documents > 0) continue;
    // Candidates share the first byte: a misspelling rarely changes the first letter, and
    // the vocabulary is read as one range of its sorted term list.
    std::string low = folded.front().substr(0, 1), high = low;
    high.back() = static_cast<char>(high.back() + 1);
    std::vector<VocabularyTerm> vocabulary;
    VocabularyTerm row;
    soci::statement st = (sql.prepare << "SELECT term, doc FROM search_vocabulary"
                                         " WHERE term >= :low AND term < :high LIMIT :cap",
                          soci::use(low), soci::use(high), soci::use(kMaxSpellingCandidates),
                          soci::into(row.term), soci::into(row.documents));
    st.execute();
    while (st.fetch()) vocabulary.push_back(row);
    auto best = closest_term(folded.front(), vocabulary, TermForm::Stem);
    if (!best) continue;
    auto word_form = surface_form(sql, *best);
    if (!word_form) continue;
    // Replace the word where it stands as a whole word in the canonical query.
    auto at = corrected.find(word);
    while (at != std::string::npos) {
      bool starts = at == 0 || corrected[at - 1] == ' ';
      bool ends = at + word.size() == corrected.size() || corrected[at + word.size()] == ' ';
      if (starts && ends) break;
      at = corrected.find(word, at + 1);
    }
    if (at == std::string::npos) continue;
    corrected.replace(at, word.size(), *word_form);
    changed = true;
  }
  if (!changed) return std::nullopt;
  return corrected;
}

}  // namespace

Fts5SearchIndex::Fts5SearchIndex(store::Database& db, RankingOptions ranking,
                                 std::function<UnixTime()> clock)
    : db_(db), ranking_(ranking), clock_(std::move(clock)) {}

void Fts5SearchIndex::sync(soci::session& sql, Id id) {
  // The delete trigger removes the old text from the FTS5 index; the insert trigger adds
  // the new (migration 0004_search.sql).
  sql << "DELETE FROM search_documents WHERE article_id = :id", soci::use(id);
  if (auto document = load_document(sql, id)) insert_document(sql, id, *document);
}

SearchResults Fts5SearchIndex::search(SearchRequest const& request) {
  SearchResults out;
  auto const& q = request.query;
  out.notes = q.notes;
  out.per_page = std::clamp(request.per_page, 1, kMaxPerPage);
  out.page = std::clamp(request.page, 1, kMaxPage);
  if (q.empty()) return out;

  soci::session sql(db_.pool());
  soci::transaction snapshot(sql);  // one snapshot for results, counts and facets
  auto conditions = conditions_for(sql, q, out.notes);
  if (conditions.matches_nothing) return out;
  auto from = from_clause(q);

  // Counts per kind and year: the total, and two facets, from one pass over the matches.
  {
    std::string kind;
    int year = 0;
    long long count = 0;
    soci::statement st(sql);
    st.exchange(soci::into(kind));
    st.exchange(soci::into(year));
    st.exchange(soci::into(count));
    run(st, q,
        fmt::format("SELECT a.kind, CAST(strftime('%Y', a.published_at, 'unixepoch') AS INTEGER),"
                    " count(*) FROM {} WHERE {} GROUP BY 1, 2",
                    from, conditions.where));
    std::unordered_map<std::string, long long> kinds;
    std::map<int, long long, std::greater<>> years;
    while (st.fetch()) {
      out.total += count;
      kinds[kind] += count;
      years[year] += count;
    }
    for (auto const& [name, n] : kinds) {
      auto parsed = publishing::parse_kind(name);
      out.kinds.push_back(
          {parsed ? std::string(publishing::kind_label(*parsed)) : name, "kind:" + name, n});
    }
    std::sort(out.kinds.begin(), out.kinds.end(),
              [](auto const& a, auto const& b) { return a.count > b.count; });
    for (auto const& [y, n] : years) {
      if (out.years.size() == kYearFacetSize) break;
      out.years.push_back({std::to_string(y), year_filter(y), n});
    }
  }
  if (out.total == 0) {
    if (!q.words.empty()) out.suggestion = spelling_suggestion(sql, q);
    out.kinds.clear();
    out.years.clear();
    return out;
  }

  if (request.facets) {
    std::string slug, name;
    long long count = 0;
    soci::statement st(sql);
    st.exchange(soci::into(slug));
    st.exchange(soci::into(name));
    st.exchange(soci::into(count));
    run(st, q,
        fmt::format("SELECT c.slug, c.name, count(*) FROM {} JOIN article_categories fcat"
                    " ON fcat.article_id = a.id JOIN categories c ON c.id = fcat.category_id"
                    " WHERE {} GROUP BY c.id ORDER BY 3 DESC, c.name LIMIT {}",
                    from, conditions.where, kCategoryFacetSize));
    while (st.fetch()) out.categories.push_back({name, "category:" + slug, count});
  } else {
    out.kinds.clear();
    out.years.clear();
  }

  // The page's ids, best first.
  std::string order;
  if (request.order == SearchOrder::Newest || q.fts.empty()) {
    order = "a.published_at DESC, a.id DESC";
  } else {
    // bm25() is negative, better matches lower: the recency factor (>= 1) pushes newer
    // articles further down, i.e. up the results.
    order = fmt::format(
        "bm25(search_index, {}, {}, {}, {}, {}) * (1.0 + {} / (1.0 + max(0, {} - "
        "a.published_at) / {})), a.id DESC",
        ranking_.title_weight, ranking_.dek_weight, ranking_.author_weight,
        ranking_.taxonomy_weight, ranking_.body_weight, ranking_.recency_boost, clock_(),
        ranking_.recency_days * kSecondsPerDay);
  }
  std::vector<Id> ids;
  {
    Id id = 0;
    soci::statement st(sql);
    st.exchange(soci::into(id));
    run(st, q,
        fmt::format("SELECT a.id FROM {} WHERE {} ORDER BY {} LIMIT {} OFFSET {}", from,
                    conditions.where, order, out.per_page,
                    static_cast<long long>(out.page - 1) * out.per_page));
    while (st.fetch()) ids.push_back(id);
  }
  std::unordered_map<Id, publishing::ArticleSummary> by_id;
  for (auto& s : publishing::ArticleStore::summaries(sql, ids)) by_id.emplace(s.id, std::move(s));
  for (auto id : ids) {
    auto found = by_id.find(id);
    if (found == by_id.end()) continue;
    SearchHit hit{std::move(found->second), {}};
    if (!q.fts.empty()) {
      std::string snippet;
      soci::indicator ind = soci::i_null;
      sql << fmt::format(
          "SELECT snippet(search_index, {}, char(1), char(2), '…', {}) FROM search_index"
          " WHERE search_index MATCH :match AND rowid = :id",
          kBodyColumn, kSnippetTokens),
          soci::use(q.fts, "match"), soci::use(id, "id"), soci::into(snippet, ind);
      if (sql.got_data() && ind == soci::i_ok) hit.snippet = split_snippet(snippet);
    }
    out.hits.push_back(std::move(hit));
  }
  return out;
}

bool Fts5SearchIndex::needs_rebuild() {
  soci::session sql(db_.pool());
  int indexed = 0, published = 0;
  sql << "SELECT EXISTS (SELECT 1 FROM search_documents)", soci::into(indexed);
  sql << fmt::format("SELECT EXISTS (SELECT 1 FROM articles a WHERE {})",
                     publishing::kPublicFilter),
      soci::into(published);
  return indexed == 0 && published == 1;
}

long long Fts5SearchIndex::rebuild(Progress const& progress) {
  soci::session sql(db_.pool());
  soci::transaction tx(sql);
  // Emptying search_documents row by row would make the delete trigger re-read every old
  // text; instead the triggers step aside while both are emptied at once, and come back
  // (as the migration wrote them) before the articles are indexed again.
  std::vector<std::string> triggers;
  {
    std::string text;
    soci::statement st = (sql.prepare << "SELECT sql FROM sqlite_master WHERE type = 'trigger'"
                                         " AND tbl_name = 'search_documents' ORDER BY name",
                          soci::into(text));
    st.execute();
    while (st.fetch()) triggers.push_back(text);
  }
  std::vector<std::string> names;
  {
    std::string name;
    soci::statement st = (sql.prepare << "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                                         " AND tbl_name = 'search_documents'",
                          soci::into(name));
    st.execute();
    while (st.fetch()) names.push_back(name);
  }
  for (auto const& name : names) sql << fmt::format("DROP TRIGGER \"{}\"", name);
  sql << "DELETE FROM search_documents";
  sql << "INSERT INTO search_index (search_index) VALUES ('delete-all')";
  for (auto const& text : triggers) store::exec_script(sql, text);

  long long total = 0;
  sql << fmt::format("SELECT count(*) FROM articles a WHERE {}", publishing::kPublicFilter),
      soci::into(total);
  std::vector<Id> ids;
  ids.reserve(static_cast<std::size_t>(total));
  {
    Id id = 0;
    soci::statement st = (sql.prepare << fmt::format("SELECT a.id FROM articles a WHERE {}"
                                                     " ORDER BY a.id",
                                                     publishing::kPublicFilter),
                          soci::into(id));
    st.execute();
    while (st.fetch()) ids.push_back(id);
  }
  long long done = 0;
  for (auto id : ids) {
    if (auto document = load_document(sql, id)) insert_document(sql, id, *document);
    if (progress) progress(++done, total);
  }
  // Merge the index's segments once, now, rather than on the first searches.
  sql << "INSERT INTO search_index (search_index) VALUES ('optimize')";
  tx.commit();
  return done;
}

}  // namespace dossier::search
