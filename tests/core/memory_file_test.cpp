#include "core/memory_file.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

namespace dossier {
namespace {

TEST(MemoryFile, HoldsBothPartsInOrder) {
  auto file = MemoryFile::make("HTTP/1.1 200 OK\r\n\r\n", "<p>body</p>");
  ASSERT_NE(file, nullptr);
  std::string expected = "HTTP/1.1 200 OK\r\n\r\n<p>body</p>";
  EXPECT_EQ(file->size(), expected.size());
  std::string read_back(expected.size() + 8, '\0');
  auto n = ::pread(file->fd(), read_back.data(), read_back.size(), 0);
  ASSERT_EQ(n, static_cast<ssize_t>(expected.size()));
  read_back.resize(static_cast<std::size_t>(n));
  EXPECT_EQ(read_back, expected);
}

TEST(MemoryFile, IsSealedAgainstChange) {
  auto file = MemoryFile::make("head", "body");
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(::pwrite(file->fd(), "x", 1, 0), -1) << "a sealed file takes no write";
  EXPECT_NE(::ftruncate(file->fd(), 1), 0) << "nor a shorter length";
}

TEST(MemoryFile, ClosesItsDescriptorWithTheLastOwner) {
  int fd = -1;
  {
    auto file = MemoryFile::make("a", "b");
    ASSERT_NE(file, nullptr);
    fd = file->fd();
    EXPECT_EQ(::fcntl(fd, F_GETFD) >= 0, true);
  }
  EXPECT_EQ(::fcntl(fd, F_GETFD), -1) << "the descriptor is closed";
}

}  // namespace
}  // namespace dossier
