#include "app/reader_wiring.hpp"

#include "admin/newsroom.hpp"
#include "app/portal_routes.hpp"
#include "app/report_wiring.hpp"
#include "auth/auth_service.hpp"
#include "clients/audit_trail.hpp"
#include "clients/client_service.hpp"
#include "clients/request_handlers.hpp"
#include "http/form.hpp"
#include "http/request.hpp"
#include "publishing/article_sections.hpp"
#include "publishing/publishing_service.hpp"
#include "reports/pdf_stamp.hpp"
#include "reports/report_handlers.hpp"
#include "reports/report_service.hpp"

namespace dossier::app {

publishing::Viewer viewer_of(http::Request const& req, clients::ClientService& clients,
                             auth::AuthService& auth) {
  if (auto token = http::cookie(req, admin::kSessionCookie); !token.empty()) {
    if (auto session = auth.authenticate(token)) {
      publishing::Viewer v;
      v.kind = publishing::ViewerKind::Newsroom;
      v.email = session->user.email;
      v.name = session->user.name;
      return v;
    }
  }
  return clients.viewer(req);
}

void wire_readers(publishing::ArticleSections& sections, Reports& reports, Portal& portal,
                  std::function<publishing::Viewer(http::Request const&)> viewer) {
  sections.set_viewer(std::move(viewer));
  sections.set_on_restricted_read(
      [&portal](publishing::Viewer const& v, publishing::ArticleView const& view) {
        portal.audit().record_view(v, view.article.id);
      });
  sections.add(
      "access box",
      [&portal](ctemplate::TemplateDictionary& d, publishing::ArticleView const& view) {
        portal.requests().fill_access_box(d, view, view.reader);
      },
      publishing::OnTeaser::Shown);
  reports.handlers->set_reader_counts(
      [&portal](publishing::Id id) -> std::optional<reports::ReaderCounts> {
        auto c = portal.audit().counts(id);
        return reports::ReaderCounts{c.views, c.downloads};
      });
}

Result<std::string> stamped_pdf(Reports& reports, clients::Id article,
                                clients::PdfStamp const& stamp) {
  auto file = reports.service->pdf(article);
  if (!file) return file.error();
  return reports::stamp_file(*file,
                             {stamp.organisation, stamp.email, stamp.date, stamp.download_id});
}

}  // namespace dossier::app
