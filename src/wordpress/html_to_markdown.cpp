#include "wordpress/html_to_markdown.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

namespace dossier::wordpress {

namespace {

// Elements nested deeper than this are written as their plain text (collected without
// recursion), so a post of 10,000 nested <div>s cannot exhaust the stack.
constexpr int kMaxDepth = 48;
// A fenced code block's fence is at least this many backticks (CommonMark 0.30, 4.5).
constexpr std::size_t kMinFence = 3;
// An <ol start> beyond this is written as this: nine digits is CommonMark's limit for an
// ordered list marker (5.2).
constexpr long kMaxListStart = 999'999'999;
// Characters that mean something in Markdown's inline syntax (or GFM's tables and
// strikethrough) wherever they stand; they are backslash-escaped in text (CommonMark 2.4).
constexpr std::string_view kEscapedEverywhere = "\\`*_[]<>~|&#";
// Characters that start a block only at the beginning of a line (lists, setext underlines,
// quotes); escaped there.
constexpr std::string_view kEscapedAtLineStart = "+-=>";

// Markers inside converted inline text before it is finished into a paragraph: a line break
// (<br>, or a single newline in classic content, as wpautop reads it) and a paragraph break (a
// blank line in classic content). Control characters from the input are dropped, so these
// cannot come from the text itself.
constexpr char kBreak = '\x01';
constexpr char kParagraph = '\x02';
// Markers around an emphasis's delimiter runs (before the opening run, after the closing one),
// so finish() can see the characters on both sides of each run.
constexpr char kOpenRun = '\x03';
constexpr char kCloseRun = '\x04';
constexpr std::string_view kDelimiterRun = "*~\x03\x04";

// Elements dropped with everything inside them. <object> and <embed> are not among them: the
// element goes, its content stays, because libxml2 2.9 reads <embed> as a container and a
// post's bare <embed src=…> would otherwise swallow all that follows it; what an object holds
// is its fallback for readers anyway.
constexpr std::array<std::string_view, 24> kDropped = {
    "script", "style",  "noscript", "template", "param",  "noembed",  "applet",   "form",
    "input",  "button", "select",   "textarea", "option", "optgroup", "datalist", "svg",
    "math",   "canvas", "head",     "title",    "meta",   "link",     "base",     "frameset"};
// Elements whose content is a media source: written as a link to that source.
constexpr std::array<std::string_view, 4> kMediaLinks = {"iframe", "video", "audio", "frame"};
constexpr std::array<std::string_view, 35> kBlocks = {
    "p",       "div",     "h1",         "h2",       "h3",         "h4",      "h5",
    "h6",      "ul",      "ol",         "li",       "blockquote", "pre",     "hr",
    "table",   "figure",  "section",    "article",  "header",     "footer",  "aside",
    "main",    "nav",     "dl",         "dt",       "dd",         "address", "center",
    "details", "summary", "figcaption", "fieldset", "hgroup",     "object",  "embed"};

template <std::size_t N>
bool among(std::array<std::string_view, N> const& set, std::string_view name) {
  return std::find(set.begin(), set.end(), name) != set.end();
}

std::string_view name_of(xmlNode const* n) {
  return n->name ? std::string_view(reinterpret_cast<char const*>(n->name)) : std::string_view();
}

std::string attr(xmlNode* n, char const* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<xmlChar const*>(name));
  if (!v) return {};
  std::string out(reinterpret_cast<char const*>(v));
  xmlFree(v);
  return out;
}

bool has_class(xmlNode* n, std::string_view word) {
  return attr(n, "class").find(word) != std::string::npos;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

bool is_punctuation(char c) {
  auto u = static_cast<unsigned char>(c);
  return u < 0x80 && std::ispunct(u);
}

bool is_alphanumeric(char c) {
  auto u = static_cast<unsigned char>(c);
  return u < 0x80 && std::isalnum(u);
}

bool is_blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return is_space(c); });
}

// A URL as a browser reads it (the URL standard, "basic URL parser"): leading and trailing
// C0 controls and spaces stripped, tabs and newlines removed anywhere; other controls are
// dropped too, since no address needs them.
std::string clean_url(std::string_view url) {
  auto edge = [](char c) { return static_cast<unsigned char>(c) <= 0x20; };
  while (!url.empty() && edge(url.front())) url.remove_prefix(1);
  while (!url.empty() && edge(url.back())) url.remove_suffix(1);
  std::string out;
  out.reserve(url.size());
  for (char c : url)
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) out += c;
  return out;
}

// Links and images may point at the web, mail, the phone, or somewhere relative; any other
// scheme (javascript:, vbscript:, data:, file:) is dropped.
bool is_safe_url(std::string_view url) {
  if (url.empty()) return false;
  auto colon = url.find(':');
  auto first_path = url.find_first_of("/?#");
  if (colon == std::string_view::npos ||
      (first_path != std::string_view::npos && first_path < colon))
    return true;  // relative: no scheme
  std::string scheme;
  for (char c : url.substr(0, colon))
    scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return scheme == "http" || scheme == "https" || scheme == "mailto" || scheme == "tel";
}

