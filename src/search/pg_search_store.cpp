#include "search/pg_search_store.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <soci/soci.h>

namespace dossier::search {

namespace {

using publishing::Id;

// to_tsquery's operand syntax (https://www.postgresql.org/docs/15/datatype-textsearch.html,
// "tsquery"): in a quoted lexeme a quote is doubled and a backslash escapes the next
// character, so both are escaped and nothing inside is an operator.
std::string quoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out.push_back('\'');
    if (c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

std::string operand(QueryTerm const& t) {
  // A phrase is one quoted operand: to_tsquery joins the lexemes of an operand with <->.
  return t.kind == TermKind::Prefix ? quoted(t.text) + ":*" : quoted(t.text);
}

// "{a,b}" for CAST(... AS text[]) and bigint[]: the values are facet tokens (letters and
// digits) and ids, never input, but they are bound all the same.
template <typename T>
std::string array_literal(std::vector<T> const& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i)
    out += fmt::format("{}{}", i ? "," : "", values[i]);
  return out + "}";
}

std::vector<std::string> strings_of(soci::session& sql, std::string const& query,
                                    std::string const& value) {
  std::vector<std::string> out;
  std::string row;
  soci::statement st = (sql.prepare << query, soci::use(value), soci::into(row));
  st.execute();
  while (st.fetch()) out.push_back(row);
  return out;
}

// The conditions shared by the window and the count: the words' tsquery, the facets. The
// text is fixed; `query` and `facets` are bound by the caller under these names.
std::vector<std::string> document_conditions(PgConditions const& c) {
  std::vector<std::string> where;
  if (!c.query.empty()) where.emplace_back("d.document @@ to_tsquery('dossier_english', :query)");
  if (!c.facets.empty()) where.emplace_back("d.facet_tokens @> CAST(:facets AS text[])");
  return where;
}

}  // namespace

std::string pg_tsquery(ParsedQuery const& q) {
  std::string out;
  for (auto const& group : q.required) {
    if (!out.empty()) out += " & ";
    if (group.size() == 1) {
      out += operand(group.front());
      continue;
    }
    out += "(";
    for (std::size_t i = 0; i < group.size(); ++i) out += (i ? " | " : "") + operand(group[i]);
    out += ")";
  }
  if (out.empty()) return out;
  for (auto const& t : q.excluded) out += " & !" + operand(t);
  return out;
}

std::string pg_lexeme_query(std::string const& term) {
  return quoted(term);
}

void PgSearchStore::remove_document(soci::session& sql, Id id) {
  sql << "DELETE FROM search_documents WHERE article_id = :id", soci::use(id);
}

void PgSearchStore::insert_document(soci::session& sql, Id id, steps::IndexedText const& d) {
  // document and facet_tokens are generated from these (migration 0004).
  sql << "INSERT INTO search_documents (article_id, title, dek, author, taxonomy, facets, body)"
         " VALUES (:id, :title, :dek, :author, :taxonomy, :facets, :body)",
      soci::use(id), soci::use(d.title), soci::use(d.dek), soci::use(d.author),
      soci::use(d.taxonomy), soci::use(d.facets), soci::use(d.body);
}

std::vector<std::string> PgSearchStore::lexemes(soci::session& sql, Id id) {
  std::vector<std::string> out;
  std::string lexeme;
  soci::statement st = (sql.prepare << "SELECT unnest(tsvector_to_array(document)) FROM"
                                       " search_documents WHERE article_id = :id",
                        soci::use(id), soci::into(lexeme));
  st.execute();
  while (st.fetch()) out.push_back(lexeme);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<steps::Candidate> PgSearchStore::window(soci::session& sql, PgConditions const& c,
                                                    std::size_t limit, long long& matched) {
  bool text = !c.query.empty();
  bool indexed = text || !c.facets.empty();
  bool scored = text && c.weights;
  std::vector<std::string> dates;
  if (c.before) dates.emplace_back("a.published_at < :before");
  if (c.after) dates.emplace_back("a.published_at >= :after");
  auto where = [](std::vector<std::string> const& conditions) {
    std::string out;
    for (std::size_t i = 0; i < conditions.size(); ++i)
      out += fmt::format(" {} {}", i ? "AND" : "WHERE", conditions[i]);
    return out;
  };
  std::string query;
  if (indexed) {
    // Three steps, each planned on its own (OFFSET 0 keeps a subquery apart): the matches
    // through the GIN index alone, the newest `limit` of them that are public (by article id,
    // as FTS5 reads by rowid: the newest added), and only then their tsvectors for the score.
    // Left to one plan, PostgreSQL walks the primary key backwards and tests each row's
    // tsvector, since it expects a phrase to match a third of the documents: a rare phrase
    // then read all 10,012 tsvectors of the bench corpus (160 ms).
    // The count of every match rides along (count(*) OVER () is computed before the LIMIT):
    // counting in a second statement would test a phrase's documents a second time.
    query = fmt::format(
        "SELECT n.id, n.kind, n.published_at, {}, n.matched FROM (SELECT a.id, a.kind,"
        " a.published_at, count(*) OVER () AS matched"
        " FROM (SELECT d.article_id FROM search_documents d{} OFFSET 0) m"
        " JOIN public_articles a ON a.id = m.article_id{} ORDER BY m.article_id DESC"
        " LIMIT :rows) n{} ORDER BY n.id DESC",
        scored ? "-ts_rank_cd(CAST(:weights AS real[]), d.document,"
                 " to_tsquery('dossier_english', :rank_query))"
               : "0",
        where(document_conditions(c)), where(dates),
        scored ? " JOIN search_documents d ON d.article_id = n.id" : "");
  } else {
    query = "SELECT a.id, a.kind, a.published_at, 0, 0 FROM public_articles a" + where(dates) +
            " ORDER BY a.published_at DESC LIMIT :rows";
  }

  long long before = c.before.value_or(0), after = c.after.value_or(0);
  auto rows = static_cast<long long>(limit);
  std::string weights = scored ? array_literal(*c.weights) : std::string();
  std::string facets = array_literal(c.facets);
  steps::Candidate row;
  std::string kind;
  std::vector<steps::Candidate> out;
  matched = 0;
  soci::statement st(sql);
  st.exchange(soci::into(row.id));
  st.exchange(soci::into(kind));
  st.exchange(soci::into(row.published_at));
  st.exchange(soci::into(row.score));
  st.exchange(soci::into(matched));
  if (scored) {
    st.exchange(soci::use(weights, "weights"));
    // The same text bound twice: once to rank, once to match.
    st.exchange(soci::use(c.query, "rank_query"));
  }
  if (text) st.exchange(soci::use(c.query, "query"));
  if (!c.facets.empty()) st.exchange(soci::use(facets, "facets"));
  if (c.before) st.exchange(soci::use(before, "before"));
  if (c.after) st.exchange(soci::use(after, "after"));
  st.exchange(soci::use(rows, "rows"));
  st.alloc();
  st.prepare(query);
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) {
    row.kind = publishing::parse_kind(kind).value_or(publishing::ArticleKind::News);
    out.push_back(row);
  }
  return out;
}

std::vector<std::pair<Id, std::string>> PgSearchStore::snippets(soci::session& sql,
                                                                std::string const& query,
                                                                std::vector<Id> const& ids,
                                                                int words) {
  std::vector<std::pair<Id, std::string>> out;
  if (ids.empty()) return out;
  // ts_headline parses the whole text it is given
  // (https://www.postgresql.org/docs/15/textsearch-controls.html#TEXTSEARCH-HEADLINE): run
  // for the page's articles only, never over the window.
  auto options = fmt::format("StartSel={}, StopSel={}, MaxWords={}, MinWords={}", steps::kMarkOpen,
                             steps::kMarkClose, words, words / 2);
  auto id_list = array_literal(ids);
  Id id = 0;
  std::string snippet;
  soci::indicator ind = soci::i_null;
  soci::statement st =
      (sql.prepare << "SELECT d.article_id, ts_headline('dossier_english', d.body,"
                      " to_tsquery('dossier_english', :query), :options) FROM search_documents d"
                      " WHERE d.article_id = ANY (CAST(:ids AS bigint[]))",
       soci::use(query, "query"), soci::use(options, "options"), soci::use(id_list, "ids"),
       soci::into(id), soci::into(snippet, ind));
  st.execute();
  while (st.fetch())
    if (ind == soci::i_ok) out.emplace_back(id, snippet);
  return out;
}

std::optional<std::string> PgSearchStore::first_headline(soci::session& sql,
                                                         std::string const& term) {
  auto options = fmt::format("StartSel={}, StopSel={}, MaxWords=2, MinWords=1", steps::kMarkOpen,
                             steps::kMarkClose);
  auto lexeme = pg_lexeme_query(term);
  std::string headline;
  soci::indicator ind = soci::i_null;
  // The term as it stands in the index (CAST AS tsquery does not stem it again: a stem is not
  // always its own stem).
  sql << "SELECT ts_headline('dossier_english', concat_ws(' ', d.title, d.dek, d.author,"
         " d.taxonomy, d.body), CAST(:lexeme AS tsquery), :options) FROM search_documents d"
         " WHERE d.document @@ CAST(:match AS tsquery) LIMIT 1",
      soci::use(lexeme, "lexeme"), soci::use(options, "options"), soci::use(lexeme, "match"),
      soci::into(headline, ind);
  if (!sql.got_data() || ind != soci::i_ok) return std::nullopt;
  return headline;
}

std::vector<std::string> PgSearchStore::stems(soci::session& sql, std::string const& text) {
  return strings_of(sql, "SELECT unnest(tsvector_to_array(to_tsvector('dossier_english', :text)))",
                    text);
}

std::vector<std::string> PgSearchStore::folded(soci::session& sql, std::string const& text) {
  return strings_of(sql, "SELECT unnest(tsvector_to_array(to_tsvector('simple', unaccent(:text))))",
                    text);
}

bool PgSearchStore::has_documents(soci::session& sql) {
  int any = 0;
  // A boolean comes back as 't' or 'f' through SOCI's text values: the CASE makes it a number.
  sql << "SELECT CASE WHEN EXISTS (SELECT 1 FROM search_documents) THEN 1 ELSE 0 END",
      soci::into(any);
  return any == 1;
}

bool PgSearchStore::has_public_articles(soci::session& sql) {
  int any = 0;
  sql << "SELECT CASE WHEN EXISTS (SELECT 1 FROM public_articles) THEN 1 ELSE 0 END",
      soci::into(any);
  return any == 1;
}

std::vector<Id> PgSearchStore::public_ids(soci::session& sql) {
  std::vector<Id> ids;
  Id id = 0;
  soci::statement st =
      (sql.prepare << "SELECT id FROM public_articles ORDER BY id", soci::into(id));
  st.execute();
  while (st.fetch()) ids.push_back(id);
  return ids;
}

void PgSearchStore::clear(soci::session& sql) {
  sql << "DELETE FROM search_documents";
  sql << "DELETE FROM search_terms";
}

void PgSearchStore::finish_rebuild(soci::session& sql) {
  // One pass of ts_stat over every document instead of one update per word of every article;
  // ts_stat counts each lexeme's documents over the query it is given (fixed text).
  sql << "DELETE FROM search_terms";
  sql << "INSERT INTO search_terms (term, documents)"
         " SELECT word, ndoc FROM ts_stat('SELECT document FROM search_documents')";
}

}  // namespace dossier::search
