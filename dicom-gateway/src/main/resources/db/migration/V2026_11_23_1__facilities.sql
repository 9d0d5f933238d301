-- Facility / device registry of the DICOM gateway (dicom-gateway module). H2 and PostgreSQL alike.
-- Credentials are stored hashed: API keys as SHA-256 hex, passcodes as PBKDF2 (see Secrets.java).
CREATE TABLE gw_facility (
    id                  VARCHAR(64)  PRIMARY KEY,
    name                VARCHAR(256) NOT NULL,
    default_charset     VARCHAR(64)  NOT NULL,
    report_ae           VARCHAR(16),
    report_host         VARCHAR(255),
    report_port         INTEGER,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE gw_device (
    ae_title         VARCHAR(16)   PRIMARY KEY,
    facility_id      VARCHAR(64)   NOT NULL REFERENCES gw_facility (id),
    kind             VARCHAR(16),
    hosts            VARCHAR(1024),
    host             VARCHAR(255),
    port             INTEGER,
    api_key_sha256   VARCHAR(64),
    username         VARCHAR(128),
    password_hash    VARCHAR(256)
);
CREATE INDEX ix_gw_device_facility ON gw_device (facility_id);
CREATE INDEX ix_gw_device_api_key ON gw_device (api_key_sha256);
