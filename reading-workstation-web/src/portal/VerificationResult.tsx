import type { Verification } from '../api/portal';
import { t, tEnum, useLocale } from '../i18n';
import { dateTime } from '../time';

/** What POST /api/reports/verify said about a PDF: the outcome in words, and each signature the file carries. */
export function VerificationResult({ result }: { result: Verification }) {
  const locale = useLocale();
  const good = result.outcome === 'VALID_CURRENT' || result.outcome === 'VALID_SUPERSEDED';
  return (
    <div class={`verification ${good ? 'good' : 'bad'} outcome-${result.outcome}`} data-outcome={result.outcome}>
      <strong>{tEnum('portal.verify.outcome', result.outcome)}</strong>
      {result.report && <span class="sub">{t('portal.verify.which', { version: result.report.version, code: result.report.code })}</span>}
      {result.signatures.length > 0 && (
        <ul class="signatures">
          {result.signatures.map((s) => (
            <li class={s.valid && s.certificateTrusted ? 'valid' : 'invalid'}>
              {s.valid && s.certificateTrusted ? '✓ ' : '✗ '}
              {[s.role ? tEnum('portal.signRole', s.role) : null, s.signer, s.standard ? tEnum('portal.signStandard', s.standard) : null]
                .filter(Boolean)
                .join(' · ')}
              <span class="sub">
                {t('portal.verify.signedAt', { time: dateTime(s.signedAt, locale) })}
                {s.timestampAt ? ' · ' + t('portal.verify.timestampAt', { time: dateTime(s.timestampAt, locale) }) : ''}
                {s.problem ? ' · ' + s.problem : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
