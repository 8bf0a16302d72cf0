#include "insight/related.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <string>

#include "insight/related_store.hpp"
#include "publishing/article_texts.hpp"

namespace dossier::insight {

namespace {

constexpr int kRelatedKept = 5;
constexpr int kCandidatesPerLink = 25;
constexpr std::size_t kEntityLinks = 12;  // the article's rarest entities are the ones compared
constexpr double kTagWeight = 1.0;
constexpr double kCategoryWeight = 0.4;
constexpr double kTitleWordWeight = 0.8;
constexpr double kRecencyDays = 365.0;  // a candidate a year apart scores half
constexpr double kSecondsPerDay = 86400.0;
constexpr std::size_t kMinTitleWord = 4;

std::set<std::string> title_words(std::string const& title) {
  std::set<std::string> out;
  std::string word;
  for (char c : title + " ") {
    if (std::isalnum(static_cast<unsigned char>(c)) || (static_cast<unsigned char>(c) >= 0x80)) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      if (word.size() >= kMinTitleWord) out.insert(word);
      word.clear();
    }
  }
  return out;
}

// Candidates from shared entities, each weighted by how rare it is on the site (inverse
// document frequency), and from shared tags and categories.
std::map<Id, double> candidates(soci::session& sql, publishing::ArticleLinks const& article) {
  std::map<Id, double> score;
  auto add = [&](std::vector<Id> const& ids, double weight) {
    for (auto id : ids) score[id] += weight;
  };
  auto corpus = static_cast<double>(publishing::newest_article_id(sql));
  std::vector<std::pair<Id, double>> links;
  for (auto const& link : RelatedStore::entity_links(sql, article.id)) {
    auto df = static_cast<double>(std::max<long long>(link.article_count, 1));
    links.emplace_back(link.entity, std::log(1.0 + corpus / df));
  }
  // The rarest entities say the most about an article; common ones ("United States") add
  // little and would cost as much.
  std::sort(links.begin(), links.end(),
            [](auto const& x, auto const& y) { return x.second > y.second; });
  if (links.size() > kEntityLinks) links.resize(kEntityLinks);
  for (auto [entity, idf] : links)
    add(RelatedStore::newest_with_entity(sql, entity, article.id, kCandidatesPerLink), idf);
  for (auto tag : article.tag_ids)
    add(publishing::newest_linked(sql, publishing::ArticleLink::Tag, tag, article.id,
                                  kCandidatesPerLink),
        kTagWeight);
  for (auto category : article.category_ids)
    add(publishing::newest_linked(sql, publishing::ArticleLink::Category, category, article.id,
                                  kCandidatesPerLink),
        kCategoryWeight);
  return score;
}

}  // namespace

std::vector<Id> score_related(soci::session& sql, Id article_id) {
  auto article = publishing::article_links(sql, article_id);
  if (!article) return {};
  auto score = candidates(sql, *article);
  std::vector<Id> ids;
  for (auto const& [id, s] : score) ids.push_back(id);
  // Title words and recency, for the public candidates only.
  auto details = RelatedStore::public_candidates(sql, ids);
  auto mine = title_words(article->title);
  std::vector<std::pair<double, Id>> ranked;
  for (auto const& [id, s] : score) {
    auto found = details.find(id);
    if (found == details.end()) continue;
    auto theirs = title_words(found->second.title);
    int shared = 0;
    for (auto const& w : mine) shared += static_cast<int>(theirs.contains(w));
    auto total = s + kTitleWordWeight * shared;
    // A date of 0 is an article never published: no recency either way.
    auto when = found->second.published_at;
    if (article->published_at && when != 0) {
      auto days = std::fabs(static_cast<double>(*article->published_at - when)) / kSecondsPerDay;
      total /= 1.0 + days / kRecencyDays;
    }
    ranked.emplace_back(total, id);
  }
  std::sort(ranked.begin(), ranked.end(), [](auto const& a, auto const& b) {
    return a.first != b.first ? a.first > b.first : a.second > b.second;
  });
  if (ranked.size() > static_cast<std::size_t>(kRelatedKept)) ranked.resize(kRelatedKept);
  std::vector<std::pair<Id, double>> kept;
  std::vector<Id> out;
  for (auto const& [s, id] : ranked) {
    kept.emplace_back(id, s);
    out.push_back(id);
  }
  RelatedStore::replace(sql, article_id, kept);
  return out;
}

}  // namespace dossier::insight
