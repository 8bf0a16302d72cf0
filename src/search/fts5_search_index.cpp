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
// How many of the newest matches a search ranks and counts facets over, and how far it
// counts matches exactly (docs/ARCHITECTURE.md, Search).
constexpr std::size_t kWindow = 500;
constexpr long long kCountCap = 10000;
constexpr int kMaxSpellingCandidates = 20000;
constexpr std::size_t kSpellingPrefixBytes = 2;
constexpr double kSecondsPerDay = 86400.0;
// The body column's position in search_index (title, dek, author, taxonomy, facets, body).
constexpr int kBodyColumn = 5;

// One search's conditions. `match` is the FTS5 expression: the reader's words, and the
// category, tag, author and kind filters as tokens of the facets column (their slugs are
// resolved to ids first). `where` is the SQL on articles "a" (joined to search_index "s"
// when there is a MATCH): the public filter and the dates. The MATCH expression is the one
// string a statement binds; every other value is an integer written into the SQL.
struct Conditions {
  std::string match;
  std::string where;
  bool has_dates = false;
  bool matches_nothing = false;
};

// The facets column's tokens (letters and digits only, one token each for unicode61).
std::string kind_token(publishing::ArticleKind kind) {
  return "kind" + std::string(publishing::to_string(kind));
}

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
  auto const& f = q.filters;
  std::vector<std::string> tokens;
  // The filters that name a category, tag or author by slug: each must hold.
  struct SlugFilter {
    std::vector<std::string> const& slugs;
    char const* table;
    char const* unknown;  // message when the slug names nothing
    char const* token;    // the facets token's prefix
  };
  for (auto const& filter : {SlugFilter{f.categories, "categories", msg::kNoCategory, "cat"},
                             SlugFilter{f.tags, "tags", msg::kNoTag, "tag"},
                             SlugFilter{f.authors, "users", msg::kNoAuthor, "auth"}}) {
    for (auto const& slug : filter.slugs) {
      auto id = id_by_slug(sql, filter.table, slug);
      if (!id) {
        notes.push_back(fmt::format(fmt::runtime(filter.unknown), slug));
        c.matches_nothing = true;
        continue;
      }
      tokens.push_back(fmt::format("{}{}", filter.token, *id));
    }
  }
  if (f.kind) {
    // The parser accepts only known kinds; parse again so nothing unchecked is searched.
    if (auto kind = publishing::parse_kind(*f.kind)) tokens.push_back(kind_token(*kind));
  }
  c.match = q.fts.empty() ? "" : "(" + q.fts + ")";
  for (auto const& token : tokens)
    c.match += fmt::format("{}facets : \"{}\"", c.match.empty() ? "" : " AND ", token);
  c.where = publishing::kPublicFilter;
  if (!c.match.empty()) c.where += " AND search_index MATCH :match";
  if (f.before) c.where += fmt::format(" AND a.published_at < {}", *f.before);
  if (f.after) c.where += fmt::format(" AND a.published_at >= {}", *f.after);
  c.has_dates = f.before || f.after;
  return c;
}

std::string from_clause(Conditions const& c) {
  // CROSS JOIN keeps FTS5 as the outer loop (https://sqlite.org/optoverview.html#crossjoin):
  // left to choose, SQLite may walk the articles and run the MATCH once per article.
  return c.match.empty() ? "articles a" : "search_index s CROSS JOIN articles a ON a.id = s.rowid";
}

// Binds :match when there is one, then runs `st` to completion with its into()s.
void run(soci::statement& st, Conditions const& c, std::string const& query) {
  if (!c.match.empty()) st.exchange(soci::use(c.match, "match"));
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
  std::string title, dek, author, taxonomy, facets, body;
};

