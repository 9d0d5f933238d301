-- Where a facility wants its signed reports besides its report AE (issue 16): an HL7 v2 MLLP
-- receiver (ORU^R01) and a FHIR server the centre PUTs DiagnosticReports to. Null: not wanted.
ALTER TABLE gw_facility ADD COLUMN report_hl7_host VARCHAR(255);
ALTER TABLE gw_facility ADD COLUMN report_hl7_port INTEGER;
ALTER TABLE gw_facility ADD COLUMN report_fhir_url VARCHAR(300);
