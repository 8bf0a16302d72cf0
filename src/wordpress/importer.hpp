#pragma once

// `dossier import wordpress`: a WordPress export (WXR, wxr_reader.hpp) written into Dossier
// through its owners' services: authors (auth/authors.hpp: bylines without a password, or the
// existing user with the same address), categories and tags (publishing/site_admin.hpp),
// images (media/media_library.hpp: the upload path), articles and pages
// (publishing/editorial_service.hpp: kept in their state and with their dates), comments
// (comments/comment_service.hpp) and the old addresses (legacy_urls.hpp).
//
// All or nothing for bad input: the whole file is read and checked first, and nothing is
// written when it fails. Writes are then grouped per item, each in one transaction with the
// row of wordpress_ids that remembers it (import_store.hpp), so importing the same file again
// finds everything and changes nothing, and a re-run after an interrupted import finishes it.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "wordpress/legacy_urls.hpp"
#include "wordpress/wxr.hpp"

namespace dossier::store {
class Database;
}
namespace dossier::publishing {
class PublishingService;
class EditorialService;
class SiteAdmin;
}  // namespace dossier::publishing
namespace dossier::comments {
class CommentService;
}
namespace dossier::media {
class MediaLibrary;
}

namespace dossier::wordpress {

// Dossier keeps two levels of categories (the navigation shows top-level ones and their
// children); a WordPress tree is deeper at most this far before the file is refused as
// malformed (a parent chain this long is a loop).
constexpr int kMaxCategoryDepth = 64;
// Names longer than the taxonomy's limit (publishing::kMaxTaxonomyName) are cut at a character
// boundary; titles likewise at publishing::kMaxTitleLength.

struct Tally {
  int imported = 0;
  int unchanged = 0;  // found in wordpress_ids: imported by an earlier run
  int skipped = 0;
  int failed = 0;
};

struct ImportSummary {
  Tally authors, categories, tags, posts, pages, media, comments;
  int flattened_categories = 0;  // deeper than two levels: attached to their top-level ancestor
  int sticky = 0;                // sticky posts (Dossier's home leads with the newest article)
  int trashed_posts = 0;
  int pingbacks = 0;
  int trashed_comments = 0;
  std::map<std::string, int> other_post_types;  // nav_menu_item, product, ...: skipped
  std::vector<std::string> missing_media;       // attachments whose file is not in --media-dir
  std::vector<std::string> problems;            // one line per failed item, naming it
  bool dry_run = false;
};

struct ImportProgress {
  std::uint64_t bytes_done = 0, bytes_total = 0;
  int pass = 1;  // 1: checking, 2: writing
  int posts = 0, pages = 0, media = 0, comments = 0;
};

struct ImportOptions {
  std::string file;                                // the WXR export
  std::optional<std::filesystem::path> media_dir;  // a copy of wp-content/uploads
  std::filesystem::path library_dir;               // DATA/media, where imported images go
  bool dry_run = false;
  std::function<void(ImportProgress const&)> progress;  // may be empty
};

struct ImportServices {
  store::Database& db;
  publishing::PublishingService& publishing;
  publishing::EditorialService& editorial;
  publishing::SiteAdmin& site_admin;
  comments::CommentService& comments;
  media::MediaLibrary& media;
  // Where the old addresses go (LegacyUrls::remember); may be empty.
  std::function<Result<Unit>(std::vector<LegacyUrl> const&)> remember_urls;
  std::function<UnixTime()> clock;
};

// Checks, then imports. Items that fail one by one (an image that does not decode, a post the
// publishing rules refuse) are counted and listed in the summary; a file that fails the check
// is an error and nothing is written.
Result<ImportSummary> import_wordpress(ImportServices const& services,
                                       ImportOptions const& options);

}  // namespace dossier::wordpress