std::optional<Document> load_document(soci::session& sql, Id id) {
  Document d;
  std::string markdown, kind;
  Id author_id = 0;
  sql << fmt::format(
      "SELECT a.title, a.dek, u.name, a.author_id, a.kind, a.body_markdown FROM articles a"
      " JOIN users u ON u.id = a.author_id WHERE a.id = :id AND {}",
      publishing::kPublicFilter),
      soci::use(id), soci::into(d.title), soci::into(d.dek), soci::into(d.author),
      soci::into(author_id), soci::into(kind), soci::into(markdown);
  if (!sql.got_data()) return std::nullopt;
  d.facets = fmt::format(
      "{} auth{}", kind_token(publishing::parse_kind(kind).value_or(publishing::ArticleKind::News)),
      author_id);
  struct Links {
    char const* query;
    char const* token;
  };
  for (auto const& links :
       {Links{"SELECT category_id FROM article_categories WHERE article_id = :id", "cat"},
        Links{"SELECT tag_id FROM article_tags WHERE article_id = :id", "tag"}}) {
    Id link = 0;
    soci::statement st = (sql.prepare << links.query, soci::use(id), soci::into(link));
    st.execute();
    while (st.fetch()) d.facets += fmt::format(" {}{}", links.token, link);
  }
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
  sql << "INSERT INTO search_documents (article_id, title, dek, author, taxonomy, facets, body)"
         " VALUES (:id, :title, :dek, :author, :taxonomy, :facets, :body)",
      soci::use(id), soci::use(d.title), soci::use(d.dek), soci::use(d.author),
      soci::use(d.taxonomy), soci::use(d.facets), soci::use(d.body);
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
    // Candidates share the first two bytes: misspellings rarely change the start of a
    // word, and fts5vocab computes each term's document count by reading its doclist, so
    // the range read must stay narrow (one letter cost 0.3-0.4 s at 100k articles).
    std::string low = folded.front().substr(0, kSpellingPrefixBytes), high = low;
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

// One article of a search's window.
struct Candidate {
  Id id = 0;
  publishing::ArticleKind kind = publishing::ArticleKind::News;
  long long published_at = 0;
  double score = 0;
};

// Facet counts over the window: kinds and years from its rows, categories from one
// indexed lookup per article.
void facets_of(soci::session& sql, std::vector<Candidate> const& window, SearchResults& out) {
  std::map<publishing::ArticleKind, long long> kinds;
  std::map<int, long long, std::greater<>> years;
  for (auto const& c : window) {
    ++kinds[c.kind];
    ++years[year_of(c.published_at)];
  }
  for (auto const& [kind, n] : kinds)
    out.kinds.push_back({std::string(publishing::kind_label(kind)),
                         "kind:" + std::string(publishing::to_string(kind)), n});
  std::sort(out.kinds.begin(), out.kinds.end(),
            [](auto const& a, auto const& b) { return a.count > b.count; });
  for (auto const& [y, n] : years) {
    if (out.years.size() == kYearFacetSize) break;
    out.years.push_back({std::to_string(y), year_filter(y), n});
  }
  std::string in_list;
  for (auto const& c : window) in_list += fmt::format("{}{}", in_list.empty() ? "" : ",", c.id);
  std::string slug, name;
  long long count = 0;
  soci::statement st =
      (sql.prepare << fmt::format("SELECT c.slug, c.name, count(*) FROM article_categories fcat"
                                  " JOIN categories c ON c.id = fcat.category_id"
                                  " WHERE fcat.article_id IN ({}) GROUP BY c.id"
                                  " ORDER BY 3 DESC, c.name LIMIT {}",
                                  in_list, kCategoryFacetSize),
       soci::into(slug), soci::into(name), soci::into(count));
  st.execute();
  while (st.fetch()) out.categories.push_back({name, "category:" + slug, count});
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
  auto from = from_clause(conditions);
  bool text = !conditions.match.empty();  // a MATCH, of words or of filter tokens
  bool words = !q.fts.empty();            // words of the reader's to rank and highlight

  // 1. The window: the newest kWindow matches (by rowid, which grows as articles are
  // added), with what ranking and facets need. Reading stops there, so a query matching
  // most of a million articles costs what one matching a thousand does.
  std::vector<Candidate> window;
  {
    Candidate c;
    std::string kind;
    soci::statement st(sql);
    st.exchange(soci::into(c.id));
    st.exchange(soci::into(kind));
    st.exchange(soci::into(c.published_at));
    run(st, conditions,
        fmt::format("SELECT a.id, a.kind, a.published_at FROM {} WHERE {} ORDER BY {} LIMIT {}",
                    from, conditions.where, text ? "s.rowid DESC" : "a.published_at DESC",
                    kWindow + 1));
    while (st.fetch()) {
      c.kind = publishing::parse_kind(kind).value_or(publishing::ArticleKind::News);
      window.push_back(c);
    }
  }
  if (window.empty()) {
    if (!q.words.empty()) out.suggestion = spelling_suggestion(sql, q);
    return out;
  }
  if (window.size() > kWindow) {
    window.pop_back();
    out.window = kWindow;
    out.total = kWindow;
    out.total_is_lower_bound = true;
    if (text && !conditions.has_dates) {
      // Only public articles are in the index and the other filters are its tokens, so the
      // matches are counted in FTS5 alone, exactly up to kCountCap. With dates, counting
      // would mean joining every match: the page says "more than" the window instead.
      long long counted = 0;
      soci::statement st(sql);
      st.exchange(soci::into(counted));
      run(st, conditions,
          fmt::format("SELECT count(*) FROM (SELECT 1 FROM search_index WHERE search_index"
                      " MATCH :match LIMIT {})",
                      kCountCap + 1));
      st.fetch();
      out.total = std::min<long long>(counted, kCountCap);
      out.total_is_lower_bound = counted > kCountCap;
    }
  } else {
    out.total = static_cast<long long>(window.size());
  }

  if (request.facets) facets_of(sql, window, out);

  // 2. The order of the window: BM25 with field weights, times the recency factor.
  if (words && request.order == SearchOrder::Relevance) {
    std::unordered_map<Id, double> score;
    {
      Id id = 0;
      double bm25 = 0;
      Id lowest = window.back().id;
      soci::statement st(sql);
      st.exchange(soci::into(id));
      st.exchange(soci::into(bm25));
      // The window is a rowid range of the matches (filters aside): FTS5 reads just that.
      run(st, conditions,
          fmt::format("SELECT rowid, bm25(search_index, {}, {}, {}, {}, 0, {}) FROM search_index"
                      " WHERE search_index MATCH :match AND rowid >= {}",
                      ranking_.title_weight, ranking_.dek_weight, ranking_.author_weight,
                      ranking_.taxonomy_weight, ranking_.body_weight, lowest));
      while (st.fetch()) score.emplace(id, bm25);
    }
    auto now = static_cast<double>(clock_());
    double scale = ranking_.recency_days * kSecondsPerDay;
    for (auto& c : window) {
      double age = std::max(0.0, now - static_cast<double>(c.published_at));
      // bm25() is negative, better matches lower: a factor above 1 moves an article up.
      auto found = score.find(c.id);
      c.score = (found == score.end() ? 0.0 : found->second) *
                (1.0 + ranking_.recency_boost / (1.0 + age / scale));
    }
    std::stable_sort(window.begin(), window.end(), [](auto const& a, auto const& b) {
      return a.score < b.score || (a.score == b.score && a.id > b.id);
    });
  } else {
    std::stable_sort(window.begin(), window.end(), [](auto const& a, auto const& b) {
      return a.published_at > b.published_at || (a.published_at == b.published_at && a.id > b.id);
    });
  }

  // 3. The page: summaries and snippets for its articles only.
  std::vector<Id> ids;
  auto first = static_cast<std::size_t>(out.page - 1) * out.per_page;
  for (auto i = first; i < window.size() && ids.size() < static_cast<std::size_t>(out.per_page);
       ++i)
    ids.push_back(window[i].id);
  std::unordered_map<Id, publishing::ArticleSummary> by_id;
  for (auto& s : publishing::ArticleStore::summaries(sql, ids)) by_id.emplace(s.id, std::move(s));
  std::unordered_map<Id, std::string> snippets;
  if (words && request.snippets && !ids.empty()) {
    // One MATCH over the rowid range of the page's articles, with snippet() evaluated for
    // those alone: run once per article, a prefix query would merge its doclists each time.
    auto [low, high] = std::minmax_element(ids.begin(), ids.end());
    std::string in_list;
    for (auto id : ids) in_list += fmt::format("{}{}", in_list.empty() ? "" : ",", id);
    Id id = 0;
    std::string snippet;
    soci::indicator ind = soci::i_null;
    soci::statement st(sql);
    st.exchange(soci::into(id));
    st.exchange(soci::into(snippet, ind));
    run(st, conditions,
        fmt::format("SELECT rowid, CASE WHEN rowid IN ({0}) THEN snippet(search_index, {1},"
                    " char(1), char(2), '…', {2}) END FROM search_index"
                    " WHERE search_index MATCH :match AND rowid BETWEEN {3} AND {4}",
                    in_list, kBodyColumn, kSnippetTokens, *low, *high));
    while (st.fetch())
      if (ind == soci::i_ok) snippets[id] = snippet;
  }
  for (auto id : ids) {
    auto found = by_id.find(id);
    if (found == by_id.end()) continue;
    SearchHit hit{std::move(found->second), {}};
    if (auto snippet = snippets.find(id); snippet != snippets.end())
      hit.snippet = split_snippet(snippet->second);
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
  store::WriteTransaction tx(sql);
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
