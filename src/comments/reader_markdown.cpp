#include "comments/reader_markdown.hpp"

#include <memory>
#include <vector>

#include <cmark-gfm.h>

#include "core/strings.hpp"

namespace dossier::comments {

namespace {

struct ParserDeleter {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct IterDeleter {
  void operator()(cmark_iter* i) const { cmark_iter_free(i); }
};

// Only these schemes may be followed from a reader's comment. cmark has already decoded
// entities and percent-encoded spaces in the destination, so "jav&#x09;ascript:" arrives
// here as the text it means; anything not starting with an allowed scheme is not a link.
bool allowed_destination(std::string_view url) {
  auto lower = to_lower(trim(url));
  return lower.starts_with("https://") || lower.starts_with("http://") ||
         lower.starts_with("mailto:");
}

class Renderer {
 public:
  ReaderHtml run(cmark_node* root) {
    std::unique_ptr<cmark_iter, IterDeleter> it(cmark_iter_new(root));
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE) {
      auto* node = cmark_iter_get_node(it.get());
      visit(node, ev == CMARK_EVENT_ENTER);
    }
    close_paragraph();
    return std::move(out_);
  }

 private:
  void text(std::string_view t) {
    open_paragraph();
    if (open_links_ == 0)
      for (auto at = t.find("://"); at != std::string_view::npos; at = t.find("://", at + 3))
        ++out_.bare_address_count;
    out_.html += html_escape(t);
    out_.plain_text += t;
  }
  // Block content of degraded blocks (headings, items, code) goes into a paragraph of its own.
  void open_paragraph() {
    if (!in_paragraph_) {
      out_.html += "<p>";
      in_paragraph_ = true;
    }
  }
  void close_paragraph() {
    if (in_paragraph_) {
      out_.html += "</p>\n";
      in_paragraph_ = false;
      out_.plain_text += "\n";
    }
  }

  void visit(cmark_node* node, bool enter) {
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_DOCUMENT: break;
      case CMARK_NODE_PARAGRAPH:
      case CMARK_NODE_HEADING:
      case CMARK_NODE_ITEM:
        if (enter) {
          close_paragraph();
        } else {
          close_paragraph();
        }
        break;
      case CMARK_NODE_LIST: break;  // its items become paragraphs
      case CMARK_NODE_BLOCK_QUOTE:
        close_paragraph();
        if (enter) {
          if (++quote_depth_ <= kMaxQuoteDepth) out_.html += "<blockquote>\n";
        } else {
          if (quote_depth_-- <= kMaxQuoteDepth) out_.html += "</blockquote>\n";
        }
        break;
      case CMARK_NODE_CODE_BLOCK:
        if (enter) {
          close_paragraph();
          text(cmark_node_get_literal(node) ? cmark_node_get_literal(node) : "");
          close_paragraph();
        }
        break;
      case CMARK_NODE_THEMATIC_BREAK: close_paragraph(); break;
      case CMARK_NODE_HTML_BLOCK:
      case CMARK_NODE_HTML_INLINE: break;  // a reader's HTML is dropped, not shown
      case CMARK_NODE_TEXT:
        text(cmark_node_get_literal(node) ? cmark_node_get_literal(node) : "");
        break;
      case CMARK_NODE_SOFTBREAK:
        open_paragraph();
        out_.html += "\n";
        out_.plain_text += " ";
        break;
      case CMARK_NODE_LINEBREAK:
        open_paragraph();
        out_.html += "<br>\n";
        out_.plain_text += "\n";
        break;
      case CMARK_NODE_CODE:
        open_paragraph();
        out_.html += "<code>";
        text(cmark_node_get_literal(node) ? cmark_node_get_literal(node) : "");
        out_.html += "</code>";
        break;
      case CMARK_NODE_EMPH:
        open_paragraph();
        out_.html += enter ? "<em>" : "</em>";
        break;
      case CMARK_NODE_STRONG:
        open_paragraph();
        out_.html += enter ? "<strong>" : "</strong>";
        break;
      case CMARK_NODE_LINK: link(node, enter); break;
      case CMARK_NODE_IMAGE: break;  // its description (the children's text) stays as text
      default: break;                // anything else contributes only its text children
    }
  }

  void link(cmark_node* node, bool enter) {
    open_paragraph();
    if (enter) {
      char const* url = cmark_node_get_url(node);
      bool ok = url && allowed_destination(url);
      link_stack_.push_back(ok);
      if (ok) {
        ++out_.link_count;
        ++open_links_;
        out_.html += "<a href=\"" + html_escape(trim(url)) + "\" rel=\"nofollow ugc noopener\">";
      }
    } else {
      if (!link_stack_.empty() && link_stack_.back()) {
        out_.html += "</a>";
        --open_links_;
      }
      if (!link_stack_.empty()) link_stack_.pop_back();
    }
  }

  ReaderHtml out_;
  bool in_paragraph_ = false;
  std::size_t quote_depth_ = 0;
  std::vector<bool> link_stack_;
  int open_links_ = 0;  // allowed links around the current node
};

}  // namespace

ReaderHtml render_reader_markdown(std::string_view markdown) {
  // Core CommonMark only: extensions (autolink) are not thread-safe in cmark-gfm 0.29, and
  // CMARK_OPT_UNSAFE is never set, so raw HTML nodes are all the parser gives for HTML.
  std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(CMARK_OPT_DEFAULT));
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  std::unique_ptr<cmark_node, NodeDeleter> doc(cmark_parser_finish(parser.get()));
  Renderer r;
  return r.run(doc.get());
}

}  // namespace dossier::comments
