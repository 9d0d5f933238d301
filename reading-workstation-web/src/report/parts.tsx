import { reports, sectionNames, type ArchivedDocument, type ReportTemplate, type ReportVersion, type ReportView } from '../api/reports';
import { t, tEnum, useLocale } from '../i18n';
import { dateTime } from '../time';
import { fieldName, shownValue } from './FieldInput';

const roleRank: Record<ArchivedDocument['role'], number> = { PRELIMINARY: 0, AUTHOR: 1, VERIFIER: 2 };

/** The document the API serves for a version by default: the most complete one (countersigned > author's > preliminary). */
export function newestDocument(r: ReportView, version: number): ArchivedDocument | null {
  return r.documents.filter((d) => d.version === version).sort((a, b) => roleRank[b.role] - roleRank[a.role])[0] ?? null;
}

/** The first page of a signed PDF, rendered by the centre (any browser shows it), and the PDF itself to download. */
export function PdfPreview({ report, version }: { report: ReportView; version: number }) {
  const doc = newestDocument(report, version);
  if (!doc) {
    return null;
  }
  return (
    <figure class="pdf-preview" data-role={doc.role} data-testid="pdf-preview">
      <figcaption>
        <span>{t('report.pdfTitle', { role: tEnum('docRole', doc.role) })}</span>
        <span class="code">{t('report.verificationCode', { code: doc.verificationCode })}</span>
        <a href={reports.pdfUrl(report.id, version, doc.role)} download>{t('report.downloadPdf')}</a>
      </figcaption>
      <img src={reports.previewUrl(report.id, version, doc.role)} alt={t('report.pdfAlt', { version })} width={595} />
    </figure>
  );
}

/** Who signed a version and when, as the paper prints it. */
export function Signers({ v }: { v: ReportVersion }) {
  const locale = useLocale();
  return (
    <dl class="signers">
      <div><dt>{t('report.state')}</dt><dd data-testid="report-state" data-state={v.state}>{tEnum('reportState', v.state)}</dd></div>
      {v.signedAt && <div><dt>{t('report.author')}</dt><dd>{v.authorName ?? v.author} · {dateTime(v.signedAt, locale)}</dd></div>}
      {v.verifiedAt && <div><dt>{t('report.verifier')}</dt><dd>{v.verifierName ?? v.verifier} · {dateTime(v.verifiedAt, locale)}</dd></div>}
      {v.state === 'SIGNED' && v.requiresVerification && <div><dt>{t('report.verifier')}</dt><dd>{t('report.awaitingVerifier')}</dd></div>}
      {v.preliminaryAt && <div><dt>{t('report.preliminaryAt')}</dt><dd>{dateTime(v.preliminaryAt, locale)}</dd></div>}
      {v.reason && <div><dt>{t('report.versionReason', { number: v.number })}</dt><dd data-testid="version-reason">{v.reason}</dd></div>}
    </dl>
  );
}

/** A version's content as read, not edited: sections and fields. */
export function ReportText({ v, template }: { v: ReportVersion; template: ReportTemplate | null }) {
  const locale = useLocale();
  return (
    <div class="report-text">
      {template && template.fields.length > 0 && (
        <dl class="fields-read">
          {template.fields.map((f) => (
            <div data-field={f.key}><dt>{fieldName(f, locale)}</dt><dd>{shownValue(f, v.fields?.[f.key], locale)}</dd></div>
          ))}
        </dl>
      )}
      {sectionNames.map((s) => (
        <section class="section-read" data-section={s}>
          <h3>{t(`report.section.${s}`)}</h3>
          <p>{v.sections[s] || '—'}</p>
        </section>
      ))}
      {v.critical && <p class="critical-flag">{t('report.criticalShown', { category: v.criticalCategory ?? '' })}</p>}
    </div>
  );
}

/** The patient's newest earlier report anywhere in the alliance (as the reader may see it), beside the one being written. */
export function PriorReport({ prior }: { prior: ReportView | null }) {
  const v = prior?.version;
  return (
    <details class="prior-report" open={!!v} data-testid="prior-report">
      <summary>{t('report.prior')}</summary>
      {!prior || !v ? (
        <p class="empty">{t('report.noPrior')}</p>
      ) : (
        <div>
          <p class="sub">
            {[prior.examination.studyDate, prior.examination.modalities.join('/'), prior.examination.description].filter(Boolean).join(' · ')}
            {' · '}{tEnum('reportState', v.state)}
          </p>
          <h3>{t('report.section.impression')}</h3>
          <p data-testid="prior-impression">{v.sections.impression || '—'}</p>
          <h3>{t('report.section.findings')}</h3>
          <p>{v.sections.findings || '—'}</p>
        </div>
      )}
    </details>
  );
}
