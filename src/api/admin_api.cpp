#include "api/admin_api.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "api/api_gate.hpp"
#include "api/idempotency.hpp"
#include "api/problem.hpp"
#include "auth/auth_service.hpp"
#include "comments/comment_service.hpp"
#include "core/strings.hpp"
#include "http/json.hpp"
#include "newsletter/subscription_service.hpp"
#include "publishing/editorial_service.hpp"
#include "publishing/newsroom_pages.hpp"
#include "publishing/site_admin.hpp"
#include "publishing/urls.hpp"

namespace dossier::api {

using nlohmann::json;
using publishing::Draft;
using publishing::EditorialState;
using publishing::Transition;

namespace msg {
constexpr char const* kNotJson = "The body must be JSON, sent as Content-Type: application/json.";
constexpr char const* kTooLarge = "The body may be at most {} bytes.";
constexpr char const* kBadJson = "The body is not valid JSON: {}";
constexpr char const* kNotObject = "The body must be a JSON object.";
constexpr char const* kUnknownField = "Unknown field '{}'.";
constexpr char const* kInvalid = "A field holds a value of the wrong type or out of range.";
constexpr char const* kWantString = "Must be a string.";
constexpr char const* kWantStrings = "Must be an array of strings.";
constexpr char const* kWantInts = "Must be an array of integers.";
constexpr char const* kWantId = "Must be a positive integer.";
constexpr char const* kRequired = "Required.";
constexpr char const* kBadKind = "Must be one of news, analysis, report, page.";
constexpr char const* kBadVisibility = "Must be one of public, subscribers, clients.";
constexpr char const* kNoCategory = "There is no category '{}'.";
constexpr char const* kNoImage = "There is no image number {} in the media library.";
constexpr char const* kBadTime = "Must be an RFC 3339 time, such as 2026-03-04T09:15:00Z.";
constexpr char const* kNotFuture = "Must be in the future.";
constexpr char const* kNoArticle = "There is no article number {}.";
constexpr char const* kBadId = "'{}' is not an id (a positive integer).";
constexpr char const* kStale =
    "The article changed since the updated_at you sent ({}); read it again and reapply.";
constexpr char const* kForbidden = "The key's user may not do this ({}).";
constexpr char const* kBadStatus = "Must be one of {}.";
constexpr char const* kBadPage = "Must be a whole number from {} to {}.";
constexpr char const* kUnknownParam = "Unknown query parameter '{}'.";
constexpr char const* kNoCategorySlug = "There is no category '{}'.";
constexpr char const* kNoTag = "There is no tag '{}'.";
constexpr char const* kNoComment = "There is no comment number {}.";
}  // namespace msg

namespace {

// ---------------------------------------------------------------------------------------------
// Reading the request

// A JSON body checked against the fields an endpoint takes (CONTRACT.md: 415 for another
// type, 413 above the limit, 400 unknown_field / invalid_field).
struct Body {
  json value = json::object();
  std::optional<http::Response> refusal;
};

Body read_body(http::Request const& req, std::set<std::string> const& fields) {
  Body b;
  auto type = to_lower(std::string(trim(split(req.header("content-type"), ';').front())));
  if (req.body.size() > kMaxJsonBodyBytes) {
    b.refusal = problem(413, "payload_too_large", fmt::format(msg::kTooLarge, kMaxJsonBodyBytes));
    return b;
  }
  if (type != "application/json") {
    b.refusal = problem(415, "unsupported_media_type", msg::kNotJson);
    return b;
  }
  b.value = json::parse(req.body, nullptr, false);
  if (b.value.is_discarded()) {
    b.refusal = problem(400, "bad_request", fmt::format(msg::kBadJson, "it does not parse"));
    return b;
  }
  if (!b.value.is_object()) {
    b.refusal = problem(400, "bad_request", msg::kNotObject);
    return b;
  }
  for (auto const& [name, v] : b.value.items())
    if (!fields.contains(name)) {
      b.refusal = problem(400, "unknown_field", fmt::format(msg::kUnknownField, name),
                          {{name, fmt::format(msg::kUnknownField, name)}});
      return b;
    }
  return b;
}

// Typed reads of optional fields; a wrong type adds to `errors`.
struct Fields {
  json const& body;
  std::vector<FieldError> errors;

