import { getRenderingCapabilities, init as initCore, RenderingEngine, setUseCPURendering } from '@cornerstonejs/core';
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

export type RenderPath = 'gpu' | 'cpu';

/**
 * How this browser draws images. WebGL through a real GPU is the fast path; without WebGL, or where WebGL is a
 * software rasterizer (SwiftShader, llvmpipe: a workstation or VM without a usable GPU), Cornerstone's canvas 2D
 * path draws a large plate several times faster (bench/RESULTS.md: 15 MB CR, 1343 ms in SwiftShader against
 * 382 ms). `?render=gpu` or `?render=cpu` in the page's address overrides the choice, to compare the two.
 */
export function renderPath(): RenderPath {
  const asked = new URLSearchParams(location.search).get('render');
  if (asked === 'gpu' || asked === 'cpu') {
    return asked;
  }
  const capabilities = getRenderingCapabilities();
  return capabilities.webgl && !capabilities.softwareRasterizer ? 'gpu' : 'cpu';
}

/**
 * Starts Cornerstone3D once per page: core, the DICOM image loader (decoding in web workers, the WASM codecs
 * loaded when a transfer syntax first needs one) and the tools. Images come from our own /dicomweb with the
 * session cookie (same origin), so the loader needs no headers of its own.
 */
export function cornerstone(): Promise<RenderingEngine> {
  started ??= (async () => {
    initCore();
    setUseCPURendering(renderPath() === 'cpu');
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
