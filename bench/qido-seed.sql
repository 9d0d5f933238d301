-- bench/qido.sh: :studies studies of 20 facilities, 0.8 patients per study, 1-2 series and 1-10
-- instances per series (about 2.5 instances per study), names with alphabetic, ideographic and
-- phonetic groups drawn from 20 family and 20 given names; study dates over 5 years.
-- The schema is the application's (it migrates on start); the name groups are stored lower-cased as
-- the catalog stores them (V2026_12_03_0100), on the patient and on each of its studies (V2026_12_03_0102).
\set ON_ERROR_STOP on
CREATE TEMP TABLE fam (n INT, alpha TEXT, ideo TEXT);
INSERT INTO fam VALUES (0,'Wang','王'),(1,'Li','李'),(2,'Zhang','张'),(3,'Liu','刘'),(4,'Chen','陈'),(5,'Yang','杨'),
 (6,'Huang','黄'),(7,'Zhao','赵'),(8,'Wu','吴'),(9,'Zhou','周'),(10,'Xu','徐'),(11,'Sun','孙'),(12,'Ma','马'),
 (13,'Zhu','朱'),(14,'Hu','胡'),(15,'Guo','郭'),(16,'He','何'),(17,'Gao','高'),(18,'Lin','林'),(19,'Luo','罗');
CREATE TEMP TABLE giv (n INT, alpha TEXT, ideo TEXT);
INSERT INTO giv VALUES (0,'XiaoDong','小东'),(1,'Wei','伟'),(2,'Fang','芳'),(3,'Na','娜'),(4,'Min','敏'),(5,'Jing','静'),
 (6,'Li','丽'),(7,'Qiang','强'),(8,'Lei','磊'),(9,'Jun','军'),(10,'Yang','洋'),(11,'Yong','勇'),(12,'Yan','艳'),
 (13,'Jie','杰'),(14,'Juan','娟'),(15,'Tao','涛'),(16,'Ming','明'),(17,'Chao','超'),(18,'Xiulan','秀兰'),(19,'Xia','霞');

INSERT INTO patient (id, facility_id, patient_id, issuer, name, sex, birth_date, name_alphabetic, name_ideographic, name_phonetic)
SELECT p, 'f' || (p % 20), 'P' || p, '', f.alpha || '^' || g.alpha || '=' || f.ideo || '^' || g.ideo || '=' || lower(f.alpha) || '^' || lower(g.alpha),
       CASE WHEN p % 2 = 0 THEN 'M' ELSE 'F' END, DATE '1940-01-01' + (p % 25000),
       lower(f.alpha || '^' || g.alpha), f.ideo || '^' || g.ideo, lower(f.alpha) || '^' || lower(g.alpha)
FROM generate_series(1, (:studies * 8) / 10) p
JOIN fam f ON f.n = (p * 7) % 20 JOIN giv g ON g.n = ((p / 20) * 3 + p) % 20;

-- study i belongs to patient ((i - 1) % patients) + 1: the same facility as its patient when i <= patients
INSERT INTO study (id, study_uid, patient_ref, accession_number, study_date, study_time, description, facility_id,
                   first_received_at, last_received_at, name_alphabetic, name_ideographic, name_phonetic)
SELECT s, '1.2.826.0.1.3680043.10.1001.' || s, ((s - 1) % ((:studies * 8) / 10)) + 1, 'A' || s,
       DATE '2021-12-01' + (s * 1826 / :studies), lpad(((s * 37) % 24)::TEXT, 2, '0') || '3000', '检查 ' || s,
       'f' || ((((s - 1) % ((:studies * 8) / 10)) + 1) % 20),
       TIMESTAMPTZ '2021-12-01 00:00:00+00' + (s || ' minutes')::INTERVAL, TIMESTAMPTZ '2021-12-01 00:00:00+00' + (s || ' minutes')::INTERVAL,
       p.name_alphabetic, p.name_ideographic, p.name_phonetic
FROM generate_series(1, :studies) s JOIN patient p ON p.id = ((s - 1) % ((:studies * 8) / 10)) + 1;

CREATE TEMP TABLE mod (n INT, modality TEXT, sop_class TEXT, instances INT);
INSERT INTO mod VALUES (0,'CR','1.2.840.10008.5.1.4.1.1.1',1),(1,'DX','1.2.840.10008.5.1.4.1.1.1.1',2),(2,'DX','1.2.840.10008.5.1.4.1.1.1.1',1),
 (3,'CT','1.2.840.10008.5.1.4.1.1.2',10),(4,'US','1.2.840.10008.5.1.4.1.1.6.1',3),(5,'MR','1.2.840.10008.5.1.4.1.1.4',5),
 (6,'DX','1.2.840.10008.5.1.4.1.1.1.1',1),(7,'ECG','1.2.840.10008.5.1.4.1.1.9.1.1',1),(8,'CR','1.2.840.10008.5.1.4.1.1.1',2),
 (9,'US','1.2.840.10008.5.1.4.1.1.6.1',2);
-- series 1 of every study in its modality; series 2 (an SR report) for every third study
INSERT INTO series (id, series_uid, study_ref, modality, body_part, series_number, description)
SELECT s, '1.2.826.0.1.3680043.10.1001.' || s || '.1', s, m.modality, 'CHEST', 1, m.modality || ' 序列'
FROM generate_series(1, :studies) s JOIN mod m ON m.n = s % 10;
INSERT INTO series (id, series_uid, study_ref, modality, body_part, series_number, description)
SELECT :studies + s, '1.2.826.0.1.3680043.10.1001.' || s || '.2', s, 'SR', NULL, 2, '报告'
FROM generate_series(3, :studies, 3) s;

INSERT INTO instance (sop_instance_uid, series_ref, sop_class_uid, transfer_syntax_uid, instance_number, size_bytes, sha256,
                      object_key, location, facility_id, source_ae, received_at)
SELECT se.series_uid || '.' || k, se.id, m.sop_class, '1.2.840.10008.1.2.1', k, 524288, repeat('0', 64),
       'dicom/' || se.series_uid || '.' || k, 'OBJECT_STORE', st.facility_id, 'BENCH', st.first_received_at
FROM series se JOIN study st ON st.id = se.study_ref JOIN mod m ON m.n = st.id % 10 AND se.series_number = 1
CROSS JOIN LATERAL generate_series(1, m.instances) k;
INSERT INTO instance (sop_instance_uid, series_ref, sop_class_uid, transfer_syntax_uid, instance_number, size_bytes, sha256,
                      object_key, location, facility_id, source_ae, received_at)
SELECT se.series_uid || '.1', se.id, '1.2.840.10008.5.1.4.1.1.88.11', '1.2.840.10008.1.2.1', 1, 4096, repeat('0', 64),
       'dicom/' || se.series_uid || '.1', 'OBJECT_STORE', st.facility_id, 'BENCH', st.first_received_at
FROM series se JOIN study st ON st.id = se.study_ref WHERE se.series_number = 2;

-- later rows get ids after the seeded ones
SELECT setval(pg_get_serial_sequence('patient', 'id'), (SELECT MAX(id) FROM patient));
SELECT setval(pg_get_serial_sequence('study', 'id'), (SELECT MAX(id) FROM study));
SELECT setval(pg_get_serial_sequence('series', 'id'), (SELECT MAX(id) FROM series));
ANALYZE patient; ANALYZE study; ANALYZE series; ANALYZE instance;
SELECT (SELECT COUNT(*) FROM patient) AS patients, (SELECT COUNT(*) FROM study) AS studies,
       (SELECT COUNT(*) FROM series) AS series, (SELECT COUNT(*) FROM instance) AS instances;
