#include "publishing/article_sections.hpp"

#include <cassert>

#include "publishing/article.hpp"

namespace dossier::publishing {

void ArticleSections::add(std::string name, SectionFiller filler) {
  // A programmer's error at wiring: a section without a filler would do nothing.
  assert(filler);
  sections_.push_back({std::move(name), std::move(filler)});
}

void ArticleSections::fill(ctemplate::TemplateDictionary& d, ArticleView const& view) const {
  for (auto const& s : sections_) s.filler(d, view);
}

std::vector<ArticleSummary> ArticleSections::related(Id article_id, int limit) const {
  if (!related_) return {};
  return related_(article_id, limit);
}

std::vector<std::string> ArticleSections::names() const {
  std::vector<std::string> out;
  out.reserve(sections_.size());
  for (auto const& s : sections_) out.push_back(s.name);
  return out;
}

}  // namespace dossier::publishing
