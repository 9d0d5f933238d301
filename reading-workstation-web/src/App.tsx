import { useEffect } from 'preact/hooks';
import { t, useLocale } from './i18n';
import { reportError } from './messages';
import { match, navigate, useLocation } from './router';
import { routes } from './routes';
import { SignIn } from './screens/SignIn';
import { navFor, restoreSession, user } from './session';
import { Layout } from './shell/Layout';
import { useStore } from './store';

/** Signed out: the sign-in screen, whatever the path (it comes back to the path after signing in). */
export function App() {
  useLocale();
  const me = useStore(user);
  const { path, query } = useLocation();

  useEffect(() => {
    restoreSession().catch((e) => {
      reportError(e);
      user.set(null);
    });
  }, []);

  useEffect(() => {
    document.title = t('app.title');
  });

  if (me === undefined) {
    return <p class="loading">{t('app.loading')}</p>;
  }
  if (me === null) {
    return <SignIn />;
  }
  if (path === '/' || path === '/index.html') {
    // the centre sends a page opened without a session to /?next=<path>; else the first screen the roles allow
    const next = query.get('next');
    const target = next && next.startsWith('/') && !next.startsWith('//') ? next : navFor(me)[0]?.href;
    if (target) {
      queueMicrotask(() => navigate(target, true));
    }
    return (
      <Layout me={me}>
        <p>{target ? t('app.loading') : t('app.nothingForYou')}</p>
      </Layout>
    );
  }
  const m = match(routes, path);
  return (
    <Layout me={me}>
      {!m ? (
        <section><h1>{t('app.notFound')}</h1></section>
      ) : !m.route.allow(me, m.params) ? (
        <section><h1>{t('app.notAllowed')}</h1></section>
      ) : (
        <m.route.view params={m.params} query={query} />
      )}
    </Layout>
  );
}
