-- Owner: store (src/README.md). Writes by another process (a `dossier client grant` or
-- `dossier article visibility` while the server runs): each process that committed anything
-- moves this counter once as it closes the database, and a running server reads it every
-- second or two and drops its page cache and kept fragments when it moved (issue 17: a grant
-- or a change of visibility can never wait for a restart).
CREATE TABLE store_changes (
  id  BIGINT PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL
);
INSERT INTO store_changes (id, seq) VALUES (1, 0);
