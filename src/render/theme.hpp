#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "core/result.hpp"

namespace ctemplate {
class TemplateCache;
class TemplateDictionary;
}  // namespace ctemplate

namespace dossier::render {

// The theme's templates (ctemplate, auto-escaping). Every template must begin with its
// {{%AUTOESCAPE context="..."}} pragma: load() refuses a theme where one does not, so no
// template can print an unescaped variable by forgetting it.
class Theme {
 public:
  static Result<std::unique_ptr<Theme>> load(std::filesystem::path const& dir);
  ~Theme();

  // Expands templates/<name> ("article.tpl") with dict; throws on a missing template,
  // which load() has already ruled out for every file in the theme.
  std::string render(std::string const& name, ctemplate::TemplateDictionary const& dict) const;
  std::filesystem::path const& dir() const { return dir_; }

 private:
  explicit Theme(std::filesystem::path dir);
  std::filesystem::path dir_;
  std::unique_ptr<ctemplate::TemplateCache> cache_;
};

// The first line a template must start with, or nullopt-like empty when it does not.
bool has_autoescape_pragma(std::string const& text);

}  // namespace dossier::render
