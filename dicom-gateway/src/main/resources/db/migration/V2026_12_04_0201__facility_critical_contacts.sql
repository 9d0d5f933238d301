-- Where a facility hears of critical values (危急值, issue 16 point 9) besides the API, and its second
-- contact for escalation. critical_webhook_secret is the HMAC-SHA256 key the webhooks are signed with;
-- it has to be kept as it is (a hash cannot sign), is never returned by the API and never logged.
ALTER TABLE gw_facility ADD COLUMN critical_webhook VARCHAR(300);
ALTER TABLE gw_facility ADD COLUMN critical_webhook_secret VARCHAR(200);
ALTER TABLE gw_facility ADD COLUMN critical_hl7_host VARCHAR(255);
ALTER TABLE gw_facility ADD COLUMN critical_hl7_port INTEGER;
ALTER TABLE gw_facility ADD COLUMN critical_escalation_name VARCHAR(100);
ALTER TABLE gw_facility ADD COLUMN critical_escalation_phone VARCHAR(40);
ALTER TABLE gw_facility ADD COLUMN critical_escalation_webhook VARCHAR(300);
ALTER TABLE gw_facility ADD COLUMN critical_escalation_hl7_host VARCHAR(255);
ALTER TABLE gw_facility ADD COLUMN critical_escalation_hl7_port INTEGER;
