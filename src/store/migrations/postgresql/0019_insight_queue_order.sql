-- Owner: insight (src/insight/README.md). The analysis queue in the order the jobs thread
-- takes it (oldest first, then by id): without it, every batch sorted the whole queue, 100,000
-- rows after a large import (issue 16).
CREATE INDEX insight_queue_by_time ON insight_queue (queued_at, article_id);

-- Articles analysed while a large backlog waited, whose related articles are scored once the
-- backlog is gone (when every article's entities are known): scoring them one by one as the
-- backlog drained compared each with the few analysed so far, and rescored its choices each
-- time, twice the cost of the analysis itself.
ALTER TABLE insight_state ADD COLUMN related_due BIGINT NOT NULL DEFAULT 0;
CREATE INDEX insight_state_related_due ON insight_state (article_id) WHERE related_due = 1;
