import { wadors } from '@cornerstonejs/dicom-image-loader';

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

export interface LoadedSeries {
  info: SeriesInfo;
  imageIds: string[];
  /** Frames per second of a multi-frame (cine) instance: Cine Rate, else 1000 / Frame Time; 0 for a stack. */
  frameRate: number;
  /** The instances' metadata, in the order of imageIds' instances, for the header view. */
  instances: DicomJson[];
}

/**
 * The series' metadata (WADO-RS, PS3.18 §10.4.1.1.2) in one request, registered with the loader, and one
 * wadors image id per frame (…/frames/N, fetched with transfer-syntax=* so compressed frames come as stored and
 * are decoded in the browser). Instances are ordered by Instance Number.
 */
export async function loadSeries(study: string, info: SeriesInfo): Promise<LoadedSeries> {
  const instances = await json<DicomJson[]>(`${root}/studies/${study}/series/${info.uid}/metadata`);
  instances.sort((a, b) => (number(a, '00200013') ?? 0) - (number(b, '00200013') ?? 0));
  const imageIds: string[] = [];
  let frameRate = 0;
  for (const ds of instances) {
    const sop = text(ds, '00080018');
    const frames = number(ds, '00280008') ?? 1;
    for (let f = 1; f <= frames; f++) {
      const id = `wadors:${location.origin}${root}/studies/${study}/series/${info.uid}/instances/${sop}/frames/${f}`;
      wadors.metaDataManager.add(id, ds as never);
      imageIds.push(id);
    }
    if (frames > 1 && !frameRate) {
      frameRate = cineRate(ds);
    }
  }
  return { info, imageIds, frameRate, instances };
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
