#pragma once

// What a WordPress export (WXR 1.0, 1.1, 1.2: an RSS 2.0 document with the wp:, content:,
// excerpt: and dc: namespaces) holds that Dossier imports, as plain values: the reader
// (wxr_reader.hpp) fills it, the importer (importer.hpp) writes it. Nothing here knows SQL
// or HTTP. Texts are as in the file (HTML content, not converted); times are UTC seconds.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace dossier::wordpress {

// WordPress's own ids (wp:post_id, wp:comment_id, wp:term_id, wp:author_id): what the
// importer remembers so a second import of the same file changes nothing.
using WpId = std::int64_t;

struct WxrAuthor {
  WpId id = 0;               // wp:author_id (0 when the export has none: WXR 1.0)
  std::string login;         // wp:author_login: how posts name their author (dc:creator)
  std::string email;         // wp:author_email
  std::string display_name;  // wp:author_display_name
  std::string first_name;
  std::string last_name;
};

// A category (with its parent, by nicename) or a tag.
struct WxrTerm {
  WpId id = 0;              // wp:term_id
  std::string slug;         // wp:category_nicename / wp:tag_slug
  std::string name;         // wp:cat_name / wp:tag_name
  std::string parent_slug;  // wp:category_parent (categories only); empty at the top
  std::string description;  // wp:category_description / wp:tag_description
};

enum class WxrStatus { Publish, Draft, Pending, Private, Future, Trash, Other };
enum class WxrCommentState { Approved, Pending, Spam, Trash };

// wp:status and wp:comment_approved as written in the file ("publish", "1", "spam" ...);
// anything else is Other / nullopt, which the reader reports.
WxrStatus parse_status(std::string_view text);
std::optional<WxrCommentState> parse_comment_state(std::string_view text);

struct WxrComment {
  WpId id = 0;
  WpId parent_id = 0;  // 0 for a top-level comment (threading)
  std::string author;
  std::string author_email;
  std::string author_url;
  std::string author_ip;
  UnixTime date_gmt = 0;  // wp:comment_date_gmt (wp:comment_date when the GMT one is zero)
  std::string content;    // plain text or a little HTML, as readers typed it
  WxrCommentState state = WxrCommentState::Approved;  // wp:comment_approved: 1, 0, spam, trash
  std::string type;  // wp:comment_type: "" or "comment" for comments; pingbacks are skipped
};

// A post, a page, an attachment, or another post type (reported and skipped by the importer).
struct WxrItem {
  WpId id = 0;            // wp:post_id
  std::string post_type;  // wp:post_type: post, page, attachment, nav_menu_item, ...
  std::string title;
  std::string link;  // <link>: the old permalink, absolute
  std::string guid;
  std::string creator;       // dc:creator: an author's login
  std::string content_html;  // content:encoded (classic HTML or block-editor markup)
  std::string excerpt_html;  // excerpt:encoded
  std::string slug;          // wp:post_name (may be empty for drafts)
  WxrStatus status = WxrStatus::Draft;
  std::string status_text;     // wp:status as written, for reports
  UnixTime date_gmt = 0;       // wp:post_date_gmt, or wp:post_date read as UTC when the GMT is zero
  std::string date_local;      // wp:post_date as written ("2019-03-04 09:15:00"): the site's time
  WpId parent_id = 0;          // wp:post_parent (an attachment's post; a page's parent page)
  bool sticky = false;         // wp:is_sticky
  std::string attachment_url;  // wp:attachment_url (attachments only)
  std::vector<std::string> category_slugs;  // <category domain="category" nicename=...>
  std::vector<std::string> tag_slugs;       // <category domain="post_tag" nicename=...>
  // wp:postmeta that matters: _thumbnail_id (featured image), the SEO plugins' title and
  // description (Yoast: _yoast_wpseo_title, _yoast_wpseo_metadesc; Rank Math, All in One
  // SEO: theirs), _wp_attached_file (an attachment's path under uploads/),
  // _wp_attachment_image_alt.
  std::optional<WpId> thumbnail_id;
  std::string seo_title;
  std::string seo_description;
  std::string attached_file;
  std::string image_alt;
  std::vector<WxrComment> comments;
};

struct WxrSite {
  std::string title;
  std::string link;           // the old site's URL (<channel><link>)
  std::string base_site_url;  // wp:base_site_url
  std::string wxr_version;    // "1.0", "1.1" or "1.2"
};

struct WxrExport {
  WxrSite site;
  std::vector<WxrAuthor> authors;
  std::vector<WxrTerm> categories;  // in file order; a parent may come after its child
  std::vector<WxrTerm> tags;
  std::vector<WxrItem> items;  // every item, of every post type
};

}  // namespace dossier::wordpress
