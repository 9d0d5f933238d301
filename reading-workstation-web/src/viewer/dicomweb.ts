
/** A DICOM JSON data set (PS3.18 §F.2): tag (8 hex digits) -> { vr, Value }. */
export type DicomJson = Record<string, { vr: string; Value?: unknown[]; BulkDataURI?: string; InlineBinary?: string }>;

const root = '/dicomweb';

export function value(ds: DicomJson, tag: string): unknown {
  return ds[tag]?.Value?.[0];
}

export function text(ds: DicomJson, tag: string): string {
  const v = value(ds, tag);
  if (v === undefined || v === null) {
    return '';
  }
  if (typeof v === 'object' && 'Alphabetic' in (v as object)) {
    return String((v as { Alphabetic: string }).Alphabetic);
  }
  return String(v);
}

export function numbers(ds: DicomJson, tag: string): number[] | undefined {
  const v = ds[tag]?.Value?.map(Number);
  return v && v.length > 0 && v.every(Number.isFinite) ? v : undefined;
}

export function number(ds: DicomJson, tag: string): number | undefined {
  const v = Number(value(ds, tag));
  return Number.isFinite(v) ? v : undefined;
}

async function json<T>(url: string): Promise<T> {
  const r = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/dicom+json' } });
  if (!r.ok) {
    throw new Error(`${url}: HTTP ${r.status}`);
  }
  return (await r.json()) as T;
}

export interface SeriesInfo {
  uid: string;
  modality: string;
  number: number;
  description: string;
  instances: number;
  /** The first instance, for its thumbnail. */
  thumbnail: string;
}

/** The study's series (QIDO-RS, PS3.18 §10.6), by series number. */
export async function seriesOf(study: string): Promise<SeriesInfo[]> {
  const list = await json<DicomJson[]>(`${root}/studies/${study}/series?includefield=all`);
  return list
    .map((s) => {
      const uid = text(s, '0020000E');
      return {
        uid,
        modality: text(s, '00080060'),
        number: number(s, '00200011') ?? 0,
        description: text(s, '0008103E'),
        instances: number(s, '00201209') ?? 0,
        thumbnail: `${root}/studies/${study}/series/${uid}/thumbnail`,
      };
    })
    .sort((a, b) => a.number - b.number);
}

/**
 * The series' metadata (WADO-RS, PS3.18 §10.4.1.1.2) in one request, its instances ordered by Instance Number.
 * Plain fetches, without Cornerstone3D: the viewer starts them while its own code is still loading.
 */
export async function seriesMetadata(study: string, info: SeriesInfo): Promise<DicomJson[]> {
  const instances = await json<DicomJson[]>(`${root}/studies/${study}/series/${info.uid}/metadata`);
  return instances.sort((a, b) => (number(a, '00200013') ?? 0) - (number(b, '00200013') ?? 0));
}

/** What the viewer needs first of a study, asked for as soon as it opens. */
export interface StudyRequest {
  uid: string;
  series: Promise<SeriesInfo[]>;
  study: Promise<DicomJson | null>;
  /** The first series' metadata, or null when the study has no series. */
  first: Promise<DicomJson[] | null>;
}

export function requestStudy(uid: string): StudyRequest {
  const series = seriesOf(uid);
  const first = series.then((list) => (list.length > 0 ? seriesMetadata(uid, list[0]) : null));
  // a failure is reported where the viewer awaits these; until then they must not count as unhandled
  first.catch(() => undefined);
  const study = studyOf(uid);
  study.catch(() => undefined);
  return { uid, series, study, first };
}

/**
 * Frames per second of a multi-frame image: Cine Rate (0018,0040), else 1000 / Frame Time (0018,1063), else
 * Recommended Display Frame Rate (0008,2144), else 25.
 */
export function cineRate(ds: DicomJson): number {
  const frameTime = number(ds, '00181063');
  return number(ds, '00180040') || (frameTime ? 1000 / frameTime : 0) || number(ds, '00082144') || 25;
}

/** The study's own attributes (QIDO-RS), null when it is not there or not visible to the user. */
export async function studyOf(uid: string): Promise<DicomJson | null> {
  const list = await json<DicomJson[]>(`${root}/studies?StudyInstanceUID=${uid}&includefield=00081030`);
  return list[0] ?? null;
}

/** The patient's other studies (QIDO-RS by Patient ID), newest first. */
export async function priorsOf(study: DicomJson): Promise<DicomJson[]> {
  const pid = text(study, '00100020');
  if (!pid) {
    return [];
  }
  const all = await json<DicomJson[]>(`${root}/studies?PatientID=${encodeURIComponent(pid)}&includefield=00081030`);
  const uid = text(study, '0020000D');
  return all.filter((s) => text(s, '0020000D') !== uid).sort((a, b) => text(b, '00080020').localeCompare(text(a, '00080020')));
}
