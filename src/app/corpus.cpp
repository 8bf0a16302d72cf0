#include "app/corpus.hpp"

#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <soci/soci.h>
#include <toml++/toml.h>

#include "core/slug.hpp"
#include "core/time.hpp"
#include "media/media_store.hpp"
#include "publishing/article_bulk_store.hpp"
#include "publishing/article_store.hpp"
#include "publishing/taxonomy_store.hpp"
#include "render/markdown.hpp"
#include "store/database.hpp"

namespace dossier::app {

namespace {

using publishing::Id;

constexpr int kMinWords = 800;
constexpr int kMaxWords = 1500;
constexpr int kSecondsPerYear = 365 * 86400;

struct Pools {
  std::vector<std::string> words;  // the demo bodies' words, in their natural frequencies
  std::vector<std::string> first_names, last_names, roles, regions, themes, tag_places, tag_topics,
      units, currencies, money_scales;
};

std::vector<std::string> strings(toml::table const& t, char const* key) {
  std::vector<std::string> out;
  if (auto const* a = t[key].as_array())
    for (auto const& v : *a)
      if (auto s = v.value<std::string>()) out.push_back(*s);
  return out;
}

Result<Pools> load_pools(std::filesystem::path const& demo_dir) {
  Pools p;
  toml::table t;
  try {
    t = toml::parse_file((demo_dir / "corpus.toml").string());
  } catch (toml::parse_error const& e) {
    return invalid(fmt::format("corpus.toml: {}", e.description()));
  }
  p.first_names = strings(t, "first_names");
  p.last_names = strings(t, "last_names");
  p.roles = strings(t, "roles");
  p.regions = strings(t, "regions");
  p.themes = strings(t, "themes");
  p.tag_places = strings(t, "tag_places");
  p.tag_topics = strings(t, "tag_topics");
  p.units = strings(t, "units");
  p.currencies = strings(t, "currencies");
  p.money_scales = strings(t, "money_scales");
  for (auto const& entry : std::filesystem::directory_iterator(demo_dir / "articles")) {
    std::ifstream in(entry.path());
    std::string line;
    bool front = false;
    while (std::getline(in, line)) {
      if (line == "+++") {
        front = !front;
        continue;
      }
      if (front || line.starts_with("#") || line.starts_with("|")) continue;
      std::istringstream words(line);
      std::string w;
      while (words >> w) {
        // Keep plain words: punctuation and Markdown are added by the generator itself.
        std::string clean;
        for (char c : w)
          if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' ||
              static_cast<unsigned char>(c) >= 0x80)
            clean.push_back(c);
        if (!clean.empty() && clean.find("\xE2\x80") == std::string::npos) p.words.push_back(clean);
      }
    }
  }
  if (p.words.size() < 1000 || p.first_names.empty() || p.last_names.empty() ||
      p.tag_places.empty() || p.tag_topics.empty() || p.roles.empty() || p.units.empty())
    return invalid("demo/ is incomplete: the corpus needs the demo articles and corpus.toml");
  return p;
}

class TextMaker {
 public:
  TextMaker(Pools const& p, std::mt19937& rng) : p_(p), rng_(rng) {}

  template <typename V>
  auto const& pick(V const& v) {
    return v[rng_() % v.size()];
  }
  int between(int lo, int hi) { return lo + static_cast<int>(rng_() % (hi - lo + 1)); }

