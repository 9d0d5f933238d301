-- Per-facility TLS client certificate: the CN a facility's devices must present when the DICOM port
-- speaks TLS with client certificates (dicom-gateway). H2 and PostgreSQL alike.
ALTER TABLE gw_facility ADD COLUMN tls_client_cn VARCHAR(256);
