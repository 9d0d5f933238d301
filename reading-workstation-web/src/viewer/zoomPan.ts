import { Enums, getRenderingEngine, utilities, type StackViewport, type Types } from '@cornerstonejs/core';
import { SynchronizerManager, type Synchronizer, type Types as ToolTypes } from '@cornerstonejs/tools';

const { imageToWorldCoords, worldToImageCoords } = utilities;

/** Where a viewport shows its image: the image point at the canvas' centre (as fractions of the image) and how high the image is on the canvas. */
interface Placement {
  centre: [number, number];
  height: number;
}

function placement(vp: StackViewport): Placement {
  const id = vp.getCurrentImageId();
  const [columns, rows] = vp.getImageData().dimensions;
  const [x, y] = worldToImageCoords(id, vp.canvasToWorld([vp.element.clientWidth / 2, vp.element.clientHeight / 2]))!;
  const top = vp.worldToCanvas(imageToWorldCoords(id, [0, 0])!);
  const bottom = vp.worldToCanvas(imageToWorldCoords(id, [0, rows])!);
  return { centre: [x / columns, y / rows], height: Math.hypot(bottom[0] - top[0], bottom[1] - top[1]) };
}

/**
 * The target shows its image where and as large as the source shows its own: the same point of the image (as a
 * fraction of it) at the canvas' centre and the same height on the screen. Cornerstone's zoom/pan synchroniser
 * copies getZoom/getPan, which on its CPU render path are the image's scale and translation in pixels and do not
 * go back through setPan; the camera's focal point and parallel scale mean the same on both paths.
 */
const follow: ToolTypes.ISynchronizerEventHandler = (_sync, source, target) => {
  const engine = getRenderingEngine(target.renderingEngineId);
  const from = engine?.getViewport(source.viewportId) as StackViewport | undefined;
  const to = engine?.getViewport(target.viewportId) as StackViewport | undefined;
  if (!from?.getImageData() || !to?.getImageData()) {
    return;
  }
  const wanted = placement(from);
  const now = placement(to);
  const [columns, rows] = to.getImageData().dimensions;
  const camera = to.getCamera();
  const focalPoint = imageToWorldCoords(to.getCurrentImageId(), [wanted.centre[0] * columns, wanted.centre[1] * rows]) as Types.Point3;
  const position = camera.position!.map((p, i) => focalPoint[i] + p - camera.focalPoint![i]) as Types.Point3;
  to.setCamera({ focalPoint, position, parallelScale: (camera.parallelScale! * now.height) / wanted.height });
  to.render();
};

/** Zoom and pan followed between the viewports added to it, on either render path. */
export function createZoomPanSynchronizer(id: string): Synchronizer {
  return SynchronizerManager.createSynchronizer(id, Enums.Events.CAMERA_MODIFIED, follow);
}
