import type { MessageKey } from '../i18n';
import type { ShortcutId } from '../shortcuts';

/** A window/level preset: width and centre in the modality's output units (HU for CT). */
export interface Preset {
  id: ShortcutId;
  label: MessageKey;
  width: number;
  center: number;
}

/** The four presets of issue 13, on keys 1-4 (shortcuts.ts). 胸部 is the mediastinal window of a chest CT. */
export const presets: readonly Preset[] = [
  { id: 'viewer.wl.chest', label: 'viewer.preset.chest', width: 350, center: 40 },
  { id: 'viewer.wl.bone', label: 'viewer.preset.bone', width: 2000, center: 500 },
  { id: 'viewer.wl.softTissue', label: 'viewer.preset.softTissue', width: 400, center: 40 },
  { id: 'viewer.wl.lung', label: 'viewer.preset.lung', width: 1500, center: -600 },
];

export function voiRange(p: Preset): { lower: number; upper: number } {
  return { lower: p.center - p.width / 2, upper: p.center + p.width / 2 };
}
