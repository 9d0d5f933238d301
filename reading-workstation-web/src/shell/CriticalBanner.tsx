import { useEffect } from 'preact/hooks';
import type { Caller } from '../api/types';
import { t } from '../i18n';
import { CRITICAL_POLL_MS, criticalSummary, refreshCriticalSummary } from '../portal/criticalSummary';
import { facilityOnly } from '../session';
import { useStore } from '../store';

/**
 * The facility's unacknowledged critical values (危急值), on every page of a facility user until a named user
 * acknowledges each: it cannot be dismissed, only answered. Polls the summary (paused while the tab is hidden).
 */
export function CriticalBanner({ me }: { me: Caller }) {
  const shown = facilityOnly(me);
  const summary = useStore(criticalSummary);
  useEffect(() => {
    if (!shown) {
      return;
    }
    refreshCriticalSummary();
    const timer = setInterval(() => document.visibilityState === 'visible' && refreshCriticalSummary(), CRITICAL_POLL_MS);
    const onVisible = () => document.visibilityState === 'visible' && refreshCriticalSummary();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [shown]);
  const waiting = summary ? summary.open + summary.late : 0;
  if (!shown || waiting === 0) {
    return null;
  }
  return (
    <div class={`critical-banner${summary!.late > 0 ? ' late' : ''}`} role="alert" data-testid="critical-banner">
      <strong>{t('portal.critical.banner', { count: waiting })}</strong>
      {summary!.late > 0 && <span>{t('portal.critical.bannerLate', { count: summary!.late })}</span>}
      <a href="/portal/critical">{t('portal.critical.bannerAction')}</a>
    </div>
  );
}
