#include "wordpress/wxr_reader.hpp"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace dossier::wordpress {

namespace {

// The most text one element may hold (a post's content, a comment), summed over its text and
// CDATA nodes. libxml2 itself refuses a single node above 10 MB (XML_PARSE_HUGE is never passed)
// and merges adjacent CDATA sections into one node, so this bound only matters for an element
// whose sections are kept apart (by comments): far above any real post, low enough that a hostile
// file cannot make the reader hold more than this for one element.
constexpr std::size_t kMaxElementText = 16u * 1024 * 1024;
// The progress callback is called when another this-many hundredths of the file are read, so a
// progress bar gets at most about a hundred updates.
constexpr std::uint64_t kProgressSteps = 100;
// How deep elements may nest: WXR needs five levels (rss > channel > item > wp:comment > field);
// anything far deeper is not an export, and libxml2 stops at 256 without XML_PARSE_HUGE anyway.
constexpr std::size_t kMaxDepth = 64;

// The options the parser runs with. XML_PARSE_NONET: nothing is fetched over the network.
// Deliberately absent: XML_PARSE_NOENT (substitute entities: the billion-laughs and external
// entity attacks), XML_PARSE_DTDLOAD / DTDATTR / DTDVALID (load an external DTD) and
// XML_PARSE_HUGE (lift libxml2's size limits). NOERROR/NOWARNING keep libxml2 off stderr: errors
// reach the structured handler below and become the Result's message.
// XML_PARSE_BIG_LINES: line numbers above 65535 are kept (an export has millions of lines).
constexpr int kParseOptions =
    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES;

// What a namespace URI (or, when the file forgot to declare it, the prefix) says an element is.
enum class Ns { Rss, Wp, Content, Excerpt, Dc, Other };

Ns classify_namespace(char const* uri, std::string_view qualified_name) {
  if (uri == nullptr) {
    // An undeclared prefix ("wp:post_id" without xmlns:wp): libxml2 reports a namespace error,
    // which is not fatal, and keeps the qualified name. The prefix is then the only hint.
    auto colon = qualified_name.find(':');
    if (colon == std::string_view::npos) return Ns::Rss;
    auto prefix = qualified_name.substr(0, colon);
    if (prefix == "wp") return Ns::Wp;
    if (prefix == "content") return Ns::Content;
    if (prefix == "excerpt") return Ns::Excerpt;
    if (prefix == "dc") return Ns::Dc;
    return Ns::Other;
  }
  std::string_view u = uri;
  // WXR's own namespaces: http://wordpress.org/export/1.2/ and .../1.2/excerpt/.
  constexpr std::string_view kWpPrefix = "http://wordpress.org/export/";
  if (u.starts_with(kWpPrefix)) return u.ends_with("/excerpt/") ? Ns::Excerpt : Ns::Wp;
  if (u == "http://purl.org/rss/1.0/modules/content/") return Ns::Content;
  if (u == "http://purl.org/dc/elements/1.1/") return Ns::Dc;
  return Ns::Other;
}

// An element's name as the reader routes on it: "title", "wp:post_id", "content:encoded".
std::string element_key(Ns ns, std::string_view local) {
  switch (ns) {
    case Ns::Rss: return std::string(local);
    case Ns::Wp: return "wp:" + std::string(local);
    case Ns::Content: return "content:" + std::string(local);
    case Ns::Excerpt: return "excerpt:" + std::string(local);
    case Ns::Dc: return "dc:" + std::string(local);
    case Ns::Other: break;
  }
  return "?:" + std::string(local);
}

// "2019-03-04 09:15:00" read as UTC; nullopt for WordPress's "0000-00-00 00:00:00" (no date).
std::optional<UnixTime> parse_wp_date(std::string_view text) {
  if (text.size() != 19) return std::nullopt;
  return parse_rfc3339(std::string(text) + "Z");
}

// The GMT date when there is one, else the local date read as UTC (WordPress writes a zero GMT
// date for drafts that were never published), else 0.
UnixTime resolve_date(std::string_view gmt, std::string_view local) {
  if (auto t = parse_wp_date(gmt)) return *t;
  if (auto t = parse_wp_date(local)) return *t;
  return 0;
}

std::string_view trim(std::string_view s) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Where the bytes come from: a file or a buffer, counted as libxml2 pulls them.
struct Source {
  std::FILE* file = nullptr;
  std::string_view memory;
  std::size_t memory_pos = 0;
  std::uint64_t done = 0;
  std::uint64_t total = 0;
  bool at_start = true;  // no byte but whitespace handed to libxml2 yet
};

bool is_xml_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// The next bytes of the source, without counting or skipping anything.
std::size_t pull(Source& source, char* buffer, std::size_t len, bool& failed) {
  if (source.file != nullptr) {
    auto n = std::fread(buffer, 1, len, source.file);
    failed = n == 0 && std::ferror(source.file);
    return n;
  }
  auto n = std::min(len, source.memory.size() - source.memory_pos);
  std::memcpy(buffer, source.memory.data() + source.memory_pos, n);
  source.memory_pos += n;
  return n;
}

int read_source(void* context, char* buffer, int len) {
  auto* source = static_cast<Source*>(context);
  if (len <= 0) return 0;
  while (true) {
    bool failed = false;
    auto n = pull(*source, buffer, static_cast<std::size_t>(len), failed);
    if (failed) return -1;
    source->done += n;
    if (!source->at_start || n == 0) return static_cast<int>(n);
    // A theme or plugin that prints a blank line before WordPress writes the export leaves
    // whitespace before "<?xml", which XML forbids (the declaration must come first, XML 1.0
    // section 2.8); such exports are common, and the whitespace carries nothing, so it is
    // dropped before the parser sees it.
    std::size_t skip = 0;
    while (skip < n && is_xml_space(buffer[skip])) ++skip;
    if (skip == n) continue;  // only whitespace so far: read on
    source->at_start = false;
    std::memmove(buffer, buffer + skip, n - skip);
    return static_cast<int>(n - skip);
  }
}

// The reader owns the source; closing is the caller's business (the file is closed by its
// unique_ptr), so libxml2's close callback does nothing.
int close_source(void*) {
  return 0;
}

// The first fatal error libxml2 reports (else the first error), with its line: what the user
// sees when the XML is broken.
struct ParseErrors {
  std::optional<std::string> fatal;
  std::optional<std::string> first;
};

void on_xml_error(void* context, xmlErrorPtr error) {
  auto* errors = static_cast<ParseErrors*>(context);
  if (error == nullptr || error->level < XML_ERR_ERROR) return;
  // libxml2's messages end in a newline.
  std::string message = error->message != nullptr ? std::string(trim(error->message)) : "unknown";
  auto text = fmt::format("line {}: {}", error->line, message);
  if (error->level == XML_ERR_FATAL && !errors->fatal) errors->fatal = text;
  if (!errors->first) errors->first = std::move(text);
}

struct ReaderDeleter {
  void operator()(xmlTextReaderPtr r) const { xmlFreeTextReader(r); }
};
using ReaderPtr = std::unique_ptr<xmlTextReader, ReaderDeleter>;

// libxml2 must be initialised once, before any thread uses it (its documentation for 2.9).
void init_libxml_once() {
  static std::once_flag flag;
  std::call_once(flag, [] { xmlInitParser(); });
}

class WxrParser {
 public:
  WxrParser(xmlTextReaderPtr reader, Source& source, WxrVisitor const& visit)
      : reader_(reader), source_(source), visit_(visit) {}

