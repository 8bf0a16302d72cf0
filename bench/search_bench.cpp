// Search latency over a generated corpus, and what a LIKE scan (WordPress's search) costs on
// the same table in the same run; the index's size against the text it holds.
//
//   build/bench/dossier_search_bench --db DIR/dossier.db --queries bench/search_queries.txt
//                                    [--runs 20] [--like-runs 3] [--hits 1]
//
// --db also takes a PostgreSQL URL (postgresql://USER@HOST:PORT/DB): the same queries through
// PgSearchIndex. Its CPU table is then the client's share only (parsing, facets, ranking by
// recency); the server's work shows in the wall clock.
//
// --hits 1 also prints each query's first page (article ids in order, then the suggestion),
// so that two builds' rankings can be compared with diff.
//
// Each query runs once to warm the page cache, then `runs` times as the results page asks
// (count, facets, ranked top 10, snippets) and `runs` times as the search-as-you-type box
// asks (no facets, top 5). Prints p50/p95/max per class and overall, in wall-clock time and
// in the CPU time of the searching thread: on a machine that other work shares, the CPU time
// swings far less than the wall clock (it leaves out the time the thread waited for a core),
// so before/after comparisons should read it. Bench/search.sh runs it.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <soci/soci.h>

#include "core/time.hpp"
#include "search/make_search_index.hpp"
#include "search/query_parser.hpp"
#include "store/database.hpp"

namespace {

using namespace dossier;
using Clock = std::chrono::steady_clock;

constexpr int kDefaultRuns = 20;
constexpr int kDefaultLikeRuns = 3;

struct Query {
  std::string klass;
  std::string text;
};

std::vector<Query> read_queries(std::string const& path) {
  std::ifstream in(path);
  std::vector<Query> out;
  std::string line, klass = "unclassified";
  while (std::getline(in, line)) {
    if (line.starts_with("# class:")) {
      klass = std::string(line.substr(8));
      klass.erase(0, klass.find_first_not_of(' '));
    } else if (!line.empty() && !line.starts_with("#")) {
      out.push_back({klass, line});
    }
  }
  return out;
}

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// CPU time of the calling thread, in milliseconds.
double thread_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  auto index = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(index, v.size() - 1)];
}

struct Timings {
  std::vector<double> page, box, page_cpu, box_cpu;
  long long results = 0;
  int queries = 0;
};

// WordPress's search: every word as LIKE '%word%' over title, excerpt and content, newest
// first, with a count for the pagination.
double like_search_ms(soci::session& sql, search::ParsedQuery const& q) {
  std::string where = "a.status = 'published' AND a.visibility = 'public'";
  std::vector<std::string> patterns;
  for (auto const& w : q.words) patterns.push_back("%" + w + "%");
  for (std::size_t i = 0; i < patterns.size(); ++i)
    where += fmt::format(
        " AND (a.title LIKE :p{0} OR a.dek LIKE :p{0} OR a.body_markdown LIKE :p{0})", i);
  auto start = Clock::now();
  long long count = 0, id = 0;
  {
    soci::statement st(sql);
    for (std::size_t i = 0; i < patterns.size(); ++i)
      st.exchange(soci::use(patterns[i], fmt::format("p{}", i)));
    st.exchange(soci::into(count));
    st.alloc();
    st.prepare("SELECT count(*) FROM articles a WHERE " + where);
    st.define_and_bind();
    st.execute(true);
  }
  {
    soci::statement st(sql);
    for (std::size_t i = 0; i < patterns.size(); ++i)
      st.exchange(soci::use(patterns[i], fmt::format("p{}", i)));
    st.exchange(soci::into(id));
    st.alloc();
    st.prepare("SELECT a.id FROM articles a WHERE " + where +
               " ORDER BY a.published_at DESC LIMIT 10");
    st.define_and_bind();
    st.execute(false);
    while (st.fetch()) {
    }
  }
  return ms_since(start);
}

}  // namespace

