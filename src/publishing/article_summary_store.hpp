#pragma once

// One teaser's row (ArticleSummary) as publishing's summary queries select it: the same
// columns in the same order for the listings (article_store.cpp) and for the read API other
// folders call (public_article_store.cpp). A store header: publishing's own.

#include <string>

#include <soci/soci.h>

#include "publishing/article.hpp"

namespace dossier::publishing {

struct SummaryRow {
  ArticleSummary s;
  std::string kind;
  long long published_at = 0;

  // Binds the columns in the order of the statement's select list.
  void bind(soci::statement& st) {
    st.exchange(soci::into(s.id));
    st.exchange(soci::into(s.slug));
    st.exchange(soci::into(kind));
    st.exchange(soci::into(s.title));
    st.exchange(soci::into(s.dek));
    st.exchange(soci::into(published_at));
    st.exchange(soci::into(s.comment_count));
    st.exchange(soci::into(s.word_count));
    st.exchange(soci::into(s.author_name));
    st.exchange(soci::into(s.author_slug));
    st.exchange(soci::into(s.category_name));
    st.exchange(soci::into(s.category_slug));
    st.exchange(soci::into(s.hero_file));
    st.exchange(soci::into(s.hero_alt));
    st.exchange(soci::into(s.hero_width));
    st.exchange(soci::into(s.hero_height));
  }
  ArticleSummary take() {
    s.kind = parse_kind(kind).value_or(ArticleKind::News);
    s.published_at = published_at;
    return s;
  }
};

}  // namespace dossier::publishing
