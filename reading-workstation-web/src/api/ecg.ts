import { api } from './client';

/** Corner frequencies in Hz; null: off. */
export interface EcgFilters {
  highPassHz: number | null;
  lowPassHz: number | null;
  notchHz: number | null;
}

export interface Bilingual {
  zh: string;
  en: string;
}

export interface CriticalFlag extends Bilingual {
  code: string;
  value: number;
  threshold: number;
}

export interface Statement extends Bilingual {
  code: string;
}

/** The stored ECG_ANALYSIS JSON (ecg-ingest EcgJson.analysis): our measurements next to the device's. */
export interface EcgAnalysis {
  heartRateBpm: number | null;
  rrMs: number | null;
  pDurationMs: number | null;
  prMs: number | null;
  qrsMs: number | null;
  qtMs: number | null;
  qtcBazettMs: number | null;
  qtcFridericiaMs: number | null;
  pAxisDeg: number | null;
  qrsAxisDeg: number | null;
  tAxisDeg: number | null;
  rhythmText: Bilingual;
  critical: boolean;
  criticalFlags: CriticalFlag[];
  statements: Statement[];
  beatTimesS: number[];
  decisionSupport: Bilingual;
  filters: { configured: EcgFilters; applied: EcgFilters };
  deviceMeasurements: Partial<Record<'heartRateBpm' | 'rrMs' | 'prMs' | 'qrsMs' | 'qtMs' | 'qtcMs' | 'pAxisDeg' | 'qrsAxisDeg' | 'tAxisDeg', number | null>>;
  deviceStatements: string[];
}

/** GET /api/studies/{uid}/ecg (reading-workstation-api EcgWaveformView). */
export interface EcgWaveform {
  studyInstanceUid: string;
  sopInstanceUid: string;
  sampleRateHz: number;
  unit: 'uV';
  durationS: number;
  startS: number;
  sampleCount: number;
  filters: EcgFilters;
  leads: { name: string; samplesUv: number[] }[];
  analysis: EcgAnalysis | null;
}

export const ecg = {
  /** The study's leads and analysis; without `filters` as the analysis filtered them (what the printout shows). */
  waveform(studyUid: string, filters?: EcgFilters) {
    const hz = (v: number | null) => String(v ?? 0);
    return api.get<EcgWaveform>(
      `/api/studies/${encodeURIComponent(studyUid)}/ecg`,
      filters && { highPassHz: hz(filters.highPassHz), lowPassHz: hz(filters.lowPassHz), notchHz: hz(filters.notchHz) },
    );
  },
};