  Result<Unit> run() {
    while (true) {
      int status = xmlTextReaderRead(reader_);
      if (status < 0) return malformed();
      if (status == 0) break;
      if (auto r = on_node(); !r.ok()) return r;
      report_progress();
    }
    // libxml2 reports some errors only at the end (a document cut short).
    if (errors_.fatal) return malformed();
    if (!root_seen_) return invalid("not a WordPress export (the file holds no XML element)");
    if (!channel_seen_)
      return invalid("not a WordPress export (the RSS document has no <channel>)");
    if (auto r = require_version("the end of the channel"); !r.ok()) return r;
    emit_site();
    if (visit_.progress) visit_.progress(source_.total, source_.total);
    return Unit{};
  }

  ParseErrors* errors() { return &errors_; }

 private:
  struct Frame {
    std::string key;
  };

  Result<Unit> on_node() {
    int type = xmlTextReaderNodeType(reader_);
    switch (type) {
      case XML_READER_TYPE_DOCUMENT_TYPE:
        // WordPress never writes a DOCTYPE; one in an "export" only serves to declare entities
        // (the billion-laughs and external-entity attacks), so it is refused outright.
        return invalid(fmt::format(
            "not a WordPress export (line {}: a WordPress export has no <!DOCTYPE>)", line()));
      case XML_READER_TYPE_ELEMENT: return on_start();
      case XML_READER_TYPE_END_ELEMENT: return on_end();
      case XML_READER_TYPE_TEXT:
      case XML_READER_TYPE_CDATA:
      case XML_READER_TYPE_WHITESPACE:
      case XML_READER_TYPE_SIGNIFICANT_WHITESPACE: return on_text();
      default:
        // Comments, processing instructions, unexpanded entity references: nothing to read.
        return Unit{};
    }
  }

