#pragma once

// Readers' requests (table client_requests): access to one report, asked from its teaser by
// anyone (a reader who is not a client gives a name, an address and an organisation), and
// commissions of new reports, asked by clients from the portal. The newsroom moves each
// through its states; mail goes both ways through the outbox, queued in the transaction of
// the change: to the newsroom when a request arrives, to the reader when its state changes.
// No HTTP here (request_handlers.*); SQL in request_store.*.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clients/portal_types.hpp"
#include "security/rate_limiter.hpp"

namespace dossier::mail {
struct Mail;
}
namespace dossier::store {
class Database;
}

namespace dossier::clients {

enum class RequestKind { Access, Commission };
// new -> in_discussion -> granted | declined | delivered (request_service.cpp: transitions).
enum class RequestState { New, InDiscussion, Granted, Declined, Delivered };

std::string_view to_string(RequestKind kind);
std::string_view to_string(RequestState state);
std::optional<RequestKind> parse_request_kind(std::string_view text);
std::optional<RequestState> parse_request_state(std::string_view text);
// "In discussion" ... for people.
std::string_view state_label(RequestState state);

constexpr std::size_t kMaxRequestName = 120;
constexpr std::size_t kMaxRequestOrganisation = 200;
constexpr std::size_t kMaxRequestSubject = 200;
constexpr std::size_t kMaxRequestDetails = 5'000;
constexpr std::size_t kMaxRequestNote = 5'000;
// Requests one address may send an hour (access requests and commissions together).
constexpr int kRequestsPerAddressPerHour = 5;
// The anonymous form's signed time: a form sent sooner after it was made is a robot's, one
// older than this was kept open too long (or copied) and is refreshed.
constexpr int kRequestMinFillSeconds = 3;
constexpr int kRequestFormMaxAgeDays = 30;
// The most requests a newsroom list or a portal list shows.
constexpr int kMaxRequestList = 200;

struct ClientRequest {
  Id id = 0;
  RequestKind kind = RequestKind::Access;
  Id article_id = 0;
  std::string subject;
  std::string details;
  Id member_id = 0;
  std::string email;
  std::string name;
  std::string organisation;
  Id client_id = 0;
  RequestState state = RequestState::New;
  std::string note;
  Id delivered_article_id = 0;
  UnixTime created_at = 0;
  UnixTime updated_at = 0;
};

// What an access request's form sends.
struct AccessRequestInput {
  Id article_id = 0;
  std::string article_title;  // for the newsroom's mail
  std::string name;           // a reader who is not a client
  std::string email;
  std::string organisation;
  std::string message;
  std::string remote_address;
};

struct CommissionInput {
  std::string subject;
  std::string details;
  std::string remote_address;
};

// What the newsroom changes on one request.
struct RequestChange {
  RequestState state = RequestState::New;
  std::string note;
  Id delivered_article_id = 0;  // delivered commissions: the report made for it (0 = none)
};

struct RequestOptions {
  std::string secret;    // signs the anonymous form's time
  std::string site_url;  // links in mail, no trailing slash
  std::string site_title;
};

class RequestService {
 public:
  // grant may be empty (tools without client grants): then "granted" and "delivered" change
  // the state only.
  RequestService(store::Database& db, Clock clock, RequestOptions options, GrantArticle grant);

  // The anonymous form's token: the signed time it was made, for one article.
  std::string form_token(Id article_id) const;
  // Checks an anonymous form's token and honeypot (Forbidden, Conflict) before anything else.
  Result<Unit> check_form(Id article_id, std::string const& token,
                          std::string const& honeypot) const;

  // A request for one report. A client member's name and address come from the viewer; any
  // other reader gives them.
  Result<Id> request_access(publishing::Viewer const& viewer, AccessRequestInput const& in);
  // A commission: client members only.
  Result<Id> commission(publishing::Viewer const& viewer, CommissionInput const& in);

  // The newsroom moves a request on. An illegal transition is a Conflict and changes nothing.
  Result<Unit> change(Id id, RequestChange const& change);

  std::optional<ClientRequest> read(Id id);
  // Newest first; all states when `state` is empty.
  std::vector<ClientRequest> browse(std::optional<RequestState> state);
  std::vector<ClientRequest> of_client(Id client_id);
  // The title of a requested report (restricted and published), or empty.
  std::string report_title(Id article_id);

  // Whether `from` may become `to` for a request of `kind`.
  static bool may_move(RequestKind kind, RequestState from, RequestState to);

 private:
  Result<Unit> limit(std::string const& remote_address);
  mail::Mail state_mail(ClientRequest const& r) const;
  store::Database& db_;
  Clock clock_;
  RequestOptions options_;
  GrantArticle grant_;
  security::RateLimiter per_address_;
};

}  // namespace dossier::clients