  bool has(char const* name) const { return body.contains(name) && !body.at(name).is_null(); }
  std::optional<std::string> text(char const* name) {
    if (!has(name)) return std::nullopt;
    if (!body.at(name).is_string()) return errors.push_back({name, msg::kWantString}), std::nullopt;
    return body.at(name).get<std::string>();
  }
  std::optional<std::vector<std::string>> texts(char const* name) {
    if (!has(name)) return std::nullopt;
    auto const& v = body.at(name);
    std::vector<std::string> out;
    if (v.is_array())
      for (auto const& item : v)
        if (item.is_string()) out.push_back(item.get<std::string>());
    if (!v.is_array() || out.size() != v.size())
      return errors.push_back({name, msg::kWantStrings}), std::nullopt;
    return out;
  }
  std::optional<long long> id(char const* name) {
    if (!has(name)) return std::nullopt;
    auto const& v = body.at(name);
    if (!v.is_number_integer() || v.get<long long>() <= 0)
      return errors.push_back({name, msg::kWantId}), std::nullopt;
    return v.get<long long>();
  }
  std::optional<std::vector<long long>> ids(char const* name) {
    if (!has(name)) return std::nullopt;
    auto const& v = body.at(name);
    std::vector<long long> out;
    if (v.is_array())
      for (auto const& item : v)
        if (item.is_number_integer() && item.get<long long>() > 0)
          out.push_back(item.get<long long>());
    if (!v.is_array() || out.size() != v.size())
      return errors.push_back({name, msg::kWantInts}), std::nullopt;
    return out;
  }
  void fail(std::string field, std::string message) {
    errors.push_back({std::move(field), std::move(message)});
  }
  std::optional<http::Response> refusal() const {
    if (errors.empty()) return std::nullopt;
    return problem(400, "invalid_field", msg::kInvalid, errors);
  }
};

std::optional<long long> path_id(http::Params const& p) {
  return parse_id(p.get("id"));
}

// ?page= and ?limit= (CONTRACT.md: page >= 1, limit 1..100), and nothing else but `allowed`.
struct Paging {
  int page = 1;
  int limit = kDefaultApiLimit;
  std::optional<http::Response> refusal;
};

Paging paging(http::Request const& req, std::set<std::string> const& allowed) {
  Paging p;
  for (auto part : split(req.query, '&')) {
    if (part.empty()) continue;
    auto name = std::string(part.substr(0, part.find('=')));
    if (name != "page" && name != "limit" && !allowed.contains(name)) {
      p.refusal = problem(400, "unknown_field", fmt::format(msg::kUnknownParam, name),
                          {{name, fmt::format(msg::kUnknownParam, name)}});
      return p;
    }
  }
  auto number = [&](char const* name, int low, int high, int& out) {
    auto v = req.query_param(name);
    if (!v) return true;
    auto n = parse_id(*v);
    if (!n || *n < low || *n > high) {
      p.refusal = problem(400, "invalid_field", msg::kInvalid,
                          {{name, fmt::format(msg::kBadPage, low, high)}});
      return false;
    }
    out = static_cast<int>(*n);
    return true;
  };
  if (number("page", 1, 1'000'000, p.page)) number("limit", 1, kMaxApiLimit, p.limit);
  return p;
}

json pagination(int page, int limit, long long total) {
  long long pages = total == 0 ? 1 : (total + limit - 1) / limit;
  return {{"pagination",
           {{"page", page},
            {"limit", limit},
            {"pages", pages},
            {"total", total},
            {"next", page < pages ? json(page + 1) : json(nullptr)},
            {"prev", page > 1 ? json(page - 1) : json(nullptr)}}}};
}

json time_or_null(std::optional<UnixTime> t) {
  return t ? json(format_rfc3339(*t)) : json(nullptr);
}

// ---------------------------------------------------------------------------------------------
// The handlers

class AdminApi {
 public:
  explicit AdminApi(AdminApiDeps d) : d_(std::move(d)) {}

  struct Call {
    http::Request const& req;
    http::Params const& params;
    auth::User const& user;
    ApiKey const& key;
  };

  // A route's guard: the gate (key, scope, rate limit), then the handler with the caller; a
  // POST also through the idempotency keys. Every answer is private (CONTRACT.md).
  http::Handler guard(Scope scope, http::Response (AdminApi::*method)(Call&)) {
    return [this, scope, method](http::Request const& req, http::Params const& params) {
      auto gate = d_.gate.admin(req, scope);
      http::Response r;
      if (!gate.caller || !gate.caller->user || !gate.caller->key) {
        r = gate.caller ? problem(401, "unauthorized", "An admin key is required.")
                        : std::move(gate.refusal);
      } else {
        Call call{req, params, *gate.caller->user, *gate.caller->key};
        auto run = [&] { return (this->*method)(call); };
        r = req.method == http::Method::Post ? d_.idempotency.run(req, call.key.id, run) : run();
      }
      r.set_header("Cache-Control", "private, no-store");
      r.set_header("Vary", "Authorization");
      r.cache_keys.clear();
      return r;
    };
  }

