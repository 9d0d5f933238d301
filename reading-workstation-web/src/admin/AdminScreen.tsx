import { t, type MessageKey } from '../i18n';
import { FacilitiesPanel } from './FacilitiesPanel';
import { SlaPanel } from './SlaPanel';
import { TemplatesPanel } from './TemplatesPanel';
import { UsersPanel } from './UsersPanel';

export const adminSections = ['facilities', 'users', 'sla', 'templates'] as const;
export type AdminSection = (typeof adminSections)[number];

const labels: Record<AdminSection, MessageKey> = {
  facilities: 'admin.facilities',
  users: 'admin.users',
  sla: 'admin.sla',
  templates: 'admin.templates',
};

/** Screen 7, administration: facilities and their devices, users and roles, the SLA matrix, report templates. */
export function AdminScreen({ section }: { section: AdminSection }) {
  return (
    <section class="admin" aria-labelledby="admin-title">
      <h1 id="admin-title">{t('nav.admin')}</h1>
      <nav class="tabs" aria-label={t('admin.sections')}>
        <ul>
          {adminSections.map((s) => (
            <li>
              <a href={`/admin/${s}`} aria-current={s === section ? 'page' : undefined}>{t(labels[s])}</a>
            </li>
          ))}
        </ul>
      </nav>
      {section === 'facilities' && <FacilitiesPanel />}
      {section === 'users' && <UsersPanel />}
      {section === 'sla' && <SlaPanel />}
      {section === 'templates' && <TemplatesPanel />}
    </section>
  );
}
