#include "publishing/article_sections.hpp"

#include <cassert>

#include "publishing/article.hpp"
#include "publishing/publishing_service.hpp"

namespace dossier::publishing {

void ArticleSections::add(std::string name, SectionFiller filler, OnTeaser on_teaser) {
  // A programmer's error at wiring: a section without a filler would do nothing.
  assert(filler);
  sections_.push_back({std::move(name), std::move(filler), on_teaser});
}

void ArticleSections::fill(ctemplate::TemplateDictionary& d, ArticleView const& view) const {
  bool teaser = view.access != Access::Full;
  for (auto const& s : sections_)
    if (!teaser || s.on_teaser == OnTeaser::Shown) s.filler(d, view);
}

std::vector<ArticleSummary> ArticleSections::related(Id article_id, int limit) const {
  if (!related_) return {};
  return related_(article_id, limit);
}

Viewer ArticleSections::viewer(http::Request const& req) const {
  return viewer_ ? viewer_(req) : Viewer{};
}

void ArticleSections::restricted_read(Viewer const& viewer, ArticleView const& view) const {
  if (on_read_) on_read_(viewer, view);
}

std::vector<std::string> ArticleSections::names() const {
  std::vector<std::string> out;
  out.reserve(sections_.size());
  for (auto const& s : sections_) out.push_back(s.name);
  return out;
}

}  // namespace dossier::publishing
