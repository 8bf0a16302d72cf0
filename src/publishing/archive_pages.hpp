#pragma once

#include <string>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"
#include "publishing/publishing_service.hpp"
#include "site/frame.hpp"

namespace dossier::publishing {

// The public site's archives: /latest and the category, tag and author pages, paginated the
// same way (page 1 at the archive's own address, /page/N after it), with their feeds.
class ArchivePages {
 public:
  ArchivePages(PublishingService& publishing, site::Frame const& frame, int per_page)
      : publishing_(publishing), frame_(frame), per_page_(per_page) {}

  http::Response latest(http::Request const& req, http::Params const& p) const;
  http::Response category(http::Request const& req, http::Params const& p) const;
  http::Response tag(http::Request const& req, http::Params const& p) const;
  http::Response author(http::Request const& req, http::Params const& p) const;

  // What one archive lists and how it is titled.
  struct Archive {
    std::string kind;  // "Category", "Tag" ...
    std::string title;
    std::string description;
    std::string base_path;  // "/category/news"
    std::string nav;
    ListQuery query;
    std::vector<std::string> cache_keys;
    std::string image_url;  // an author's photo
    std::string image_alt;
    int image_width = 0;
    int image_height = 0;
  };

 private:
  http::Response render(http::Request const& req, http::Params const& p,
                        Archive const& archive) const;
  PublishingService& publishing_;
  site::Frame const& frame_;
  int per_page_;
};

}  // namespace dossier::publishing