  std::string words(int n, bool capital) {
    std::string s;
    for (int i = 0; i < n; ++i) {
      auto w = pick(p_.words);
      if (i == 0 && capital)
        w[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
      if (i) s.push_back(' ');
      s += w;
    }
    return s;
  }
  std::string person() { return pick(p_.first_names) + " " + pick(p_.last_names); }
  std::string figure() {
    if (rng_() % 2) return fmt::format("{:L} {}", between(2, 400) * 500, pick(p_.units));
    return fmt::format("{}{}.{} {}", pick(p_.currencies), between(1, 95), between(1, 9),
                       pick(p_.money_scales));
  }
  std::string sentence() {
    auto s = words(between(10, 22), true);
    if (rng_() % 4 == 0) s += ", including " + figure();
    return s + ".";
  }
  std::string quote_paragraph() {
    auto speaker = pick(p_.roles) + " " + person();
    switch (rng_() % 3) {
      case 0: return fmt::format("“{},” {} said.", words(between(12, 24), true), speaker);
      case 1: return fmt::format("{} said: “{}.”", speaker, words(between(12, 24), true));
      default: return fmt::format("According to {}, {}.", speaker, words(between(12, 20), false));
    }
  }
  // Markdown with 4-6 sections of paragraphs, one quotation each.
  std::string body() {
    // Quotes and figures add words the loop does not count: aim a little low.
    int target = between(kMinWords - 60, kMaxWords - 220);
    std::string out;
    int sections = between(4, 6);
    int per_section = target / sections;
    for (int s = 0; s < sections; ++s) {
      if (s > 0) {
        // Appended piece by piece: g++ 12 warns falsely (-Wrestrict) on "literal" + string.
        out += "## ";
        out += words(between(3, 6), true);
        out += "\n\n";
      }
      int section_words = 0;
      bool quoted = false;
      while (section_words < per_section) {
        std::string para;
        if (!quoted && section_words > per_section / 3) {
          para = quote_paragraph();
          quoted = true;
        } else {
          for (int k = between(3, 5); k > 0; --k) {
            if (!para.empty()) para += ' ';
            para += sentence();
          }
        }
        int n = static_cast<int>(std::count(para.begin(), para.end(), ' ')) + 1;
        section_words += n;
        out += para + "\n\n";
      }
    }
    return out;
  }

 private:
  Pools const& p_;
  std::mt19937& rng_;
};

std::set<std::string> slugs_of(soci::session& sql, publishing::TaxonomyStore::Terms terms) {
  auto all = publishing::TaxonomyStore::all_slugs(sql, terms);
  return {all.begin(), all.end()};
}

// Tops authors, categories and tags up to the corpus's sizes (one transaction).
void ensure_taxonomy(soci::session& sql, Pools const& p, CorpusOptions const& o, TextMaker& text,
                     UnixTime now) {
  store::WriteTransaction tx(sql);
  auto authors = slugs_of(sql, publishing::TaxonomyStore::Terms::Authors);
  for (std::size_t i = 0; static_cast<int>(authors.size()) < o.authors && i < 100000; ++i) {
    auto name = text.person();
    auto slug = make_slug(name);
    if (authors.count(slug)) slug += fmt::format("-{}", authors.size());
    if (!authors.insert(slug).second) continue;
    publishing::TaxonomyStore::insert_author(
        sql, {0, slug, name, "A contributing analyst (generated for load tests).", "author"}, "",
        now);
  }
  auto categories = slugs_of(sql, publishing::TaxonomyStore::Terms::Categories);
  std::optional<Id> news;
  if (auto c = publishing::TaxonomyStore::find_category(sql, "news")) news = c->id;
  int position = 100;
  for (auto const& [names, parent] :
       {std::pair{&p.regions, news}, std::pair{&p.themes, std::optional<Id>{}}}) {
    for (auto const& name : *names) {
      if (static_cast<int>(categories.size()) >= o.categories) break;
      auto slug = make_slug(name);
      if (!categories.insert(slug).second) continue;
      publishing::TaxonomyStore::insert_category(sql, {0, parent, slug, name, "", position++});
    }
  }
  auto tags = slugs_of(sql, publishing::TaxonomyStore::Terms::Tags);
  for (auto const& place : p.tag_places) {
    for (auto const& topic : p.tag_topics) {
      if (static_cast<int>(tags.size()) >= o.tags) break;
      auto name = place + " " + topic;
      auto slug = make_slug(name);
      if (!tags.insert(slug).second) continue;
      publishing::TaxonomyStore::insert_tag(sql, {0, slug, name});
    }
  }
  tx.commit();
}

}  // namespace

Result<int> generate_corpus(store::Database& db, std::filesystem::path const& demo_dir,
                            CorpusOptions const& o, CorpusProgress const& progress) {
  auto pools = load_pools(demo_dir);
  if (!pools) return pools.error();
  std::mt19937 rng(o.seed);
  TextMaker text(*pools, rng);
  auto now = now_utc();
  soci::session sql(db.pool());
  ensure_taxonomy(sql, *pools, o, text, now);
  auto authors = publishing::TaxonomyStore::all_ids(sql, publishing::TaxonomyStore::Terms::Authors);
  auto categories =
      publishing::TaxonomyStore::all_ids(sql, publishing::TaxonomyStore::Terms::Categories);
  auto tags = publishing::TaxonomyStore::all_ids(sql, publishing::TaxonomyStore::Terms::Tags);
  auto images = media::MediaStore::all_ids(sql);
  if (authors.empty() || categories.empty() || tags.empty())
    return invalid("load the demo first (dossier demo) so there are authors and categories");

  int done = 0;
  while (done < o.articles) {
    store::WriteTransaction tx(sql);
    publishing::ArticleBulkWriter writer(sql);
    int batch_end = std::min(o.articles, done + o.batch);
    for (; done < batch_end; ++done) {
      publishing::ArticleInput in;
      in.title = text.words(text.between(6, 11), true);
      in.dek = text.sentence();
      in.body_markdown = text.body();
      in.kind = done % 7 == 0 ? publishing::ArticleKind::Analysis : publishing::ArticleKind::News;
      in.status = publishing::ArticleStatus::Published;
      in.visibility = publishing::Visibility::Public;
      in.author_id = text.pick(authors);
      in.published_at = now - static_cast<UnixTime>(rng() % (o.years * kSecondsPerYear));
      in.category_ids.push_back(text.pick(categories));
      if (rng() % 2) {
        auto second = text.pick(categories);
        if (second != in.category_ids.front()) in.category_ids.push_back(second);
      }
      std::set<Id> chosen;
      for (int k = text.between(2, 4); k > 0; --k) chosen.insert(text.pick(tags));
      in.tag_ids.assign(chosen.begin(), chosen.end());
      if (!images.empty() && rng() % 2) in.hero_media_id = text.pick(images);
      auto rendered = render::render_markdown(in.body_markdown);
      // The id the writer is about to use keeps the slug unique without a lookup.
      in.slug = make_slug(in.title).substr(0, 60);
      while (!in.slug.empty() && in.slug.back() == '-') in.slug.pop_back();
      in.slug += fmt::format("-{}", writer.next_id());
      writer.add(in, rendered.html, rendered.word_count, now);
      if (progress) progress(done + 1, o.articles);
    }
    tx.commit();
  }
  store::WriteTransaction tx(sql);
  publishing::ArticleStore::rebuild_counts(sql);
  tx.commit();
  return o.articles;
}

}  // namespace dossier::app