bool is_web_url(std::string_view url) {
  auto lower = [](std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
    return true;
  };
  return lower(url, "http://") || lower(url, "https://");
}

// A link destination with nothing Markdown could read as its end: spaces, angle brackets,
// parentheses, backslashes and pipes (a table cell's separator) percent-encoded (RFC 3986,
// 2.1), which leaves the URL's meaning unchanged.
std::string destination(std::string_view url) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(url.size());
  for (char c : url) {
    if (c == '(' || c == ')' || c == '<' || c == '>' || c == '\\' || c == '|' || c == '`' ||
        c == '"' || c == '\'' || c == ' ') {
      out += '%';
      out += kHex[static_cast<unsigned char>(c) >> 4];
      out += kHex[static_cast<unsigned char>(c) & 0xf];
    } else {
      out += c;
    }
  }
  return out;
}

// Appends text escaped for Markdown, whitespace collapsed later by finish().
void append_escaped(std::string& out, std::string_view text) {
  for (char c : text) {
    if (kEscapedEverywhere.find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
}

// Plain text of a subtree without recursion (for code blocks and for what lies beyond
// kMaxDepth); <br> becomes a newline, dropped elements give nothing.
std::string plain_text(xmlNode* root) {
  std::string out;
  xmlNode* n = root->children;
  while (n && n != root) {
    bool descend = false;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      if (n->content) out += reinterpret_cast<char const*>(n->content);
    } else if (n->type == XML_ELEMENT_NODE) {
      auto name = name_of(n);
      if (name == "br")
        out += '\n';
      else if (!among(kDropped, name) && !among(kMediaLinks, name))
        descend = n->children != nullptr;
    }
    if (descend) {
      n = n->children;
      continue;
    }
    while (n && n != root && !n->next) n = n->parent;
    if (n && n != root) n = n->next;
  }
  return out;
}

// Text as a reader sees it: no control characters other than tab and newline, the no-break
// space (U+00A0) an ordinary space.
std::string visible(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xa0) {
      out += ' ';
      ++i;
    } else if (c == '\t' || c == '\n' || c >= 0x20) {
      out += static_cast<char>(c == '\t' ? ' ' : c);
    }
  }
  return out;
}

enum class Finish { Paragraph, Line };

// Collapses whitespace, drops breaks at either end, writes the remaining breaks as Markdown
// hard breaks (backslash, newline: CommonMark 6.7) or spaces (headings, table cells), and
// escapes what would start a block at the beginning of a line.
std::string finish(std::string_view in, Finish how) {
  std::string out;
  out.reserve(in.size());
  bool pending_space = false;
  bool pending_break = false;
  auto write_pending = [&] {
    if (pending_break && !out.empty())
      out += how == Finish::Paragraph ? "\\\n" : " ";
    else if (pending_space && !out.empty())
      out += ' ';
    pending_break = pending_space = false;
  };
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == kParagraph) c = kBreak;
    if (c == kBreak) {
      pending_break = true;
      pending_space = false;
      continue;
    }
    if (is_space(c)) {
      if (!pending_break) pending_space = true;
      continue;
    }
    write_pending();
    if (c == kOpenRun) {
      // An opening run before punctuation opens only after a space or punctuation (CommonMark
      // 6.2, left-flanking): a letter before it is written as a character reference.
      auto first = in.find_first_not_of(kDelimiterRun, i + 1);
      if (first != std::string_view::npos && is_punctuation(in[first]) && !out.empty() &&
          is_alphanumeric(out.back())) {
        auto letter = out.back();
        out.pop_back();
        out += "&#" + std::to_string(static_cast<int>(letter)) + ";";
      }
      continue;
    }
    if (c == kCloseRun) {
      // The mirror rule: a closing run after punctuation closes only before a space or
      // punctuation (right-flanking), so a letter right after it is written as a reference.
      auto last = out.find_last_not_of(kDelimiterRun);
      if (last != std::string::npos && is_punctuation(out[last]) && i + 1 < in.size() &&
          is_alphanumeric(in[i + 1])) {
        out += "&#" + std::to_string(static_cast<int>(in[i + 1])) + ";";
        ++i;
      }
      continue;
    }
    out += c;
  }
  if (how == Finish::Line) return out;
  // Line starts: a leading +, -, =, > or "1." would start a list, an underline or a quote.
  std::string escaped;
  escaped.reserve(out.size() + 8);
  std::size_t line = 0;
  while (line <= out.size()) {
    auto end = out.find('\n', line);
    if (end == std::string::npos) end = out.size();
    auto text = std::string_view(out).substr(line, end - line);
    if (!text.empty() && kEscapedAtLineStart.find(text[0]) != std::string_view::npos) {
      escaped += '\\';
      escaped += text;
    } else {
      std::size_t digits = 0;
      while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits])))
        ++digits;
      if (digits > 0 && digits < text.size() && (text[digits] == '.' || text[digits] == ')')) {
        escaped += text.substr(0, digits);
        escaped += '\\';
        escaped += text.substr(digits);
      } else {
        escaped += text;
      }
    }
    if (end < out.size()) escaped += '\n';
    line = end + 1;
  }
  return escaped;
}

