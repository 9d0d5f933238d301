import { useLayoutEffect } from 'preact/hooks';
import type { MessageKey } from './i18n';
import { inform } from './messages';

/**
 * Keyboard shortcuts of the whole workstation, defined in one place so that they never collide and the help
 * (key "?") lists them all. A screen handles one while it is shown (useShortcut); a shortcut whose screen is
 * not built or not open says so. Single keys are ignored while typing in a field.
 */
export interface Shortcut {
  id: ShortcutId;
  /** As KeyboardEvent.key, with "Ctrl+" / "Alt+" / "Shift+" before it where needed. */
  keys: string;
  label: MessageKey;
}

export type ShortcutId =
  | 'help'
  | 'worklist.next'
  | 'worklist.refresh'
  | 'worklist.filter'
  | 'task.back'
  | 'report.sign'
  | 'report.save'
  | 'report.phrases'
  | 'viewer.wl.chest'
  | 'viewer.wl.bone'
  | 'viewer.wl.softTissue'
  | 'viewer.wl.lung';

export const shortcuts: readonly Shortcut[] = [
  { id: 'help', keys: '?', label: 'shortcut.help' },
  { id: 'worklist.next', keys: 'n', label: 'shortcut.worklist.next' },
  { id: 'worklist.refresh', keys: 'r', label: 'shortcut.worklist.refresh' },
  { id: 'worklist.filter', keys: 'f', label: 'shortcut.worklist.filter' },
  { id: 'task.back', keys: 'Escape', label: 'shortcut.task.back' },
  // for the report editor and the image viewer (later screens register handlers)
  { id: 'report.sign', keys: 'Ctrl+Enter', label: 'shortcut.report.sign' },
  { id: 'report.save', keys: 'Ctrl+s', label: 'shortcut.report.save' },
  { id: 'report.phrases', keys: 'Alt+p', label: 'shortcut.report.phrases' },
  { id: 'viewer.wl.chest', keys: '1', label: 'shortcut.viewer.wl.chest' },
  { id: 'viewer.wl.bone', keys: '2', label: 'shortcut.viewer.wl.bone' },
  { id: 'viewer.wl.softTissue', keys: '3', label: 'shortcut.viewer.wl.softTissue' },
  { id: 'viewer.wl.lung', keys: '4', label: 'shortcut.viewer.wl.lung' },
];

const handlers = new Map<ShortcutId, () => void>();

/**
 * While the calling component is mounted, the shortcut runs `handler`. A layout effect: registered as the screen
 * is rendered, so a key pressed right after a screen opens already reaches it.
 */
export function useShortcut(id: ShortcutId, handler: () => void): void {
  useLayoutEffect(() => {
    handlers.set(id, handler);
    return () => {
      if (handlers.get(id) === handler) {
        handlers.delete(id);
      }
    };
  }, [id, handler]);
}

function keysOf(e: KeyboardEvent): string {
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  return (e.ctrlKey || e.metaKey ? 'Ctrl+' : '') + (e.altKey ? 'Alt+' : '') + key;
}

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

/** Installs the one keydown listener; `onHelp` opens the list of shortcuts. */
export function installShortcuts(onHelp: () => void): () => void {
  const listener = (e: KeyboardEvent) => {
    const pressed = keysOf(e);
    const s = shortcuts.find((x) => x.keys === pressed || (x.keys === '?' && e.key === '?'));
    if (!s) {
      return;
    }
    const single = !e.ctrlKey && !e.metaKey && !e.altKey && s.keys !== 'Escape';
    if (single && typing(e.target)) {
      return;
    }
    if (s.id === 'help') {
      e.preventDefault();
      onHelp();
      return;
    }
    const h = handlers.get(s.id);
    if (h) {
      e.preventDefault();
      h();
    } else if (s.id.startsWith('viewer.') || s.id.startsWith('report.')) {
      e.preventDefault();
      inform('shortcut.unavailable');
    }
  };
  window.addEventListener('keydown', listener);
  return () => window.removeEventListener('keydown', listener);
}
