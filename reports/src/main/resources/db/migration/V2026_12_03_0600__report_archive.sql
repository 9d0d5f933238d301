-- Every signed report PDF and report JSON written to the object store, under its content-addressed key
-- (reports/sha256/<hex>.pdf|.json). A row is written once and never updated: the same bytes are the same
-- key and the same row. retain_until is the Object Lock date the store accepted, NULL where it has none.
CREATE TABLE report_archive_object (
    object_key    VARCHAR(512) PRIMARY KEY,
    sha256        CHAR(64)     NOT NULL,
    size_bytes    BIGINT       NOT NULL,
    media_type    VARCHAR(100) NOT NULL,
    stored_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    retain_until  TIMESTAMP WITH TIME ZONE,
    lock_mode     VARCHAR(16),
    CONSTRAINT uq_report_archive_content UNIQUE (sha256, media_type)
);
