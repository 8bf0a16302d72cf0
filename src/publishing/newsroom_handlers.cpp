#include "publishing/newsroom_handlers.hpp"

#include <ctemplate/template.h>
#include <fmt/format.h>

#include "core/strings.hpp"
#include "publishing/urls.hpp"
#include "render/template_key.hpp"

namespace dossier::publishing {

using render::operator""_key;

using ctemplate::TemplateDictionary;

namespace {

constexpr int kListPerPage = 25;
constexpr int kMaxListPage = 100000;
constexpr std::size_t kMaxTitleFilter = 200;

// The list's filters, carried by its pagination links.
constexpr char const* kFilterParams[] = {"state", "kind", "author", "category", "q"};

}  // namespace

NewsroomHandlers::NewsroomHandlers(NewsroomHandlersContext ctx)
    : ctx_(std::move(ctx)),
      links_(ctx_.secret, ctx_.site_url, ctx_.clock),
      editor_(ctx_, links_),
      revisions_(ctx_) {}

void NewsroomHandlers::fill_filters(TemplateDictionary& d, NewsroomQuery const& q) {
  for (auto s : {EditorialState::Draft, EditorialState::InReview, EditorialState::Scheduled,
                 EditorialState::Published, EditorialState::Unpublished}) {
    auto* o = d.AddSectionDictionary("STATE_OPTION"_key);
    o->SetValue("VALUE"_key, std::string(to_string(s)));
    o->SetValue("LABEL"_key, std::string(state_label(s)));
    if (q.state == s) o->ShowSection("SELECTED"_key);
  }
  for (auto k :
       {ArticleKind::News, ArticleKind::Analysis, ArticleKind::Report, ArticleKind::Page}) {
    auto* o = d.AddSectionDictionary("KIND_OPTION"_key);
    o->SetValue("VALUE"_key, std::string(to_string(k)));
    o->SetValue("LABEL"_key, std::string(kind_label(k)));
    if (q.kind == k) o->ShowSection("SELECTED"_key);
  }
  for (auto const& u : ctx_.auth.users()) {
    auto* o = d.AddSectionDictionary("AUTHOR_OPTION"_key);
    o->SetIntValue("VALUE"_key, static_cast<long>(u.id));
    o->SetValue("LABEL"_key, u.name);
    if (q.author_id == u.id) o->ShowSection("SELECTED"_key);
  }
  for (auto const& c : ctx_.publishing.categories()) {
    auto* o = d.AddSectionDictionary("CATEGORY_OPTION"_key);
    o->SetIntValue("VALUE"_key, static_cast<long>(c.id));
    o->SetValue("LABEL"_key, c.parent_id ? "— " + c.name : c.name);
    if (q.category_id == c.id) o->ShowSection("SELECTED"_key);
  }
}

http::Response NewsroomHandlers::browse(admin::Visit& v) {
  NewsroomQuery q;
  q.per_page = kListPerPage;
  auto param = [&](char const* name) { return v.request.query_param(name).value_or(""); };
  q.state = parse_editorial_state(param("state"));
  q.kind = parse_kind(param("kind"));
  if (auto a = parse_id(param("author"))) q.author_id = *a;
  if (auto c = parse_id(param("category"))) q.category_id = *c;
  q.title_contains = std::string(trim(param("q"))).substr(0, kMaxTitleFilter);
  if (auto p = parse_id(param("page")))
    q.page = static_cast<int>(std::min<long long>(*p, kMaxListPage));
  auto page = ctx_.editorial.browse(q);
  // Pagination keeps the filters.
  auto link_for = [&](int n) {
    std::string qs = fmt::format("?page={}", n);
    for (auto name : kFilterParams)
      if (auto value = param(name); !value.empty())
        qs += fmt::format("&{}={}", name, percent_encode(value));
    return "/admin/articles" + qs;
  };
  return ctx_.newsroom.render(v, 200, "Articles", "admin/articles.tpl", [&](TemplateDictionary& d) {
    d.SetIntValue("TOTAL"_key, static_cast<long>(page.total));
    d.SetValue("Q"_key, q.title_contains);
    if (ctx_.newsroom.allowed(v, auth::Action::CreateArticle)) d.ShowSection("CAN_CREATE"_key);
    fill_filters(d, q);
    if (page.items.empty()) d.ShowSection("EMPTY"_key);
    for (auto const& row : page.items) {
      auto* r = d.AddSectionDictionary("ROW"_key);
      r->SetIntValue("ID"_key, static_cast<long>(row.id));
      r->SetValue("TITLE"_key, row.title);
      r->SetValue("KIND"_key, std::string(kind_label(row.kind)));
      r->SetValue("STATE"_key, std::string(state_label(row.state)));
      r->SetValue("STATE_CLASS"_key, std::string(to_string(row.state)));
      r->SetValue("AUTHOR"_key, row.author_name);
      r->SetValue("UPDATED"_key, list_time(row.updated_at));
      if (row.state == EditorialState::Published)
        r->AddSectionDictionary("LIVE"_key)
            ->SetValue("URL",
                       row.kind == ArticleKind::Page ? page_url(row.slug) : article_url(row.slug));
    }
    d.SetIntValue("PAGE"_key, page.number);
    d.SetIntValue("PAGES"_key, page.page_count());
    if (page.number > 1)
      d.SetValueAndShowSection("PREV_URL"_key, link_for(page.number - 1), "HAS_PREV");
    if (page.number < page.page_count())
      d.SetValueAndShowSection("NEXT_URL"_key, link_for(page.number + 1), "HAS_NEXT");
  });
}

}  // namespace dossier::publishing
