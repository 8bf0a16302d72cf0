#include "insight/insight_admin_handlers.hpp"

#include <ctemplate/template.h>
#include <fmt/format.h>

#include "core/strings.hpp"
#include "publishing/urls.hpp"
#include "render/template_key.hpp"

namespace dossier::insight {

using render::operator""_key;

using ctemplate::TemplateDictionary;

namespace {

constexpr int kListed = 100;

void fill(TemplateDictionary* d, EntityRef const& e) {
  d->SetIntValue("ID"_key, static_cast<long>(e.id));
  d->SetValue("NAME"_key, e.name);
  d->SetValue("KIND"_key, std::string(to_string(e.kind)));
  d->SetValue("SLUG"_key, e.slug);
  d->SetValue("URL"_key, entity_url(e.kind, e.slug));
  d->SetValue("ROLE"_key, e.role.value_or(""));
  d->SetIntValue("COUNT"_key, static_cast<long>(e.count));
}

// "person/maria-ellison" or a bare slug: the entity it names.
std::optional<EntityRef> entity_named(InsightService& insight, std::string const& text) {
  auto t = std::string(trim(text));
  auto slash = t.find('/');
  if (slash == std::string::npos) return insight.find_entity(std::nullopt, t);
  auto kind = parse_entity_kind(t.substr(0, slash));
  if (!kind) return std::nullopt;
  return insight.find_entity(kind, t.substr(slash + 1));
}

}  // namespace

http::Response InsightAdminHandlers::entities_page(admin::Visit& v, int status,
                                                   std::string const& error) {
  auto kind_text = v.request.query_param("kind").value_or("");
  auto words = v.request.query_param("q").value_or("").substr(0, 200);
  auto kind = parse_entity_kind(kind_text);
  auto list = insight_.search_entities(kind, words, kListed);
  return newsroom_.render(v, status, "Entities", "admin/entities.tpl", [&](TemplateDictionary& d) {
    if (!error.empty()) d.SetValueAndShowSection("ERROR"_key, error, "HAS_ERROR");
    if (v.request.query_param("done"))
      d.SetValueAndShowSection("NOTICE"_key, "Saved.", "HAS_NOTICE");
    d.SetValue("Q"_key, words);
    for (auto k : {"person", "country", "organization"}) {
      auto* option = d.AddSectionDictionary("KIND_OPTION"_key);
      option->SetValue("VALUE"_key, k);
      if (kind_text == k) option->ShowSection("SELECTED"_key);
    }
    if (list.empty()) d.ShowSection("EMPTY"_key);
    for (auto const& e : list) fill(d.AddSectionDictionary("ENTITY"_key), e);
  });
}

http::Response InsightAdminHandlers::entities(admin::Visit& v) {
  return entities_page(v, 200, "");
}

http::Response InsightAdminHandlers::change(admin::Visit& v) {
  auto id = parse_id(v.params.get("id"));
  if (!id) return entities_page(v, 404, "There is no such entity.");
  auto action = v.form.get("action");
  Result<Unit> done = Unit{};
  if (action == "rename") {
    done = insight_.rename(*id, v.form.get("name"));
  } else if (action == "role") {
    done = insight_.set_role(*id, v.form.get("role"));
  } else if (action == "hide" || action == "show") {
    done = insight_.set_hidden(*id, action == "hide");
  } else if (action == "merge") {
    auto into = entity_named(insight_, v.form.get("into"));
    if (!into)
      return entities_page(
          v, 400, "Name the entity to merge into as kind/slug, e.g. person/maria-ellison.");
    done = insight_.merge(*id, into->id);
  } else {
    return entities_page(v, 400, "Choose what to do with the entity.");
  }
  if (!done) return entities_page(v, http::status_for(done.error().kind), done.error().message);
  return admin::Newsroom::see_other("/admin/entities?done=1");
}

http::Response InsightAdminHandlers::quotes(admin::Visit& v) {
  auto article = parse_id(v.request.query_param("article").value_or(""));
  std::optional<ArticleInsight> found;
  if (article) found = insight_.for_article(*article);
  return newsroom_.render(
      v, found || !article ? 200 : 404, "Quotations", "admin/insight_quotes.tpl",
      [&](TemplateDictionary& d) {
        if (v.request.query_param("done"))
          d.SetValueAndShowSection("NOTICE"_key, "Saved.", "HAS_NOTICE");
        if (!found) {
          d.ShowSection("NO_ARTICLE"_key);
          return;
        }
        d.SetIntValue("ARTICLE_ID"_key, static_cast<long>(*article));
        for (auto const& q : found->quotes) {
          auto* row = d.AddSectionDictionary("QUOTE"_key);
          row->SetIntValue("ID"_key, static_cast<long>(q.id));
          row->SetValue("TEXT"_key, q.text);
          row->SetValue(
              "SPEAKER",
              q.speaker ? std::string(to_string(q.speaker->kind)) + "/" + q.speaker->slug : "");
          row->SetValue("SPEAKER_NAME"_key, q.speaker ? q.speaker->name : "nobody named");
        }
      });
}

http::Response InsightAdminHandlers::speaker(admin::Visit& v) {
  auto id = parse_id(v.params.get("id"));
  if (!id) return entities_page(v, 404, "There is no such quotation.");
  // The article only says where to go back to; it is checked before anything is saved, and
  // the address is built from the number, never from the field's text (a CR/LF in it once
  // reached the Location header).
  auto article = parse_id(v.form.get("article"));
  if (!article) return entities_page(v, 400, "The form's article number is not valid.");
  // A new institution speaker, typed by name ("Ruritanian authorities"), wins over the kind/slug
  // field: the site may not know it yet.
  if (auto institution = std::string(trim(v.form.get("institution"))); !institution.empty()) {
    auto done = insight_.correct_speaker_institution(*id, institution, v.form.get("country"));
    if (!done) return entities_page(v, http::status_for(done.error().kind), done.error().message);
    return admin::Newsroom::see_other(fmt::format("/admin/quotes?article={}&done=1", *article));
  }
  auto text = std::string(trim(v.form.get("speaker")));
  std::optional<Id> speaker;
  if (!text.empty()) {
    auto e = entity_named(insight_, text);
    if (!e) return entities_page(v, 400, "No entity is named " + text + ".");
    speaker = e->id;
  }
  auto done = insight_.correct_speaker(*id, speaker);
  if (!done) return entities_page(v, http::status_for(done.error().kind), done.error().message);
  return admin::Newsroom::see_other(fmt::format("/admin/quotes?article={}&done=1", *article));
}

}  // namespace dossier::insight