  // --- articles
  http::Response list_articles(Call& c);
  http::Response read_article(Call& c);
  http::Response add_article(Call& c);
  http::Response edit_article(Call& c);
  http::Response publish(Call& c) { return transition(c, Transition::Publish); }
  http::Response schedule(Call& c) { return transition(c, Transition::Schedule); }
  http::Response unpublish(Call& c) { return transition(c, Transition::Unpublish); }
  // --- taxonomy
  http::Response list_categories(Call& c);
  http::Response add_category(Call& c);
  http::Response edit_category(Call& c);
  http::Response delete_category(Call& c);
  http::Response list_tags(Call& c);
  http::Response add_tag(Call& c);
  http::Response edit_tag(Call& c);
  http::Response delete_tag(Call& c);
  // --- comments, subscribers
  http::Response list_comments(Call& c);
  http::Response approve_comment(Call& c) { return moderate(c, comments::Moderation::Approve); }
  http::Response spam_comment(Call& c) { return moderate(c, comments::Moderation::Spam); }
  http::Response delete_comment(Call& c) { return moderate(c, comments::Moderation::Delete); }
  http::Response add_subscriber(Call& c);

 private:
  bool allowed(Call const& c, auth::Action action, auth::Target const& target = {}) const {
    return auth::allowed(c.user, action, target, d_.policy ? d_.policy() : auth::Policy{});
  }
  static http::Response forbidden(auth::Action action) {
    return problem(403, "forbidden", fmt::format(msg::kForbidden, auth::to_string(action)));
  }
  void audit(Call const& c, std::string const& action, std::string const& target) {
    d_.auth.record_audit(c.user.id, action, target, fmt::format("api key: {}", c.key.name));
  }
  std::string absolute(std::string const& path) const { return d_.site_url + path; }
  json article_json(Draft const& d);
  Result<publishing::ArticleInput> apply(Fields& f, publishing::ArticleInput in, Call const& c);
  http::Response transition(Call& c, Transition t);
  http::Response moderate(Call& c, comments::Moderation decision);
  std::optional<publishing::TaxonomyRow> category_row(std::string const& slug);
  std::optional<publishing::TaxonomyRow> tag_row(std::string const& slug);
  static json taxonomy_json(publishing::TaxonomyRow const& r, std::string const& url,
                            std::string const& parent);

