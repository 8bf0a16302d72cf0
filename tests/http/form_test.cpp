#include <gtest/gtest.h>

#include "http/form.hpp"
#include "http/request.hpp"

namespace dossier::http {
namespace {

TEST(Form, ParsesUrlEncodedFields) {
  auto f = Form::parse_urlencoded("title=Talks+in+Geneva&tag=a&tag=b%2Cc&empty=&flag");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->get("title"), "Talks in Geneva");
  EXPECT_EQ(f->all("tag"), (std::vector<std::string>{"a", "b,c"}));
  EXPECT_EQ(f->get("empty"), "");
  EXPECT_TRUE(f->has("flag"));
  EXPECT_FALSE(f->has("missing"));
}

TEST(Form, RefusesMalformedUrlEncoding) {
  for (auto const* bad : {"a=%zz", "a=%4", "a=%00", "a=%ff%fe"})
    EXPECT_FALSE(Form::parse_urlencoded(bad).ok()) << bad;
  std::string many;
  for (int i = 0; i < 1001; ++i) many += "f=1&";
  EXPECT_FALSE(Form::parse_urlencoded(many).ok());
}

TEST(Form, ParsesMultipartWithAFile) {
  std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\nA harbour at dawn\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"port.jpg\"\r\n"
      "Content-Type: image/jpeg\r\n\r\n\xff\xd8\xff";
  body += '\0';  // binary content may hold NUL bytes
  body += "binary\r\n--XyZ--\r\n";
  auto f = Form::parse_multipart(body, "multipart/form-data; boundary=XyZ");
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f->get("alt"), "A harbour at dawn");
  auto const* file = f->file("file");
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->filename, "port.jpg");
  EXPECT_EQ(file->value, std::string("\xff\xd8\xff\x00"
                                     "binary",
                                     10));
  EXPECT_FALSE(f->has("file"));  // files are not text fields
}

TEST(Form, RefusesMalformedMultipart) {
  auto type = "multipart/form-data; boundary=XyZ";
  for (auto const* bad : {"", "--XyZ", "--XyZ\r\nno headers end", "--XyZ\r\n\r\nunterminated",
                          "--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--"})
    EXPECT_FALSE(Form::parse_multipart(bad, type).ok()) << bad;
  EXPECT_FALSE(Form::parse_multipart("--a\r\n", "multipart/form-data").ok());
}

// Found by fuzz/form_fuzzer: a part's name and filename were taken without the UTF-8 check its
// value gets (and a urlencoded name gets), so invalid bytes reached handlers, JSON and pages.
TEST(Form, RefusesMultipartNamesThatAreNotUtf8) {
  auto type = "multipart/form-data; boundary=XyZ";
  EXPECT_FALSE(Form::parse_multipart("--XyZ\r\nContent-Disposition: form-data; name=\"\xd8t\"\r\n"
                                     "\r\nHello\r\n--XyZ--\r\n",
                                     type)
                   .ok());
  EXPECT_FALSE(Form::parse_multipart("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; "
                                     "filename=\"a\xff.png\"\r\n\r\n\x89PNG\r\n--XyZ--\r\n",
                                     type)
                   .ok());
  auto ok = Form::parse_multipart(
      "--XyZ\r\nContent-Disposition: form-data; name=\"caf\xc3\xa9\"; "
      "filename=\"\xc3\xa9t\xc3\xa9.png\"\r\n\r\n\xff\r\n--XyZ--\r\n",
      type);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->fields().at(0).filename, "\xc3\xa9t\xc3\xa9.png");
}

TEST(Form, ParseChoosesByContentType) {
  Request r;
  r.method = Method::Post;
  r.headers = {{"content-type", "application/json"}};
  r.body = "{}";
  auto f = Form::parse(r);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().kind, ErrorKind::UnsupportedType);
}

TEST(Cookies, ReadsAndWritesCookies) {
  Request r;
  r.headers = {{"cookie", "a=1; dossier_session=tok; b=2"}};
  EXPECT_EQ(cookie(r, "dossier_session"), "tok");
  EXPECT_EQ(cookie(r, "missing"), "");
  auto set = set_cookie("s", "v", 60, CookieSecurity::TlsOnly);
  EXPECT_NE(set.find("HttpOnly"), std::string::npos);
  EXPECT_NE(set.find("SameSite=Lax"), std::string::npos);
  EXPECT_NE(set.find("Secure"), std::string::npos);
  EXPECT_NE(set.find("Max-Age=60"), std::string::npos);
  EXPECT_EQ(set_cookie("s", "v", 60, CookieSecurity::AnyConnection).find("Secure"),
            std::string::npos);
}

}  // namespace
}  // namespace dossier::http