  Result<Unit> on_start() {
    auto* qualified = reinterpret_cast<char const*>(xmlTextReaderConstName(reader_));
    auto* local = reinterpret_cast<char const*>(xmlTextReaderConstLocalName(reader_));
    auto* uri = reinterpret_cast<char const*>(xmlTextReaderConstNamespaceUri(reader_));
    if (qualified == nullptr || local == nullptr) return Unit{};
    auto key = element_key(classify_namespace(uri, qualified), local);
    if (!root_seen_) {
      root_seen_ = true;
      if (key != "rss")
        return invalid(fmt::format("not a WordPress export (the document is <{}>, not an RSS feed)",
                                   qualified));
    }
    if (stack_.size() >= kMaxDepth)
      return invalid(
          fmt::format("line {}: elements nest deeper than {} levels", line(), kMaxDepth));
    bool empty = xmlTextReaderIsEmptyElement(reader_) == 1;
    stack_.push_back({std::move(key)});
    text_.clear();
    if (auto r = opened(); !r.ok()) return r;
    if (empty) return on_end();
    return Unit{};
  }

  Result<Unit> on_text() {
    auto* value = reinterpret_cast<char const*>(xmlTextReaderConstValue(reader_));
    if (value == nullptr) return Unit{};
    std::size_t n = std::strlen(value);
    if (text_.size() + n > kMaxElementText)
      return invalid(fmt::format("line {}: an element holds more than {} MiB of text", line(),
                                 kMaxElementText / (1024 * 1024)));
    text_.append(value, n);
    return Unit{};
  }

  Result<Unit> on_end() {
    if (stack_.empty()) return Unit{};
    auto r = closed();
    stack_.pop_back();
    text_.clear();
    return r;
  }

  // The element at the top of the stack has just opened.
  Result<Unit> opened() {
    auto const depth = stack_.size();
    auto const& key = stack_.back().key;
    if (depth == 2 && key == "channel") {
      channel_seen_ = true;
      return Unit{};
    }
    if (!in_channel()) return Unit{};
    if (depth == 3) {
      if (key == "wp:author") {
        if (auto r = require_version("the first <wp:author>"); !r.ok()) return r;
        author_ = WxrAuthor{};
      } else if (key == "wp:category") {
        if (auto r = require_version("the first <wp:category>"); !r.ok()) return r;
        term_ = WxrTerm{};
      } else if (key == "wp:tag") {
        if (auto r = require_version("the first <wp:tag>"); !r.ok()) return r;
        term_ = WxrTerm{};
      } else if (key == "item") {
        if (auto r = require_version("the first <item>"); !r.ok()) return r;
        emit_site();
        item_ = WxrItem{};
      }
      return Unit{};
    }
    if (depth == 4 && parent(1) == "item") {
      if (key == "category") read_item_category();
      if (key == "wp:postmeta") meta_key_.clear(), meta_value_.clear();
      if (key == "wp:comment")
        comment_ = WxrComment{}, comment_gmt_.clear(), comment_local_.clear();
    }
    return Unit{};
  }