// Splits leading and trailing whitespace and breaks off inline text, so emphasis markers
// stand right against the words they wrap (CommonMark 6.2, flanking delimiter runs).
struct Trimmed {
  std::string_view lead, core, trail;
};
Trimmed trim_inline(std::string_view s) {
  auto ws = [](char c) { return is_space(c) || c == kBreak || c == kParagraph; };
  std::size_t b = 0, e = s.size();
  while (b < e && ws(s[b])) ++b;
  while (e > b && ws(s[e - 1])) --e;
  return {s.substr(0, b), s.substr(b, e - b), s.substr(e)};
}

std::string superscript(std::string_view text, bool sup) {
  static constexpr std::array<std::string_view, 10> kSup = {"⁰", "¹", "²", "³", "⁴",
                                                            "⁵", "⁶", "⁷", "⁸", "⁹"};
  static constexpr std::array<std::string_view, 10> kSub = {"₀", "₁", "₂", "₃", "₄",
                                                            "₅", "₆", "₇", "₈", "₉"};
  if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      }))
    return {};
  std::string out;
  for (char c : text) out += (sup ? kSup : kSub)[static_cast<std::size_t>(c - '0')];
  return out;
}

struct Block {
  enum class Kind { Paragraph, List, Other } kind = Kind::Other;
  std::string text;
  bool ordered = false;
  bool alternate = false;
  bool interrupts = false;  // a list that may follow a paragraph line directly
};

// The value of "url" in a block comment's JSON attributes (<!-- wp:embed {"url":"…"} -->),
// with JSON's escaped slashes and quotes undone; empty when there is none.
std::string embed_url(std::string_view comment) {
  constexpr std::string_view kKey = "\"url\":\"";
  auto at = comment.find(kKey);
  if (at == std::string_view::npos) return {};
  std::string out;
  for (auto i = at + kKey.size(); i < comment.size(); ++i) {
    char c = comment[i];
    if (c == '"') return out;
    if (c == '\\' && i + 1 < comment.size()) c = comment[++i];
    out += c;
  }
  return {};
}

class Converter {
 public:
  Converter(MarkdownOptions const& options, bool classic) : options_(options), classic_(classic) {}

  std::string document(htmlDocPtr doc) {
    std::vector<Block> out;
    std::string para;
    for (xmlNode* n = doc->children; n; n = n->next) {
      if (n->type == XML_COMMENT_NODE) comment(n);
      if (n->type != XML_ELEMENT_NODE) continue;
      for (xmlNode* part = n->children; part; part = part->next) {
        if (part->type == XML_COMMENT_NODE) comment(part);
        if (part->type == XML_ELEMENT_NODE && name_of(part) == "body")
          children_into(part, 1, out, para);
      }
    }
    flush(para, out);
    auto text = join(out, false);
    if (!text.empty()) text += '\n';
    return text;
  }

 private:
  MarkdownOptions const& options_;
  bool classic_;
  int in_link_ = 0;
  int in_cell_ = 0;
  std::string pending_embed_;

  void comment(xmlNode* n) {
    std::string_view text = n->content ? reinterpret_cast<char const*>(n->content) : "";
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    if (text.starts_with("wp:embed") || text.starts_with("wp:core-embed"))
      pending_embed_ = clean_url(embed_url(text));
    else if (text.starts_with("/wp:embed") || text.starts_with("/wp:core-embed"))
      pending_embed_.clear();
  }

  std::string map_link(std::string url) const {
    if (options_.link_url) {
      auto mapped = options_.link_url(url);
      if (!mapped.empty()) return mapped;
    }
    return url;
  }
  std::string map_image(std::string url) const {
    if (options_.image_url) {
      auto mapped = options_.image_url(url);
      if (!mapped.empty()) return mapped;
    }
    return url;
  }

  std::string link_markdown(std::string_view text, std::string const& url) const {
    std::string out;
    out.reserve(text.size() + url.size() + 4);
    out += '[';
    out += text;
    out += "](";
    out += destination(url);
    out += ')';
    return out;
  }

  // A link to what a media element or shortcode shows, when it is on the web; empty otherwise.
  std::string media_link(xmlNode* n) {
    auto src = clean_url(attr(n, "src"));
    if (src.empty()) {
      for (xmlNode* c = n->children; c && src.empty(); c = c->next)
        if (c->type == XML_ELEMENT_NODE && name_of(c) == "source") src = clean_url(attr(c, "src"));
    }
    if (!is_web_url(src)) return {};
    std::string text;
    append_escaped(text, src);
    return link_markdown(text, map_link(src));
  }

  void flush(std::string& para, std::vector<Block>& out) {
    std::size_t start = 0;
    while (start <= para.size()) {
      auto end = para.find(kParagraph, start);
      if (end == std::string::npos) end = para.size();
      auto text = finish(std::string_view(para).substr(start, end - start), Finish::Paragraph);
      if (!text.empty()) out.push_back({Block::Kind::Paragraph, std::move(text)});
      start = end + 1;
    }
    para.clear();
  }

