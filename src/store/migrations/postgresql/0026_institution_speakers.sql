-- Owner: insight. Institutions as quotation speakers (issue 19: "the Ruritanian authorities
-- said", "a joint statement said") and the country an institution or organization speaks for.
--
-- An institution is stored as an 'organization' row with institution = 1 rather than as a new
-- kind: entities.kind has a CHECK constraint, and SQLite can only change a CHECK by rebuilding
-- the table, which article_entities, quotes, quote_corrections and entities itself reference.
-- Sharing the organization kind also keeps one slug space for the two (UNIQUE (kind, slug)), so
-- "Ruritanian Defence Ministry" found as an organization and as an institution is one row; the
-- analyzer finding it as an organization clears the flag.
ALTER TABLE entities ADD COLUMN institution BIGINT NOT NULL DEFAULT 0;
-- The country an institution or organization speaks for (a 'country' row), when an analysis or
-- an editor gave it: /quotes?country=xx lists their quotations with the country's own.
ALTER TABLE entities ADD COLUMN country_entity_id BIGINT REFERENCES entities (id);
CREATE INDEX entities_by_country ON entities (country_entity_id);
