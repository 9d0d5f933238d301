-- QIDO-RS matching (PS3.18 10.6, PS3.4 C.2.2.2). A Person Name key matches each component group
-- (alphabetic, ideographic 张三, phonetic zhang^san) on its own, case-insensitively: the groups are
-- kept apart, lower-cased, beside the whole name (which stays as received, decoded).
ALTER TABLE patient ADD COLUMN name_alphabetic VARCHAR(400);
ALTER TABLE patient ADD COLUMN name_ideographic VARCHAR(400);
ALTER TABLE patient ADD COLUMN name_phonetic VARCHAR(400);

-- Existing rows: the groups are split at '=' (PS3.5 6.2.1); the catalog does it in Java from now on.
UPDATE patient SET
    name_alphabetic = CASE WHEN POSITION('=' IN name) > 0 THEN SUBSTRING(name FROM 1 FOR POSITION('=' IN name) - 1) ELSE name END,
    name_ideographic = CASE WHEN POSITION('=' IN name) > 0 THEN SUBSTRING(name FROM POSITION('=' IN name) + 1) END
    WHERE name IS NOT NULL;
UPDATE patient SET
    name_phonetic = CASE WHEN POSITION('=' IN name_ideographic) > 0
        THEN SUBSTRING(name_ideographic FROM POSITION('=' IN name_ideographic) + 1) END,
    name_ideographic = CASE WHEN POSITION('=' IN name_ideographic) > 0
        THEN SUBSTRING(name_ideographic FROM 1 FOR POSITION('=' IN name_ideographic) - 1) ELSE name_ideographic END
    WHERE name_ideographic IS NOT NULL;
UPDATE patient SET name_alphabetic = LOWER(NULLIF(name_alphabetic, '')), name_ideographic = LOWER(NULLIF(name_ideographic, '')),
    name_phonetic = LOWER(NULLIF(name_phonetic, ''));

CREATE INDEX ix_patient_name_alphabetic ON patient (name_alphabetic);
CREATE INDEX ix_patient_name_ideographic ON patient (name_ideographic);
CREATE INDEX ix_patient_name_phonetic ON patient (name_phonetic);
CREATE INDEX ix_patient_patient_id ON patient (patient_id);
-- Search results come newest study first (then newest arrival), a page at a time.
CREATE INDEX ix_study_date_id ON study (study_date, id);
CREATE INDEX ix_study_accession ON study (accession_number);
CREATE INDEX ix_series_modality ON series (modality, study_ref);
CREATE INDEX ix_instance_sop_class ON instance (sop_class_uid);