  static std::string join(std::vector<Block> const& blocks, bool in_item) {
    std::string out;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      if (i > 0) {
        bool tight = in_item && blocks[i - 1].kind == Block::Kind::Paragraph &&
                     blocks[i].kind == Block::Kind::List && blocks[i].interrupts;
        out += tight ? "\n" : "\n\n";
      }
      out += blocks[i].text;
    }
    return out;
  }

  // The children of a block container, as blocks: inline content gathers into paragraphs.
  void children_into(xmlNode* parent, int depth, std::vector<Block>& out, std::string& para) {
    if (depth > kMaxDepth) {
      append_text(para, visible(plain_text(parent)), true);
      return;
    }
    bool in_quote = name_of(parent) == "blockquote";
    for (xmlNode* n = parent->children; n; n = n->next) {
      if (n->type == XML_COMMENT_NODE) {
        comment(n);
        continue;
      }
      if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content) append_text(para, visible(reinterpret_cast<char const*>(n->content)), true);
        continue;
      }
      if (n->type != XML_ELEMENT_NODE) continue;
      auto name = name_of(n);
      if (among(kDropped, name)) continue;
      if (among(kMediaLinks, name)) {
        auto link = media_link(n);
        if (!link.empty()) {
          flush(para, out);
          out.push_back({Block::Kind::Paragraph, link});
        }
        continue;
      }
      if (in_quote && name == "cite") {
        flush(para, out);
        auto text = finish(inline_children(n, depth + 1, false), Finish::Paragraph);
        if (!text.empty()) out.push_back({Block::Kind::Paragraph, "— " + text});
        continue;
      }
      if (!among(kBlocks, name)) {
        para += inline_node(n, depth + 1, true);
        continue;
      }
      flush(para, out);
      block(n, name, depth + 1, out);
    }
  }

  std::vector<Block> blocks_of(xmlNode* parent, int depth) {
    std::vector<Block> out;
    std::string para;
    children_into(parent, depth, out, para);
    flush(para, out);
    return out;
  }

  void block(xmlNode* n, std::string_view name, int depth, std::vector<Block>& out) {
    if (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6') {
      auto text = finish(inline_children(n, depth, false), Finish::Line);
      if (!text.empty())
        out.push_back({Block::Kind::Other,
                       std::string(static_cast<std::size_t>(name[1] - '0'), '#') + " " + text});
    } else if (name == "ul" || name == "ol") {
      bool ordered = name == "ol";
      bool alternate = !out.empty() && out.back().kind == Block::Kind::List &&
                       out.back().ordered == ordered && !out.back().alternate;
      if (has_class(n, "gallery")) {
        // A block-editor gallery's grid is a list only for layout: its images in order.
        auto inner = blocks_of(n, depth);
        out.insert(out.end(), inner.begin(), inner.end());
        return;
      }
      auto list = list_block(n, depth, ordered, alternate);
      if (!list.text.empty()) out.push_back(std::move(list));
    } else if (name == "blockquote") {
      auto inner = join(blocks_of(n, depth), false);
      if (inner.empty()) return;
      out.push_back({Block::Kind::Other, prefix_lines(inner, "> ", ">")});
    } else if (name == "pre") {
      out.push_back({Block::Kind::Other, code_block(n)});
    } else if (name == "hr") {
      out.push_back({Block::Kind::Other, "---"});
    } else if (name == "table") {
      table(n, depth, out);
    } else if (name == "figure" && figure_embed(n, depth, out)) {
      return;
    } else if (name == "figcaption") {
      auto text = emphasis(inline_children(n, depth, false), "*");
      text = finish(text, Finish::Paragraph);
      if (!text.empty()) out.push_back({Block::Kind::Paragraph, text});
    } else {
      // p, div, figure, section and the rest: their content in order (block-editor columns
      // and groups are flattened this way).
      auto inner = blocks_of(n, depth);
      out.insert(out.end(), inner.begin(), inner.end());
    }
  }

  // A block-editor embed (<!-- wp:embed {"url":…} --> around a figure holding only the URL):
  // a link line to what it embeds, and its caption. False when the figure is not one.
  bool figure_embed(xmlNode* n, int depth, std::vector<Block>& out) {
    bool marked = has_class(n, "wp-block-embed");
    if (pending_embed_.empty() && !marked) return false;
    std::string url = pending_embed_;
    xmlNode* caption = nullptr;
    std::string text;
    for (xmlNode* c = n->children; c; c = c->next) {
      if (c->type == XML_ELEMENT_NODE && name_of(c) == "figcaption")
        caption = c;
      else if (c->type == XML_ELEMENT_NODE && among(kMediaLinks, name_of(c)) && url.empty())
        url = clean_url(attr(c, "src"));
      else if (c->type == XML_ELEMENT_NODE || c->type == XML_TEXT_NODE) {
        auto t = c->type == XML_TEXT_NODE && c->content
                     ? std::string(reinterpret_cast<char const*>(c->content))
                     : plain_text(c);
        text += t;
      }
    }
    auto body = std::string(trim_inline(text).core);
    if (url.empty() && is_web_url(body)) url = clean_url(body);
    if (!is_web_url(url) || !(body.empty() || clean_url(body) == url || is_web_url(body)))
      return false;
    pending_embed_.clear();
    std::string label;
    append_escaped(label, url);
    out.push_back({Block::Kind::Paragraph, link_markdown(label, map_link(url))});
    if (caption) block(caption, "figcaption", depth + 1, out);
    return true;
  }

  static std::string prefix_lines(std::string_view text, std::string_view prefix,
                                  std::string_view empty_prefix, std::string_view first = {}) {
    std::string out;
    std::size_t start = 0;
    bool first_line = true;
    while (start <= text.size()) {
      auto end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      auto line = text.substr(start, end - start);
      if (first_line && !first.empty())
        out += first;
      else
        out += line.empty() ? empty_prefix : prefix;
      out += line;
      if (end < text.size()) out += '\n';
      first_line = false;
      start = end + 1;
    }
    return out;
  }

  Block list_block(xmlNode* n, int depth, bool ordered, bool alternate) {
    long start = 1;
    if (ordered) {
      auto s = attr(n, "start");
      if (!s.empty() && s.size() < 10 && std::all_of(s.begin(), s.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c));
          }))
        start = std::min(std::stol(s), kMaxListStart);
    }
    std::vector<std::vector<Block>> items;
    for (xmlNode* c = n->children; c; c = c->next) {
      if (c->type == XML_TEXT_NODE) {
        if (c->content && !is_blank(reinterpret_cast<char const*>(c->content))) {
          std::string para;
          append_text(para, visible(reinterpret_cast<char const*>(c->content)), false);
          std::vector<Block> item;
          flush(para, item);
          items.push_back(std::move(item));
        }
        continue;
      }
      if (c->type != XML_ELEMENT_NODE) continue;
      auto name = name_of(c);
      if (name == "li") {
        items.push_back(blocks_of(c, depth + 1));
      } else if ((name == "ul" || name == "ol") && !items.empty()) {
        // A list right inside a list (not inside an item) belongs to the item before it.
        std::vector<Block> nested;
        block(c, name, depth + 1, nested);
        items.back().insert(items.back().end(), nested.begin(), nested.end());
      } else if (!among(kDropped, name)) {
        std::vector<Block> item;
        std::string para;
        if (among(kBlocks, name))
          block(c, name, depth + 1, item);
        else
          para += inline_node(c, depth + 1, false);
        flush(para, item);
        items.push_back(std::move(item));
      }
    }
    Block out{Block::Kind::List};
    out.ordered = ordered;
    out.alternate = alternate;
    out.interrupts = !ordered || start == 1;
    for (std::size_t i = 0; i < items.size(); ++i) {
      std::string marker =
          ordered ? std::to_string(start + static_cast<long>(i)) + (alternate ? ")" : ".")
                  : std::string(alternate ? "*" : "-");
      auto body = join(items[i], true);
      if (i > 0) out.text += '\n';
      if (body.empty()) {
        out.text += marker;
        continue;
      }
      std::string indent(marker.size() + 1, ' ');
      out.text += prefix_lines(body, indent, "", marker + " ");
    }
    return out;
  }

  static std::string fence_for(std::string_view text, std::size_t minimum) {
    std::size_t longest = 0, run = 0;
    for (char c : text) {
      run = c == '`' ? run + 1 : 0;
      longest = std::max(longest, run);
    }
    return std::string(std::max(minimum, longest + 1), '`');
  }

  std::string code_block(xmlNode* pre) {
    auto text = visible(plain_text(pre));
    while (!text.empty() && text.front() == '\n') text.erase(0, 1);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    std::string language;
    for (xmlNode* c = pre->children; c; c = c->next) {
      if (c->type != XML_ELEMENT_NODE || name_of(c) != "code") continue;
      auto cls = attr(c, "class");
      auto at = cls.find("language-");
      if (at == std::string::npos) break;
      for (auto i = at + 9; i < cls.size(); ++i) {
        char ch = cls[i];
        if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '+' || ch == '_'))
          break;
        language += ch;
      }
      break;
    }
    auto fence = fence_for(text, kMinFence);
    return fence + language + "\n" + text + (text.empty() ? "" : "\n") + fence;
  }

  void table(xmlNode* n, int depth, std::vector<Block>& out) {
    std::vector<std::vector<std::string>> rows;
    bool head_seen = false;
    std::string caption;
    auto add_row = [&](xmlNode* tr) {
      std::vector<std::string> cells;
      ++in_cell_;
      for (xmlNode* c = tr->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || (name_of(c) != "td" && name_of(c) != "th")) continue;
        cells.push_back(finish(inline_children(c, depth + 2, false), Finish::Line));
      }
      --in_cell_;
      rows.push_back(std::move(cells));
    };
    std::vector<std::vector<std::string>> head;
    for (xmlNode* c = n->children; c; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      auto name = name_of(c);
      if (name == "tr")
        add_row(c);
      else if (name == "caption")
        caption = inline_children(c, depth + 1, false);
      else if (name == "thead" || name == "tbody" || name == "tfoot") {
        auto before = rows.size();
        for (xmlNode* r = c->children; r; r = r->next)
          if (r->type == XML_ELEMENT_NODE && name_of(r) == "tr") add_row(r);
        if (name == "thead" && !head_seen && rows.size() > before) {
          // The header's first row leads the table, wherever <thead> stood.
          head_seen = true;
          std::rotate(rows.begin(), rows.begin() + static_cast<long>(before),
                      rows.begin() + static_cast<long>(before) + 1);
        }
      }
    }
    std::size_t columns = 0;
    for (auto const& r : rows) columns = std::max(columns, r.size());
    if (columns == 0) return;
    std::string text;
    auto line = [&](std::vector<std::string> const& cells) {
      text += '|';
      for (std::size_t i = 0; i < columns; ++i) {
        text += ' ';
        if (i < cells.size()) text += cells[i];
        text += " |";
      }
      text += '\n';
    };
    line(rows.front());
    text += '|';
    for (std::size_t i = 0; i < columns; ++i) text += " --- |";
    text += '\n';
    for (std::size_t r = 1; r < rows.size(); ++r) line(rows[r]);
    text.pop_back();
    out.push_back({Block::Kind::Other, std::move(text)});
    if (!caption.empty()) {
      auto cap = finish(emphasis(caption, "*"), Finish::Paragraph);
      if (!cap.empty()) out.push_back({Block::Kind::Paragraph, cap});
    }
  }

  // Text as Markdown: escaped, bare web addresses made links, and in classic content the
  // line breaks wpautop would make (a blank line ends a paragraph, a single newline breaks
  // the line). Whitespace is collapsed later, by finish().
  void append_text(std::string& out, std::string_view text, bool top) {
    std::size_t i = 0;
    while (i < text.size()) {
      char c = text[i];
      if (c == '\n' && classic_) {
        std::size_t newlines = 0;
        while (i < text.size() && is_space(text[i])) newlines += text[i++] == '\n';
        out += newlines >= 2 && top ? kParagraph : kBreak;
        continue;
      }
      if (in_link_ == 0 && (c == 'h' || c == 'H') && (i == 0 || is_space(text[i - 1])) &&
          is_web_url(text.substr(i))) {
        auto end = i;
        while (end < text.size() && !is_space(text[end])) ++end;
        // Sentence punctuation after an address is not part of it.
        while (end > i &&
               std::string_view(".,;:!?\"'").find(text[end - 1]) != std::string_view::npos)
          --end;
        if (end > i && text[end - 1] == ')' &&
            text.substr(i, end - i).find('(') == std::string_view::npos)
          --end;
        auto url = clean_url(text.substr(i, end - i));
        std::string label;
        append_escaped(label, url);
        out += link_markdown(label, map_link(url));
        i = end;
        continue;
      }
      if (kEscapedEverywhere.find(c) != std::string_view::npos) out += '\\';
      out += c;
      ++i;
    }
  }

  std::string inline_children(xmlNode* parent, int depth, bool top) {
    std::string out;
    if (depth > kMaxDepth) {
      append_text(out, visible(plain_text(parent)), false);
      return out;
    }
    for (xmlNode* n = parent->children; n; n = n->next) {
      if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content) append_text(out, visible(reinterpret_cast<char const*>(n->content)), top);
      } else if (n->type == XML_ELEMENT_NODE) {
        out += inline_node(n, depth + 1, top);
      } else if (n->type == XML_COMMENT_NODE) {
        comment(n);
      }
    }
    return out;
  }

  static std::string emphasis(std::string const& inner, std::string_view marker) {
    auto t = trim_inline(inner);
    if (t.core.empty()) return std::string(t.lead) + std::string(t.trail);
    std::string core(t.core);
    std::replace(core.begin(), core.end(), kParagraph, kBreak);
    std::string out(t.lead);
    out += kOpenRun;
    out += marker;
    out += core;
    out += marker;
    out += kCloseRun;
    out += t.trail;
    return out;
  }

  std::string code_span(xmlNode* n) {
    auto text = visible(plain_text(n));
    for (auto& c : text)
      if (c == '\n') c = ' ';
    if (is_blank(text)) return text.empty() ? "" : " ";
    if (in_cell_ > 0) {
      // GFM reads a pipe as a cell's end even inside a code span unless escaped (GFM 4.10).
      std::string escaped;
      for (char c : text) {
        if (c == '|') escaped += '\\';
        escaped += c;
      }
      text = std::move(escaped);
    }
    auto fence = fence_for(text, 1);
    bool pad =
        text.front() == '`' || text.back() == '`' || text.front() == ' ' || text.back() == ' ';
    return fence + (pad ? " " : "") + text + (pad ? " " : "") + fence;
  }

  std::string image(xmlNode* n) {
    auto src = clean_url(attr(n, "src"));
    if (!is_safe_url(src)) return {};
    src = map_image(src);
    if (!is_safe_url(clean_url(src))) return {};
    std::string alt;
    append_escaped(alt, visible(attr(n, "alt")));
    for (auto& c : alt)
      if (c == '\n') c = ' ';
    return "![" + alt + "](" + destination(clean_url(src)) + ")";
  }

  std::string link(xmlNode* n, int depth, bool top) {
    auto href = clean_url(attr(n, "href"));
    if (!is_safe_url(href)) return inline_children(n, depth, top);
    ++in_link_;
    auto inner = inline_children(n, depth, false);
    --in_link_;
    auto url = clean_url(map_link(href));
    if (!is_safe_url(url)) return inner;
    auto t = trim_inline(inner);
    std::string core(t.core);
    std::replace(core.begin(), core.end(), kParagraph, kBreak);
    // An empty anchor shows nothing in WordPress, so it gives nothing here either.
    if (core.empty()) return std::string(t.lead) + std::string(t.trail);
    return std::string(t.lead) + link_markdown(core, url) + std::string(t.trail);
  }

  std::string inline_node(xmlNode* n, int depth, bool top) {
    auto name = name_of(n);
    if (depth > kMaxDepth) {
      std::string out;
      append_text(out, visible(plain_text(n)), false);
      return out;
    }
    if (among(kDropped, name)) return {};
    if (among(kMediaLinks, name)) return media_link(n);
    if (name == "br") return std::string(1, kBreak);
    if (name == "img") return image(n);
    if (name == "a") return link(n, depth, top);
    if (name == "strong" || name == "b") return emphasis(inline_children(n, depth, false), "**");
    if (name == "em" || name == "i" || name == "cite" || name == "var" || name == "dfn")
      return emphasis(inline_children(n, depth, false), "*");
    if (name == "del" || name == "s" || name == "strike")
      return emphasis(inline_children(n, depth, false), "~~");
    if (name == "code" || name == "kbd" || name == "tt" || name == "samp") return code_span(n);
    if (name == "sup" || name == "sub") {
      auto digits = superscript(std::string(trim_inline(plain_text(n)).core), name == "sup");
      if (!digits.empty()) return digits;
    }
    if (among(kBlocks, name)) {
      // A block inside inline content (a <div> in a link, a list in a table cell): its text,
      // on lines of its own.
      return std::string(1, kBreak) + inline_children(n, depth, false) + std::string(1, kBreak);
    }
    return inline_children(n, depth, top);
  }
};

