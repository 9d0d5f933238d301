-- The same groups on each study of the patient: a search for a common name (wang*) walks the studies
-- newest first and checks each row itself instead of looking up its patient (Catalog.patientKeys).
ALTER TABLE study ADD COLUMN name_alphabetic VARCHAR(400);
ALTER TABLE study ADD COLUMN name_ideographic VARCHAR(400);
ALTER TABLE study ADD COLUMN name_phonetic VARCHAR(400);
UPDATE study SET name_alphabetic = (SELECT p.name_alphabetic FROM patient p WHERE p.id = study.patient_ref),
    name_ideographic = (SELECT p.name_ideographic FROM patient p WHERE p.id = study.patient_ref),
    name_phonetic = (SELECT p.name_phonetic FROM patient p WHERE p.id = study.patient_ref);
