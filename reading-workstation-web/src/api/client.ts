import type { Caller, Problem, SessionInfo } from './types';

/** An answer that was not 2xx, as its RFC 9457 problem document (or one made up from the status). */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }

  get status(): number {
    return this.problem.status;
  }
}

type UnauthorizedListener = () => void;

/**
 * The centre's HTTP API for the browser. The session is the one the API defines (README "Signing in"):
 * POST /api/session with form fields signs in and sets an HttpOnly session cookie; GET /api/session gives the
 * user and the CSRF token, which every change (not GET/HEAD) carries in X-CSRF-TOKEN. Spring Security issues a
 * new token when the session changes at sign-in, so the token is fetched again after it. Any 401 means the
 * session is gone: listeners (the app shell) show the sign-in screen.
 */
export class ApiClient {
  private csrfHeader = 'X-CSRF-TOKEN';
  private csrfToken: string | null = null;
  private unauthorized = new Set<UnauthorizedListener>();

  constructor(private readonly base = '') {}

  onUnauthorized(listener: UnauthorizedListener): () => void {
    this.unauthorized.add(listener);
    return () => this.unauthorized.delete(listener);
  }

  /** The signed-in user, or null when there is no session (401). */
  async session(): Promise<Caller | null> {
    const r = await fetch(this.base + '/api/session', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (r.status === 401) {
      this.csrfToken = null;
      return null;
    }
    const info = (await this.body(r)) as SessionInfo;
    this.csrfHeader = info.csrfHeader ?? this.csrfHeader;
    this.csrfToken = info.csrfToken;
    return info.user;
  }

  async signIn(username: string, password: string): Promise<Caller> {
    const form = new URLSearchParams({ username, password });
    const r = await fetch(this.base + '/api/session', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    await this.body(r, false);
    const user = await this.session();
    if (!user) {
      throw new ApiError({ status: 401, title: 'Unauthorized', detail: 'signed in, but the session was not kept (cookies blocked?)' });
    }
    return user;
  }

  async signOut(): Promise<void> {
    await this.request('DELETE', '/api/session');
    this.csrfToken = null;
  }

  get<T>(path: string, params?: Record<string, string | string[] | undefined>): Promise<T> {
    return this.request<T>('GET', path + query(params));
  }

  post<T>(path: string, body?: unknown, params?: Record<string, string | string[] | undefined>): Promise<T> {
    return this.request<T>('POST', path + query(params), body);
  }

  put<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  /**
   * A change sent while the page goes away (pagehide): keepalive lets the browser finish it after the page is
   * gone. Its answer is never read.
   */
  postOnLeave(path: string): void {
    fetch(this.base + path, { method: 'POST', credentials: 'same-origin', keepalive: true, headers: this.changeHeaders() }).catch(
      () => undefined,
    );
  }

  /** A document the API serves (a signed PDF) as it is, for the browser to verify, show or save. */
  async blob(path: string): Promise<Blob> {
    const r = await fetch(this.base + path, { credentials: 'same-origin', headers: { Accept: '*/*' } });
    if (!r.ok) {
      await this.body(r);
    }
    return r.blob();
  }

  /** A change whose body is a file (a PDF to verify) instead of JSON; the answer is JSON. */
  postFile<T>(path: string, file: Blob, contentType: string): Promise<T> {
    return this.send<T>('POST', path, file, contentType);
  }

  /** Resolves with the parsed JSON body, or undefined for 204; rejects with ApiError otherwise. */
  request<T>(method: string, path: string, body?: unknown): Promise<T> {
    return body === undefined ? this.send<T>(method, path) : this.send<T>(method, path, JSON.stringify(body), 'application/json');
  }

  private async send<T>(method: string, path: string, body?: BodyInit, contentType?: string): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
    if (method !== 'GET' && method !== 'HEAD') {
      Object.assign(headers, this.changeHeaders());
    }
    if (contentType) {
      headers['Content-Type'] = contentType;
    }
    const r = await fetch(this.base + path, { method, credentials: 'same-origin', headers, body });
    return (await this.body(r)) as T;
  }

  private changeHeaders(): Record<string, string> {
    return this.csrfToken ? { [this.csrfHeader]: this.csrfToken } : {};
  }

  private async body(r: Response, notify = true): Promise<unknown> {
    if (r.ok) {
      if (r.status === 204) {
        return undefined;
      }
      const type = r.headers.get('Content-Type') ?? '';
      return type.includes('json') ? r.json() : r.text();
    }
    let problem: Problem = { status: r.status, title: r.statusText };
    try {
      const type = r.headers.get('Content-Type') ?? '';
      if (type.includes('json')) {
        problem = { ...(await r.json()), status: r.status };
      }
    } catch {
      // not a problem document: keep the status line
    }
    if (r.status === 401 && notify) {
      this.csrfToken = null;
      this.unauthorized.forEach((l) => l());
    }
    throw new ApiError(problem);
  }
}

function query(params?: Record<string, string | string[] | undefined>): string {
  if (!params) {
    return '';
  }
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (Array.isArray(v)) {
      v.forEach((x) => q.append(k, x));
    } else if (v !== undefined && v !== '') {
      q.append(k, v);
    }
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

/** The one client of the app. */
export const api = new ApiClient();