// WordPress shortcodes the converter understands, rewritten as the HTML they stand for before
// parsing: [caption]<img> text[/caption] as a figure, [embed]URL[/embed] and [audio]/[video]
// as links. Others stay as they are (their text is escaped later).
class Shortcodes {
 public:
  explicit Shortcodes(std::string_view in) : in_(in) {}

  std::string expand() {
    auto in = in_;
    if (in.find('[') == std::string_view::npos) return std::string(in);
    std::string out;
    out.reserve(in.size() + 64);
    std::size_t i = 0;
    while (i < in.size()) {
      auto open = in.find('[', i);
      if (open == std::string_view::npos) break;
      out.append(in.substr(i, open - i));
      auto rest = in.substr(open);
      std::size_t used = 0;
      if (rest.starts_with("[[")) {
        // [[caption]] is WordPress's way to write a shortcode's name literally.
        auto end = find_in(rest, "]]", 0);
        used = end == std::string_view::npos ? 2 : end + 2;
        out.append(rest.substr(1, used - 2));
      } else if (starts_tag(rest, "caption") || starts_tag(rest, "wp_caption")) {
        used = caption(rest, out);
      } else if (starts_tag(rest, "embed")) {
        used = embed(rest, out);
      } else if (starts_tag(rest, "audio") || starts_tag(rest, "video")) {
        used = media(rest, out);
      }
      if (used == 0) {
        out += '[';
        used = 1;
      }
      i = open + used;
    }
    if (i < in.size()) out.append(in.substr(i));
    return out;
  }

