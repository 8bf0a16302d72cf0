#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dossier::comments {

struct ReaderHtml {
  std::string html;
  int link_count = 0;  // links made (Markdown links and <autolinks> to allowed addresses)
  // Web addresses ("://") in the text outside those links, shown as text: the address a
  // Markdown link points to, or its own text, is not counted again.
  int bare_address_count = 0;
  std::string plain_text;
};

constexpr std::size_t kMaxQuoteDepth = 4;  // deeper quotes are flattened into the fourth

// Readers' Markdown: a small subset, never any HTML of the reader's. Parsed with cmark (core
// CommonMark, no extensions, never CMARK_OPT_UNSAFE) and rendered by walking the syntax tree,
// keeping only paragraphs, line breaks, text, emphasis, strong, inline code, block quotes and
// links to http://, https:// or mailto: (with rel="nofollow ugc noopener"). Everything else is
// reduced to its text (headings, list items, code blocks, image descriptions); raw HTML is
// dropped. Every text and attribute is escaped.
ReaderHtml render_reader_markdown(std::string_view markdown);

}  // namespace dossier::comments
