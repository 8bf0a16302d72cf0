#!/usr/bin/env python3
"""Writes an invented WordPress export (WXR 1.2) for the import benchmark (bench/import.sh).

    bench/wxr_generate.py OUT.xml [--posts N] [--comments M] [--seed S]

N posts (default 10,000) by five authors in twelve categories (two levels, some three deep)
and forty tags, with block-editor and classic content of a few paragraphs, and M comments
(default 50,000) spread over them, a third of them replies, with every approval state. The
text is made here from a small word list: nothing comes from a real site. The file goes
where it is told (the benchmark writes it under /tmp); it is never committed.
"""
import argparse
import random
from xml.sax.saxutils import escape

WORDS = (
    "harbour ferry quay tide ledger council border corridor rainfall survey treaty delegate "
    "envoy minister season outlook grain freight tariff convoy observer ballot district "
    "coast river basin drought well pump census report briefing forum accord mandate"
).split()


def sentence(rng, n):
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraph(rng):
    return " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(rng.randint(2, 4)))


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def content(rng, i):
    paragraphs = [paragraph(rng) for _ in range(rng.randint(3, 6))]
    if i % 2 == 0:  # block editor
        blocks = []
        for n, p in enumerate(paragraphs):
            if n == 1:
                blocks.append("<!-- wp:heading -->\n<h2>%s</h2>\n<!-- /wp:heading -->" %
                              sentence(rng, 4)[:-1])
            blocks.append("<!-- wp:paragraph -->\n<p>%s</p>\n<!-- /wp:paragraph -->" % p)
        return "\n\n".join(blocks)
    return "\n\n".join(paragraphs)  # classic: wpautop's bare paragraphs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--posts", type=int, default=10000)
    ap.add_argument("--comments", type=int, default=50000)
    ap.add_argument("--seed", type=int, default=20)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    site = "https://bench.example.org"
    with open(a.out, "w", encoding="utf-8") as f:
        w = f.write
        w('<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0"\n'
          ' xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n'
          ' xmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
          ' xmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
          ' xmlns:dc="http://purl.org/dc/elements/1.1/"\n'
          ' xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n')
        w("<title>Bench Institute</title>\n<link>%s</link>\n<language>en</language>\n" % site)
        w("<wp:wxr_version>1.2</wp:wxr_version>\n<wp:base_site_url>%s</wp:base_site_url>\n"
          "<wp:base_blog_url>%s</wp:base_blog_url>\n" % (site, site))
        authors = ["author%d" % n for n in range(1, 6)]
        for n, login in enumerate(authors, 1):
            w("<wp:author><wp:author_id>%d</wp:author_id><wp:author_login>%s</wp:author_login>"
              "<wp:author_email>%s@bench.example.org</wp:author_email>"
              "<wp:author_display_name>%s</wp:author_display_name>"
              "<wp:author_first_name></wp:author_first_name><wp:author_last_name>"
              "</wp:author_last_name></wp:author>\n" % (n, login, login, cdata("Author %d" % n)))
        cats = []
        for n in range(12):
            parent = "" if n < 4 else cats[(n - 4) % 4] if n < 10 else cats[n - 6]
            slug = "section-%d" % n
            cats.append(slug)
            w("<wp:category><wp:term_id>%d</wp:term_id><wp:category_nicename>%s"
              "</wp:category_nicename><wp:category_parent>%s</wp:category_parent>"
              "<wp:cat_name>%s</wp:cat_name></wp:category>\n" %
              (n + 1, slug, parent, cdata("Section %d" % n)))
        tags = ["topic-%d" % n for n in range(40)]
        for n, slug in enumerate(tags):
            w("<wp:tag><wp:term_id>%d</wp:term_id><wp:tag_slug>%s</wp:tag_slug>"
              "<wp:tag_name>%s</wp:tag_name></wp:tag>\n" % (100 + n, slug, cdata("Topic %d" % n)))
        per_post = [0] * a.posts
        for _ in range(a.comments):
            per_post[rng.randrange(a.posts)] += 1
        comment_id = 1
        states = ["1"] * 8 + ["0", "spam"]
        for i in range(a.posts):
            pid = 1000 + i
            year, month, day = 2015 + i % 10, 1 + i % 12, 1 + i % 28
            date = "%04d-%02d-%02d %02d:%02d:00" % (year, month, day, i % 24, i % 60)
            slug = "bench-post-%d" % i
            title = sentence(rng, 6)[:-1]
            w("<item>\n<title>%s</title>\n<link>%s/%04d/%02d/%02d/%s/</link>\n"
              "<dc:creator>%s</dc:creator>\n<guid isPermaLink=\"false\">%s/?p=%d</guid>\n"
              "<content:encoded>%s</content:encoded>\n<excerpt:encoded>%s</excerpt:encoded>\n"
              "<wp:post_id>%d</wp:post_id><wp:post_date>%s</wp:post_date>"
              "<wp:post_date_gmt>%s</wp:post_date_gmt><wp:comment_status>open</wp:comment_status>"
              "<wp:post_name>%s</wp:post_name><wp:status>publish</wp:status>"
              "<wp:post_parent>0</wp:post_parent><wp:post_type>post</wp:post_type>"
              "<wp:is_sticky>0</wp:is_sticky>\n" %
              (cdata(title), site, year, month, day, slug, cdata(authors[i % 5]), site, pid,
               cdata(content(rng, i)), cdata(sentence(rng, 12)), pid, date, date, slug))
            cat = cats[i % 12]
            w('<category domain="category" nicename="%s">%s</category>\n' % (cat, cdata(cat)))
            for t in rng.sample(tags, 2):
                w('<category domain="post_tag" nicename="%s">%s</category>\n' % (t, cdata(t)))
            first = comment_id
            for c in range(per_post[i]):
                parent = rng.randrange(first, comment_id) if c > 0 and rng.random() < 0.33 else 0
                w("<wp:comment><wp:comment_id>%d</wp:comment_id><wp:comment_author>%s"
                  "</wp:comment_author><wp:comment_author_email>reader%d@bench.example.net"
                  "</wp:comment_author_email><wp:comment_author_url></wp:comment_author_url>"
                  "<wp:comment_author_IP>192.0.2.%d</wp:comment_author_IP>"
                  "<wp:comment_date>%s</wp:comment_date><wp:comment_date_gmt>%s"
                  "</wp:comment_date_gmt><wp:comment_content>%s</wp:comment_content>"
                  "<wp:comment_approved>%s</wp:comment_approved><wp:comment_type>comment"
                  "</wp:comment_type><wp:comment_parent>%d</wp:comment_parent>"
                  "<wp:comment_user_id>0</wp:comment_user_id></wp:comment>\n" %
                  (comment_id, cdata("Reader %d" % (comment_id % 997)), comment_id % 997,
                   comment_id % 250 + 1, date, date, cdata(escape(sentence(rng, 14))),
                   rng.choice(states), parent))
                comment_id += 1
            w("</item>\n")
        w("</channel>\n</rss>\n")


if __name__ == "__main__":
    main()
