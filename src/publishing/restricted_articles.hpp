#pragma once

// Publishing's named read of the articles that are not public (visibility subscribers or
// clients), for the client portal, its private feeds and its downloads (clients/). Each comes
// with the facts the access rule reads (publishing/access.hpp), so the caller asks
// access_to() for each viewer and never decides "who may read" itself. Like
// public_articles.hpp, every function takes the caller's session. SQL in
// restricted_article_store.cpp.

#include <optional>
#include <string>
#include <vector>

#include "publishing/access.hpp"
#include "publishing/article.hpp"

namespace soci {
class session;
}

namespace dossier::publishing {

// The most articles one restricted list reads: the portal and the feed show a client's
// reports, a few hundred at most in an institute's life; beyond this the newest are shown.
constexpr int kMaxRestrictedList = 500;

// A published article that is not public: its teaser (title, dek, kind, date; never the
// body) and its facts for the access rule.
struct RestrictedArticle {
  ArticleSummary summary;
  AccessFacts facts;
};

// Published articles whose visibility is not public (pages excepted), newest first, at most
// `limit` (capped at kMaxRestrictedList). Articles whose publication time is still ahead are
// included: access_to() gives them to no one until their time (an embargo).
std::vector<RestrictedArticle> restricted_published(soci::session& sql, int limit);
// One published, non-public article by its current slug or by id; nullopt when there is none
// or it is public (a public article has no restricted surface).
std::optional<RestrictedArticle> restricted_by_slug(soci::session& sql, std::string const& slug);
std::optional<RestrictedArticle> restricted_by_id(soci::session& sql, Id id);

}  // namespace dossier::publishing
