#include "render/template_key.hpp"

#include <ctemplate/template.h>
#include <gtest/gtest.h>

#include <string>

namespace dossier::render {
namespace {

TEST(TemplateKey, IsInternedOncePerKey) {
  auto const& first = "PAGE_TITLE"_key;
  auto const& again = "PAGE_TITLE"_key;
  EXPECT_EQ(&first, &again) << "one interned copy per key";
  EXPECT_NE(&first, &"PAGE_DEK"_key);
  EXPECT_EQ(std::string(first.data(), first.size()), "PAGE_TITLE");
}

TEST(TemplateKey, FillsTheSameVariablesAsAPlainStringKey) {
  ctemplate::StringToTemplateCache("key_test.tpl",
                                   "{{%AUTOESCAPE context=\"HTML\"}}"
                                   "<h1>{{TITLE}}</h1>{{#ITEM}}<li>{{NAME}}</li>{{/ITEM}}"
                                   "{{#SHOWN}}shown{{/SHOWN}}",
                                   ctemplate::DO_NOT_STRIP);
  ctemplate::TemplateDictionary keyed("keyed");
  keyed.SetValue("TITLE"_key, "A & B");
  keyed.AddSectionDictionary("ITEM"_key)->SetValue("NAME"_key, "one");
  keyed.ShowSection("SHOWN"_key);
  ctemplate::TemplateDictionary plain("plain");
  plain.SetValue("TITLE", "A & B");
  plain.AddSectionDictionary("ITEM")->SetValue("NAME", "one");
  plain.ShowSection("SHOWN");
  std::string a, b;
  ASSERT_TRUE(ctemplate::ExpandTemplate("key_test.tpl", ctemplate::DO_NOT_STRIP, &keyed, &a));
  ASSERT_TRUE(ctemplate::ExpandTemplate("key_test.tpl", ctemplate::DO_NOT_STRIP, &plain, &b));
  EXPECT_EQ(a, "<h1>A &amp; B</h1><li>one</li>shown");
  EXPECT_EQ(a, b);
}

}  // namespace
}  // namespace dossier::render
