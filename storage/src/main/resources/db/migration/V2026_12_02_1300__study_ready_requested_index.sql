-- The catalog answers "which studies were received or marked ready since t" (Catalog.arrivalsSince,
-- for the worklist's router) and so owns the index on ready_requested_at. The worklist's
-- V2026_11_23_1800 created it on this table before the catalog had that query; that migration is
-- applied and cannot change, hence IF NOT EXISTS: a no-op wherever it ran.
CREATE INDEX IF NOT EXISTS ix_study_ready_requested ON study (ready_requested_at);
