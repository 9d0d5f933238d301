-- How a facility's devices identify patients (Facility.PatientIdentity): the Issuer of Patient ID
-- recorded when a device sends none, and where they put the 居民身份证号 (a ResidentIdLocation name;
-- NULL is the default, Other Patient IDs Sequence) with the issuer that marks its item.
ALTER TABLE gw_facility ADD COLUMN patient_id_issuer VARCHAR(64);
ALTER TABLE gw_facility ADD COLUMN resident_id_at VARCHAR(32);
ALTER TABLE gw_facility ADD COLUMN resident_id_issuer VARCHAR(64);
