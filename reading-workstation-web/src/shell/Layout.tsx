import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import type { Caller } from '../api/types';
import { locales, setLocale, t, tEnum, useLocale, type Locale } from '../i18n';
import { dismiss, messages, reportError } from '../messages';
import { navigate, onLinkClick, useLocation } from '../router';
import { navFor, signedOut } from '../session';
import { installShortcuts, shortcuts } from '../shortcuts';
import { useStore } from '../store';
import { CriticalBanner } from './CriticalBanner';

export function LocaleSwitch() {
  const current = useLocale();
  return (
    <label class="locale">
      <span>{t('locale.label')}</span>
      <select value={current} onChange={(e) => setLocale((e.currentTarget as HTMLSelectElement).value as Locale)}>
        {locales.map((l) => (
          <option value={l}>{t(l === 'en' ? 'locale.en' : 'locale.zh')}</option>
        ))}
      </select>
    </label>
  );
}

export function Messages() {
  const list = useStore(messages);
  return (
    <div class="messages" role="status" aria-live="polite">
      {list.map((m) => (
        <div class={`message ${m.kind}`} role={m.kind === 'error' ? 'alert' : undefined} key={m.id}>
          <span>{m.text}</span>
          <button type="button" class="link" onClick={() => dismiss(m.id)} aria-label={t('message.dismiss')}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

function Help({ onClose }: { onClose: () => void }) {
  useEffect(() => {
    (document.getElementById('help-close') as HTMLButtonElement | null)?.focus();
  }, []);
  return (
    <div class="dialog-backdrop" onClick={onClose}>
      <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="help-title" onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}>
        <h2 id="help-title">{t('shortcut.title')}</h2>
        <table class="shortcuts">
          <tbody>
            {shortcuts.map((s) => (
              <tr>
                <td><kbd>{s.keys}</kbd></td>
                <td>{t(s.label)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" id="help-close" onClick={onClose}>{t('action.close')}</button>
      </div>
    </div>
  );
}

/** The frame of every signed-in screen: skip link, navigation of what the roles allow, user, language, messages. */
export function Layout({ me, children }: { me: Caller; children: ComponentChildren }) {
  useLocale();
  const { path } = useLocation();
  const [help, setHelp] = useState(false);
  // the entry the page belongs to: the longest one that is the path or a folder of it (/admin for /admin/users)
  const nav = navFor(me);
  const current = nav.map((n) => n.href).filter((h) => path === h || path.startsWith(h + '/')).sort((a, b) => b.length - a.length)[0];
  useEffect(() => installShortcuts(() => setHelp(true)), []);
  const signOut = async () => {
    try {
      await api.signOut();
    } catch (e) {
      reportError(e);
    }
    signedOut();
    navigate('/', true);
  };
  return (
    <div class="shell" onClick={onLinkClick}>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        {t('nav.skip')}
      </a>
      <header class="top">
        <span class="brand">{t('app.title')}</span>
        <nav aria-label={t('nav.label')}>
          <ul>
            {nav.map((n) => (
              <li>
                <a href={n.href} aria-current={n.href === current ? 'page' : undefined}>
                  {t(n.label, { line: n.line ? tEnum('line', n.line) : '' })}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span class="me" data-testid="me">
          {me.username}
          <span class="roles">{me.roles.map((r) => tEnum('role', r)).join(' · ')}</span>
        </span>
        <LocaleSwitch />
        <button type="button" class="link" onClick={() => setHelp(true)} aria-keyshortcuts="?">{t('shortcut.title')}</button>
        <button type="button" onClick={signOut}>{t('action.signOut')}</button>
      </header>
      <CriticalBanner me={me} />
      <Messages />
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      {help && <Help onClose={() => setHelp(false)} />}
    </div>
  );
}
