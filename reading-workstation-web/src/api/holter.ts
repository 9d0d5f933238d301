import { api } from './client';
import type { Bilingual } from './ecg';

/** Beat counts by class (HolterJson.analysis "beats"); total: counted beats, artefact: beats in excluded segments. */
export interface HolterBeats {
  total: number;
  NORMAL: number;
  SUPRAVENTRICULAR: number;
  VENTRICULAR: number;
  FUSION: number;
  UNCLASSIFIABLE: number;
  artefact: number;
}

export interface HolterEctopy {
  isolated: number;
  couplets: number;
  runs: number;
  bigeminyEpisodes: number;
  trigeminyEpisodes: number;
}

export interface HolterHour {
  hour: number;
  start: string | null;
  beats: number;
  minBpm: number | null;
  meanBpm: number | null;
  maxBpm: number | null;
}

export type BeatLabel = 'NORMAL' | 'SUPRAVENTRICULAR' | 'VENTRICULAR' | 'FUSION' | 'UNCLASSIFIABLE';

export interface HolterTemplate {
  id: number;
  label: BeatLabel;
  automaticLabel: BeatLabel;
  relabelled: boolean;
  members: number;
  counts: Partial<Record<BeatLabel, number>>;
  qrsMs: number | null;
  representativeBeats: { beat: number; atS: number }[];
}

export interface HolterFinding extends Bilingual {
  code: string;
  value: number;
  threshold: number;
  fromS: number;
  toS: number;
}

/**
 * GET /api/studies/{uid}/holter: the newest stored analysis without its per-beat columns
 * (ecg-ingest docs/holter-analysis-json.md, "JSON"). Only what the review screen shows is typed.
 */
export interface HolterSummary {
  format: string;
  sampleRateHz: number;
  leads: string[];
  start: string | null;
  frames: number;
  recordedS: number;
  analysedS: number;
  beats: HolterBeats;
  heartRate: {
    meanBpm: number | null;
    minBpm: number | null;
    minMinute: number | null;
    minTime: string | null;
    maxBpm: number | null;
    maxMinute: number | null;
    maxTime: string | null;
  };
  hourly: HolterHour[];
  pauses: { thresholdS: number; count: number; longestS: number | null };
  ventricular: HolterEctopy;
  supraventricular: HolterEctopy;
  episodes: { af: unknown[]; vt: unknown[]; svt: unknown[] };
  afBurdenPercent: number | null;
  hrv: { sdnnMs: number | null; rmssdMs: number | null };
  templates: HolterTemplate[];
  criticalFindings?: HolterFinding[];
}

/** GET /holter/strip: full disclosure of `seconds` from `startSeconds`, samples in uV, the beats inside. */
export interface HolterStrip {
  sampleRateHz: number;
  startSeconds: number;
  seconds: number;
  firstFrame: number;
  frames: number;
  leads: { name: string; samplesUv: number[] }[];
  beats: { frame: number; seconds: number; beatClass: string }[];
}

export interface HolterEvent {
  type: string;
  frame: number;
  seconds: number;
  durationSeconds: number;
  beats: number | null;
  bpm: number | null;
  stripStartSeconds: number;
}

/** The EC57 letters the relabel takes (and the strips show). */
export const beatLetters = ['N', 'S', 'V', 'F', 'Q'] as const;
export type BeatLetter = (typeof beatLetters)[number];
export const letterOf: Record<BeatLabel, BeatLetter> = {
  NORMAL: 'N',
  SUPRAVENTRICULAR: 'S',
  VENTRICULAR: 'V',
  FUSION: 'F',
  UNCLASSIFIABLE: 'Q',
};

const base = (studyUid: string) => `/api/studies/${encodeURIComponent(studyUid)}/holter`;

/** The Holter review endpoints (reading-workstation-api HolterController; ecg-ingest README "Holter review"). */
export const holter = {
  summary: (studyUid: string) => api.get<HolterSummary>(base(studyUid)),
  strip: (studyUid: string, start: number, seconds: number, leads?: string[]) =>
    api.get<HolterStrip>(`${base(studyUid)}/strip`, { start: String(start), seconds: String(seconds), leads: leads?.join(',') }),
  events: (studyUid: string) => api.get<{ events: HolterEvent[] }>(`${base(studyUid)}/events`).then((e) => e.events),
  /** Answers the new summary; 409 once the study's report is signed. */
  relabelTemplate: (studyUid: string, template: number, beatClass: BeatLetter) =>
    api.post<HolterSummary>(`${base(studyUid)}/relabel`, { template, class: beatClass }),
};