  AdminApiDeps d_;
};

// The admin article object (CONTRACT.md): the content object's fields plus the editor's.
json AdminApi::article_json(Draft const& d) {
  auto const& in = d.input;
  auto view = d_.publishing.read_any(d.id);
  auto path = in.kind == publishing::ArticleKind::Page ? publishing::page_url(in.slug)
                                                       : publishing::article_url(in.slug);
  json o = {{"id", d.id},
            {"slug", in.slug},
            {"url", absolute(path)},
            {"kind", std::string(to_string(in.kind))},
            {"title", in.title},
            {"excerpt", in.dek},
            {"published_at",
             d.state == EditorialState::Published ? time_or_null(in.published_at) : json(nullptr)},
            {"updated_at", format_rfc3339(d.updated_at)},
            {"visibility", std::string(to_string(in.visibility))},
            {"access", "full"},
            {"status", std::string(to_string(d.state))},
            {"markdown", in.body_markdown},
            {"author_id", in.author_id},
            {"seo_title", in.seo_title},
            {"seo_description", in.seo_description},
            {"scheduled_at",
             d.state == EditorialState::Scheduled ? time_or_null(in.published_at) : json(nullptr)}};
  o["html"] = view ? view->article.body_html : "";
  o["reading_minutes"] = publishing::reading_minutes(view ? view->article.word_count : 0);
  o["comment_count"] = view ? view->article.comment_count : 0;
  o["author"] =
      view ? json{{"slug", view->author.slug}, {"name", view->author.name}} : json(nullptr);
  o["primary_category"] =
      view && !view->categories.empty()
          ? json{{"slug", view->categories.front().slug}, {"name", view->categories.front().name}}
          : json(nullptr);
  auto slugs = json::array(), tags = json::array();
  if (view) {
    for (auto const& cat : view->categories) slugs.push_back(cat.slug);
    for (auto const& t : view->tags) tags.push_back(t.slug);
  }
  o["category_slugs"] = slugs;
  o["tag_slugs"] = tags;
  if (view && view->hero)
    o["feature_image"] = {{"url", absolute("/media/" + view->hero->file)},
                          {"alt", view->hero->alt},
                          {"caption", view->hero->caption},
                          {"credit", view->hero->credit},
                          {"width", view->hero->width},
                          {"height", view->hero->height}};
  else
    o["feature_image"] = nullptr;
  return o;
}

// Applies the body's article fields to `in` (a new article's defaults, or the stored one).
Result<publishing::ArticleInput> AdminApi::apply(Fields& f, publishing::ArticleInput in,
                                                 Call const& c) {
  if (auto v = f.text("title")) in.title = std::string(trim(*v));
  if (auto v = f.text("slug")) in.slug = std::string(trim(*v));
  if (auto v = f.text("dek")) in.dek = std::string(trim(*v));
  if (auto v = f.text("markdown")) in.body_markdown = *v;
  if (auto v = f.text("seo_title")) in.seo_title = std::string(trim(*v));
  if (auto v = f.text("seo_description")) in.seo_description = std::string(trim(*v));
  if (auto v = f.text("kind")) {
    auto kind = publishing::parse_kind(*v);
    kind ? void(in.kind = *kind) : f.fail("kind", msg::kBadKind);
  }
  if (auto v = f.text("visibility")) {
    auto vis = publishing::parse_visibility(*v);
    vis ? void(in.visibility = *vis) : f.fail("visibility", msg::kBadVisibility);
  }
  if (auto v = f.texts("categories")) {
    in.category_ids.clear();
    for (std::size_t i = 0; i < v->size(); ++i) {
      auto cat = d_.publishing.category((*v)[i]);
      if (!cat)
        f.fail(fmt::format("categories[{}]", i), fmt::format(msg::kNoCategory, (*v)[i]));
      else
        in.category_ids.push_back(cat->id);
    }
  }
  if (auto v = f.id("feature_image_id")) {
    if (!d_.editorial.image(*v))
      f.fail("feature_image_id", fmt::format(msg::kNoImage, *v));
    else
      in.hero_media_id = *v;
  }
  std::optional<std::vector<std::string>> tag_names = f.texts("tags");
  if (!f.errors.empty()) return invalid(msg::kInvalid);
  if (tag_names) {
    // A tag by its slug when one has it, else by its name (created when the user may).
    std::vector<std::string> names;
    for (auto const& t : *tag_names) {
      auto known = d_.publishing.tag(t);
      names.push_back(known ? known->name : std::string(trim(t)));
    }
    auto ids = d_.editorial.tags_for(names, allowed(c, auth::Action::CreateTag)
                                                ? publishing::EditorialService::NewTags::Create
                                                : publishing::EditorialService::NewTags::Refuse);
    if (!ids) return f.fail("tags", ids.error().message), ids.error();
    in.tag_ids = *ids;
  }
  return in;
}

http::Response AdminApi::list_articles(Call& c) {
  auto p = paging(c.req, {"status"});
  if (p.refusal) return *p.refusal;
  if (!allowed(c, auth::Action::UseNewsroom)) return forbidden(auth::Action::UseNewsroom);
  publishing::NewsroomQuery q;
  if (auto s = c.req.query_param("status")) {
    auto state = publishing::parse_editorial_state(*s);
    if (!state || *state == EditorialState::Unpublished)
      return problem(
          400, "invalid_field", msg::kInvalid,
          {{"status", fmt::format(msg::kBadStatus, "draft, review, scheduled, published")}});
    q.state = state;
  }
  q.page = p.page;
  q.per_page = p.limit;
  auto rows = d_.editorial.browse(q);
  auto list = json::array();
  for (auto const& row : rows.items)
    if (auto draft = d_.editorial.load(row.id)) list.push_back(article_json(*draft));
  return http::json_response(
      200, {{"articles", list}, {"meta", pagination(p.page, p.limit, rows.total)}});
}

http::Response AdminApi::read_article(Call& c) {
  if (!allowed(c, auth::Action::UseNewsroom)) return forbidden(auth::Action::UseNewsroom);
  auto id = path_id(c.params);
  if (!id) return problem(404, "not_found", fmt::format(msg::kBadId, c.params.get("id")));
  auto draft = d_.editorial.load(*id);
  if (!draft) return problem(404, "not_found", fmt::format(msg::kNoArticle, *id));
  return http::json_response(200, {{"articles", json::array({article_json(*draft)})}});
}

constexpr std::initializer_list<char const*> kArticleFields = {
    "title",      "slug",           "kind",
    "dek",        "markdown",       "visibility",
    "categories", "tags",           "feature_image_id",
    "seo_title",  "seo_description"};

http::Response AdminApi::add_article(Call& c) {
  std::set<std::string> fields(kArticleFields.begin(), kArticleFields.end());
  auto body = read_body(c.req, fields);
  if (body.refusal) return *body.refusal;
  auth::Target target{c.user.id, auth::Exposure::NotLive};
  if (!allowed(c, auth::Action::CreateArticle)) return forbidden(auth::Action::CreateArticle);
  if (!allowed(c, auth::Action::EditArticle, target)) return forbidden(auth::Action::EditArticle);
  Fields f{body.value, {}};
  if (!f.has("title")) f.fail("title", msg::kRequired);
  publishing::ArticleInput fresh;
  fresh.author_id = c.user.id;
  auto input = apply(f, fresh, c);
  if (auto refusal = f.refusal()) return *refusal;
  if (!input) return problem(input.error());
  auto id = d_.editorial.create(*input, c.user.id, Transition::Save);
  if (!id) return problem(id.error());
  audit(c, "api.article.create", fmt::format("article:{}", *id));
  auto draft = d_.editorial.load(*id);
  auto r = http::json_response(201, {{"articles", json::array({article_json(*draft)})}});
  r.set_header("Location", fmt::format("{}/articles/{}", kAdminApiPrefix, *id));
  return r;
}

http::Response AdminApi::edit_article(Call& c) {
  std::set<std::string> fields(kArticleFields.begin(), kArticleFields.end());
  fields.insert("updated_at");
  auto body = read_body(c.req, fields);
  if (body.refusal) return *body.refusal;
  auto id = path_id(c.params);
  if (!id) return problem(404, "not_found", fmt::format(msg::kBadId, c.params.get("id")));
  auto draft = d_.editorial.load(*id);
  if (!draft) return problem(404, "not_found", fmt::format(msg::kNoArticle, *id));
  if (!allowed(c, auth::Action::EditArticle, publishing::target_of(*draft)))
    return forbidden(auth::Action::EditArticle);
  Fields f{body.value, {}};
  if (auto seen = f.text("updated_at")) {
    auto t = parse_rfc3339(*seen);
    if (!t) f.fail("updated_at", msg::kBadTime);
    // The lost-update guard: someone saved after this client read the article.
    else if (*t != draft->updated_at)
      return problem(409, "conflict", fmt::format(msg::kStale, format_rfc3339(draft->updated_at)));
  }
  if (f.has("title") && f.body.at("title").is_string() &&
      trim(f.body.at("title").get<std::string>()).empty())
    f.fail("title", msg::kRequired);
  auto input = apply(f, draft->input, c);
  if (auto refusal = f.refusal()) return *refusal;
  if (!input) return problem(input.error());
  auto saved = d_.editorial.save(*id, *input, draft->revision_id, c.user.id, Transition::Save);
  if (!saved) return problem(saved.error());
  audit(c, "api.article.update", fmt::format("article:{}", *id));
  return http::json_response(200,
                             {{"articles", json::array({article_json(*d_.editorial.load(*id))})}});
}

http::Response AdminApi::transition(Call& c, Transition t) {
  std::set<std::string> fields;
  if (t == Transition::Schedule) fields.insert("at");
  // publish and unpublish take no body; an empty one needs no Content-Type.
  Body body;
  if (t == Transition::Schedule || !c.req.body.empty()) {
    body = read_body(c.req, fields);
    if (body.refusal) return *body.refusal;
  }
  auto id = path_id(c.params);
  if (!id) return problem(404, "not_found", fmt::format(msg::kBadId, c.params.get("id")));
  auto draft = d_.editorial.load(*id);
  if (!draft) return problem(404, "not_found", fmt::format(msg::kNoArticle, *id));
  auto target = publishing::target_of(*draft);
  if (!allowed(c, auth::Action::PublishArticle, target))
    return forbidden(auth::Action::PublishArticle);
  if (!allowed(c, auth::Action::EditArticle, {target.owner_id}))
    return forbidden(auth::Action::EditArticle);
  auto input = draft->input;
  if (t == Transition::Schedule) {
    Fields f{body.value, {}};
    auto at = f.text("at");
    if (!at && f.errors.empty()) f.fail("at", msg::kRequired);
    std::optional<UnixTime> when = at ? parse_rfc3339(*at) : std::nullopt;
    if (at && !when) f.fail("at", msg::kBadTime);
    if (when && *when <= d_.clock()) f.fail("at", msg::kNotFuture);
    if (auto refusal = f.refusal()) return *refusal;
    input.published_at = when;
  }
  auto saved = d_.editorial.save(*id, input, draft->revision_id, c.user.id, t);
  if (!saved) return problem(saved.error());
  auto name = t == Transition::Publish    ? "api.article.publish"
              : t == Transition::Schedule ? "api.article.schedule"
                                          : "api.article.unpublish";
  audit(c, name, fmt::format("article:{}", *id));
  return http::json_response(200,
                             {{"articles", json::array({article_json(*d_.editorial.load(*id))})}});
}

// --- taxonomy

json AdminApi::taxonomy_json(publishing::TaxonomyRow const& r, std::string const& url,
                             std::string const& parent) {
  json o = {{"id", r.id},
            {"slug", r.slug},
            {"name", r.name},
            {"url", url},
            {"article_count", r.articles}};
  if (!url.empty() && url.find("/category/") != std::string::npos) {
    o["description"] = r.description;
    o["parent"] = parent.empty() ? json(nullptr) : json(parent);
  }
  return o;
}

std::optional<publishing::TaxonomyRow> AdminApi::category_row(std::string const& slug) {
  for (auto const& r : d_.site_admin.categories())
    if (r.slug == slug) return r;
  return std::nullopt;
}

std::optional<publishing::TaxonomyRow> AdminApi::tag_row(std::string const& slug) {
  auto tag = d_.publishing.tag(slug);
  if (!tag) return std::nullopt;
  for (auto const& r : d_.site_admin.tags(tag->name))
    if (r.id == tag->id) return r;
  return publishing::TaxonomyRow{tag->id, std::nullopt, tag->slug, tag->name, "", 0, 0};
}

http::Response AdminApi::list_categories(Call& c) {
  if (!allowed(c, auth::Action::UseNewsroom)) return forbidden(auth::Action::UseNewsroom);
  auto rows = d_.site_admin.categories();
  std::map<Id, std::string> slugs;
  for (auto const& r : rows) slugs[r.id] = r.slug;
  auto list = json::array();
  for (auto const& r : rows)
    list.push_back(taxonomy_json(r, absolute(publishing::category_url(r.slug)),
                                 r.parent_id ? slugs[*r.parent_id] : ""));
  return http::json_response(200, {{"categories", list}});
}

http::Response AdminApi::add_category(Call& c) {
  auto body = read_body(c.req, {"name", "slug", "description", "parent"});
  if (body.refusal) return *body.refusal;
  if (!allowed(c, auth::Action::ManageTaxonomy)) return forbidden(auth::Action::ManageTaxonomy);
  Fields f{body.value, {}};
  publishing::Category cat;
  if (auto v = f.text("name"))
    cat.name = *v;
  else if (f.errors.empty())
    f.fail("name", msg::kRequired);
  if (auto v = f.text("slug")) cat.slug = *v;
  if (auto v = f.text("description")) cat.description = *v;
  if (auto v = f.text("parent")) {
    auto parent = category_row(*v);
    parent ? void(cat.parent_id = parent->id)
           : f.fail("parent", fmt::format(msg::kNoCategorySlug, *v));
  }
  if (auto refusal = f.refusal()) return *refusal;
  auto id = d_.site_admin.add_category(cat);
  if (!id) return problem(id.error());
  audit(c, "api.category.create", fmt::format("category:{}", *id));
  for (auto const& r : d_.site_admin.categories())
    if (r.id == *id) {
      auto answer = http::json_response(
          201,
          {{"categories",
            json::array({taxonomy_json(r, absolute(publishing::category_url(r.slug)),
                                       cat.parent_id ? body.value.value("parent", "") : "")})}});
      answer.set_header("Location", fmt::format("{}/categories/{}", kAdminApiPrefix, r.slug));
      return answer;
    }
  return problem(500, "internal", "The category was added but cannot be read back.");
}

http::Response AdminApi::edit_category(Call& c) {
  auto body = read_body(c.req, {"name", "slug", "description", "parent"});
  if (body.refusal) return *body.refusal;
  if (!allowed(c, auth::Action::ManageTaxonomy)) return forbidden(auth::Action::ManageTaxonomy);
  auto row = category_row(c.params.get("slug"));
  if (!row)
    return problem(404, "not_found", fmt::format(msg::kNoCategorySlug, c.params.get("slug")));
  publishing::Category cat{row->id,   row->parent_id,   row->slug,
                           row->name, row->description, row->position};
  Fields f{body.value, {}};
  if (auto v = f.text("name")) cat.name = *v;
  if (auto v = f.text("slug")) cat.slug = *v;
  if (auto v = f.text("description")) cat.description = *v;
  if (f.body.contains("parent") && f.body.at("parent").is_null()) cat.parent_id.reset();
  if (auto v = f.text("parent")) {
    auto parent = category_row(*v);
    parent ? void(cat.parent_id = parent->id)
           : f.fail("parent", fmt::format(msg::kNoCategorySlug, *v));
  }
  if (auto refusal = f.refusal()) return *refusal;
  auto done = d_.site_admin.edit_category(cat);
  if (!done) return problem(done.error());
  audit(c, "api.category.update", fmt::format("category:{}", cat.id));
  for (auto const& r : d_.site_admin.categories())
    if (r.id == cat.id)
      return http::json_response(
          200, {{"categories",
                 json::array({taxonomy_json(r, absolute(publishing::category_url(r.slug)), "")})}});
  return problem(500, "internal", "The category was changed but cannot be read back.");
}

http::Response AdminApi::delete_category(Call& c) {
  if (!allowed(c, auth::Action::ManageTaxonomy)) return forbidden(auth::Action::ManageTaxonomy);
  auto row = category_row(c.params.get("slug"));
  if (!row)
    return problem(404, "not_found", fmt::format(msg::kNoCategorySlug, c.params.get("slug")));
  auto done = d_.site_admin.delete_category(row->id);
  if (!done) return problem(done.error());
  audit(c, "api.category.delete", fmt::format("category:{}", row->id));
  http::Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

http::Response AdminApi::list_tags(Call& c) {
  if (!allowed(c, auth::Action::UseNewsroom)) return forbidden(auth::Action::UseNewsroom);
  auto list = json::array();
  for (auto const& r : d_.site_admin.tags(""))
    list.push_back(taxonomy_json(r, absolute(publishing::tag_url(r.slug)), ""));
  return http::json_response(200, {{"tags", list}});
}

http::Response AdminApi::add_tag(Call& c) {
  auto body = read_body(c.req, {"name", "slug"});
  if (body.refusal) return *body.refusal;
  if (!allowed(c, auth::Action::ManageTaxonomy)) return forbidden(auth::Action::ManageTaxonomy);
  Fields f{body.value, {}};
  auto name = f.text("name");
  if (!name && f.errors.empty()) f.fail("name", msg::kRequired);
  auto slug = f.text("slug");
  if (name && trim(*name).empty()) f.fail("name", msg::kRequired);
  if (auto refusal = f.refusal()) return *refusal;
  auto ids = d_.editorial.tags_for({std::string(trim(*name))},
                                   publishing::EditorialService::NewTags::Create);
  if (!ids) return problem(ids.error());
  if (ids->empty()) return problem(400, "invalid_field", msg::kInvalid, {{"name", msg::kRequired}});
  auto id = ids->front();
  auto names = d_.editorial.tag_names({id});
  if (slug) {
    auto done = d_.site_admin.edit_tag({id, *slug, names.empty() ? *name : names.front()});
    if (!done) return problem(done.error());
  }
  audit(c, "api.tag.create", fmt::format("tag:{}", id));
  for (auto const& r : d_.site_admin.tags(names.empty() ? *name : names.front()))
    if (r.id == id) {
      auto answer = http::json_response(
          201,
          {{"tags", json::array({taxonomy_json(r, absolute(publishing::tag_url(r.slug)), "")})}});
      answer.set_header("Location", fmt::format("{}/tags/{}", kAdminApiPrefix, r.slug));
      return answer;
    }
  return problem(500, "internal", "The tag was added but cannot be read back.");
}

http::Response AdminApi::edit_tag(Call& c) {
  auto body = read_body(c.req, {"name", "slug"});
  if (body.refusal) return *body.refusal;
  if (!allowed(c, auth::Action::ManageTaxonomy)) return forbidden(auth::Action::ManageTaxonomy);
  auto row = tag_row(c.params.get("slug"));
  if (!row) return problem(404, "not_found", fmt::format(msg::kNoTag, c.params.get("slug")));
  publishing::Tag tag{row->id, row->slug, row->name};
  Fields f{body.value, {}};
  if (auto v = f.text("name")) tag.name = *v;
  if (auto v = f.text("slug")) tag.slug = *v;
  if (auto refusal = f.refusal()) return *refusal;
  auto done = d_.site_admin.edit_tag(tag);
  if (!done) return problem(done.error());
  audit(c, "api.tag.update", fmt::format("tag:{}", tag.id));
  auto after = tag_row(tag.slug);
  if (!after) return problem(500, "internal", "The tag was changed but cannot be read back.");
  return http::json_response(
      200,
      {{"tags",
        json::array({taxonomy_json(*after, absolute(publishing::tag_url(after->slug)), "")})}});
}

http::Response AdminApi::delete_tag(Call& c) {
  if (!allowed(c, auth::Action::ManageTaxonomy)) return forbidden(auth::Action::ManageTaxonomy);
  auto row = tag_row(c.params.get("slug"));
  if (!row) return problem(404, "not_found", fmt::format(msg::kNoTag, c.params.get("slug")));
  auto done = d_.site_admin.delete_tag(row->id);
  if (!done) return problem(done.error());
  audit(c, "api.tag.delete", fmt::format("tag:{}", row->id));
  http::Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

// --- comments and subscribers

http::Response AdminApi::list_comments(Call& c) {
  auto p = paging(c.req, {"status"});
  if (p.refusal) return *p.refusal;
  if (!allowed(c, auth::Action::ModerateComments)) return forbidden(auth::Action::ModerateComments);
  std::optional<comments::CommentStatus> status;
  if (auto s = c.req.query_param("status")) {
    status = comments::parse_comment_status(*s);
    if (!status || *status == comments::CommentStatus::Deleted)
      return problem(400, "invalid_field", msg::kInvalid,
                     {{"status", fmt::format(msg::kBadStatus, "pending, approved, spam")}});
  }
  long long total = 0;
  auto rows = d_.comments.browse(status, std::nullopt, p.page, p.limit, total);
  auto list = json::array();
  for (auto const& cm : rows)
    list.push_back({{"id", cm.id},
                    {"status", std::string(comments::to_string(cm.status))},
                    {"parent_id", cm.parent_id ? json(*cm.parent_id) : json(nullptr)},
                    {"author_name", cm.author_name},
                    {"author_email", cm.author_email},
                    {"markdown", cm.body_markdown},
                    {"html", cm.body_html},
                    {"created_at", format_rfc3339(cm.created_at)},
                    {"article", {{"slug", cm.article_slug}, {"title", cm.article_title}}}});
  return http::json_response(200,
                             {{"comments", list}, {"meta", pagination(p.page, p.limit, total)}});
}

http::Response AdminApi::moderate(Call& c, comments::Moderation decision) {
  if (!allowed(c, auth::Action::ModerateComments)) return forbidden(auth::Action::ModerateComments);
  auto id = path_id(c.params);
  if (!id) return problem(404, "not_found", fmt::format(msg::kBadId, c.params.get("id")));
  auto done = d_.comments.moderate({*id}, decision);
  if (!done) return problem(done.error());
  if (*done == 0) return problem(404, "not_found", fmt::format(msg::kNoComment, *id));
  auto name = decision == comments::Moderation::Approve ? "api.comment.approve"
              : decision == comments::Moderation::Spam  ? "api.comment.spam"
                                                        : "api.comment.delete";
  audit(c, name, fmt::format("comment:{}", *id));
  if (decision == comments::Moderation::Delete) {
    http::Response r;
    r.status = 204;
    r.content_type.clear();
    return r;
  }
  return http::json_response(
      200, {{"comments",
             json::array({{{"id", *id},
                           {"status",
                            decision == comments::Moderation::Approve ? "approved" : "spam"}}})}});
}

http::Response AdminApi::add_subscriber(Call& c) {
  auto body = read_body(c.req, {"email", "lists"});
  if (body.refusal) return *body.refusal;
  if (!allowed(c, auth::Action::SendNewsletter)) return forbidden(auth::Action::SendNewsletter);
  Fields f{body.value, {}};
  auto email = f.text("email");
  if (!email && f.errors.empty()) f.fail("email", msg::kRequired);
  auto lists = f.ids("lists");
  if (auto refusal = f.refusal()) return *refusal;
  // Double opt-in stays: the address gets a confirmation mail and is on no list until it
  // follows the link.
  auto done = d_.subscriptions.subscribe(*email, c.req.remote_address,
                                         lists ? *lists : std::vector<long long>{});
  if (!done) {
    if (done.error().kind == ErrorKind::Invalid)
      return problem(400, "invalid_field", msg::kInvalid, {{"email", done.error().message}});
    return problem(done.error());
  }
  audit(c, "api.subscriber.add", *email);
  return http::json_response(
      202, {{"subscribers", json::array({{{"email", *email}, {"status", "confirmation_sent"}}})}});
}

}  // namespace

void register_admin_api(http::Router& router, AdminApiDeps const& deps) {
  // The handlers live as long as the router's closures: shared by them all.
  auto api = std::make_shared<AdminApi>(deps);
  auto on = [api](Scope scope, http::Response (AdminApi::*method)(AdminApi::Call&)) {
    auto h = api->guard(scope, method);
    return [api, h](http::Request const& q, http::Params const& p) { return h(q, p); };
  };
  using A = AdminApi;
  auto const p = std::string(kAdminApiPrefix);
  router.get(p + "/articles", on(Scope::ArticlesRead, &A::list_articles));
  router.post(p + "/articles", on(Scope::ArticlesWrite, &A::add_article));
  router.get(p + "/articles/{id}", on(Scope::ArticlesRead, &A::read_article));
  router.patch(p + "/articles/{id}", on(Scope::ArticlesWrite, &A::edit_article));
  router.post(p + "/articles/{id}/publish", on(Scope::ArticlesPublish, &A::publish));
  router.post(p + "/articles/{id}/schedule", on(Scope::ArticlesPublish, &A::schedule));
  router.post(p + "/articles/{id}/unpublish", on(Scope::ArticlesPublish, &A::unpublish));
  router.get(p + "/categories", on(Scope::ArticlesRead, &A::list_categories));
  router.post(p + "/categories", on(Scope::TaxonomyWrite, &A::add_category));
  router.patch(p + "/categories/{slug}", on(Scope::TaxonomyWrite, &A::edit_category));
  router.del(p + "/categories/{slug}", on(Scope::TaxonomyWrite, &A::delete_category));
  router.get(p + "/tags", on(Scope::ArticlesRead, &A::list_tags));
  router.post(p + "/tags", on(Scope::TaxonomyWrite, &A::add_tag));
  router.patch(p + "/tags/{slug}", on(Scope::TaxonomyWrite, &A::edit_tag));
  router.del(p + "/tags/{slug}", on(Scope::TaxonomyWrite, &A::delete_tag));
  router.get(p + "/comments", on(Scope::CommentsModerate, &A::list_comments));
  router.post(p + "/comments/{id}/approve", on(Scope::CommentsModerate, &A::approve_comment));
  router.post(p + "/comments/{id}/spam", on(Scope::CommentsModerate, &A::spam_comment));
  router.del(p + "/comments/{id}", on(Scope::CommentsModerate, &A::delete_comment));
  router.post(p + "/subscribers", on(Scope::SubscribersWrite, &A::add_subscriber));
}

}  // namespace dossier::api