 private:
  // The last search for each closing text: from where, and where it was found. The input is
  // read front to back, so a later search from inside the span already searched has the same
  // answer; with this, a post of many unclosed [caption]s costs one scan, not one per tag.
  struct Search {
    std::string needle;
    std::size_t from = 0;
    std::size_t found = std::string_view::npos;
    bool searched = false;
  };
  std::string_view in_;
  std::vector<Search> searches_;

  // s.find(needle, k), where s is a part of the input.
  std::size_t find_in(std::string_view s, std::string_view needle, std::size_t k) {
    auto base = static_cast<std::size_t>(s.data() - in_.data());
    auto from = base + k;
    auto it = std::find_if(searches_.begin(), searches_.end(),
                           [&](Search const& x) { return x.needle == needle; });
    if (it == searches_.end()) it = searches_.insert(searches_.end(), Search{std::string(needle)});
    if (!(it->searched && from >= it->from && from <= it->found)) {
      it->from = from;
      it->found = in_.find(needle, from);
      it->searched = true;
    }
    return it->found == std::string_view::npos ? std::string_view::npos : it->found - base;
  }

  static bool starts_tag(std::string_view s, std::string_view name) {
    if (s.size() < name.size() + 2 || s.substr(1, name.size()) != name) return false;
    char after = s[name.size() + 1];
    return after == ']' || after == ' ' || after == '\t' || after == '\n';
  }

