#include "render/theme.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <ctemplate/template.h>
#include <ctemplate/template_cache.h>
#include <fmt/format.h>

namespace dossier::render {

namespace {

std::string read_file(std::filesystem::path const& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

bool has_autoescape_pragma(std::string const& text) {
  return text.starts_with("{{%AUTOESCAPE context=\"");
}

Theme::Theme(std::filesystem::path dir)
    : dir_(std::move(dir)), cache_(std::make_unique<ctemplate::TemplateCache>()) {}

Theme::~Theme() = default;

Result<std::unique_ptr<Theme>> Theme::load(std::filesystem::path const& dir) {
  auto templates = dir / "templates";
  if (!std::filesystem::is_directory(templates))
    return invalid(fmt::format("theme directory {} has no templates/ folder", dir.string()));
  std::unique_ptr<Theme> theme(new Theme(dir));
  theme->cache_->SetTemplateRootDirectory(templates.string());
  for (auto const& entry : std::filesystem::recursive_directory_iterator(templates)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".tpl") continue;
    auto rel = std::filesystem::relative(entry.path(), templates).string();
    if (!has_autoescape_pragma(read_file(entry.path())))
      return invalid(fmt::format("template {} does not start with its AUTOESCAPE pragma", rel));
    if (!theme->cache_->LoadTemplate(rel, ctemplate::STRIP_BLANK_LINES))
      return invalid(fmt::format("template {} has a syntax error", rel));
  }
  // Frozen caches skip the per-expansion freshness check and its lock.
  theme->cache_->Freeze();
  return theme;
}

std::string Theme::render(std::string const& name,
                          ctemplate::TemplateDictionary const& dict) const {
  std::string out;
  if (!cache_->ExpandWithData(name, ctemplate::STRIP_BLANK_LINES, &dict, nullptr, &out))
    throw std::runtime_error("cannot expand template " + name);
  return out;
}

}  // namespace dossier::render