  // The element at the top of the stack closes, its text in text_.
  Result<Unit> closed() {
    auto const depth = stack_.size();
    auto const& key = stack_.back().key;
    if (!in_channel() || depth < 3) return Unit{};
    auto const& section = stack_[2].key;
    if (depth == 3) {
      if (key == "title")
        site_.title = std::string(trim(text_));
      else if (key == "link")
        site_.link = std::string(trim(text_));
      else if (key == "wp:base_site_url")
        site_.base_site_url = std::string(trim(text_));
      else if (key == "wp:wxr_version")
        return read_version();
      else if (key == "wp:author") {
        if (visit_.author) visit_.author(std::move(author_));
      } else if (key == "wp:category") {
        if (visit_.category) visit_.category(std::move(term_));
      } else if (key == "wp:tag") {
        if (visit_.tag) visit_.tag(std::move(term_));
      } else if (key == "item") {
        return finish_item();
      }
      return Unit{};
    }
    if (depth == 4) {
      if (section == "wp:author") return author_field(key);
      if (section == "wp:category" || section == "wp:tag") return term_field(key);
      if (section == "item") return item_field(key);
      return Unit{};
    }
    if (depth == 5 && section == "item") {
      auto const& group = stack_[3].key;
      if (group == "wp:postmeta") {
        if (key == "wp:meta_key")
          meta_key_ = std::string(trim(text_));
        else if (key == "wp:meta_value")
          meta_value_ = text_;
        return Unit{};
      }
      if (group == "wp:comment") return comment_field(key);
    }
    return Unit{};
  }

  Result<Unit> read_version() {
    auto version = std::string(trim(text_));
    if (version != "1.0" && version != "1.1" && version != "1.2")
      return invalid(fmt::format("WXR version {} is not supported (1.0, 1.1, 1.2 are)",
                                 version.empty() ? std::string("(empty)") : version));
    site_.wxr_version = std::move(version);
    return Unit{};
  }

  Result<Unit> author_field(std::string const& key) {
    auto value = std::string(trim(text_));
    if (key == "wp:author_id") return read_id(key, author_.id);
    if (key == "wp:author_login")
      author_.login = std::move(value);
    else if (key == "wp:author_email")
      author_.email = std::move(value);
    else if (key == "wp:author_display_name")
      author_.display_name = std::move(value);
    else if (key == "wp:author_first_name")
      author_.first_name = std::move(value);
    else if (key == "wp:author_last_name")
      author_.last_name = std::move(value);
    return Unit{};
  }

  Result<Unit> term_field(std::string const& key) {
    auto value = std::string(trim(text_));
    if (key == "wp:term_id") return read_id(key, term_.id);
    if (key == "wp:category_nicename" || key == "wp:tag_slug")
      term_.slug = std::move(value);
    else if (key == "wp:cat_name" || key == "wp:tag_name")
      term_.name = std::move(value);
    else if (key == "wp:category_parent")
      term_.parent_slug = std::move(value);
    else if (key == "wp:category_description" || key == "wp:tag_description")
      term_.description = std::move(value);
    return Unit{};
  }

  Result<Unit> item_field(std::string const& key) {
    if (key == "content:encoded") {
      item_.content_html = std::move(text_);
      text_.clear();
      return Unit{};
    }
    if (key == "excerpt:encoded") {
      item_.excerpt_html = std::move(text_);
      text_.clear();
      return Unit{};
    }
    auto value = std::string(trim(text_));
    if (key == "wp:post_id") return read_id(key, item_.id);
    if (key == "wp:post_parent") return read_id(key, item_.parent_id);
    if (key == "title")
      item_.title = std::move(value);
    else if (key == "link")
      item_.link = std::move(value);
    else if (key == "guid")
      item_.guid = std::move(value);
    else if (key == "dc:creator")
      item_.creator = std::move(value);
    else if (key == "wp:post_name")
      item_.slug = std::move(value);
    else if (key == "wp:status")
      item_.status_text = std::move(value);
    else if (key == "wp:post_type")
      item_.post_type = std::move(value);
    else if (key == "wp:post_date")
      item_.date_local = std::move(value);
    else if (key == "wp:post_date_gmt")
      item_gmt_ = std::move(value);
    else if (key == "wp:is_sticky")
      item_.sticky = value == "1";
    else if (key == "wp:attachment_url")
      item_.attachment_url = std::move(value);
    else if (key == "wp:postmeta")
      apply_meta();
    else if (key == "wp:comment")
      finish_comment();
    return Unit{};
  }

