import { t, type MessageKey } from '../i18n';

/** A screen that another part of issue 13 builds (portal, administration). */
export function Placeholder({ title }: { title: MessageKey }) {
  return (
    <section class="placeholder">
      <h1>{t(title)}</h1>
      <p>{t('placeholder.later')}</p>
    </section>
  );
}
