#pragma once

#include <vector>

#include "insight/insight.hpp"

namespace soci {
class session;
}

namespace dossier::insight {

// Scores and stores the article's related articles (the best few) in the caller's transaction;
// returns them, best first. Candidates are the newest articles sharing each of its rarest
// entities, its tags and its categories (a fixed number per link), so scoring costs the same at
// 1k and 1M articles; each is scored by shared entities weighted by rarity, shared tags and
// categories and title words, then discounted by the time between the two.
std::vector<Id> score_related(soci::session& sql, Id article);

}  // namespace dossier::insight
