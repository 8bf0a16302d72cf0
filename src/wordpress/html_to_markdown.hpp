#pragma once

// WordPress post content (classic editor HTML with wpautop's bare line breaks, or block-editor
// markup: <!-- wp:paragraph --> comments around HTML) as Markdown that the site's renderer
// (render/markdown.hpp, cmark-gfm in safe mode) turns into the same paragraphs, headings,
// lists, quotes, images with captions, tables and links. Embeds become links to what they
// embed; [caption] becomes an image and its caption; other shortcodes stay as text. Nothing
// executable survives: scripts, styles, iframes, event attributes and javascript: URLs are
// dropped (the converter writes Markdown, never raw HTML).

#include <functional>
#include <string>
#include <string_view>

namespace dossier::wordpress {

struct MarkdownOptions {
  // Maps an image's URL in the old site (https://old.example/wp-content/uploads/2019/03/a.jpg)
  // to its URL in Dossier (/media/2019/03/a.jpg); empty keeps the URL as it is.
  std::function<std::string(std::string_view url)> image_url;
  // Maps a link to the old site to its new address (an old permalink to /articles/slug);
  // returns empty to keep the link as it is.
  std::function<std::string(std::string_view url)> link_url;
};

std::string html_to_markdown(std::string_view html, MarkdownOptions const& options = {});

}  // namespace dossier::wordpress