  static std::string_view name_of_tag(std::string_view s) {
    std::size_t e = 1;
    while (e < s.size() && (std::isalnum(static_cast<unsigned char>(s[e])) || s[e] == '_')) ++e;
    return s.substr(1, e - 1);
  }

  // An attribute of a shortcode's opening tag (name="value", name='value' or name=value).
  static std::string attribute(std::string_view tag, std::string_view name) {
    std::size_t at = 0;
    while ((at = tag.find(name, at)) != std::string_view::npos) {
      bool starts = at > 0 && is_space(tag[at - 1]);
      auto after = at + name.size();
      if (starts && after < tag.size() && tag[after] == '=') {
        ++after;
        if (after < tag.size() && (tag[after] == '"' || tag[after] == '\'')) {
          auto end = tag.find(tag[after], after + 1);
          if (end == std::string_view::npos) return {};
          return std::string(tag.substr(after + 1, end - after - 1));
        }
        auto end = after;
        while (end < tag.size() && !is_space(tag[end]) && tag[end] != ']') ++end;
        return std::string(tag.substr(after, end - after));
      }
      at = after;
    }
    return {};
  }

  static std::string attribute_escaped(std::string_view text) {
    std::string out;
    for (char c : text) {
      if (c == '"')
        out += "&quot;";
      else if (c == '<')
        out += "&lt;";
      else if (c == '>')
        out += "&gt;";
      else
        out += c;
    }
    return out;
  }

