import { Enums, getShouldUseCPURendering, type RenderingEngine, type StackViewport } from '@cornerstonejs/core';
import { utilities as toolUtilities, type Types as ToolTypes } from '@cornerstonejs/tools';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { reportError } from '../messages';
import type { LoadedSeries } from './stack';

export const viewportId = (cell: number) => `rdc-vp-${cell}`;

interface Props {
  cell: number;
  engine: RenderingEngine;
  tools: ToolTypes.IToolGroup;
  series: LoadedSeries | null;
  active: boolean;
  onActivate: (cell: number) => void;
  /** Called once, when this cell first draws an image of its series. */
  onRendered: (cell: number) => void;
}

interface Overlay {
  index: number;
  total: number;
  width: number;
  center: number;
}

/**
 * One viewport of the grid: a Cornerstone3D stack viewport mounted into this component's <div>. It shows a
 * series (a CT stack scrolled with the wheel, a single CR/DX image, or a multi-frame US played as cine at its
 * frame rate) with the current frame and window in the corners.
 */
export function ViewportCell({ cell, engine, tools, series, active, onActivate, onRendered }: Props) {
  const element = useRef<HTMLDivElement>(null);
  const [overlay, setOverlay] = useState<Overlay | null>(null);
  const [playing, setPlaying] = useState(false);

  useEffect(() => {
    const el = element.current!;
    const id = viewportId(cell);
    engine.enableElement({ viewportId: id, type: Enums.ViewportType.STACK, element: el as HTMLDivElement });
    tools.addViewport(id, engine.id);
    const resize = new ResizeObserver(() => engine.resize(true, true));
    resize.observe(el);
    return () => {
      resize.disconnect();
      toolUtilities.cine.stopClip(el);
      tools.removeViewports(engine.id, id);
      engine.disableElement(id);
    };
  }, [cell, engine, tools]);

  useEffect(() => {
    const el = element.current!;
    if (!series) {
      return;
    }
    const viewport = engine.getViewport(viewportId(cell)) as StackViewport;
    let first = true;
    // the stack's first image is in (setStack resolved): only a render after that shows it; the engine also
    // renders the empty viewport before, which counted as the "first image" and made openings look 0.5 s faster
    let loaded = false;
    const update = () => {
      const voi = viewport.getProperties().voiRange;
      setOverlay({
        index: viewport.getCurrentImageIdIndex() + 1,
        total: series.imageIds.length,
        width: voi ? Math.round(voi.upper - voi.lower) : 0,
        center: voi ? Math.round((voi.upper + voi.lower) / 2) : 0,
      });
    };
    const rendered = () => {
      update();
      if (first && loaded) {
        first = false;
        el.dataset.rendered = series.info.uid;
        onRendered(cell);
      }
    };
    const cpu = getShouldUseCPURendering();
    const newImage = () => {
      update();
      const drawn = viewport.getProperties().voiRange;
      if (cpu && !first && drawn) {
        // Cornerstone's CPU path draws the next slice with the window it has but then reports the slice's own
        // (StackViewport._updateToDisplayImageCPU): set it again once the slice is in and before it is drawn, so
        // the corner, the synchronised prior and the next slice all have the window the reader sees
        queueMicrotask(() => viewport.setProperties({ voiRange: drawn }, true));
      }
    };
    el.addEventListener(Enums.Events.IMAGE_RENDERED, rendered);
    el.addEventListener(Enums.Events.VOI_MODIFIED, update);
    el.addEventListener(Enums.Events.STACK_NEW_IMAGE, newImage);
    delete el.dataset.rendered;
    toolUtilities.cine.stopClip(el);
    setPlaying(false);
    viewport
      .setStack(series.imageIds, 0)
      .then(() => {
        loaded = true;
        viewport.render();
        if (series.frameRate > 0) {
          toolUtilities.cine.playClip(el, { framesPerSecond: series.frameRate });
          setPlaying(true);
        }
      })
      .catch(reportError);
    return () => {
      el.removeEventListener(Enums.Events.IMAGE_RENDERED, rendered);
      el.removeEventListener(Enums.Events.VOI_MODIFIED, update);
      el.removeEventListener(Enums.Events.STACK_NEW_IMAGE, newImage);
    };
  }, [series, engine, cell]);

  const toggleCine = () => {
    const el = element.current!;
    if (playing) {
      toolUtilities.cine.stopClip(el);
    } else if (series) {
      toolUtilities.cine.playClip(el, { framesPerSecond: series.frameRate || 10 });
    }
    setPlaying(!playing);
  };

  return (
    <div class={`viewport-cell${active ? ' active' : ''}`} onPointerDown={() => onActivate(cell)} data-cell={cell}>
      <div
        ref={element}
        class="viewport-element"
        data-testid={`viewport-${cell}`}
        onContextMenu={(e: Event) => e.preventDefault()}
        aria-label={series ? t('viewer.viewportOf', { series: series.info.description || series.info.modality }) : t('viewer.empty')}
      />
      {series && overlay && (
        <div class="viewport-overlay" aria-live="off">
          <span class="tl">{[series.info.modality, series.info.description].filter(Boolean).join(' · ')}</span>
          <span class="bl" data-testid={`frame-${cell}`}>{t('viewer.frame', { index: overlay.index, total: overlay.total })}</span>
          <span class="br" data-testid={`voi-${cell}`}>{t('viewer.voi', { width: overlay.width, center: overlay.center })}</span>
        </div>
      )}
      {series && series.frameRate > 0 && (
        <button type="button" class="cine" onClick={toggleCine} aria-pressed={playing}>
          {playing ? t('viewer.cine.stop') : t('viewer.cine.play')} {t('viewer.cine.fps', { fps: Math.round(series.frameRate) })}
        </button>
      )}
      {!series && <p class="viewport-empty">{t('viewer.empty')}</p>}
    </div>
  );
}

