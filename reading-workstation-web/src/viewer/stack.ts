import { wadors } from '@cornerstonejs/dicom-image-loader';
import { calibrateProjection } from './calibration';
import { cineRate, number, seriesMetadata, text, type DicomJson, type SeriesInfo } from './dicomweb';

export interface LoadedSeries {
  info: SeriesInfo;
  imageIds: string[];
  /** Frames per second of a multi-frame (cine) instance: Cine Rate, else 1000 / Frame Time; 0 for a stack. */
  frameRate: number;
  /** The instances' metadata, in the order of imageIds' instances, for the header view. */
  instances: DicomJson[];
}

/**
 * A series' metadata registered with the loader, and one wadors image id per frame (…/frames/N, fetched with
 * transfer-syntax=* so compressed frames come as stored and are decoded in the browser).
 */
export function stackOf(study: string, info: SeriesInfo, instances: DicomJson[]): LoadedSeries {
  const imageIds: string[] = [];
  let frameRate = 0;
  for (const ds of instances) {
    const sop = text(ds, '00080018');
    const frames = number(ds, '00280008') ?? 1;
    for (let f = 1; f <= frames; f++) {
      const id = `wadors:${location.origin}/dicomweb/studies/${study}/series/${info.uid}/instances/${sop}/frames/${f}`;
      wadors.metaDataManager.add(id, ds as never);
      calibrateProjection(id, ds);
      imageIds.push(id);
    }
    if (frames > 1 && !frameRate) {
      frameRate = cineRate(ds);
    }
  }
  return { info, imageIds, frameRate, instances };
}

/** The series' metadata fetched and registered. */
export async function loadSeries(study: string, info: SeriesInfo): Promise<LoadedSeries> {
  return stackOf(study, info, await seriesMetadata(study, info));
}
