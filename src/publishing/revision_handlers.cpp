#include "publishing/revision_handlers.hpp"

#include <ctemplate/template.h>
#include <fmt/format.h>

#include "core/strings.hpp"
#include "core/text_diff.hpp"
#include "render/template_key.hpp"

namespace dossier::publishing {

using render::operator""_key;

namespace {

using ctemplate::TemplateDictionary;

constexpr char const* kNoSuchRevision = "There is no such revision.";

// What a revision's diff compares: the headline, the dek and the body, as one text.
std::string text_of(ArticleInput const& in) {
  return fmt::format("# {}\n\n{}\n\n{}", in.title, in.dek, in.body_markdown);
}

void fill_hunks(TemplateDictionary& d, std::vector<core::DiffHunk> const& hunks) {
  if (hunks.empty()) d.ShowSection("SAME"_key);
  for (auto const& h : hunks) {
    auto* hd = d.AddSectionDictionary("HUNK"_key);
    hd->SetValue("HEADER"_key, fmt::format("Lines {}–{}", h.new_start,
                                           h.new_start + std::max(0, h.new_count - 1)));
    for (auto const& line : h.lines) {
      auto* ld = hd->AddSectionDictionary("LINE"_key);
      ld->SetValue("TEXT"_key, line.text);
      ld->SetValue("CLASS"_key, line.op == core::DiffOp::Added     ? "added"
                                : line.op == core::DiffOp::Removed ? "removed"
                                                                   : "same");
      ld->SetValue("MARK"_key, line.op == core::DiffOp::Added     ? "+"
                               : line.op == core::DiffOp::Removed ? "−"
                                                                  : " ");
      ld->SetValue("SR_MARK"_key, line.op == core::DiffOp::Added     ? "Added: "
                                  : line.op == core::DiffOp::Removed ? "Removed: "
                                                                     : "");
    }
  }
}

}  // namespace

http::Response RevisionHandlers::browse(admin::Visit& v) {
  auto current = draft_of(ctx_.editorial, v);
  if (!current) return ctx_.newsroom.message(v, 404, "Not found", newsroom_msg::kNoSuchArticle);
  if (!ctx_.newsroom.allowed(v, auth::Action::EditArticle, {current->input.author_id}))
    return ctx_.newsroom.refused(v, auth::Action::EditArticle);
  auto list = ctx_.editorial.revisions(current->id);
  return ctx_.newsroom.render(
      v, 200, "Revisions", "admin/revisions.tpl", [&](TemplateDictionary& d) {
        d.SetIntValue("ID"_key, static_cast<long>(current->id));
        d.SetValue("ARTICLE_TITLE"_key, current->input.title);
        for (std::size_t i = 0; i < list.size(); ++i) {
          auto const& r = list[i];
          auto* row = d.AddSectionDictionary("REVISION"_key);
          row->SetIntValue("REV"_key, static_cast<long>(r.id));
          row->SetIntValue("ID"_key, static_cast<long>(current->id));
          row->SetValue("WHEN"_key, list_time(r.created_at));
          row->SetValue("WHO"_key, r.user_name.empty() ? "Dossier" : r.user_name);
          row->SetValue("NOTE"_key, r.note);
          row->SetValue("TITLE"_key, r.title);
          if (i + 1 < list.size())
            row->SetValueAndShowSection("AGAINST"_key, std::to_string(list[i + 1].id),
                                        "HAS_PREVIOUS");
          if (i == 0) row->ShowSection("IS_CURRENT"_key);
        }
      });
}

http::Response RevisionHandlers::read(admin::Visit& v) {
  auto current = draft_of(ctx_.editorial, v);
  auto rev_id = parse_id(v.params.get("rev"));
  auto rev = rev_id ? ctx_.editorial.revision(*rev_id) : std::nullopt;
  if (!current || !rev || rev->article_id != current->id)
    return ctx_.newsroom.message(v, 404, "Not found", kNoSuchRevision);
  if (!ctx_.newsroom.allowed(v, auth::Action::EditArticle, {current->input.author_id}))
    return ctx_.newsroom.refused(v, auth::Action::EditArticle);
  // Compared with ?against=REV, else with the current text.
  std::optional<Revision> other;
  if (auto against = parse_id(v.request.query_param("against").value_or("")))
    other = ctx_.editorial.revision(*against);
  if (other && other->article_id != current->id) other.reset();
  auto old_label =
      other ? fmt::format("revision {}", other->summary.id) : std::string("current text");
  auto this_label = fmt::format("revision {}", rev->summary.id);
  // The old version on the left: "against" is older in the list's links.
  auto left = other ? text_of(other->input) : text_of(rev->input);
  auto right = other ? text_of(rev->input) : text_of(current->input);
  auto lines = core::diff_lines(left, right);
  auto stats = core::diff_stats(lines);
  return ctx_.newsroom.render(v, 200, "Revision", "admin/revision.tpl", [&](TemplateDictionary& d) {
    d.SetIntValue("ID"_key, static_cast<long>(current->id));
    d.SetIntValue("REV"_key, static_cast<long>(rev->summary.id));
    d.SetIntValue("BASE_REVISION"_key, static_cast<long>(current->revision_id));
    d.SetValue("ARTICLE_TITLE"_key, current->input.title);
    d.SetValue("WHEN"_key, list_time(rev->summary.created_at));
    d.SetValue("WHO"_key, rev->summary.user_name.empty() ? "Dossier" : rev->summary.user_name);
    d.SetValue("LEFT_LABEL"_key, other ? old_label : this_label);
    d.SetValue("RIGHT_LABEL"_key, other ? this_label : old_label);
    d.SetIntValue("ADDED"_key, stats.added);
    d.SetIntValue("REMOVED"_key, stats.removed);
    fill_hunks(d, core::group_hunks(lines));
    if (rev->summary.id != current->revision_id &&
        ctx_.newsroom.allowed(v, auth::Action::EditArticle, target_of(*current)))
      d.ShowSection("CAN_RESTORE"_key);
  });
}

http::Response RevisionHandlers::restore(admin::Visit& v) {
  auto current = draft_of(ctx_.editorial, v);
  auto rev_id = parse_id(v.params.get("rev"));
  if (!current || !rev_id)
    return ctx_.newsroom.message(v, 404, "Not found", newsroom_msg::kNoSuchArticle);
  if (!ctx_.newsroom.allowed(v, auth::Action::EditArticle, target_of(*current)))
    return ctx_.newsroom.refused(v, auth::Action::EditArticle);
  auto base = parse_id(v.form.get("base_revision")).value_or(0);
  auto restored = ctx_.editorial.restore(current->id, *rev_id, base, v.user().id);
  if (!restored)
    return ctx_.newsroom.message(v, http::status_for(restored.error().kind), "Not restored",
                                 restored.error().message);
  return admin::Newsroom::see_other(fmt::format("/admin/articles/{}?saved=1", current->id));
}

}  // namespace dossier::publishing