  Result<Unit> comment_field(std::string const& key) {
    if (key == "wp:comment_content") {
      comment_.content = std::move(text_);
      text_.clear();
      return Unit{};
    }
    auto value = std::string(trim(text_));
    if (key == "wp:comment_id") return read_id(key, comment_.id);
    if (key == "wp:comment_parent") return read_id(key, comment_.parent_id);
    if (key == "wp:comment_author")
      comment_.author = std::move(value);
    else if (key == "wp:comment_author_email")
      comment_.author_email = std::move(value);
    else if (key == "wp:comment_author_url")
      comment_.author_url = std::move(value);
    else if (key == "wp:comment_author_IP")
      comment_.author_ip = std::move(value);
    else if (key == "wp:comment_date")
      comment_local_ = std::move(value);
    else if (key == "wp:comment_date_gmt")
      comment_gmt_ = std::move(value);
    else if (key == "wp:comment_type")
      comment_.type = std::move(value);
    else if (key == "wp:comment_approved") {
      // An unknown state (a plugin's own) is held back for moderation rather than published.
      comment_.state = parse_comment_state(value).value_or(WxrCommentState::Pending);
    }
    return Unit{};
  }

  void finish_comment() {
    comment_.date_gmt = resolve_date(comment_gmt_, comment_local_);
    item_.comments.push_back(std::move(comment_));
    comment_ = WxrComment{};
  }

  // <category domain="category" nicename="sahel">Sahel</category> inside an item; WXR 1.0 also
  // writes each category once more without attributes, which names no slug and is skipped.
  void read_item_category() {
    auto attribute = [&](char const* name) {
      xmlChar* v = xmlTextReaderGetAttribute(reader_, reinterpret_cast<xmlChar const*>(name));
      std::string out = v != nullptr ? reinterpret_cast<char const*>(v) : "";
      xmlFree(v);
      return out;
    };
    auto domain = attribute("domain");
    auto nicename = std::string(trim(attribute("nicename")));
    if (nicename.empty()) return;
    auto add = [&](std::vector<std::string>& slugs) {
      if (std::find(slugs.begin(), slugs.end(), nicename) == slugs.end()) slugs.push_back(nicename);
    };
    if (domain == "category")
      add(item_.category_slugs);
    else if (domain == "post_tag")
      add(item_.tag_slugs);
  }

