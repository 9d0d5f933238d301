import zhCN from './zh-CN.json';
import enJson from './en.json';
import { Store, useStore } from '../store';

/** Every string the UI shows is a key of zh-CN.json (the default language); en.json must have the same keys. */
export type MessageKey = keyof typeof zhCN;
const en: Record<MessageKey, string> = enJson;

export type Locale = 'zh-CN' | 'en';
export const locales: readonly Locale[] = ['zh-CN', 'en'];
const catalogs: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

const saved = localStorage.getItem('rdc.locale');
export const locale = new Store<Locale>(saved === 'en' ? 'en' : 'zh-CN');
document.documentElement.lang = locale.get();

export function setLocale(l: Locale): void {
  localStorage.setItem('rdc.locale', l);
  document.documentElement.lang = l;
  locale.set(l);
}

/** The message in the current language, with {name} placeholders filled in. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = catalogs[locale.get()][key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (m, p: string) => (p in params ? String(params[p]) : m)) : text;
}

/** A key built from an API value (a priority, a state): the key when it exists, else undefined. */
export function keyFor(prefix: string, value: string): MessageKey | undefined {
  const k = `${prefix}.${value}`;
  return k in zhCN ? (k as MessageKey) : undefined;
}

/** The translation of an API enum value, falling back to the value itself. */
export function tEnum(prefix: string, value: string): string {
  const k = keyFor(prefix, value);
  return k ? t(k) : value;
}

/** Re-renders the component when the language changes; returns the language. */
export function useLocale(): Locale {
  return useStore(locale);
}
