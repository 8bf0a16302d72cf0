#pragma once

#include <functional>
#include <string>
#include <vector>

namespace ctemplate {
class TemplateDictionary;
}

namespace dossier::publishing {

struct ArticleView;

// Fills one section of a reader's article page (its dictionary) from the article's view.
using SectionFiller = std::function<void(ctemplate::TemplateDictionary&, ArticleView const&)>;

// The article page's sections that other modules own (the comments, the "In this article"
// box): publishing cannot call them, as they sit above it, so the composition root registers
// them by name and the article page runs them in the order they were added. Sections are
// added while wiring, before any request thread starts; after that the list is only read,
// so running it needs no lock (as with EventBus).
class ArticleSections {
 public:
  void add(std::string name, SectionFiller filler);

  // Runs every section, in the order added.
  void fill(ctemplate::TemplateDictionary& d, ArticleView const& view) const;

  // The names, in order (for logs and tests).
  std::vector<std::string> names() const;

 private:
  struct Section {
    std::string name;
    SectionFiller filler;
  };
  std::vector<Section> sections_;
};

}  // namespace dossier::publishing