  void apply_meta() {
    auto value = std::string(trim(meta_value_));
    auto set_once = [&](std::string& field) {
      // When two SEO plugins left values, the first in the file wins.
      if (field.empty()) field = value;
    };
    if (meta_key_ == "_thumbnail_id") {
      WpId id = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), id);
      if (ec == std::errc{} && end == value.data() + value.size() && id > 0)
        item_.thumbnail_id = id;
    } else if (meta_key_ == "_yoast_wpseo_title" || meta_key_ == "rank_math_title" ||
               meta_key_ == "_aioseo_title") {
      set_once(item_.seo_title);
    } else if (meta_key_ == "_yoast_wpseo_metadesc" || meta_key_ == "rank_math_description" ||
               meta_key_ == "_aioseo_description") {
      set_once(item_.seo_description);
    } else if (meta_key_ == "_wp_attached_file") {
      item_.attached_file = value;
    } else if (meta_key_ == "_wp_attachment_image_alt") {
      item_.image_alt = value;
    }
  }

  Result<Unit> finish_item() {
    item_.status = parse_status(item_.status_text);
    item_.date_gmt = resolve_date(item_gmt_, item_.date_local);
    item_gmt_.clear();
    if (!visit_.item) return Unit{};
    auto r = visit_.item(std::move(item_));
    item_ = WxrItem{};
    return r;
  }

  Result<Unit> read_id(std::string const& key, WpId& out) {
    auto value = trim(text_);
    if (value.empty()) {
      out = 0;
      return Unit{};
    }
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
    if (ec != std::errc{} || end != value.data() + value.size() || out < 0)
      return invalid(
          fmt::format("line {}: <{}> holds \"{}\", not an id", line(), key, value.substr(0, 40)));
    return Unit{};
  }

  Result<Unit> require_version(std::string_view where) {
    if (!site_.wxr_version.empty()) return Unit{};
    return invalid(fmt::format("not a WordPress export (no <wp:wxr_version> before {})", where));
  }

  void emit_site() {
    if (site_sent_) return;
    site_sent_ = true;
    if (visit_.site) visit_.site(site_);
  }

  bool in_channel() const {
    return stack_.size() >= 2 && stack_[0].key == "rss" && stack_[1].key == "channel";
  }
  std::string const& parent(std::size_t up) const { return stack_[stack_.size() - 1 - up].key; }
  // The line of the node being read; the parser's own line runs ahead of it by up to a chunk.
  long line() const {
    if (xmlNodePtr node = xmlTextReaderCurrentNode(reader_); node != nullptr) {
      if (long n = xmlGetLineNo(node); n > 0) return n;
    }
    return xmlTextReaderGetParserLineNumber(reader_);
  }

  Error malformed() const {
    auto const& e = errors_.fatal ? errors_.fatal : errors_.first;
    auto detail = e ? *e : fmt::format("line {}", line());
    // Before the first element the file is no XML at all (a PDF, a ZIP, only whitespace).
    if (!root_seen_) return invalid("not a WordPress export (not XML: " + detail + ")");
    return invalid("the export is not well-formed XML: " + detail);
  }

  void report_progress() {
    if (!visit_.progress || source_.total == 0) return;
    auto step = source_.done * kProgressSteps / source_.total;
    if (step <= last_step_) return;
    last_step_ = step;
    // The last step is reported once, at the end of a successful read.
    if (step < kProgressSteps) visit_.progress(source_.done, source_.total);
  }

  xmlTextReaderPtr reader_;
  Source& source_;
  WxrVisitor const& visit_;
  ParseErrors errors_;
  std::vector<Frame> stack_;
  std::string text_;
  bool root_seen_ = false;
  bool channel_seen_ = false;
  bool site_sent_ = false;
  std::uint64_t last_step_ = 0;
  WxrSite site_;
  WxrAuthor author_;
  WxrTerm term_;
  WxrItem item_;
  std::string item_gmt_;
  WxrComment comment_;
  std::string comment_gmt_;
  std::string comment_local_;
  std::string meta_key_;
  std::string meta_value_;
};

Result<Unit> read_source_through(Source& source, WxrVisitor const& visit) {
  if (source.total == 0) return invalid("not a WordPress export (the file is empty)");
  init_libxml_once();
  ReaderPtr reader{
      xmlReaderForIO(read_source, close_source, &source, nullptr, nullptr, kParseOptions)};
  if (!reader) return invalid("not a WordPress export (the file could not be read as XML)");
  WxrParser parser(reader.get(), source, visit);
  xmlTextReaderSetStructuredErrorHandler(reader.get(), on_xml_error, parser.errors());
  return parser.run();
}

}  // namespace

Result<Unit> read_wxr(std::string const& path, WxrVisitor const& visit) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return not_found("no file at " + path);
  if (!S_ISREG(info.st_mode)) return invalid(path + " is not a file");
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file{std::fopen(path.c_str(), "rb"),
                                                       &std::fclose};
  if (!file) return invalid("cannot read " + path + ": " + std::strerror(errno));
  Source source;
  source.file = file.get();
  source.total = static_cast<std::uint64_t>(info.st_size);
  return read_source_through(source, visit);
}

Result<Unit> read_wxr_text(std::string const& xml, WxrVisitor const& visit) {
  Source source;
  source.memory = xml;
  source.total = xml.size();
  return read_source_through(source, visit);
}

Result<WxrExport> read_wxr_export(std::string const& path) {
  WxrExport out;
  WxrVisitor visit;
  visit.site = [&](WxrSite const& site) { out.site = site; };
  visit.author = [&](WxrAuthor&& a) { out.authors.push_back(std::move(a)); };
  visit.category = [&](WxrTerm&& t) { out.categories.push_back(std::move(t)); };
  visit.tag = [&](WxrTerm&& t) { out.tags.push_back(std::move(t)); };
  visit.item = [&](WxrItem&& item) -> Result<Unit> {
    out.items.push_back(std::move(item));
    return Unit{};
  };
  auto r = read_wxr(path, visit);
  if (!r.ok()) return r.error();
  return out;
}

}  // namespace dossier::wordpress
