#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "auth/password.hpp"
#include "clients/client.hpp"
#include "clients/client_store.hpp"
#include "core/result.hpp"
#include "http/request.hpp"
#include "publishing/access.hpp"
#include "security/rate_limiter.hpp"

namespace dossier::store {
class Database;
}

namespace dossier::newsletter {
struct ConfirmedSubscriber;
}

namespace soci {
class session;
}

namespace dossier::clients {

using Clock = std::function<UnixTime()>;

// The reader's session cookie. The newsroom's gate reads only `dossier_session`
// (admin/newsroom.hpp), so this cookie never opens an /admin page; the page cache passes any
// request carrying it to the handlers (app/cached_site.hpp).
constexpr char const* kReaderCookie = "dossier_reader";
constexpr char const* kCsrfField = "_csrf";

constexpr std::size_t kMaxClientNameLength = 120;
constexpr std::size_t kMaxMemberNameLength = 120;
constexpr std::size_t kMaxNoteLength = 2000;
constexpr int kMaxSeats = 100'000;

struct ClientOptions {
  auth::PasswordCost cost;
  // As the newsroom's sessions (auth::AuthOptions).
  std::chrono::seconds session_idle{std::chrono::hours(24)};
  std::chrono::seconds session_absolute{std::chrono::hours(24 * 14)};
  // A mailed sign-in link works once, for this long.
  std::chrono::seconds link_ttl{std::chrono::minutes(30)};
  // Posts of the sign-in form per network address, links mailed per address (email), and
  // failed passwords per member, within the window (as auth's logins).
  int attempts_per_address = 20;
  int links_per_email = 5;
  int failures_per_member = 5;
  std::chrono::seconds attempt_window{std::chrono::minutes(15)};
  std::string site_url = "http://127.0.0.1:8080";  // for links in mail and on the CLI
  std::string site_title = "Dossier";
};

// A signed-in reader: a client member with their organisation, or a confirmed newsletter
// subscriber (subscriber_id set; `member` then carries only the address, with id 0, and
// `client` is empty); and the session's CSRF token.
struct ReaderSession {
  Member member;
  Client client;
  std::string csrf_token;
  Id subscriber_id = 0;
  bool is_subscriber() const { return subscriber_id != 0; }
};

struct ReaderLogin {
  std::string token;  // the cookie value; never stored
  Member member;      // a subscriber's: only the address (id 0)
  Id subscriber_id = 0;
};

// Whom a sign-in link signs in, as its page names them: a client member (with their
// organisation's name) or a confirmed newsletter subscriber (subscriber_id set; `member`
// carries only the address, with id 0).
struct LinkHolder {
  Member member;
  std::string client_name;
  Id subscriber_id = 0;
  bool is_subscriber() const { return subscriber_id != 0; }
};

// Client organisations, their members and grants, sign-in links and reader sessions: the
// rules; SQL is in client_store. Safe to call from several request threads at once: each
// call borrows its own database session, and the rate limiters hold their own mutex.
class ClientService {
 public:
  ClientService(store::Database& db, Clock clock, ClientOptions options);

  // Organisations. A name is unique without regard to case.
  Result<Client> add_client(ClientInput const& input);
  // Changes seats, contract end and note (not the name). Fewer seats than active members is
  // refused: remove members first.
  Result<Unit> edit_client(Id client_id, ClientInput const& input);
  std::vector<Client> clients();
  std::optional<Client> client(Id id);
  std::optional<Client> client_by_name(std::string const& name);

  // Members. Adding an address that is an active member anywhere is refused; a removed
  // member comes back (to this organisation). Refused past the seat limit.
  Result<Member> add_member(Id client_id, std::string const& email, std::string const& name);
  // Removing ends the member's sessions and unused links, and frees the seat.
  Result<Unit> remove_member(Id client_id, Id member_id);
  Result<Unit> set_member_password(Id member_id, std::string const& password);
  std::vector<Member> members(Id client_id);
  std::optional<Member> member_by_email(std::string const& email);

  // Grants. A grant of the same scope and target as a live one replaces it (its window is
  // the new one). The target must exist: the caller resolves slugs (clients/catalog.hpp).
  Result<Id> grant(Id client_id, publishing::Grant const& grant);
  // Revokes the live grants of one scope and target; NotFound when there is none.
  Result<Unit> revoke(Id client_id, publishing::GrantScope scope, Id target);
  Result<Unit> revoke_grant(Id client_id, Id grant_id);
  std::vector<GrantRecord> grants(Id client_id);

  // A one-time sign-in link (absolute URL) for an active member of an active organisation,
  // for the newsroom or the CLI to hand on. `next` (a local path) rides along in the link.
  Result<std::string> sign_in_link(Id member_id, std::string const& next = {});
  // The sign-in form: queues a mail with a link when `email` is an active member of an
  // active organisation, or else a confirmed newsletter subscriber (asked of newsletter/), in
  // the same transaction as the link. The answer is the same either way (no account
  // discovery); only rate limits and a malformed address are errors.
  Result<Unit> request_link(std::string const& email, std::string const& remote_address,
                            std::string const& next = {});
  // Whom a link signs in, when it is unused, unexpired and its member may sign in (or its
  // subscriber is still confirmed).
  std::optional<LinkHolder> link_holder(std::string const& token);
  // Consumes the link (once) and opens a reader session. Other unused links of the member
  // stop working too: one sign-in closes every door the earlier requests opened.
  Result<ReaderLogin> use_link(std::string const& token, std::string const& remote_address,
                               std::string const& user_agent);
  // Members with a password may sign in with it. Rate limits are checked before hashing.
  Result<ReaderLogin> sign_in_with_password(std::string const& email, std::string const& password,
                                            std::string const& remote_address,
                                            std::string const& user_agent);

  // The live session of a cookie value: unknown, expired, a removed member, a subscriber who
  // unsubscribed or bounced since -> nullopt. Refreshes the idle clock at most once a minute.
  std::optional<ReaderSession> authenticate(std::string const& token);
  // The reader of a request (its dossier_reader cookie) for publishing::access_to: a Client
  // viewer with the organisation's live grants and the session's CSRF token, a Subscriber
  // viewer (address and CSRF token; member_id 0, no organisation), or Anonymous when there is
  // no live session.
  publishing::Viewer viewer(http::Request const& request);
  publishing::Viewer viewer_for_token(std::string const& token);
  // The reader a member is now, without a session (their private feed): nullopt for an
  // unknown or removed member.
  std::optional<publishing::Viewer> viewer_of_member(Id member_id);
  void sign_out(std::string const& token);
  // Deletes expired sessions and links (a job in app/); returns the sessions deleted.
  long long delete_expired_sessions();

  ClientOptions const& options() const { return options_; }

 private:
  static constexpr UnixTime kTouchInterval = 60;
  Result<ReaderLogin> open_session(Member const& member, Id subscriber_id,
                                   std::string const& remote_address,
                                   std::string const& user_agent);
  std::string link_url(std::string const& token, std::string const& next) const;
  // Stores a subscriber's link and queues its mail, in the caller's transaction.
  void mail_subscriber_link(soci::session& sql, newsletter::ConfirmedSubscriber const& subscriber,
                            std::string const& next, UnixTime now);
  // Whom an unused, unexpired link signs in, if they may sign in now.
  std::optional<LinkHolder> holder_of(soci::session& sql, LinkRow const& link, UnixTime now);
  store::Database& db_;
  Clock clock_;
  ClientOptions options_;
  security::RateLimiter per_address_;
  security::RateLimiter per_email_;
  security::RateLimiter per_member_;
};

}  // namespace dossier::clients
