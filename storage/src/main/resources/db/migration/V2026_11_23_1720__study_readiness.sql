-- A study is ready for reading when its sender says so (Storage Commitment covering it, a STOW-RS
-- request ending, an ECG upload) or after a quiet period; the worklist routes ready studies.
-- Versions are timestamps so that migrations from different modules never collide.
ALTER TABLE study ADD COLUMN ready_requested_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE study ADD COLUMN ready_reason VARCHAR(32);
CREATE INDEX ix_study_last_received ON study (last_received_at);