int main(int argc, char** argv) {
  std::string db_path, queries_path = "bench/search_queries.txt";
  int runs = kDefaultRuns, like_runs = kDefaultLikeRuns;
  bool hits = false;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string key = argv[i];
    if (key == "--db")
      db_path = argv[i + 1];
    else if (key == "--queries")
      queries_path = argv[i + 1];
    else if (key == "--runs")
      runs = std::max(1, std::atoi(argv[i + 1]));
    else if (key == "--like-runs")
      like_runs = std::max(0, std::atoi(argv[i + 1]));
    else if (key == "--hits")
      hits = std::atoi(argv[i + 1]) != 0;
  }
  if (db_path.empty()) {
    std::fprintf(stderr, "usage: %s --db PATH [--queries FILE] [--runs R] [--like-runs L]\n",
                 argv[0]);
    return 2;
  }
  // Two connections: the LIKE comparison holds one while the index borrows the other.
  bool postgres = db_path.starts_with("postgresql://");
  auto opened = store::Database::open({postgres ? db_path : "sqlite:" + db_path, 5000, 2});
  if (!opened) {
    std::fprintf(stderr, "%s\n", opened.error().message.c_str());
    return 1;
  }
  auto& db = **opened;
  auto index_owner = search::make_search_index(db, search::RankingOptions{}, now_utc);
  auto& index = *index_owner;
  auto queries = read_queries(queries_path);

  std::map<std::string, Timings> by_class;
  std::vector<std::string> order;
  std::vector<double> all_page, all_box, all_page_cpu, all_box_cpu;
  std::printf("%-44s %9s %9s %9s %9s\n", "query", "results", "page p50", "page p95", "box p50");
  for (auto const& q : queries) {
    search::SearchRequest page;
    page.query = search::parse_query(q.text);
    auto box = page;
    box.facets = false;
    box.snippets = false;
    box.per_page = 5;
    auto warm = index.search(page);
    if (hits) {
      std::string ids;
      for (auto const& hit : warm.hits) ids += fmt::format(" {}", hit.article.id);
      std::printf("hits %s:%s%s\n", q.text.c_str(), ids.c_str(),
                  warm.suggestion ? (" -> " + *warm.suggestion).c_str() : "");
    }
    std::vector<double> page_ms, box_ms, page_cpu, box_cpu;
    for (int r = 0; r < runs; ++r) {
      auto start = Clock::now();
      auto cpu = thread_cpu_ms();
      index.search(page);
      page_ms.push_back(ms_since(start));
      page_cpu.push_back(thread_cpu_ms() - cpu);
      start = Clock::now();
      cpu = thread_cpu_ms();
      index.search(box);
      box_ms.push_back(ms_since(start));
      box_cpu.push_back(thread_cpu_ms() - cpu);
    }
    if (!by_class.count(q.klass)) order.push_back(q.klass);
    auto& t = by_class[q.klass];
    t.page.insert(t.page.end(), page_ms.begin(), page_ms.end());
    t.box.insert(t.box.end(), box_ms.begin(), box_ms.end());
    t.page_cpu.insert(t.page_cpu.end(), page_cpu.begin(), page_cpu.end());
    t.box_cpu.insert(t.box_cpu.end(), box_cpu.begin(), box_cpu.end());
    t.results += warm.total;
    ++t.queries;
    all_page.insert(all_page.end(), page_ms.begin(), page_ms.end());
    all_box.insert(all_box.end(), box_ms.begin(), box_ms.end());
    all_page_cpu.insert(all_page_cpu.end(), page_cpu.begin(), page_cpu.end());
    all_box_cpu.insert(all_box_cpu.end(), box_cpu.begin(), box_cpu.end());
    std::printf("%-44s %9lld %9.2f %9.2f %9.2f%s\n", q.text.substr(0, 44).c_str(), warm.total,
                percentile(page_ms, 0.5), percentile(page_ms, 0.95), percentile(box_ms, 0.5),
                warm.suggestion ? (" -> " + *warm.suggestion).c_str() : "");
  }
  std::printf("\n%-26s %7s %12s %9s %9s %9s %9s %9s\n", "class", "queries", "mean results",
              "page p50", "page p95", "page max", "box p50", "box p95");
  for (auto const& klass : order) {
    auto const& t = by_class[klass];
    std::printf("%-26s %7d %12lld %9.2f %9.2f %9.2f %9.2f %9.2f\n", klass.c_str(), t.queries,
                t.results / std::max(1, t.queries), percentile(t.page, 0.5),
                percentile(t.page, 0.95), percentile(t.page, 1.0), percentile(t.box, 0.5),
                percentile(t.box, 0.95));
  }
  std::printf("%-26s %7zu %12s %9.2f %9.2f %9.2f %9.2f %9.2f\n", "all", queries.size(), "",
              percentile(all_page, 0.5), percentile(all_page, 0.95), percentile(all_page, 1.0),
              percentile(all_box, 0.5), percentile(all_box, 0.95));
  std::printf("\nCPU time of the searching thread (ms)\n%-26s %9s %9s %9s %9s\n", "class",
              "page p50", "page p95", "box p50", "box p95");
  for (auto const& klass : order) {
    auto const& t = by_class[klass];
    std::printf("%-26s %9.2f %9.2f %9.2f %9.2f\n", klass.c_str(), percentile(t.page_cpu, 0.5),
                percentile(t.page_cpu, 0.95), percentile(t.box_cpu, 0.5),
                percentile(t.box_cpu, 0.95));
  }
  std::printf("%-26s %9.2f %9.2f %9.2f %9.2f\n", "all", percentile(all_page_cpu, 0.5),
              percentile(all_page_cpu, 0.95), percentile(all_box_cpu, 0.5),
              percentile(all_box_cpu, 0.95));

  soci::session sql(db.pool());
  if (like_runs > 0) {
    char const* engine = postgres ? "tsvector" : "FTS5";
    std::printf("\nLIKE scan (WordPress) against %s, same words, p50 of %d runs:\n", engine,
                like_runs);
    std::printf("%-44s %10s %10s %8s\n", "query", "LIKE ms", postgres ? "tsv ms" : "FTS5 ms",
                "ratio");
    std::vector<double> ratios;
    for (auto const& q : queries) {
      if (q.klass != "one-word-frequent" && q.klass != "one-word-rare" &&
          q.klass != "two-three-words")
        continue;
      auto parsed = search::parse_query(q.text);
      std::vector<double> like_ms;
      for (int r = 0; r < like_runs; ++r) like_ms.push_back(like_search_ms(sql, parsed));
      search::SearchRequest page;
      page.query = parsed;
      std::vector<double> fts_ms;
      for (int r = 0; r < like_runs; ++r) {
        auto start = Clock::now();
        index.search(page);
        fts_ms.push_back(ms_since(start));
      }
      double like = percentile(like_ms, 0.5), fts = percentile(fts_ms, 0.5);
      ratios.push_back(like / std::max(fts, 1e-6));
      std::printf("%-44s %10.1f %10.2f %7.0fx\n", q.text.c_str(), like, fts, ratios.back());
    }
    std::printf("median ratio LIKE/%s: %.0fx\n", engine, percentile(ratios, 0.5));
  }

  long long text_bytes = 0, documents = 0;
  sql << "SELECT count(*), COALESCE(sum(length(title) + length(dek) + length(author) +"
         " length(taxonomy) + length(body)), 0) FROM search_documents",
      soci::into(documents), soci::into(text_bytes);
  std::printf("\nindexed documents: %lld, indexed text: %.1f MB\n", documents, text_bytes / 1e6);
  if (postgres) {
    // The table with its generated tsvector (and TOAST), and the GIN index over the vectors.
    std::string name;
    long long bytes = 0, index_bytes = 0;
    soci::statement st =
        (sql.prepare << "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c"
                        " WHERE c.relname LIKE 'search%' AND c.relkind IN ('r', 'i')"
                        " ORDER BY c.relname",
         soci::into(name), soci::into(bytes));
    st.execute();
    while (st.fetch()) {
      std::printf("  %-28s %10.1f MB\n", name.c_str(), bytes / 1e6);
      if (name == "search_documents_document") index_bytes = bytes;
    }
    std::printf("GIN index: %.1f MB = %.2f x the indexed text\n", index_bytes / 1e6,
                static_cast<double>(index_bytes) / std::max<long long>(text_bytes, 1));
    return 0;
  }
  try {
    std::string name;
    long long bytes = 0, index_bytes = 0;
    soci::statement st = (sql.prepare << "SELECT name, sum(pgsize) FROM dbstat WHERE name LIKE"
                                         " 'search%' GROUP BY name ORDER BY name",
                          soci::into(name), soci::into(bytes));
    st.execute();
    while (st.fetch()) {
      std::printf("  %-28s %10.1f MB\n", name.c_str(), bytes / 1e6);
      if (name.starts_with("search_index")) index_bytes += bytes;
    }
    std::printf("FTS5 index: %.1f MB = %.2f x the indexed text\n", index_bytes / 1e6,
                static_cast<double>(index_bytes) / std::max<long long>(text_bytes, 1));
  } catch (std::exception const& e) {
    std::printf("(dbstat is not available in this SQLite: %s)\n", e.what());
  }
  return 0;
}
