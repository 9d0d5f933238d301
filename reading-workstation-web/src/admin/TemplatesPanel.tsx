import { useCallback, useEffect, useState } from 'preact/hooks';
import type { TemplateSummary } from '../api/admin';
import { admin } from '../api/admin';
import { t, tEnum, useLocale } from '../i18n';
import { inform, reportError } from '../messages';

/**
 * Report templates are data: a new one, or a new version of one, is its JSON definition. Editing starts from the
 * newest version with the next version number; reports keep the version they were written with.
 */
export function TemplatesPanel() {
  const locale = useLocale();
  const [list, setList] = useState<TemplateSummary[] | null>(null);
  const [editing, setEditing] = useState<{ id: string; text: string; versions: number[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => admin.templates().then(setList, reportError), []);
  useEffect(() => {
    load();
  }, [load]);

  const edit = async (tpl: TemplateSummary) => {
    try {
      const versions = await admin.templateVersions(tpl.id);
      const newest = versions[versions.length - 1];
      setError(null);
      setEditing({ id: tpl.id, text: JSON.stringify({ ...newest, version: newest.version + 1 }, null, 2), versions: versions.map((v) => v.version) });
    } catch (e) {
      reportError(e);
    }
  };

  const save = async (e: Event) => {
    e.preventDefault();
    let definition: unknown;
    try {
      definition = JSON.parse(editing!.text);
    } catch (err) {
      setError(t('admin.template.badJson', { detail: err instanceof Error ? err.message : String(err) }));
      return;
    }
    setError(null);
    try {
      const added = await admin.addTemplate(definition);
      inform('admin.template.saved', { id: added.id, version: added.version });
      setEditing(null);
      load();
    } catch (err) {
      reportError(err);
    }
  };

  return (
    <div class="panel">
      <h2>{t('admin.templates')}</h2>
      {list === null ? (
        <p class="loading">{t('app.loading')}</p>
      ) : (
        <table class="tasks" data-testid="templates">
          <thead>
            <tr>
              <th scope="col">{t('admin.template.id')}</th>
              <th scope="col">{t('admin.template.name')}</th>
              <th scope="col">{t('portal.line')}</th>
              <th scope="col">{t('admin.template.version')}</th>
              <th scope="col"><span class="visually-hidden">{t('col.action')}</span></th>
            </tr>
          </thead>
          <tbody>
            {list.map((tpl) => (
              <tr key={tpl.id} data-template={tpl.id}>
                <td>{tpl.id}</td>
                <td>{locale === 'en' ? tpl.nameEn : tpl.nameZh}</td>
                <td>{tEnum('line', tpl.serviceLine)}</td>
                <td class="version">{tpl.version}</td>
                <td>
                  <button type="button" onClick={() => edit(tpl)} aria-label={t('admin.template.editLabel', { id: tpl.id })}>
                    {t('admin.template.newVersion')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && (
        <form class="edit-form" onSubmit={save} aria-labelledby="template-form-title" data-testid="template-form">
          <h3 id="template-form-title">{t('admin.template.editLabel', { id: editing.id })}</h3>
          <p class="hint">{t('admin.template.hint', { versions: editing.versions.join(', ') })}</p>
          <label class="definition">
            <span>{t('admin.template.definition')}</span>
            <textarea value={editing.text} rows={18} spellcheck={false}
              onInput={(e) => {
                setError(null);
                setEditing({ ...editing, text: (e.currentTarget as HTMLTextAreaElement).value });
              }} />
          </label>
          {error && <p class="form-error" role="alert">{error}</p>}
          <div class="actions">
            <button type="submit" class="primary">{t('admin.template.save')}</button>
            <button type="button" onClick={() => setEditing(null)}>{t('action.close')}</button>
          </div>
        </form>
      )}
    </div>
  );
}
