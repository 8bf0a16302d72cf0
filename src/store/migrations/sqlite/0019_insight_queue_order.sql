-- Owner: insight (src/insight/README.md). The analysis queue in the order the jobs thread
-- takes it (oldest first, then by id): without it, every batch sorted the whole queue, 100,000
-- rows after a large import (issue 16).
CREATE INDEX insight_queue_by_time ON insight_queue (queued_at, article_id);
