#pragma once

#include <string>
#include <string_view>

namespace dossier::render {

struct RenderedMarkdown {
  std::string html;
  std::string plain_text;
  int word_count = 0;
};

// CommonMark + GFM tables, strikethrough and autolinks, rendered by cmark-gfm in safe mode:
// raw HTML and javascript:/vbscript:/data: links are dropped. Level-1 headings become
// level 2, because the page's title is its only <h1>.
RenderedMarkdown render_markdown(std::string_view markdown);

}  // namespace dossier::render
