#include "media/media_handlers.hpp"

#include <ctemplate/template.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/strings.hpp"
#include "render/template_key.hpp"

namespace dossier::media {

using render::operator""_key;

using ctemplate::TemplateDictionary;

namespace msg {
constexpr char const* kNoFile = "Choose an image file to upload.";
constexpr char const* kNoSuchImage = "There is no such image.";
constexpr char const* kTextTooLong =
    "The alt text, caption and credit may be at most {} characters each.";
constexpr char const* kUploaded = "The image was uploaded as number {}.";
constexpr char const* kBusy =
    "Other images are being converted right now. Please upload this one again in {} seconds.";
constexpr char const* kUserBusy =
    "Your earlier uploads are still being converted (at most {} at a time). Please upload this "
    "one again when they are done.";
}  // namespace msg

namespace {

constexpr int kPerPage = 24;

std::string size_text(long long bytes) {
  if (bytes >= 1024 * 1024) return fmt::format("{:.1f} MB", bytes / (1024.0 * 1024.0));
  return fmt::format("{} KB", (bytes + 1023) / 1024);
}

bool text_ok(std::string const& s) {
  return s.size() <= kMaxMediaText && is_valid_utf8(s);
}

// When to try again (RFC 9110, 10.2.3; RFC 6585, 4 for 429): a media thread is free again within
// one image's time budget, however slow the image it is working on.
int retry_after_seconds(UploadLimits const& limits) {
  auto ms = limits.time_budget.count();
  return static_cast<int>(std::max<long long>(1, (ms + 999) / 1000));
}

}  // namespace

MediaHandlers::MediaHandlers(MediaContext ctx)
    : ctx_(std::move(ctx)), library_(ctx_.db, ctx_.events), pool_(ctx_.pool) {
  if (pool_ == nullptr) {
    own_pool_ = std::make_unique<MediaPool>(MediaPoolOptions{});
    pool_ = own_pool_.get();
  }
}

std::optional<Media> MediaHandlers::media_of(admin::Visit& v) {
  auto id = parse_id(v.params.get("id"));
  if (!id) return std::nullopt;
  return library_.find(*id);
}

http::Response MediaHandlers::page(admin::Visit& v, int status, std::string const& error,
                                   std::string const& notice) {
  MediaQuery q;
  q.per_page = kPerPage;
  q.text = std::string(trim(v.request.query_param("q").value_or(""))).substr(0, 200);
  if (auto p = parse_id(v.request.query_param("page").value_or("")))
    q.page = static_cast<int>(std::min(*p, 100000LL));
  // Named members, not a structured binding: clang before 16 cannot capture one in a lambda.
  auto listing = library_.browse(q);
  auto const& items = listing.items;
  auto const total = listing.total;
  return ctx_.newsroom.render(v, status, "Media", "admin/media.tpl", [&](TemplateDictionary& d) {
    d.SetValue("Q"_key, q.text);
    d.SetIntValue("TOTAL"_key, static_cast<long>(total));
    d.SetValue("MAX_SIZE"_key, size_text(static_cast<long long>(ctx_.limits.max_bytes)));
    d.SetValue("MAX_MEGAPIXELS"_key,
               fmt::format("{:g}", static_cast<double>(ctx_.limits.max_pixels) / 1e6));
    if (!error.empty()) d.SetValueAndShowSection("ERROR"_key, error, "HAS_ERROR");
    if (!notice.empty()) d.SetValueAndShowSection("NOTICE"_key, notice, "HAS_NOTICE");
    if (items.empty()) d.ShowSection("EMPTY"_key);
    for (auto const& m : items) {
      auto* item = d.AddSectionDictionary("ITEM"_key);
      item->SetIntValue("ID"_key, static_cast<long>(m.id));
      // The narrowest variant as the thumbnail; the original when there is none.
      auto thumb = m.variants.empty() ? m.file : m.variants.front().file;
      item->SetValue("THUMB_URL"_key, "/media/" + thumb);
      item->SetValue("URL"_key, "/media/" + m.file);
      item->SetValue("ALT"_key, m.alt);
      item->SetValue("CAPTION"_key, m.caption);
      item->SetValue("CREDIT"_key, m.credit);
      item->SetValue("NAME"_key, m.original_name.empty() ? m.file : m.original_name);
      item->SetValue("TYPE"_key, m.mime);
      item->SetIntValue("WIDTH"_key, m.width);
      item->SetIntValue("HEIGHT"_key, m.height);
      item->SetValue("SIZE"_key, size_text(m.bytes));
      item->SetIntValue("VARIANTS"_key, static_cast<long>(m.variants.size()));
      if (ctx_.newsroom.allowed(v, auth::Action::DeleteMedia, {m.uploaded_by}))
        item->ShowSection("CAN_CHANGE"_key);
    }
    int pages = total == 0 ? 1 : static_cast<int>((total + kPerPage - 1) / kPerPage);
    d.SetIntValue("PAGE"_key, q.page);
    d.SetIntValue("PAGES"_key, pages);
    auto link = [&](int n) {
      return fmt::format("/admin/media?page={}{}", n,
                         q.text.empty() ? "" : "&q=" + percent_encode(q.text));
    };
    if (q.page > 1) d.SetValueAndShowSection("PREV_URL"_key, link(q.page - 1), "HAS_PREV");
    if (q.page < pages) d.SetValueAndShowSection("NEXT_URL"_key, link(q.page + 1), "HAS_NEXT");
  });
}

http::Response MediaHandlers::library(admin::Visit& v) {
  std::string notice;
  if (auto id = v.request.query_param("uploaded"); id && parse_id(*id))
    notice = fmt::format(msg::kUploaded, *id);
  return page(v, 200, "", notice);
}

http::Response MediaHandlers::upload(admin::Visit& v) {
  auto const* file = v.form.file("file");
  if (!file || file->value.empty()) return page(v, 400, msg::kNoFile, "");
  auto alt = std::string(trim(v.form.get("alt")));
  auto caption = std::string(trim(v.form.get("caption")));
  auto credit = std::string(trim(v.form.get("credit")));
  if (!text_ok(alt) || !text_ok(caption) || !text_ok(credit))
    return page(v, 400, fmt::format(msg::kTextTooLong, kMaxMediaText), "");
  // The image is converted on a media thread; this request's worker waits for it. The pool
  // bounds how many workers may wait so, so pages always find a free one.
  std::optional<Result<ProcessedImage>> result;
  if (auto refusal = pool_->run(v.user().id, [&] {
        result =
            process_upload(file->value, file->filename, ctx_.media_dir, ctx_.clock(), ctx_.limits);
      }))
    return refused(v, *refusal);
  auto& processed = *result;
  if (!processed)
    return page(v, http::status_for(processed.error().kind), processed.error().message, "");
  auto m = media::media_of(*processed, file->filename);
  m.alt = alt;
  m.caption = caption;
  m.credit = credit;
  m.uploaded_by = v.user().id;
  Id id = 0;
  try {
    id = library_.add(m, ctx_.clock());
  } catch (...) {
    // The files were written before the row: take them away again so nothing is orphaned.
    std::error_code ec;
    std::filesystem::remove(ctx_.media_dir / m.file, ec);
    for (auto const& var : m.variants) std::filesystem::remove(ctx_.media_dir / var.file, ec);
    throw;
  }
  spdlog::info("{} uploaded image {} ({})", v.user().email, id, m.file);
  return admin::Newsroom::see_other(fmt::format("/admin/media?uploaded={}", id));
}

http::Response MediaHandlers::refused(admin::Visit& v, Refusal why) {
  int wait = retry_after_seconds(ctx_.limits);
  // 503 when the server as a whole has no room (RFC 9110, 15.6.4), 429 when this user has sent
  // too many (RFC 6585, 4); both say when to try again.
  auto res = why == Refusal::Busy
                 ? page(v, 503, fmt::format(msg::kBusy, wait), "")
                 : page(v, 429, fmt::format(msg::kUserBusy, pool_->options().per_user), "");
  res.set_header("Retry-After", std::to_string(wait));
  spdlog::info("{}: upload refused ({}), retry after {} s", v.user().email,
               why == Refusal::Busy ? "media queue full" : "uploads in flight", wait);
  return res;
}

http::Response MediaHandlers::edit(admin::Visit& v) {
  auto m = media_of(v);
  if (!m) return ctx_.newsroom.message(v, 404, "Not found", msg::kNoSuchImage);
  if (!ctx_.newsroom.allowed(v, auth::Action::DeleteMedia, {m->uploaded_by}))
    return ctx_.newsroom.refused(v, auth::Action::DeleteMedia);
  auto alt = std::string(trim(v.form.get("alt")));
  auto caption = std::string(trim(v.form.get("caption")));
  auto credit = std::string(trim(v.form.get("credit")));
  if (!text_ok(alt) || !text_ok(caption) || !text_ok(credit))
    return page(v, 400, fmt::format(msg::kTextTooLong, kMaxMediaText), "");
  if (auto done = library_.set_text(m->id, alt, caption, credit); !done)
    return ctx_.newsroom.message(v, 404, "Not found", done.error().message);
  return admin::Newsroom::see_other("/admin/media");
}

http::Response MediaHandlers::destroy(admin::Visit& v) {
  auto m = media_of(v);
  if (!m) return ctx_.newsroom.message(v, 404, "Not found", msg::kNoSuchImage);
  if (!ctx_.newsroom.allowed(v, auth::Action::DeleteMedia, {m->uploaded_by}))
    return ctx_.newsroom.refused(v, auth::Action::DeleteMedia);
  if (auto done = library_.remove(m->id); !done)
    return page(v, http::status_for(done.error().kind), done.error().message, "");
  std::error_code ec;
  std::filesystem::remove(ctx_.media_dir / m->file, ec);
  for (auto const& var : m->variants) std::filesystem::remove(ctx_.media_dir / var.file, ec);
  return admin::Newsroom::see_other("/admin/media");
}

}  // namespace dossier::media
