import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { UserAccount, UserRequest } from '../api/admin';
import { admin } from '../api/admin';
import type { Role, ServiceLine } from '../api/types';
import { serviceLines } from '../api/types';
import { t, tEnum } from '../i18n';
import { inform, reportError } from '../messages';

const ROLES: readonly Role[] = ['READER', 'SENIOR_READER', 'CONSULTANT', 'FACILITY_USER', 'ADMIN'];

interface UserDraft {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  serviceLines: ServiceLine[];
  facilityId: string;
  requiresCountersign: boolean;
  enabled: boolean;
  isNew: boolean;
}

function draftOf(u: UserAccount | null): UserDraft {
  return u
    ? { username: u.username, displayName: u.displayName ?? '', password: '', roles: [...u.roles], serviceLines: [...u.serviceLines],
      facilityId: u.facilityId ?? '', requiresCountersign: u.requiresCountersign, enabled: u.enabled, isNew: false }
    : { username: '', displayName: '', password: '', roles: [], serviceLines: [], facilityId: '', requiresCountersign: false, enabled: true, isNew: true };
}

function toggle<T>(list: T[], value: T, on: boolean): T[] {
  return on ? [...new Set([...list, value])] : list.filter((x) => x !== value);
}

/** Users and their roles, service lines and facility; users are disabled, never deleted (the history names them). */
export function UsersPanel() {
  const [list, setList] = useState<UserAccount[] | null>(null);
  const [facilities, setFacilities] = useState<string[]>([]);
  const [draft, setDraft] = useState<UserDraft | null>(null);
  const load = useCallback(() => admin.users().then(setList, reportError), []);
  useEffect(() => {
    load();
    admin.facilities().then((fs) => setFacilities(fs.map((f) => f.id)), reportError);
  }, [load]);

  return (
    <div class="panel">
      <div class="panel-head">
        <h2>{t('admin.users')}</h2>
        <button type="button" class="primary" onClick={() => setDraft(draftOf(null))}>{t('admin.user.new')}</button>
      </div>
      {list === null ? (
        <p class="loading">{t('app.loading')}</p>
      ) : (
        <table class="tasks" data-testid="users">
          <thead>
            <tr>
              <th scope="col">{t('admin.user.username')}</th>
              <th scope="col">{t('admin.user.displayName')}</th>
              <th scope="col">{t('admin.user.roles')}</th>
              <th scope="col">{t('admin.user.lines')}</th>
              <th scope="col">{t('admin.user.facility')}</th>
              <th scope="col">{t('admin.user.state')}</th>
              <th scope="col"><span class="visually-hidden">{t('col.action')}</span></th>
            </tr>
          </thead>
          <tbody>
            {list.map((u) => (
              <tr key={u.username} data-user={u.username} class={u.enabled ? '' : 'disabled'}>
                <td>{u.username}</td>
                <td>{u.displayName}</td>
                <td class="roles">{u.roles.map((r) => tEnum('role', r)).join('、')}{u.requiresCountersign && <span class="sub">{t('admin.user.countersign')}</span>}</td>
                <td>{u.serviceLines.map((l) => tEnum('line', l)).join('、')}</td>
                <td>{u.facilityId}</td>
                <td>{u.enabled ? t('admin.user.enabled') : t('admin.user.disabled')}</td>
                <td>
                  <button type="button" onClick={() => setDraft(draftOf(u))} aria-label={t('admin.user.editLabel', { user: u.username })}>
                    {t('admin.edit')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {draft && (
        <UserForm key={draft.username || 'new'} initial={draft} facilities={facilities}
          onSaved={() => { load(); setDraft(null); }} onClose={() => setDraft(null)} />
      )}
    </div>
  );
}

function UserForm({ initial, facilities, onSaved, onClose }: { initial: UserDraft; facilities: string[]; onSaved: () => void; onClose: () => void }) {
  const [d, setD] = useState(initial);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const val = (e: Event) => (e.currentTarget as HTMLInputElement).value;
  const checked = (e: Event) => (e.currentTarget as HTMLInputElement).checked;

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    const body: UserRequest = {
      displayName: d.displayName.trim(),
      roles: d.roles,
      serviceLines: d.serviceLines,
      facilityId: d.facilityId,
      requiresCountersign: d.requiresCountersign,
      enabled: d.enabled,
      ...(d.password ? { password: d.password } : {}),
    };
    try {
      const saved = d.isNew ? await admin.createUser({ ...body, username: d.username.trim() }) : await admin.updateUser(d.username, body);
      inform('admin.user.saved', { user: saved.username });
      onSaved();
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="edit-form" onSubmit={save} aria-labelledby="user-form-title" data-testid="user-form">
      <h3 id="user-form-title">{d.isNew ? t('admin.user.new') : t('admin.user.editLabel', { user: d.username })}</h3>
      <div class="fields">
        <label>
          <span>{t('admin.user.username')}</span>
          <input ref={first} value={d.username} onInput={(e) => setD({ ...d, username: val(e) })} required disabled={!d.isNew} />
        </label>
        <label>
          <span>{t('admin.user.displayName')}</span>
          <input value={d.displayName} onInput={(e) => setD({ ...d, displayName: val(e) })} />
        </label>
        <label>
          <span>{d.isNew ? t('admin.user.password') : t('admin.user.newPassword')}</span>
          <input type="password" value={d.password} onInput={(e) => setD({ ...d, password: val(e) })} required={d.isNew} minLength={8}
            autoComplete="new-password" />
        </label>
        <label>
          <span>{t('admin.user.facility')}</span>
          <select value={d.facilityId} onChange={(e) => setD({ ...d, facilityId: (e.currentTarget as HTMLSelectElement).value })}>
            <option value="">{t('admin.user.noFacility')}</option>
            {facilities.map((f) => <option value={f}>{f}</option>)}
          </select>
        </label>
      </div>
      <fieldset>
        <legend>{t('admin.user.roles')}</legend>
        {ROLES.map((r) => (
          <label class="check">
            <input type="checkbox" checked={d.roles.includes(r)} onChange={(e) => setD({ ...d, roles: toggle(d.roles, r, checked(e)) })} />
            {tEnum('role', r)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('admin.user.lines')}</legend>
        {serviceLines.map((l) => (
          <label class="check">
            <input type="checkbox" checked={d.serviceLines.includes(l)}
              onChange={(e) => setD({ ...d, serviceLines: toggle(d.serviceLines, l, checked(e)) })} />
            {tEnum('line', l)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('admin.user.options')}</legend>
        <label class="check">
          <input type="checkbox" checked={d.requiresCountersign} onChange={(e) => setD({ ...d, requiresCountersign: checked(e) })} />
          {t('admin.user.countersign')}
        </label>
        <label class="check">
          <input type="checkbox" checked={d.enabled} onChange={(e) => setD({ ...d, enabled: checked(e) })} />
          {t('admin.user.enabled')}
        </label>
      </fieldset>
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>{t('admin.save')}</button>
        <button type="button" onClick={onClose}>{t('action.close')}</button>
      </div>
    </form>
  );
}
