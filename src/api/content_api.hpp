#pragma once

// The Content API (/api/content/v1/): the site's published content as JSON for other
// programs (apps, newsletters, partners), read-only, like Ghost's Content API. Every call
// passes the gate (api_gate.hpp): anonymous calls and plain content keys read what an
// anonymous reader reads (restricted articles as teasers), a key carrying a client
// organisation reads what its grants open (publishing::access_to decides, as on the site).
// The contract (paths, parameters, shapes, codes) is docs/API.md.
//
// Caching: every 200 carries a strong ETag of its body (If-None-Match answers 304, in
// http::finalize), `Cache-Control: public, max-age=60` when anonymous and `private, no-store`
// when a key was used, and `Vary: Authorization`; no answer enters the page cache, which
// keys by path and knows nothing of keys.

#include <functional>
#include <string>

#include "api/api_gate.hpp"
#include "core/time.hpp"
#include "http/router.hpp"
#include "publishing/listed_articles.hpp"
#include "publishing/publishing_service.hpp"
#include "site/fragment_cache.hpp"

namespace dossier::store {
class Database;
}
namespace dossier::search {
class SearchIndex;
}
namespace dossier::insight {
class InsightService;
}

namespace dossier::api {

// A list's page size: Ghost's default, and a bound on one answer's work.
inline constexpr int kDefaultLimit = 15;
inline constexpr int kMaxLimit = 100;
// Categories, tags, authors and entities are listed from memory; a site has far fewer.
inline constexpr int kMaxTermList = 10000;

struct ContentApiDeps {
  ApiGate& gate;
  store::Database& db;
  publishing::PublishingService& publishing;
  search::SearchIndex& search;
  insight::InsightService& insight;
  std::function<UnixTime()> clock;
  std::string site_url;  // absolute links: "https://example.org", no trailing slash
};

class ContentApi {
 public:
  explicit ContentApi(ContentApiDeps deps);

  http::Response articles(http::Request const& req, http::Params const& params);
  http::Response article(http::Request const& req, http::Params const& params);
  http::Response pages(http::Request const& req, http::Params const& params);
  http::Response page(http::Request const& req, http::Params const& params);
  http::Response authors(http::Request const& req, http::Params const& params);
  http::Response author(http::Request const& req, http::Params const& params);
  http::Response categories(http::Request const& req, http::Params const& params);
  http::Response category(http::Request const& req, http::Params const& params);
  http::Response tags(http::Request const& req, http::Params const& params);
  http::Response tag(http::Request const& req, http::Params const& params);
  http::Response search(http::Request const& req, http::Params const& params);
  http::Response entities(http::Request const& req, http::Params const& params);
  http::Response entity(http::Request const& req, http::Params const& params);
  http::Response quotes(http::Request const& req, http::Params const& params);

 private:
  // An article's view as every reader's answer starts from it (access is decided after), so
  // a list reads its ids and takes the views from here: kept until the next database commit.
  std::shared_ptr<publishing::ArticleView const> view(publishing::Id id);
  // One page of a list's ids and its total, kept until the next database commit (and at most
  // a minute, so an article published with a time just ahead appears within one): counting a
  // list reads every article row in it, which made a list cost 1 ms of CPU a call.
  std::shared_ptr<publishing::ListedIds const> listed(publishing::ListedQuery const& query);

  ContentApiDeps d_;
  site::FragmentCache<publishing::Id, publishing::ArticleView> views_;
  site::FragmentCache<std::string, publishing::ListedIds> lists_;
};

// The Content API's route table, one line per route (GET only; each answer passes the gate).
void register_content_api(http::Router& router, ContentApi& api);

}  // namespace dossier::api
