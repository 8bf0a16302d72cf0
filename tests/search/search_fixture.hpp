#pragma once

// The site stack with the hand-made search corpus (tests/fixtures/search/corpus.toml)
// loaded through the publishing service, so the index is filled by the same path as a
// newsroom's saves.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include <soci/soci.h>
#include <toml++/toml.h>

#include "publishing/taxonomy_store.hpp"
#include "search/query_parser.hpp"
#include "support/site_stack.hpp"
#include "support/test_paths.hpp"

namespace dossier::test {

constexpr UnixTime kSearchNow = 1'790'000'000;  // 2026-09-21
constexpr UnixTime kDay = 86'400;

class SearchFixture : public ::testing::Test, protected SiteStack {
 protected:
  SearchFixture() : SiteStack("dossier-search", kSearchNow) {}

  void SetUp() override {
    auto corpus = toml::parse_file(::dossier::test::test_dir() + "/fixtures/search/corpus.toml");
    soci::session sql(db_->pool());
    for (auto const& a : *corpus["author"].as_array()) {
      auto const& t = *a.as_table();
      auto slug = t["slug"].value_or(std::string());
      authors_[slug] = publishing::TaxonomyStore::insert_author(
          sql, {0, slug, t["name"].value_or(std::string()), "", "author"}, "", kSearchNow);
    }
    int position = 0;
    for (auto const& c : *corpus["category"].as_array()) {
      auto const& t = *c.as_table();
      auto slug = t["slug"].value_or(std::string());
      categories_[slug] = publishing::TaxonomyStore::insert_category(
          sql, {0, {}, slug, t["name"].value_or(std::string()), "", ++position});
    }
    for (auto const& g : *corpus["tag"].as_array()) {
      auto const& t = *g.as_table();
      auto slug = t["slug"].value_or(std::string());
      tags_[slug] =
          publishing::TaxonomyStore::insert_tag(sql, {0, slug, t["name"].value_or(std::string())});
    }
    for (auto const& a : *corpus["article"].as_array()) {
      auto const& t = *a.as_table();
      publishing::ArticleInput in;
      in.slug = t["slug"].value_or(std::string());
      in.kind = publishing::parse_kind(t["kind"].value_or(std::string("news"))).value();
      in.title = t["title"].value_or(std::string());
      in.dek = t["dek"].value_or(std::string());
      in.body_markdown = t["body"].value_or(std::string());
      in.author_id = authors_.at(t["author"].value_or(std::string()));
      in.status = publishing::parse_status(t["status"].value_or(std::string("published"))).value();
      in.visibility =
          publishing::parse_visibility(t["visibility"].value_or(std::string("public"))).value();
      in.published_at = kSearchNow - t["days_ago"].value_or(0) * kDay;
      if (auto const* list = t["categories"].as_array())
        for (auto const& c : *list)
          in.category_ids.push_back(categories_.at(*c.value<std::string>()));
      if (auto const* list = t["tags"].as_array())
        for (auto const& g : *list) in.tag_ids.push_back(tags_.at(*g.value<std::string>()));
      auto id = publishing_->add_article(in);
      ASSERT_TRUE(id.ok()) << in.slug << ": " << id.error().message;
      articles_[in.slug] = *id;
    }
  }

  search::SearchResults find(std::string const& q,
                             search::SearchOrder order = search::SearchOrder::Relevance,
                             int page = 1, int per_page = 10) {
    search::SearchRequest r;
    r.query = search::parse_query(q);
    r.order = order;
    r.page = page;
    r.per_page = per_page;
    return search_index_->search(r);
  }

  std::map<std::string, publishing::Id> authors_, categories_, tags_, articles_;
};

}  // namespace dossier::test
