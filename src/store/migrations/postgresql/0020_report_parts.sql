-- Owner: reports (src/README.md, reports/). A report's structured parts beside its article:
-- the summary, key findings, risk assessment, recommendations, methodology and sources. Each
-- Markdown part is kept with its HTML, rendered once at save time (as articles' bodies are).
-- Findings and risks are short ordered lists that are always read and written whole, with
-- their article, so they are JSON arrays in the row rather than child tables:
--   findings: [{"heading": "...", "detail_markdown": "...", "detail_html": "..."}]
--   risks:    [{"name": "...", "likelihood": 1-5, "impact": 1-5, "note": "..."}]
CREATE TABLE report_parts (
  article_id               BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
  summary_markdown         TEXT NOT NULL DEFAULT '',
  summary_html             TEXT NOT NULL DEFAULT '',
  findings                 TEXT NOT NULL DEFAULT '[]',
  risks                    TEXT NOT NULL DEFAULT '[]',
  recommendations_markdown TEXT NOT NULL DEFAULT '',
  recommendations_html     TEXT NOT NULL DEFAULT '',
  methodology_markdown     TEXT NOT NULL DEFAULT '',
  methodology_html         TEXT NOT NULL DEFAULT '',
  sources_markdown         TEXT NOT NULL DEFAULT '',
  sources_html             TEXT NOT NULL DEFAULT '',
  -- 1: a teaser lists the findings' headings (never their details).
  teaser_headings          BIGINT NOT NULL DEFAULT 0 CHECK (teaser_headings IN (0, 1)),
  updated_at               BIGINT NOT NULL
);
