import { init as initCore, RenderingEngine } from '@cornerstonejs/core';
import { init as initLoader } from '@cornerstonejs/dicom-image-loader';
import {
  addTool,
  AngleTool,
  EllipticalROITool,
  init as initTools,
  LengthTool,
  PanTool,
  StackScrollTool,
  WindowLevelTool,
  ZoomTool,
} from '@cornerstonejs/tools';
import { addProjectionPlaneProvider } from './calibration';

/** The tools the viewer binds to the left mouse button (one at a time). */
export const leftTools = {
  windowLevel: WindowLevelTool.toolName,
  pan: PanTool.toolName,
  zoom: ZoomTool.toolName,
  length: LengthTool.toolName,
  angle: AngleTool.toolName,
  roi: EllipticalROITool.toolName,
} as const;
export type LeftTool = keyof typeof leftTools;
export const scrollTool = StackScrollTool.toolName;

let started: Promise<RenderingEngine> | null = null;

/**
 * Starts Cornerstone3D once per page: core, the DICOM image loader (decoding in web workers, the WASM codecs
 * loaded when a transfer syntax first needs one) and the tools. Images come from our own /dicomweb with the
 * session cookie (same origin), so the loader needs no headers of its own.
 */
export function cornerstone(): Promise<RenderingEngine> {
  started ??= (async () => {
    initCore();
    initLoader({ maxWebWorkers: Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)) });
    initTools();
    addProjectionPlaneProvider();
    for (const tool of [WindowLevelTool, PanTool, ZoomTool, LengthTool, AngleTool, EllipticalROITool, StackScrollTool]) {
      addTool(tool);
    }
    return new RenderingEngine('rdc-viewer');
  })();
  return started;
}
