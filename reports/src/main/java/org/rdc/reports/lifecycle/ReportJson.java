package org.rdc.reports.lifecycle;

import java.time.Instant;
import org.rdc.reports.model.Report;
import org.rdc.reports.model.ReportVersion;
import org.rdc.reports.template.ReportTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A report version as JSON, the form that is archived next to its signed PDF and that a clinic
 * downloads: patient and examination, template, sections, fields, critical flag, sharing mark,
 * signers and times, and which version it is and follows. Built field by field so the shape is a
 * stable contract.
 */
public final class ReportJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ReportJson() {
    }

    public static ObjectNode of(Report r, ReportVersion v, ReportTemplate t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("reportId", r.id());
        n.put("version", v.number());
        n.put("kind", v.kind().name());
        if (v.follows() != null) {
            n.put("follows", v.follows());
        }
        text(n, "reason", v.reason());
        n.put("state", v.state().name());
        n.put("facilityId", r.facilityId());
        n.put("serviceLine", r.serviceLine());
        n.put("studyInstanceUid", r.studyInstanceUid());
        text(n, "accessionNumber", r.accessionNumber());
        ObjectNode p = n.putObject("patient");
        text(p, "id", r.patientId());
        text(p, "name", r.patientName());
        text(p, "sex", r.patientSex());
        text(p, "birthDate", r.patientBirthDate() == null ? null : r.patientBirthDate().toString());
        ObjectNode e = n.putObject("examination");
        text(e, "studyDate", r.studyDate() == null ? null : r.studyDate().toString());
        text(e, "description", r.studyDescription());
        e.put("modalities", String.join(",", r.modalities()));
        ObjectNode tpl = n.putObject("template");
        tpl.put("id", t.id());
        tpl.put("version", t.version());
        tpl.put("nameZh", t.nameZh());
        tpl.put("nameEn", t.nameEn());
        ObjectNode s = n.putObject("sections");
        s.put("findings", v.sections().findings());
        s.put("impression", v.sections().impression());
        s.put("recommendation", v.sections().recommendation());
        n.set("fields", v.fields());
        n.put("critical", v.critical());
        text(n, "criticalCategory", v.criticalCategory());
        text(n, "sharingMark", v.sharingMark());
        ObjectNode author = n.putObject("author");
        author.put("username", v.author());
        text(author, "name", v.authorName());
        time(author, "signedAt", v.signedAt());
        if (v.verifier() != null) {
            ObjectNode verifier = n.putObject("verifier");
            verifier.put("username", v.verifier());
            text(verifier, "name", v.verifierName());
            time(verifier, "verifiedAt", v.verifiedAt());
        }
        time(n, "preliminaryAt", v.preliminaryAt());
        time(n, "finalAt", v.finalAt());
        text(n, "contentSha256", v.contentSha256());
        return n;
    }

    public static byte[] bytes(ObjectNode n) {
        return JSON.writeValueAsBytes(n);
    }

    private static void text(ObjectNode n, String field, String value) {
        if (value == null) {
            n.putNull(field);
        } else {
            n.put(field, value);
        }
    }

    private static void time(ObjectNode n, String field, Instant value) {
        text(n, field, value == null ? null : value.toString());
    }
}
