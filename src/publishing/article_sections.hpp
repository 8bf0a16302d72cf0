#pragma once

#include <functional>
#include <string>
#include <vector>

namespace ctemplate {
class TemplateDictionary;
}

namespace dossier::http {
struct Request;
}

namespace dossier::publishing {

struct ArticleView;
struct Viewer;
struct ArticleSummary;
using Id = long long;

// Fills one section of a reader's article page (its dictionary) from the article's view.
using SectionFiller = std::function<void(ctemplate::TemplateDictionary&, ArticleView const&)>;
// The article's related articles as another module scores them (insight owns the scores), best
// first, public ones only; empty when it has none for the article yet.
using RelatedSource = std::function<std::vector<ArticleSummary>(Id article_id, int limit)>;

// Who is reading, from the request (the reader's or the newsroom's session): the clients
// folder knows, and the composition root asks it. Unset: everyone is anonymous.
using ViewerSource = std::function<Viewer(http::Request const&)>;
// Told when a signed-in reader opens an article that is not public (the clients' audit).
using RestrictedRead = std::function<void(Viewer const&, ArticleView const&)>;

// The article page's sections that other modules own (the comments, the "In this article"
// box): publishing cannot call them, as they sit above it, so the composition root registers
// them by name and the article page runs them in the order they were added. Sections are
// added while wiring, before any request thread starts; after that the list is only read,
// so running it needs no lock (as with EventBus).
// Whether a section also shows on a teaser (publishing/access.hpp: a reader without access to
// the article). Sections are left off a teaser unless they say so: a report's summary and the
// way in do, comments and the analysis of the text do not.
enum class OnTeaser { Hidden, Shown };

class ArticleSections {
 public:
  void add(std::string name, SectionFiller filler, OnTeaser on_teaser = OnTeaser::Hidden);

  // Runs every section, in the order added (on a teaser, those Shown on one).
  void fill(ctemplate::TemplateDictionary& d, ArticleView const& view) const;

  // The names, in order (for logs and tests).
  std::vector<std::string> names() const;

  // Where the related box's articles come from, when a module scores them; the article page
  // falls back to the newest articles sharing a category or tag when it gives none.
  void set_related(RelatedSource source) { related_ = std::move(source); }
  std::vector<ArticleSummary> related(Id article_id, int limit) const;

  // Who reads an article that is not public, and who is told when they do.
  void set_viewer(ViewerSource source) { viewer_ = std::move(source); }
  Viewer viewer(http::Request const& req) const;
  void set_on_restricted_read(RestrictedRead hook) { on_read_ = std::move(hook); }
  void restricted_read(Viewer const& viewer, ArticleView const& view) const;

 private:
  struct Section {
    std::string name;
    SectionFiller filler;
    OnTeaser on_teaser = OnTeaser::Hidden;
  };
  std::vector<Section> sections_;
  RelatedSource related_;
  ViewerSource viewer_;
  RestrictedRead on_read_;
};

}  // namespace dossier::publishing
