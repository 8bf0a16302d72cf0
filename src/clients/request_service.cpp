#include "clients/request_service.hpp"

#include <array>

#include <fmt/format.h>
#include <soci/soci.h>

#include "clients/request_store.hpp"
#include "core/strings.hpp"
#include "mail/outbox.hpp"
#include "publishing/restricted_articles.hpp"
#include "security/email.hpp"
#include "security/tokens.hpp"
#include "store/database.hpp"

namespace dossier::clients {

namespace msg {
constexpr char const* kAutomated =
    "Your request could not be accepted because the form was filled in automatically.";
constexpr char const* kFormExpired = "The form had expired. Please send your request again.";
constexpr char const* kTooFast =
    "That was very quick: please check your request, then send it again.";
constexpr char const* kTooOften =
    "You have sent several requests in a short time. Please try again later.";
constexpr char const* kNotText = "The request is not valid text (UTF-8).";
constexpr char const* kNameRequired = "Please give your name (at most {} characters).";
constexpr char const* kBadEmail = "Please give a valid email address, so that we can answer you.";
constexpr char const* kOrganisationRequired =
    "Please name your organisation (at most {} characters).";
constexpr char const* kMessageTooLong = "The message is too long (at most {} characters).";
constexpr char const* kSubjectRequired =
    "Please give the subject of the report you would like (at most {} characters).";
constexpr char const* kDetailsRequired =
    "Please describe the report you would like (at most {} characters).";
constexpr char const* kClientsOnly =
    "Only members of a client organisation can commission reports.";
constexpr char const* kNoSuchRequest = "There is no such request.";
constexpr char const* kIllegalMove = "A request that is {} cannot become {}.";
constexpr char const* kNoteTooLong = "The note is too long (at most {} characters).";
constexpr char const* kChangedMeanwhile =
    "Someone changed this request meanwhile. Reload the page and look again.";
constexpr char const* kNoSuchReport =
    "The delivered report must be a published article that is not public.";
constexpr char const* kDeliveredNeedsCommission =
    "Only a commission is delivered; an access request is granted or declined.";
}  // namespace msg

namespace {

constexpr UnixTime kDay = 24 * 3600;
constexpr char const* kFormPurpose = "portal-request";

struct Name {
  RequestState state;
  char const* text;
  char const* label;
};
constexpr std::array<Name, 5> kStates{
    {{RequestState::New, "new", "New"},
     {RequestState::InDiscussion, "in_discussion", "In discussion"},
     {RequestState::Granted, "granted", "Granted"},
     {RequestState::Declined, "declined", "Declined"},
     {RequestState::Delivered, "delivered", "Delivered"}}};

// A one-line field for mail headers and the newsroom's list: no line breaks or markup.
bool one_line(std::string const& text) {
  return text.find_first_of("\r\n<>") == std::string::npos;
}

}  // namespace

std::string_view to_string(RequestKind kind) {
  return kind == RequestKind::Access ? "access" : "commission";
}
std::string_view to_string(RequestState state) {
  return kStates[static_cast<std::size_t>(state)].text;
}
std::string_view state_label(RequestState state) {
  return kStates[static_cast<std::size_t>(state)].label;
}
std::optional<RequestKind> parse_request_kind(std::string_view text) {
  if (text == "access") return RequestKind::Access;
  if (text == "commission") return RequestKind::Commission;
  return std::nullopt;
}
std::optional<RequestState> parse_request_state(std::string_view text) {
  for (auto const& s : kStates)
    if (text == s.text) return s.state;
  return std::nullopt;
}

RequestService::RequestService(store::Database& db, Clock clock, RequestOptions options,
                               GrantArticle grant)
    : db_(db),
      clock_(std::move(clock)),
      options_(std::move(options)),
      grant_(std::move(grant)),
      per_address_(db, "clients.requests_address", kRequestsPerAddressPerHour,
                   std::chrono::hours(1)) {}

std::string RequestService::form_token(Id article_id) const {
  auto now = clock_();
  return security::sign_link(options_.secret,
                             fmt::format("{}-{}-{}", kFormPurpose, article_id, now),
                             now + kRequestFormMaxAgeDays * kDay);
}

Result<Unit> RequestService::check_form(Id article_id, std::string const& token,
                                        std::string const& honeypot) const {
  if (!honeypot.empty()) return Error{ErrorKind::Forbidden, msg::kAutomated};
  auto now = clock_();
  auto payload = security::verify_link(options_.secret, token, now);
  auto prefix = fmt::format("{}-{}-", kFormPurpose, article_id);
  if (!payload || !payload->starts_with(prefix))
    return Error{ErrorKind::Conflict, msg::kFormExpired};
  auto issued = parse_id(payload->substr(prefix.size())).value_or(0);
  if (now - issued < kRequestMinFillSeconds) return Error{ErrorKind::Conflict, msg::kTooFast};
  return Unit{};
}

bool RequestService::may_move(RequestKind kind, RequestState from, RequestState to) {
  using S = RequestState;
  // Granted, declined and delivered are final: a reader was told, and a new request starts
  // anew. A request the newsroom can answer at once need not be discussed first.
  switch (from) {
    case S::New:
    case S::InDiscussion:
      if (to == S::InDiscussion) return from == S::New;
      if (to == S::Declined) return true;
      if (to == S::Granted) return kind == RequestKind::Access;
      if (to == S::Delivered) return kind == RequestKind::Commission;
      return false;
    default: return false;
  }
}

Result<Unit> RequestService::limit(std::string const& remote_address) {
  auto now = clock_();
  if (per_address_.retry_after(remote_address, now) > 0)
    return Error{ErrorKind::RateLimited, msg::kTooOften};
  per_address_.record(remote_address, now);
  return Unit{};
}

Result<Id> RequestService::request_access(publishing::Viewer const& viewer,
                                          AccessRequestInput const& in) {
  ClientRequest r;
  r.kind = RequestKind::Access;
  r.article_id = in.article_id;
  r.details = std::string(trim(in.message));
  bool client = viewer.kind == publishing::ViewerKind::Client && viewer.client_id != 0;
  if (client) {
    r.member_id = viewer.member_id;
    r.email = viewer.email;
    r.name = viewer.name;
    r.organisation = viewer.client_name;
    r.client_id = viewer.client_id;
  } else {
    r.name = std::string(trim(in.name));
    r.organisation = std::string(trim(in.organisation));
    for (std::string const* text :
         std::initializer_list<std::string const*>{&r.name, &r.organisation, &r.details, &in.email})
      if (!is_valid_utf8(*text)) return invalid(msg::kNotText);
    if (r.name.empty() || r.name.size() > kMaxRequestName || !one_line(r.name))
      return invalid(fmt::format(msg::kNameRequired, kMaxRequestName));
    auto email = security::normalize_email(in.email);
    if (!email) return invalid(msg::kBadEmail);
    r.email = to_lower(*email);
    if (r.organisation.empty() || r.organisation.size() > kMaxRequestOrganisation ||
        !one_line(r.organisation))
      return invalid(fmt::format(msg::kOrganisationRequired, kMaxRequestOrganisation));
    // A subscriber is a known reader, but not a client: their record is not a member's.
  }
  if (!is_valid_utf8(r.details)) return invalid(msg::kNotText);
  if (r.details.size() > kMaxRequestDetails)
    return Error{ErrorKind::TooLarge, fmt::format(msg::kMessageTooLong, kMaxRequestDetails)};
  if (auto limited = limit(in.remote_address); !limited) return limited.error();

  auto now = clock_();
  r.created_at = r.updated_at = now;
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  r.id = RequestStore::insert(sql, r);
  for (auto const& to : RequestStore::desk_addresses(sql)) {
    mail::Mail m;
    m.recipient = to;
    m.subject = fmt::format("Access request: {}", in.article_title);
    m.text_body = fmt::format(
        "{} ({}) of {} asks for access to \"{}\".\n\n{}\n\n{}"
        "Answer it in the newsroom: {}/admin/requests/{}\n",
        r.name, r.email, r.organisation, in.article_title,
        r.details.empty() ? "(no message)" : r.details,
        client ? "They are a member of a client organisation.\n\n" : "", options_.site_url, r.id);
    mail::Outbox::enqueue(sql, m, now);
  }
  tx.commit();
  return r.id;
}

Result<Id> RequestService::commission(publishing::Viewer const& viewer, CommissionInput const& in) {
  if (viewer.kind != publishing::ViewerKind::Client || viewer.client_id == 0)
    return Error{ErrorKind::Forbidden, msg::kClientsOnly};
  ClientRequest r;
  r.kind = RequestKind::Commission;
  r.subject = std::string(trim(in.subject));
  r.details = std::string(trim(in.details));
  if (!is_valid_utf8(r.subject) || !is_valid_utf8(r.details)) return invalid(msg::kNotText);
  if (r.subject.empty() || r.subject.size() > kMaxRequestSubject || !one_line(r.subject))
    return invalid(fmt::format(msg::kSubjectRequired, kMaxRequestSubject));
  if (r.details.empty() || r.details.size() > kMaxRequestDetails)
    return invalid(fmt::format(msg::kDetailsRequired, kMaxRequestDetails));
  if (auto limited = limit(in.remote_address); !limited) return limited.error();
  r.member_id = viewer.member_id;
  r.email = viewer.email;
  r.name = viewer.name;
  r.organisation = viewer.client_name;
  r.client_id = viewer.client_id;
  auto now = clock_();
  r.created_at = r.updated_at = now;
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  r.id = RequestStore::insert(sql, r);
  for (auto const& to : RequestStore::desk_addresses(sql)) {
    mail::Mail m;
    m.recipient = to;
    m.subject = fmt::format("Commission request: {}", r.subject);
    m.text_body = fmt::format(
        "{} ({}) of {} would like a report on \"{}\".\n\n{}\n\n"
        "Answer it in the newsroom: {}/admin/requests/{}\n",
        r.name, r.email, r.organisation, r.subject, r.details, options_.site_url, r.id);
    mail::Outbox::enqueue(sql, m, now);
  }
  tx.commit();
  return r.id;
}

Result<Unit> RequestService::change(Id id, RequestChange const& change) {
  if (change.note.size() > kMaxRequestNote || !is_valid_utf8(change.note))
    return invalid(fmt::format(msg::kNoteTooLong, kMaxRequestNote));
  soci::session sql(db_.pool());
  auto before = RequestStore::find(sql, id);
  if (!before) return not_found(msg::kNoSuchRequest);
  bool moved = change.state != before->state;
  if (moved && !may_move(before->kind, before->state, change.state)) {
    if (change.state == RequestState::Delivered && before->kind == RequestKind::Access)
      return Error{ErrorKind::Conflict, msg::kDeliveredNeedsCommission};
    return Error{ErrorKind::Conflict, fmt::format(msg::kIllegalMove, state_label(before->state),
                                                  state_label(change.state))};
  }
  // What a grant opens: the report asked for, or the one delivered for a commission.
  Id opened = 0;
  if (moved && change.state == RequestState::Granted) opened = before->article_id;
  if (moved && change.state == RequestState::Delivered && change.delivered_article_id > 0) {
    if (!publishing::restricted_by_id(sql, change.delivered_article_id))
      return invalid(msg::kNoSuchReport);
    opened = change.delivered_article_id;
  }
  // The grant is another folder's write, in its own transaction: made first, outside this
  // one (SQLite has one writer: a grant inside would wait on our own lock). A failed grant
  // leaves the request as it was, to be tried again; granting twice grants once.
  if (opened > 0 && before->client_id > 0 && grant_) {
    auto granted = grant_(before->client_id, opened);
    if (!granted) return granted.error();
  }

  store::WriteTransaction tx(sql);
  auto r = RequestStore::find(sql, id);
  if (!r) return not_found(msg::kNoSuchRequest);
  if (r->state != before->state) return Error{ErrorKind::Conflict, msg::kChangedMeanwhile};
  auto now = clock_();
  r->note = std::string(trim(change.note));
  r->updated_at = now;
  if (moved) {
    r->state = change.state;
    if (change.state == RequestState::Delivered)
      r->delivered_article_id = change.delivered_article_id;
    mail::Outbox::enqueue(sql, state_mail(*r), now);
  }
  RequestStore::update(sql, *r);
  tx.commit();
  return Unit{};
}

mail::Mail RequestService::state_mail(ClientRequest const& r) const {
  mail::Mail m;
  m.recipient = r.email;
  auto what = r.kind == RequestKind::Access ? std::string("your request for access")
                                            : fmt::format("your commission \"{}\"", r.subject);
  m.subject = fmt::format("{}: {}", options_.site_title, state_label(r.state));
  std::string text;
  switch (r.state) {
    case RequestState::InDiscussion:
      text = "We are looking at " + what + " and will be in touch.";
      break;
    case RequestState::Granted:
      text = "We have granted " + what + ". Sign in to read it: " + options_.site_url + "/portal";
      break;
    case RequestState::Declined: text = "We are sorry: we cannot take " + what + " further."; break;
    case RequestState::Delivered:
      text = "The report for " + what + " is ready. Sign in to read it: " + options_.site_url +
             "/portal";
      break;
    case RequestState::New: break;
  }
  m.text_body = fmt::format("Hello {},\n\n{}\n\n{}\n", r.name, text, options_.site_title);
  return m;
}

std::optional<ClientRequest> RequestService::read(Id id) {
  soci::session sql(db_.pool());
  return RequestStore::find(sql, id);
}

std::vector<ClientRequest> RequestService::browse(std::optional<RequestState> state) {
  soci::session sql(db_.pool());
  if (!state) return RequestStore::list(sql, RequestStore::By::All, "", 0, kMaxRequestList);
  return RequestStore::list(sql, RequestStore::By::State, std::string(to_string(*state)), 0,
                            kMaxRequestList);
}

std::string RequestService::report_title(Id article_id) {
  if (article_id <= 0) return {};
  soci::session sql(db_.pool());
  auto a = publishing::restricted_by_id(sql, article_id);
  return a ? a->summary.title : std::string();
}

std::vector<ClientRequest> RequestService::of_client(Id client_id) {
  if (client_id <= 0) return {};
  soci::session sql(db_.pool());
  return RequestStore::list(sql, RequestStore::By::Client, "", client_id, kMaxRequestList);
}

}  // namespace dossier::clients
