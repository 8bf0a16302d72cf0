#include <string>
#include <vector>

#include <fmt/format.h>
#include <soci/soci.h>

#include "publishing/listed_articles.hpp"

namespace dossier::publishing {

namespace {

// The FROM and WHERE of a list, every value bound by name (:n0, :n1 ... for numbers, :kind).
struct ListedSql {
  std::string from = " FROM articles a";
  std::string where = "a.status = 'published' AND a.published_at <= :n0";
  std::vector<long long> numbers;
  std::string kind;
};

ListedSql listed_sql(ListedQuery const& q) {
  ListedSql s;
  s.numbers.push_back(q.now);
  auto number = [&s](long long value) {
    s.numbers.push_back(value);
    return fmt::format(":n{}", s.numbers.size() - 1);
  };
  if (q.set == ListedSet::Pages) {
    s.where += " AND a.kind = 'page'";
  } else {
    s.where += " AND a.kind <> 'page'";
    if (q.kind) {
      s.kind = std::string(to_string(*q.kind));
      s.where += " AND a.kind = :kind";
    }
  }
  if (q.category_id) {
    s.from += " JOIN article_categories x ON x.article_id = a.id";
    s.where += " AND x.category_id = " + number(*q.category_id);
  }
  if (q.tag_id) {
    s.from += " JOIN article_tags t ON t.article_id = a.id";
    s.where += " AND t.tag_id = " + number(*q.tag_id);
  }
  if (q.author_id) s.where += " AND a.author_id = " + number(*q.author_id);
  if (q.since) s.where += " AND a.published_at >= " + number(*q.since);
  if (q.until) s.where += " AND a.published_at <= " + number(*q.until);
  return s;
}

void bind(soci::statement& st, ListedSql const& s) {
  for (std::size_t i = 0; i < s.numbers.size(); ++i)
    st.exchange(soci::use(s.numbers[i], fmt::format("n{}", i)));
  if (!s.kind.empty()) st.exchange(soci::use(s.kind, "kind"));
}

}  // namespace

ListedIds listed_articles(soci::session& sql, ListedQuery const& q) {
  ListedIds out;
  auto s = listed_sql(q);
  {
    soci::statement st(sql);
    st.exchange(soci::into(out.total));
    bind(st, s);
    st.alloc();
    st.prepare("SELECT COUNT(*)" + s.from + " WHERE " + s.where);
    st.define_and_bind();
    st.execute(true);
  }
  if (q.offset >= out.total) return out;
  long long limit = q.limit;
  long long offset = q.offset;
  Id id = 0;
  soci::statement st(sql);
  st.exchange(soci::into(id));
  bind(st, s);
  st.exchange(soci::use(limit, "limit"));
  st.exchange(soci::use(offset, "offset"));
  st.alloc();
  st.prepare("SELECT a.id" + s.from + " WHERE " + s.where +
             " ORDER BY a.published_at DESC, a.id DESC LIMIT :limit OFFSET :offset");
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) out.ids.push_back(id);
  return out;
}

}  // namespace dossier::publishing
