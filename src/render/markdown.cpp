#include "render/markdown.hpp"

#include <memory>
#include <mutex>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include "core/strings.hpp"

namespace dossier::render {

namespace {

// cmark-gfm 0.29 edits a process-wide table while the autolink extension parses, so
// extensions are registered once and parsing is serialized (DESIGN.md, known pitfalls).
// Articles are rendered at save time, so this lock is never on a page view.
std::mutex& render_mutex() {
  static std::mutex m;
  return m;
}

void register_once() {
  static std::once_flag flag;
  std::call_once(flag, [] { cmark_gfm_core_extensions_ensure_registered(); });
}

constexpr char const* kExtensions[] = {"table", "strikethrough", "autolink", "tagfilter"};
constexpr int kOptions = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8;

struct ParserDeleter {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct CharDeleter {
  void operator()(char* s) const { free(s); }
};

void demote_h1(cmark_node* root) {
  cmark_iter* it = cmark_iter_new(root);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(it);
    if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(node) == CMARK_NODE_HEADING &&
        cmark_node_get_heading_level(node) == 1)
      cmark_node_set_heading_level(node, 2);
  }
  cmark_iter_free(it);
}

}  // namespace

RenderedMarkdown render_markdown(std::string_view markdown) {
  register_once();
  std::lock_guard lock(render_mutex());
  std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(kOptions));
  for (auto const* name : kExtensions) {
    if (auto* ext = cmark_find_syntax_extension(name))
      cmark_parser_attach_syntax_extension(parser.get(), ext);
  }
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  std::unique_ptr<cmark_node, NodeDeleter> doc(cmark_parser_finish(parser.get()));
  demote_h1(doc.get());
  auto* extensions = cmark_parser_get_syntax_extensions(parser.get());
  std::unique_ptr<char, CharDeleter> html(cmark_render_html(doc.get(), kOptions, extensions));
  std::unique_ptr<char, CharDeleter> text(cmark_render_plaintext(doc.get(), kOptions, 0));
  RenderedMarkdown out;
  out.html = html.get();
  out.plain_text = text.get();
  out.word_count = static_cast<int>(count_words(out.plain_text));
  return out;
}

}  // namespace dossier::render
