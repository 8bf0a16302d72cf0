#pragma once

#include <string>
#include <vector>

#include "publishing/publishing_service.hpp"
#include "publishing/structured_data.hpp"
#include "site/frame.hpp"

namespace ctemplate {
class TemplateDictionary;
}
namespace dossier::render {
class Theme;
}
namespace dossier::http {
class StaticAssets;
}

namespace dossier::publishing {

// What the public site's frame (site/frame.hpp) shows from publishing: the settings the
// newsroom edits and the categories in navigation order.
site::Masthead masthead_of(SiteSettings const& settings, std::vector<Category> const& nav);

// The frame's wiring: its masthead read from `publishing` on every page (the service keeps
// settings and categories in memory), the default settings when the database fails.
site::FrameContext frame_context(PublishingService& publishing, render::Theme const& theme,
                                 http::StaticAssets const& assets, std::string site_url,
                                 Clock clock);

// The publisher as structured data names it (schema.org Organization).
SiteIdentity identity_of(site::Frame const& frame, SiteSettings const& settings);

// The values of one article's teaser (URL, TITLE, DEK, KIND_LABEL, AUTHOR_NAME, DATE ...),
// the same for every template that lists articles.
void fill_summary(ctemplate::TemplateDictionary& d, ArticleSummary const& a);
// One teaser (partials/teaser.tpl) per article, each in a new `section`.
void add_teasers(ctemplate::TemplateDictionary& d, char const* section,
                 std::vector<ArticleSummary> const& items);

// "No comments", "1 comment", "12 comments".
std::string comments_text(int n);
// A page cache key naming one record ("article:12"): render/page_cache.hpp.
std::string cache_key(char const* kind, Id id);

}  // namespace dossier::publishing
