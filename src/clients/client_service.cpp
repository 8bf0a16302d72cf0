#include "clients/client_service.hpp"

#include <fmt/format.h>
#include <soci/soci.h>

#include "clients/client_store.hpp"
#include "core/slug.hpp"
#include "core/strings.hpp"
#include "http/form.hpp"
#include "http/response.hpp"
#include "mail/outbox.hpp"
#include "newsletter/subscribers.hpp"
#include "security/email.hpp"
#include "security/tokens.hpp"
#include "store/database.hpp"

namespace dossier::clients {

// Words for the person who caused each outcome (STYLE.md: one table per module).
namespace msg {
constexpr char const* kNameMissing = "Please enter the organisation's name.";
constexpr char const* kNameTooLong = "The name is too long (at most {} characters).";
constexpr char const* kNameTaken = "There is already a client named {}.";
constexpr char const* kNoteTooLong = "The note is too long (at most {} characters).";
constexpr char const* kBadSeats = "The number of seats must be between 0 and {}.";
constexpr char const* kNoSuchClient = "There is no such client organisation.";
constexpr char const* kSeatsBelowMembers =
    "{} has {} active members: remove some before lowering its seats to {}.";
constexpr char const* kBadEmail = "Please enter a valid email address.";
constexpr char const* kMemberNameTooLong = "The member's name is too long (at most {} characters).";
constexpr char const* kAlreadyMember = "{} is already a member of {}.";
constexpr char const* kSeatsFull =
    "{} has no free seat: its {} seats are taken. Remove a member or add seats first.";
constexpr char const* kNoSuchMember = "There is no such member.";
constexpr char const* kBadTarget = "A grant of everything has no target; other grants need one.";
constexpr char const* kBadWindow = "The grant's start must come before its end.";
constexpr char const* kNoSuchGrant = "The client holds no such grant.";
constexpr char const* kCannotSignIn =
    "This member cannot sign in: they were removed, or their organisation's contract ended.";
constexpr char const* kTooManyFromAddress =
    "Too many sign-in attempts from your network. Please try again in {} minutes.";
constexpr char const* kTooManyForEmail =
    "Too many sign-in links were asked for this address. Please try again in {} minutes.";
constexpr char const* kTooManyFailures =
    "Too many failed sign-in attempts for this address. Please try again in {} minutes, or "
    "ask for a sign-in link.";
constexpr char const* kBadLogin = "The email address or password is not right.";
constexpr char const* kLinkInvalid =
    "This sign-in link is not valid any more: it was used, it expired (links work for {} "
    "minutes), or your membership ended. Ask for a new one.";
}  // namespace msg

namespace {

long long minutes(long long seconds) {
  return (seconds + 59) / 60;
}

bool may_sign_in(StoredMember const& m, std::optional<Client> const& c, UnixTime now) {
  return m.member.status == MemberStatus::Active && c && c->active_at(now);
}

// Why a typed organisation is refused, or nullopt.
std::optional<Error> client_problem(ClientInput const& in) {
  if (in.seats && (*in.seats < 0 || *in.seats > kMaxSeats))
    return invalid(fmt::format(msg::kBadSeats, kMaxSeats));
  if (in.note.size() > kMaxNoteLength || !is_valid_utf8(in.note))
    return invalid(fmt::format(msg::kNoteTooLong, kMaxNoteLength));
  return std::nullopt;
}

}  // namespace

ClientService::ClientService(store::Database& db, Clock clock, ClientOptions options)
    : db_(db),
      clock_(std::move(clock)),
      options_(std::move(options)),
      per_address_(db, "clients.sign_in_address", options_.attempts_per_address,
                   options_.attempt_window),
      per_email_(db, "clients.links_email", options_.links_per_email, options_.attempt_window),
      per_member_(db, "clients.sign_in_member", options_.failures_per_member,
                  options_.attempt_window) {}

Result<Client> ClientService::add_client(ClientInput const& input) {
  auto name = std::string(trim(input.name));
  if (name.empty() || !is_valid_utf8(name)) return invalid(msg::kNameMissing);
  if (name.size() > kMaxClientNameLength)
    return invalid(fmt::format(msg::kNameTooLong, kMaxClientNameLength));
  if (auto problem = client_problem(input)) return *problem;
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  if (auto taken = ClientStore::find_client_by_name(sql, name))
    return Error{ErrorKind::Conflict, fmt::format(msg::kNameTaken, taken->name)};
  Client c;
  c.name = name;
  c.seats = input.seats;
  c.until = input.until;
  c.note = input.note;
  auto base = make_slug(name);
  c.slug = base;
  for (int n = 2; ClientStore::slug_taken(sql, c.slug); ++n) c.slug = fmt::format("{}-{}", base, n);
  c.created_at = clock_();
  c.id = ClientStore::insert_client(sql, c, c.created_at);
  tx.commit();
  return c;
}

Result<Unit> ClientService::edit_client(Id client_id, ClientInput const& input) {
  if (auto problem = client_problem(input)) return *problem;
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  auto found = ClientStore::find_client(sql, client_id);
  if (!found) return not_found(msg::kNoSuchClient);
  if (input.seats) {
    auto active = ClientStore::count_active_members(sql, client_id);
    if (active > *input.seats)
      return Error{ErrorKind::Conflict,
                   fmt::format(msg::kSeatsBelowMembers, found->name, active, *input.seats)};
  }
  ClientStore::update_client(sql, client_id, input.seats, input.until, input.note);
  tx.commit();
  return Unit{};
}

std::vector<Client> ClientService::clients() {
  soci::session sql(db_.pool());
  return ClientStore::all_clients(sql);
}

std::optional<Client> ClientService::client(Id id) {
  soci::session sql(db_.pool());
  return ClientStore::find_client(sql, id);
}

std::optional<Client> ClientService::client_by_name(std::string const& name) {
  soci::session sql(db_.pool());
  return ClientStore::find_client_by_name(sql, std::string(trim(name)));
}

Result<Member> ClientService::add_member(Id client_id, std::string const& email_text,
                                         std::string const& name_text) {
  auto email = security::normalize_email(email_text);
  if (!email) return invalid(msg::kBadEmail);
  auto name = std::string(trim(name_text));
  if (!is_valid_utf8(name) || name.size() > kMaxMemberNameLength)
    return invalid(fmt::format(msg::kMemberNameTooLong, kMaxMemberNameLength));
  soci::session sql(db_.pool());
  // One transaction from the seat count to the insert: two additions at once cannot both take
  // the last seat (BEGIN IMMEDIATE serialises writers).
  store::WriteTransaction tx(sql);
  auto client = ClientStore::find_client(sql, client_id);
  if (!client) return not_found(msg::kNoSuchClient);
  auto existing = ClientStore::find_member_by_email(sql, *email);
  if (existing && existing->member.status == MemberStatus::Active) {
    auto other = ClientStore::find_client(sql, existing->member.client_id);
    return Error{ErrorKind::Conflict,
                 fmt::format(msg::kAlreadyMember, *email, other ? other->name : client->name)};
  }
  if (client->seats && ClientStore::count_active_members(sql, client_id) >= *client->seats)
    return Error{ErrorKind::Conflict, fmt::format(msg::kSeatsFull, client->name, *client->seats)};
  auto now = clock_();
  Member m;
  if (existing) {
    m = existing->member;
    if (name.empty()) name = m.name;
    ClientStore::reactivate_member(sql, m.id, client_id, name);
    m.client_id = client_id;
    m.name = name;
    m.status = MemberStatus::Active;
  } else {
    m.id = ClientStore::insert_member(sql, client_id, *email, name, now);
    m.client_id = client_id;
    m.email = *email;
    m.name = name;
    m.created_at = now;
  }
  tx.commit();
  return m;
}

Result<Unit> ClientService::remove_member(Id client_id, Id member_id) {
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  auto found = ClientStore::find_member(sql, member_id);
  if (!found || found->member.client_id != client_id) return not_found(msg::kNoSuchMember);
  ClientStore::set_member_status(sql, member_id, MemberStatus::Removed);
  ClientStore::delete_sessions_of(sql, member_id);
  ClientStore::use_links_of(sql, {member_id, 0}, clock_());
  tx.commit();
  return Unit{};
}

Result<Unit> ClientService::set_member_password(Id member_id, std::string const& password) {
  if (auto problem = auth::password_problem(password)) return invalid(*problem);
  auto hash = auth::hash_password(password, options_.cost);
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  if (!ClientStore::find_member(sql, member_id)) return not_found(msg::kNoSuchMember);
  ClientStore::set_member_password(sql, member_id, hash);
  // A new password ends the sessions opened with the old one.
  ClientStore::delete_sessions_of(sql, member_id);
  tx.commit();
  return Unit{};
}

std::vector<Member> ClientService::members(Id client_id) {
  soci::session sql(db_.pool());
  return ClientStore::members_of(sql, client_id);
}

std::optional<Member> ClientService::member_by_email(std::string const& email_text) {
  auto email = security::normalize_email(email_text);
  if (!email) return std::nullopt;
  soci::session sql(db_.pool());
  auto found = ClientStore::find_member_by_email(sql, *email);
  if (!found) return std::nullopt;
  return found->member;
}

Result<Id> ClientService::grant(Id client_id, publishing::Grant const& g) {
  if ((g.scope == publishing::GrantScope::All) != (g.target == 0)) return invalid(msg::kBadTarget);
  if (g.from && g.until && *g.from >= *g.until) return invalid(msg::kBadWindow);
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  if (!ClientStore::find_client(sql, client_id)) return not_found(msg::kNoSuchClient);
  auto now = clock_();
  ClientStore::revoke_grants(sql, client_id, g.scope, g.target, now);
  auto id = ClientStore::insert_grant(sql, client_id, g, now);
  tx.commit();
  return id;
}

Result<Unit> ClientService::revoke(Id client_id, publishing::GrantScope scope, Id target) {
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  if (!ClientStore::find_client(sql, client_id)) return not_found(msg::kNoSuchClient);
  if (ClientStore::revoke_grants(sql, client_id, scope, target, clock_()) == 0)
    return not_found(msg::kNoSuchGrant);
  tx.commit();
  return Unit{};
}

Result<Unit> ClientService::revoke_grant(Id client_id, Id grant_id) {
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  if (!ClientStore::revoke_grant(sql, client_id, grant_id, clock_()))
    return not_found(msg::kNoSuchGrant);
  tx.commit();
  return Unit{};
}

std::vector<GrantRecord> ClientService::grants(Id client_id) {
  soci::session sql(db_.pool());
  return ClientStore::live_grants(sql, client_id);
}

std::string ClientService::link_url(std::string const& token, std::string const& next) const {
  auto url = options_.site_url + "/portal/link/" + token;
  if (!next.empty() && http::is_local_path(next)) url += "?next=" + percent_encode(next);
  return url;
}

Result<std::string> ClientService::sign_in_link(Id member_id, std::string const& next) {
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  auto found = ClientStore::find_member(sql, member_id);
  if (!found) return not_found(msg::kNoSuchMember);
  auto now = clock_();
  if (!may_sign_in(*found, ClientStore::find_client(sql, found->member.client_id), now))
    return Error{ErrorKind::Conflict, msg::kCannotSignIn};
  auto token = security::random_token();
  ClientStore::insert_link(sql, security::token_hash(token), {member_id, 0}, now,
                           now + options_.link_ttl.count());
  tx.commit();
  return link_url(token, next);
}

Result<Unit> ClientService::request_link(std::string const& email_text,
                                         std::string const& remote_address,
                                         std::string const& next) {
  auto now = clock_();
  auto address_key = "ip:" + remote_address;
  if (auto wait = per_address_.retry_after(address_key, now); wait > 0)
    return Error{ErrorKind::RateLimited, fmt::format(msg::kTooManyFromAddress, minutes(wait))};
  per_address_.record(address_key, now);
  auto email = security::normalize_email(email_text);
  if (!email) return invalid(msg::kBadEmail);
  // Counted for every address, member or not, so the limit itself tells nothing.
  // In lower case: members' and subscribers' addresses are both matched without regard to
  // case, so "Desk@" and "desk@" are one address to the limit too.
  auto email_key = "email:" + to_lower(*email);
  if (auto wait = per_email_.retry_after(email_key, now); wait > 0)
    return Error{ErrorKind::RateLimited, fmt::format(msg::kTooManyForEmail, minutes(wait))};
  per_email_.record(email_key, now);

  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  auto found = ClientStore::find_member_by_email(sql, *email);
  std::optional<Client> client;
  if (found) client = ClientStore::find_client(sql, found->member.client_id);
  if (!found || !may_sign_in(*found, client, now)) {
    // Not a member who may sign in (a stranger, a removed member, an ended contract): a
    // confirmed newsletter subscriber still signs in as one, to the subscribers' articles.
    auto subscriber = newsletter::confirmed_subscriber(sql, *email);
    if (!subscriber) return Unit{};
    mail_subscriber_link(sql, *subscriber, next, now);
    tx.commit();
    return Unit{};
  }
  auto token = security::random_token();
  ClientStore::insert_link(sql, security::token_hash(token), {found->member.id, 0}, now,
                           now + options_.link_ttl.count());
  mail::Mail mail;
  mail.recipient = found->member.email;
  mail.subject = fmt::format("Your sign-in link for {}", options_.site_title);
  mail.text_body = fmt::format(
      "Hello{}{},\n\nSomeone (we hope you) asked to sign in to the reports of {} for {}.\n"
      "Open this link within {} minutes to sign in; it works once:\n\n{}\n\n"
      "If it was not you, ignore this mail: nothing happens without the link.\n",
      found->member.name.empty() ? "" : " ", found->member.name, options_.site_title, client->name,
      options_.link_ttl.count() / 60, link_url(token, next));
  // In the link's transaction: a link is never stored without its mail, nor mailed unstored.
  mail::Outbox::enqueue(sql, mail, now);
  tx.commit();
  return Unit{};
}

void ClientService::mail_subscriber_link(soci::session& sql,
                                         newsletter::ConfirmedSubscriber const& subscriber,
                                         std::string const& next, UnixTime now) {
  auto token = security::random_token();
  ClientStore::insert_link(sql, security::token_hash(token), {0, subscriber.id}, now,
                           now + options_.link_ttl.count());
  mail::Mail mail;
  mail.recipient = subscriber.email;
  mail.subject = fmt::format("Your sign-in link for {}", options_.site_title);
  mail.text_body = fmt::format(
      "Hello,\n\nSomeone (we hope you) asked to sign in to {} as a newsletter subscriber, to "
      "read the articles for subscribers.\n"
      "Open this link within {} minutes to sign in; it works once:\n\n{}\n\n"
      "If it was not you, ignore this mail: nothing happens without the link.\n",
      options_.site_title, options_.link_ttl.count() / 60, link_url(token, next));
  // In the link's transaction, as a member's: never stored without its mail.
  mail::Outbox::enqueue(sql, mail, now);
}

std::optional<LinkHolder> ClientService::holder_of(soci::session& sql, LinkRow const& link,
                                                   UnixTime now) {
  if (link.subscriber_id != 0) {
    auto subscriber = newsletter::confirmed_subscriber_by_id(sql, link.subscriber_id);
    if (!subscriber) return std::nullopt;
    LinkHolder h;
    h.member.email = subscriber->email;
    h.subscriber_id = subscriber->id;
    return h;
  }
  auto found = ClientStore::find_member(sql, link.member_id);
  if (!found) return std::nullopt;
  auto client = ClientStore::find_client(sql, found->member.client_id);
  if (!may_sign_in(*found, client, now)) return std::nullopt;
  return LinkHolder{found->member, client->name, 0};
}

std::optional<LinkHolder> ClientService::link_holder(std::string const& token) {
  if (token.empty() || token.size() > 2 * security::kTokenBytes) return std::nullopt;
  soci::session sql(db_.pool());
  auto link = ClientStore::find_link(sql, security::token_hash(token));
  auto now = clock_();
  if (!link || link->used || link->expires_at <= now) return std::nullopt;
  return holder_of(sql, *link, now);
}

Result<ReaderLogin> ClientService::open_session(Member const& member, Id subscriber_id,
                                                std::string const& remote_address,
                                                std::string const& user_agent) {
  constexpr std::size_t kMaxUserAgent = 300;
  auto now = clock_();
  auto token = security::random_token();
  ReaderSessionRow s;
  s.token_hash = security::token_hash(token);
  s.member_id = member.id;
  s.subscriber_id = subscriber_id;
  s.csrf_token = security::random_token();
  s.created_at = now;
  s.last_seen_at = now;
  s.remote_address = remote_address;
  s.user_agent = user_agent.substr(0, kMaxUserAgent);
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  ClientStore::insert_session(sql, s);
  if (subscriber_id == 0) ClientStore::set_last_sign_in(sql, member.id, now);
  tx.commit();
  auto m = member;
  if (subscriber_id == 0) m.last_sign_in_at = now;
  return ReaderLogin{token, m, subscriber_id};
}

Result<ReaderLogin> ClientService::use_link(std::string const& token,
                                            std::string const& remote_address,
                                            std::string const& user_agent) {
  auto invalid_link = invalid(fmt::format(msg::kLinkInvalid, options_.link_ttl.count() / 60));
  if (token.empty() || token.size() > 2 * security::kTokenBytes) return invalid_link;
  auto hash = security::token_hash(token);
  auto now = clock_();
  std::optional<LinkHolder> holder;
  {
    soci::session sql(db_.pool());
    store::WriteTransaction tx(sql);
    auto link = ClientStore::find_link(sql, hash);
    if (!link || link->used || link->expires_at <= now) return invalid_link;
    holder = holder_of(sql, *link, now);
    if (!holder) return invalid_link;
    if (!ClientStore::use_link(sql, hash, now)) return invalid_link;
    ClientStore::use_links_of(sql, {holder->member.id, holder->subscriber_id}, now);
    tx.commit();
  }
  return open_session(holder->member, holder->subscriber_id, remote_address, user_agent);
}

Result<ReaderLogin> ClientService::sign_in_with_password(std::string const& email_text,
                                                         std::string const& password,
                                                         std::string const& remote_address,
                                                         std::string const& user_agent) {
  auto now = clock_();
  auto address_key = "ip:" + remote_address;
  if (auto wait = per_address_.retry_after(address_key, now); wait > 0)
    return Error{ErrorKind::RateLimited, fmt::format(msg::kTooManyFromAddress, minutes(wait))};
  per_address_.record(address_key, now);
  auto email = security::normalize_email(email_text);
  auto member_key = "member:" + (email ? *email : to_lower(trim(email_text)));
  if (auto wait = per_member_.retry_after(member_key, now); wait > 0)
    return Error{ErrorKind::RateLimited, fmt::format(msg::kTooManyFailures, minutes(wait))};
  if (password.size() > auth::kMaxPasswordLength)
    return Error{ErrorKind::Unauthorized, msg::kBadLogin};

  std::optional<StoredMember> found;
  std::optional<Client> client;
  {
    soci::session sql(db_.pool());
    if (email) found = ClientStore::find_member_by_email(sql, *email);
    if (found) client = ClientStore::find_client(sql, found->member.client_id);
  }
  bool ok = false;
  if (found && !found->password_hash.empty()) {
    ok = auth::verify_password(found->password_hash, password) && may_sign_in(*found, client, now);
  } else {
    // Spend the time a real check takes, so the answer's delay does not tell which addresses
    // are members (DESIGN.md: argon2id ~80 ms).
    static std::string const decoy = auth::hash_password("decoy password", options_.cost);
    auth::verify_password(decoy, password);
  }
  if (!ok) {
    per_member_.record(member_key, now);
    return Error{ErrorKind::Unauthorized, msg::kBadLogin};
  }
  per_member_.forget(member_key);
  return open_session(found->member, 0, remote_address, user_agent);
}

std::optional<ReaderSession> ClientService::authenticate(std::string const& token) {
  if (token.empty() || token.size() > 2 * security::kTokenBytes) return std::nullopt;
  auto hash = security::token_hash(token);
  soci::session sql(db_.pool());
  auto row = ClientStore::find_session(sql, hash);
  if (!row) return std::nullopt;
  auto now = clock_();
  if (row->last_seen_at + options_.session_idle.count() <= now ||
      row->created_at + options_.session_absolute.count() <= now) {
    ClientStore::delete_session(sql, hash);
    return std::nullopt;
  }
  if (row->subscriber_id != 0) {
    // Asked at each request, as a member's removal is: a subscriber who unsubscribed or
    // bounced since signing in reads as anyone else does.
    auto subscriber = newsletter::confirmed_subscriber_by_id(sql, row->subscriber_id);
    if (!subscriber) return std::nullopt;
    if (now - row->last_seen_at >= kTouchInterval) ClientStore::touch_session(sql, hash, now);
    ReaderSession session;
    session.member.email = subscriber->email;
    session.csrf_token = row->csrf_token;
    session.subscriber_id = subscriber->id;
    return session;
  }
  auto found = ClientStore::find_member(sql, row->member_id);
  if (!found || found->member.status != MemberStatus::Active) return std::nullopt;
  auto client = ClientStore::find_client(sql, found->member.client_id);
  if (!client) return std::nullopt;
  if (now - row->last_seen_at >= kTouchInterval) ClientStore::touch_session(sql, hash, now);
  return ReaderSession{found->member, *client, row->csrf_token};
}

publishing::Viewer ClientService::viewer(http::Request const& request) {
  return viewer_for_token(http::cookie(request, kReaderCookie));
}

publishing::Viewer ClientService::viewer_for_token(std::string const& token) {
  publishing::Viewer v;
  auto session = authenticate(token);
  if (!session) return v;
  if (session->is_subscriber()) {
    // The rule needs only the kind; member_id stays 0, so nothing member-only (visits, the
    // audit, feeds, requests of an organisation) ever takes the subscriber for a member.
    v.kind = publishing::ViewerKind::Subscriber;
    v.email = session->member.email;
    v.csrf_token = session->csrf_token;
    return v;
  }
  v.kind = publishing::ViewerKind::Client;
  v.member_id = session->member.id;
  v.email = session->member.email;
  v.name = session->member.name;
  v.client_id = session->client.id;
  v.client_name = session->client.name;
  v.client_until = session->client.until;
  v.csrf_token = session->csrf_token;
  for (auto const& g : grants(session->client.id)) v.grants.push_back(g.grant);
  return v;
}

std::optional<publishing::Viewer> ClientService::viewer_of_member(Id member_id) {
  std::optional<Client> client;
  std::optional<StoredMember> stored;
  {
    soci::session sql(db_.pool());
    stored = ClientStore::find_member(sql, member_id);
    if (!stored || stored->member.status != MemberStatus::Active) return std::nullopt;
    client = ClientStore::find_client(sql, stored->member.client_id);
    if (!client) return std::nullopt;
  }
  publishing::Viewer v;
  v.kind = publishing::ViewerKind::Client;
  v.member_id = stored->member.id;
  v.email = stored->member.email;
  v.name = stored->member.name;
  v.client_id = client->id;
  v.client_name = client->name;
  v.client_until = client->until;
  for (auto const& g : grants(client->id)) v.grants.push_back(g.grant);
  return v;
}

void ClientService::sign_out(std::string const& token) {
  if (token.empty()) return;
  soci::session sql(db_.pool());
  ClientStore::delete_session(sql, security::token_hash(token));
}

long long ClientService::delete_expired_sessions() {
  auto now = clock_();
  soci::session sql(db_.pool());
  return ClientStore::delete_expired(sql, now - options_.session_idle.count(),
                                     now - options_.session_absolute.count(), now);
}

}  // namespace dossier::clients
