import { useEffect, useState } from 'preact/hooks';
import type { FieldDefinition, FieldValue } from '../api/reports';
import { t, useLocale } from '../i18n';

export function fieldName(f: FieldDefinition, locale: string): string {
  return locale === 'en' ? f.nameEn : f.nameZh;
}

export function choiceLabel(f: FieldDefinition, code: string, locale: string): string {
  const c = f.choices.find((x) => x.code === code);
  return c ? (locale === 'en' ? c.en : c.zh) : code;
}

/** A field's value as the report prints it (read-only views). */
export function shownValue(f: FieldDefinition, v: FieldValue | undefined, locale: string): string {
  if (v === undefined || v === null || v === '') {
    return '—';
  }
  switch (f.type) {
    case 'CHOICE':
      return choiceLabel(f, String(v), locale);
    case 'MULTI_CHOICE':
      return (v as string[]).map((c) => choiceLabel(f, c, locale)).join('、');
    case 'BOOLEAN':
      return v ? t('report.yes') : t('report.no');
    case 'TEXT_LIST':
      return (v as string[]).join('；');
    default:
      return f.unit ? `${v} ${f.unit}` : String(v);
  }
}

/**
 * Text the reader is typing, kept as typed (a half-typed "0." or an empty last line of a list), while the draft holds
 * the parsed value; a value that changes from outside (the pre-fill, a reload) replaces the text.
 */
function useTyped(value: FieldValue | undefined, format: (v: FieldValue | undefined) => string, parse: (s: string) => FieldValue | undefined) {
  const [text, setText] = useState(format(value));
  useEffect(() => {
    if (JSON.stringify(parse(text)) !== JSON.stringify(value)) {
      setText(format(value));
    }
  }, [JSON.stringify(value)]);
  return [text, setText] as const;
}

const parseNumber = (s: string): number | undefined => {
  const n = Number(s.trim().replace(',', '.'));
  return s.trim() === '' || !Number.isFinite(n) ? undefined : n;
};
const parseLines = (s: string): string[] | undefined => {
  const lines = s.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.length ? lines : undefined;
};

interface Props {
  def: FieldDefinition;
  value: FieldValue | undefined;
  onChange: (v: FieldValue | undefined) => void;
  /** the value came from the automatic analysis (ECG) and the reader has not changed it */
  prefilled: boolean;
}

/** One structured field of a template, labelled, of its type (FieldType in the reports module). */
export function FieldInput({ def, value, onChange, prefilled }: Props) {
  const locale = useLocale();
  const id = `field-${def.key}`;
  const name = fieldName(def, locale);
  const hint = [def.unit, def.min != null && def.max != null ? `${def.min}–${def.max}` : null].filter(Boolean).join(' · ');
  const label = (
    <label for={id}>
      {name}
      {def.required && <span class="required" aria-label={t('report.required')}> *</span>}
      {hint && <span class="hint"> ({hint})</span>}
      {prefilled && <span class="badge prefilled" title={t('report.prefilledTitle')}>{t('report.prefilled')}</span>}
    </label>
  );
  const [typed, setTyped] = useTyped(
    value,
    (v) => (v === undefined ? '' : Array.isArray(v) ? v.join('\n') : String(v)),
    (s) => (def.type === 'NUMBER' ? parseNumber(s) : def.type === 'TEXT_LIST' ? parseLines(s) : s === '' ? undefined : s),
  );
  switch (def.type) {
    case 'CHOICE':
      return (
        <div class="field" data-field={def.key}>
          {label}
          <select id={id} value={(value as string) ?? ''} required={def.required}
            onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value || undefined)}>
            <option value="">{t('report.notGiven')}</option>
            {def.choices.map((c) => <option value={c.code}>{locale === 'en' ? c.en : c.zh}</option>)}
          </select>
        </div>
      );
    case 'BOOLEAN':
      return (
        <div class="field" data-field={def.key}>
          {label}
          <select id={id} value={value === undefined ? '' : String(value)}
            onChange={(e) => {
              const v = (e.currentTarget as HTMLSelectElement).value;
              onChange(v === '' ? undefined : v === 'true');
            }}>
            <option value="">{t('report.notGiven')}</option>
            <option value="true">{t('report.yes')}</option>
            <option value="false">{t('report.no')}</option>
          </select>
        </div>
      );
    case 'MULTI_CHOICE': {
      const chosen = (value as string[] | undefined) ?? [];
      return (
        <fieldset class="field" data-field={def.key}>
          <legend>{name}</legend>
          {def.choices.map((c) => (
            <label class="check">
              <input type="checkbox" checked={chosen.includes(c.code)}
                onChange={(e) => {
                  const on = (e.currentTarget as HTMLInputElement).checked;
                  const next = def.choices.map((x) => x.code).filter((k) => (k === c.code ? on : chosen.includes(k)));
                  onChange(next.length ? next : undefined);
                }} />
              {locale === 'en' ? c.en : c.zh}
            </label>
          ))}
        </fieldset>
      );
    }
    case 'TEXT_LIST':
      return (
        <div class="field wide" data-field={def.key}>
          {label}
          <textarea id={id} rows={Math.max(2, typed.split('\n').length)} value={typed} aria-describedby={`${id}-hint`}
            onInput={(e) => {
              const s = (e.currentTarget as HTMLTextAreaElement).value;
              setTyped(s);
              onChange(parseLines(s));
            }} />
          <span id={`${id}-hint`} class="hint">{t('report.onePerLine')}</span>
        </div>
      );
    case 'NUMBER':
      return (
        <div class="field" data-field={def.key}>
          {label}
          <input id={id} type="text" inputMode="decimal" value={typed} required={def.required}
            aria-invalid={typed.trim() !== '' && parseNumber(typed) === undefined ? 'true' : undefined}
            onInput={(e) => {
              const s = (e.currentTarget as HTMLInputElement).value;
              setTyped(s);
              onChange(parseNumber(s));
            }} />
        </div>
      );
    default:
      return (
        <div class="field" data-field={def.key}>
          {label}
          <input id={id} type="text" value={typed} maxLength={def.maxLength ?? undefined}
            onInput={(e) => {
              const s = (e.currentTarget as HTMLInputElement).value;
              setTyped(s);
              onChange(s === '' ? undefined : s);
            }} />
        </div>
      );
  }
}
