import { Enums, metaData, utilities } from '@cornerstonejs/core';
import { wadors } from '@cornerstonejs/dicom-image-loader';
import { number, numbers, text, type DicomJson } from './dicomweb';

/** Spacing (row, column; mm) of the projection radiographs' image ids, from the rules below. */
const projected = new Map<string, { spacing: number[]; type: string }>();

/**
 * A projection radiograph (CR, DX, MG, XA ...) is measured from Imager Pixel Spacing (0018,1164), corrected by
 * the Estimated Radiographic Magnification Factor where there is one, unless Pixel Spacing (0028,0030) is
 * calibrated (PS3.3 10.7.1.3, C.8.11.4): Cornerstone3D's own rules for this, fed with the instance's attributes.
 * Its WADO-RS metadata reads Pixel Spacing alone, and a radiograph has no patient orientation, which makes the
 * tools measure in pixels; so the image plane of such an image carries the spacing the rules give, and its
 * calibration type marks the measurements ("mm Proj": at the detector).
 */
export function calibrateProjection(imageId: string, ds: DicomJson): void {
  const info = utilities.getPixelSpacingInformation({
    SOPClassUID: text(ds, '00080016'),
    PixelSpacing: numbers(ds, '00280030'),
    ImagerPixelSpacing: numbers(ds, '00181164'),
    PixelSpacingCalibrationType: text(ds, '00280A02') || undefined,
    EstimatedRadiographicMagnificationFactor: number(ds, '00181114'),
    DistanceSourceToDetector: number(ds, '00181110'),
    DistanceSourceToPatient: number(ds, '00181111'),
  });
  const spacing = info.PixelSpacing as number[] | undefined;
  if (info.isProjection && spacing) {
    projected.set(imageId, { spacing: spacing.map(Number), type: info.type });
    utilities.calibratedPixelSpacingMetadataProvider.add(imageId, { type: info.type });
  }
}

/**
 * Before the loader's own provider: the image plane of a projection radiograph, with its spacing, and its
 * calibration type also as the calibration module, which is where Cornerstone's CPU render path reads it (the
 * WebGL path reads the calibrated pixel spacing above).
 */
function projectionPlane(type: string, imageId: string): unknown {
  const p = projected.get(imageId);
  if (!p) {
    return undefined;
  }
  if (type === Enums.MetadataModules.CALIBRATION) {
    return { type: p.type };
  }
  if (type !== Enums.MetadataModules.IMAGE_PLANE) {
    return undefined;
  }
  const plane = wadors.metaData.metaDataProvider(type, imageId) as Record<string, unknown> | undefined;
  return plane && {
    ...plane,
    pixelSpacing: p.spacing,
    rowPixelSpacing: p.spacing[0],
    columnPixelSpacing: p.spacing[1],
    usingDefaultValues: false,
  };
}

let added = false;

/** Adds the provider once per page (Cornerstone3D asks providers by priority, highest first). */
export function addProjectionPlaneProvider(): void {
  if (!added) {
    added = true;
    metaData.addProvider(projectionPlane, 10_000);
  }
}
