import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api/client';
import { t } from '../i18n';
import { reportError } from '../messages';
import { user } from '../session';
import { LocaleSwitch, Messages } from '../shell/Layout';

/** Screen 1: sign in with the session the API defines (POST /api/session, form fields). */
export function SignIn() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      user.set(await api.signIn(username.trim(), password));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        setError(t('signIn.failed'));
      } else {
        reportError(err);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="sign-in-page">
      <Messages />
      <main id="main">
        <form class="sign-in" onSubmit={submit} aria-labelledby="sign-in-title">
          <h1 id="sign-in-title">{t('app.title')}</h1>
          <p class="subtitle">{t('signIn.subtitle')}</p>
          <label for="username">{t('signIn.username')}</label>
          <input id="username" name="username" autocomplete="username" required ref={first} value={username}
            onInput={(e) => setUsername((e.currentTarget as HTMLInputElement).value)} />
          <label for="password">{t('signIn.password')}</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required value={password}
            onInput={(e) => setPassword((e.currentTarget as HTMLInputElement).value)} />
          {error && <p class="form-error" role="alert">{error}</p>}
          <button type="submit" class="primary" disabled={busy}>{busy ? t('signIn.busy') : t('signIn.submit')}</button>
          <LocaleSwitch />
        </form>
      </main>
    </div>
  );
}
