import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import type { ArchivedDocument, ReportVersion, ReportView, Verification, VersionSummary } from '../api/portal';
import { portal } from '../api/portal';
import { t, tEnum, useLocale } from '../i18n';
import { reportError } from '../messages';
import { personName } from '../screens/parts';
import { dateTime } from '../time';
import { VerificationResult } from './VerificationResult';

/** The version shown first: the current one, else (a STAT preliminary only) the newest the facility may see. */
function frontVersion(r: ReportView): number | null {
  return r.currentVersion ?? r.versions[r.versions.length - 1]?.number ?? null;
}

/** The newer version that replaced an earlier one: the first that follows it, else the current one. */
function replacedBy(r: ReportView, v: VersionSummary): number | null {
  if (v.current) {
    return null;
  }
  return r.versions.find((x) => x.follows === v.number)?.number ?? r.currentVersion;
}

/** One released report: its versions (the current marked, earlier ones marked as replaced), content, signed PDFs and their verification. */
export function ReportScreen({ id }: { id: number }) {
  const locale = useLocale();
  const [report, setReport] = useState<ReportView | null>(null);
  const [missing, setMissing] = useState(false);
  const [shown, setShown] = useState<number | null>(null);
  const [content, setContent] = useState<ReportVersion | null>(null);

  useEffect(() => {
    setReport(null);
    setMissing(false);
    portal.report(id).then(
      (r) => {
        setReport(r);
        setShown(frontVersion(r));
      },
      (e) => (e instanceof ApiError && e.status === 404 ? setMissing(true) : reportError(e)),
    );
  }, [id]);

  useEffect(() => {
    setContent(null);
    if (!report || shown === null) {
      return;
    }
    const v = report.versions.find((x) => x.number === shown);
    if (report.version && report.version.number === shown) {
      setContent(report.version);
    } else if (v && v.state === 'FINAL') {
      portal.version(id, shown).then(setContent, reportError);
    }
  }, [report, shown]);

  if (missing) {
    return (
      <section>
        <h1>{t('portal.reportMissing', { id })}</h1>
        <a href="/portal">{t('portal.back')}</a>
      </section>
    );
  }
  if (!report) {
    return <p class="loading">{t('app.loading')}</p>;
  }
  const docs = report.documents.filter((d) => d.version === shown);
  return (
    <section class="report-view" aria-labelledby="report-title">
      <a href="/portal" class="back">← {t('portal.back')}</a>
      <header class="study-header">
        <h1 id="report-title">
          <span class="patient-name">{personName(report.patient.name)}</span>{' '}
          <span class="sub-inline">{[report.examination.modalities.join('/'), report.examination.description].filter(Boolean).join(' ')}</span>
        </h1>
        <dl>
          <div><dt>{t('portal.patientId')}</dt><dd>{report.patient.id}</dd></div>
          <div><dt>{t('portal.sexBirth')}</dt><dd>{[report.patient.sex ? tEnum('sex', report.patient.sex) : null, report.patient.birthDate].filter(Boolean).join(' · ')}</dd></div>
          <div><dt>{t('task.accession')}</dt><dd>{report.examination.accessionNumber}</dd></div>
          <div><dt>{t('portal.studyDate')}</dt><dd>{report.examination.studyDate}</dd></div>
          <div><dt>{t('portal.line')}</dt><dd>{tEnum('line', report.serviceLine)}</dd></div>
        </dl>
      </header>

      <h2>{t('portal.versionsTitle')}</h2>
      <table class="tasks versions" data-testid="versions">
        <thead>
          <tr>
            <th scope="col">{t('portal.version')}</th>
            <th scope="col">{t('portal.kind')}</th>
            <th scope="col">{t('portal.author')}</th>
            <th scope="col">{t('portal.verifier')}</th>
            <th scope="col">{t('portal.standing')}</th>
            <th scope="col"><span class="visually-hidden">{t('col.action')}</span></th>
          </tr>
        </thead>
        <tbody>
          {report.versions.map((v) => {
            const newer = replacedBy(report, v);
            return (
              <tr key={v.number} data-version={v.number} class={`${v.current ? 'current' : 'earlier'}${v.number === shown ? ' selected' : ''}`}>
                <td>{t('portal.versionN', { version: v.number })}</td>
                <td>
                  {tEnum('portal.versionKind', v.kind)}
                  {v.follows !== null && <span class="sub">{t('portal.follows', { version: v.follows })}</span>}
                  {v.reason && <span class="sub">{v.reason}</span>}
                </td>
                <td>{v.authorName}<span class="sub">{dateTime(v.signedAt ?? null, locale)}</span></td>
                <td>{v.verifierName}<span class="sub">{dateTime(v.verifiedAt ?? null, locale)}</span></td>
                <td>
                  {v.current ? (
                    <span class="badge current" data-testid="current">{t('portal.current')}</span>
                  ) : v.state === 'FINAL' ? (
                    <span class="badge earlier" data-testid="earlier">
                      {newer ? t('portal.replacedBy', { version: newer }) : t('portal.earlier')}
                    </span>
                  ) : (
                    <span class="badge preliminary">{t('portal.preliminary')}</span>
                  )}
                </td>
                <td>
                  <button type="button" onClick={() => setShown(v.number)} aria-pressed={v.number === shown}
                    aria-label={t('portal.showVersion', { version: v.number })}>{t('portal.show')}</button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      {shown !== null && (
        <div class="report-body">
          <article class="report-content" aria-labelledby="content-title" data-version={shown}>
            <h2 id="content-title">
              {t('portal.contentOf', { version: shown })}
              {report.versions.find((v) => v.number === shown)?.current === false && report.currentVersion !== null && (
                <span class="badge earlier">{t('portal.notCurrent', { version: report.currentVersion })}</span>
              )}
            </h2>
            {content ? (
              <>
                {content.critical && <p class="critical-flag">{t('portal.criticalFlag', { category: content.criticalCategory ?? '' })}</p>}
                <h3>{t('portal.findings')}</h3>
                <p class="section" data-testid="findings">{content.sections.findings}</p>
                <h3>{t('portal.impression')}</h3>
                <p class="section" data-testid="impression">{content.sections.impression}</p>
                {content.sections.recommendation && (
                  <>
                    <h3>{t('portal.recommendation')}</h3>
                    <p class="section">{content.sections.recommendation}</p>
                  </>
                )}
              </>
            ) : (
              <p class="empty">{t('portal.preliminaryPdfOnly')}</p>
            )}
          </article>
          <aside class="documents" aria-labelledby="documents-title">
            <h2 id="documents-title">{t('portal.documents')}</h2>
            {docs.length === 0 ? <p class="empty">{t('portal.noDocuments')}</p> : docs.map((d) => <SignedPdf key={d.pdfSha256} reportId={id} doc={d} />)}
          </aside>
        </div>
      )}
    </section>
  );
}

/** A signed PDF: download, open, and the centre's verification of the very bytes the browser got. */
function SignedPdf({ reportId, doc }: { reportId: number; doc: ArchivedDocument }) {
  const locale = useLocale();
  const [check, setCheck] = useState<Verification | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let stopped = false;
    let objectUrl: string | null = null;
    portal.pdf(reportId, doc).then(async (pdf) => {
      if (stopped) {
        return;
      }
      objectUrl = URL.createObjectURL(new Blob([pdf], { type: 'application/pdf' }));
      setUrl(objectUrl);
      const result = await portal.verify(pdf);
      if (!stopped) {
        setCheck(result);
      }
    }).catch((e) => !stopped && reportError(e));
    return () => {
      stopped = true;
      if (objectUrl) {
        URL.revokeObjectURL(objectUrl);
      }
    };
  }, [reportId, doc.version, doc.role]);
  const label = tEnum('portal.docRole', doc.role);
  return (
    <div class="document" data-role={doc.role} data-testid={`document-${doc.role}`}>
      <h3>{label}</h3>
      <p class="sub">
        {[doc.signedBy, dateTime(doc.createdAt, locale), t('portal.code', { code: doc.verificationCode })].filter(Boolean).join(' · ')}
      </p>
      <div class="actions">
        <a href={portal.pdfPath(reportId, doc)} download class="button primary" aria-label={t('portal.downloadLabel', { what: label })}>
          {t('portal.download')}
        </a>
        {url && (
          <a href={url} target="_blank" rel="noopener" class="button">{t('portal.viewPdf')}</a>
        )}
      </div>
      <div aria-live="polite">{check ? <VerificationResult result={check} /> : <p class="loading">{t('portal.verify.checking')}</p>}</div>
    </div>
  );
}
