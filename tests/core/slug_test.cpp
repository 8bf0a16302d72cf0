#include <gtest/gtest.h>

#include "core/slug.hpp"

TEST(Slug, LowercasesAndJoinsWords) {
  EXPECT_EQ(dossier::make_slug("No Deal in Geneva, Again"), "no-deal-in-geneva-again");
}