  static void link_paragraph(std::string_view url, std::string& out) {
    auto u = attribute_escaped(clean_url(url));
    out += "<p><a href=\"" + u + "\">" + u + "</a></p>";
  }

  // Length of the opening tag ([name attributes]) or 0 when it does not close.
  std::size_t tag_end(std::string_view s) {
    auto end = find_in(s, "]", 0);
    return end == std::string_view::npos ? 0 : end + 1;
  }

  std::size_t caption(std::string_view s, std::string& out) {
    auto open = tag_end(s);
    if (open == 0) return 0;
    auto name = name_of_tag(s);
    auto closing = "[/" + std::string(name) + "]";
    auto close = find_in(s, closing, open);
    if (close == std::string_view::npos) return 0;
    auto inner = s.substr(open, close - open);
    // The image (and the link around it) come first; the rest of the inside is the caption.
    auto img = inner.rfind("<img");
    std::size_t split = 0;
    if (img != std::string_view::npos) {
      auto end = inner.find('>', img);
      split = end == std::string_view::npos ? inner.size() : end + 1;
      auto tail = inner.substr(split);
      auto spaces = tail.find_first_not_of(" \t\r\n");
      if (spaces != std::string_view::npos && tail.substr(spaces).starts_with("</a>"))
        split += spaces + 4;
    }
    auto text = std::string(inner.substr(split));
    if (is_blank(text)) text = attribute_escaped(attribute(s.substr(0, open), "caption"));
    out += "<figure>";
    out += inner.substr(0, split);
    out += "<figcaption>" + text + "</figcaption></figure>";
    return close + closing.size();
  }

  std::size_t embed(std::string_view s, std::string& out) {
    auto open = tag_end(s);
    if (open == 0) return 0;
    auto close = find_in(s, "[/embed]", open);
    if (close == std::string_view::npos) return 0;
    auto url = std::string(trim_inline(s.substr(open, close - open)).core);
    link_paragraph(url, out);
    return close + 8;
  }

  std::size_t media(std::string_view s, std::string& out) {
    auto open = tag_end(s);
    if (open == 0) return 0;
    auto name = std::string(name_of_tag(s));
    auto tag = s.substr(0, open - 1);
    std::string src;
    for (auto key :
         {"src", "mp3", "m4a", "ogg", "wav", "wma", "mp4", "m4v", "webm", "ogv", "flv"}) {
      src = attribute(tag, key);
      if (!src.empty()) break;
    }
    auto used = open;
    auto closing = "[/" + name + "]";
    auto close = find_in(s, closing, open);
    if (close != std::string_view::npos) {
      if (src.empty()) src = std::string(trim_inline(s.substr(open, close - open)).core);
      used = close + closing.size();
    }
    if (src.empty()) return 0;
    link_paragraph(src, out);
    return used;
  }
};

struct DocDeleter {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};

}  // namespace

std::string html_to_markdown(std::string_view html, MarkdownOptions const& options) {
  if (is_blank(html)) return {};
  // Block-editor posts carry their block comments, and WordPress does not run wpautop on them
  // (do_blocks removes it), so newlines in them are only whitespace.
  bool classic = html.find("<!-- wp:") == std::string_view::npos;
  auto source = Shortcodes(html).expand();
  if (source.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) return {};
  // The content is read as UTF-8 whatever a <meta> inside says, never fetches anything
  // (NONET), and recovers from the broken markup old posts hold.
  std::unique_ptr<xmlDoc, DocDeleter> doc(htmlReadMemory(
      source.data(), static_cast<int>(source.size()), nullptr, "UTF-8",
      HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER));
  if (!doc) return {};
  Converter converter(options, classic);
  return converter.document(doc.get());
}

}  // namespace dossier::wordpress
