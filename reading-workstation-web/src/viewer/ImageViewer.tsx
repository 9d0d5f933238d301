import type { RenderingEngine, StackViewport } from '@cornerstonejs/core';
import { Enums as ToolEnums, SynchronizerManager, synchronizers, ToolGroupManager, type Types as ToolTypes } from '@cornerstonejs/tools';
import { useCallback, useEffect, useLayoutEffect, useMemo, useState } from 'preact/hooks';
import { t, type MessageKey } from '../i18n';
import { reportError } from '../messages';
import { useShortcut } from '../shortcuts';
import { cornerstone, leftTools, renderPath, scrollTool, type LeftTool } from './cornerstone';
import { priorsOf, seriesOf, text, type DicomJson, type SeriesInfo, type StudyRequest } from './dicomweb';
import { loadSeries, stackOf, type LoadedSeries } from './stack';
import { HeaderView } from './HeaderView';
import { presets, voiRange, type Preset } from './presets';
import { viewportId, ViewportCell } from './ViewportCell';
import { createZoomPanSynchronizer } from './zoomPan';

/** The chosen tool on the left button; pan and zoom stay on the middle and right buttons unless chosen. */
function bindLeft(tools: ToolTypes.IToolGroup, tool: LeftTool): void {
  for (const [key, name] of Object.entries(leftTools)) {
    if (key === tool) {
      tools.setToolActive(name, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
    } else if (key !== 'pan' && key !== 'zoom') {
      tools.setToolPassive(name);
    }
  }
  if (tool !== 'pan') {
    tools.setToolActive(leftTools.pan, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Auxiliary }] });
  }
  if (tool !== 'zoom') {
    tools.setToolActive(leftTools.zoom, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Secondary }] });
  }
}

/**
 * The whole image in the viewport (no zoom, no pan), turned and flipped as given. The same on both render paths:
 * Cornerstone's CPU path has no fitted camera for a zoom of 1 to be relative to (its zoom is the image's scale on
 * the screen), and its camera reset keeps the rotation and its own record of the flips, so the camera is reset
 * and the rotation and flips are set again.
 */
function fitted(vp: StackViewport, rotation: number, flipHorizontal: boolean, flipVertical: boolean): void {
  vp.resetCamera();
  vp.setCamera({ flipHorizontal, flipVertical });
  vp.setViewPresentation({ rotation });
}

export type Layout = '1x1' | '1x2' | '2x2';
const cellsOf: Record<Layout, number> = { '1x1': 1, '1x2': 2, '2x2': 4 };

interface StudyRef {
  uid: string;
  /** 0020000D, 00100020, 00080020 … of the study, from QIDO. */
  attrs: DicomJson | null;
  series: SeriesInfo[];
}

export interface ViewerProps {
  /** The study, its series and its first series' metadata, asked for when the viewer opened. */
  request: StudyRequest;
  /** When the reader opened the viewer (performance.now()); the first image is timed from it. */
  openedAt: number;
}

/**
 * The image viewer of a study: series thumbnails, a 1x1 / 1x2 / 2x2 grid of stack viewports, window/level
 * presets and tools, the patient's prior studies side by side (synchronised window, zoom/pan and slice), and
 * the DICOM header. It needs only the study UID: the task page mounts it in its viewer slot, and
 * /viewer/:study shows it alone. Loaded on demand through `Viewer` (index.tsx).
 */
export function ImageViewer({ request, openedAt }: ViewerProps) {
  const studyUid = request.uid;
  const [engine, setEngine] = useState<RenderingEngine | null>(null);
  const [tools, setTools] = useState<ToolTypes.IToolGroup | null>(null);
  const [studies, setStudies] = useState<StudyRef[]>([]);
  const [priors, setPriors] = useState<DicomJson[]>([]);
  const [layout, setLayout] = useState<Layout>('1x1');
  const [cells, setCells] = useState<(LoadedSeries | null)[]>([null, null, null, null]);
  const [active, setActive] = useState(0);
  const [tool, setTool] = useState<LeftTool>('windowLevel');
  const [synced, setSynced] = useState(true);
  const [header, setHeader] = useState(false);
  const [firstImageMs, setFirstImageMs] = useState<number | null>(null);
  const [path] = useState(renderPath);

  useEffect(() => {
    let gone = false;
    cornerstone().then((e) => {
      if (gone) {
        return;
      }
      const group = ToolGroupManager.getToolGroup('rdc-viewer') ?? ToolGroupManager.createToolGroup('rdc-viewer')!;
      for (const name of [...Object.values(leftTools), scrollTool]) {
        if (!group.hasTool(name)) {
          group.addTool(name);
        }
      }
      group.setToolActive(leftTools.pan, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Auxiliary }] });
      group.setToolActive(leftTools.zoom, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Secondary }] });
      group.setToolActive(scrollTool, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Wheel }] });
      setEngine(e);
      setTools(group);
    }, reportError);
    return () => {
      gone = true;
    };
  }, []);

  // the study's series, loaded into the first cell
  useEffect(() => {
    let gone = false;
    setCells([null, null, null, null]);
    setFirstImageMs(null);
    (async () => {
      const [list, found] = await Promise.all([request.series, request.study]);
      if (gone) {
        return;
      }
      setStudies([{ uid: studyUid, attrs: found, series: list }]);
      const metadata = await request.first;
      if (metadata && !gone) {
        const first = stackOf(studyUid, list[0], metadata);
        setCells((c) => [first, ...c.slice(1)]);
      }
      if (found) {
        const p = await priorsOf(found);
        if (!gone) {
          setPriors(p);
        }
      }
    })().catch(reportError);
    return () => {
      gone = true;
    };
  }, [request]);

  // the left mouse button's tool, bound at once when chosen (a drag right after the click uses it)
  useEffect(() => {
    if (tools) {
      bindLeft(tools, tool);
    }
  }, [tools]);
  const choose = (k: LeftTool) => {
    setTool(k);
    if (tools) {
      bindLeft(tools, k);
    }
  };

  const shown = cellsOf[layout];

  // window, zoom/pan and slice follow the active viewport in every shown viewport; a layout effect, so that
  // switching synchronisation off holds for the very next key or drag
  useLayoutEffect(() => {
    if (!engine || !synced || shown < 2) {
      return;
    }
    const all = [
      synchronizers.createVOISynchronizer('rdc-sync-voi', { syncInvertState: true, syncColormap: false }),
      createZoomPanSynchronizer('rdc-sync-zoompan'),
      synchronizers.createImageSliceSynchronizer('rdc-sync-slice'),
    ];
    for (let c = 0; c < shown; c++) {
      if (cells[c]) {
        all.forEach((s) => s.add({ renderingEngineId: engine.id, viewportId: viewportId(c) }));
      }
    }
    return () => all.forEach((s) => SynchronizerManager.destroySynchronizer(s.id));
  }, [engine, synced, shown, cells]);

  const viewport = useCallback((): StackViewport | null => {
    return engine ? ((engine.getViewport(viewportId(active)) as StackViewport | undefined) ?? null) : null;
  }, [engine, active]);

  const change = useCallback(
    (f: (vp: StackViewport) => void) => {
      const vp = viewport();
      if (vp && vp.getImageIds().length > 0) {
        f(vp);
        vp.render();
      }
    },
    [viewport],
  );

  const preset = useCallback((p: Preset) => change((vp) => vp.setProperties({ voiRange: voiRange(p) })), [change]);
  const [chest, bone, soft, lung] = presets;
  useShortcut('viewer.wl.chest', useCallback(() => preset(chest), [preset]));
  useShortcut('viewer.wl.bone', useCallback(() => preset(bone), [preset]));
  useShortcut('viewer.wl.softTissue', useCallback(() => preset(soft), [preset]));
  useShortcut('viewer.wl.lung', useCallback(() => preset(lung), [preset]));

  // fit keeps the rotation and flips
  const fit = () =>
    change((vp) => {
      const { rotation = 0, flipHorizontal = false, flipVertical = false } = vp.getViewPresentation();
      fitted(vp, rotation, flipHorizontal, flipVertical);
    });
  const reset = () =>
    change((vp) => {
      vp.resetProperties();
      fitted(vp, 0, false, false);
    });
  const invert = () => change((vp) => vp.setProperties({ invert: !vp.getProperties().invert }));
  const rotate = () => change((vp) => vp.setViewPresentation({ rotation: (vp.getViewPresentation().rotation ?? 0) + 90 }));
  const flipH = () => change((vp) => vp.setCamera({ flipHorizontal: !vp.getCamera().flipHorizontal }));
  const flipV = () => change((vp) => vp.setCamera({ flipVertical: !vp.getCamera().flipVertical }));

  const show = async (study: string, s: SeriesInfo, cell = active) => {
    try {
      const loaded = await loadSeries(study, s);
      setCells((c) => c.map((x, i) => (i === cell ? loaded : x)));
    } catch (e) {
      reportError(e);
    }
  };

  const openPrior = async (prior: DicomJson) => {
    const uid = text(prior, '0020000D');
    try {
      const list = await seriesOf(uid);
      setStudies((s) => (s.some((x) => x.uid === uid) ? s : [...s, { uid, attrs: prior, series: list }]));
      if (layout === '1x1') {
        setLayout('1x2');
      }
      if (list.length > 0) {
        await show(uid, list[0], 1);
        setActive(0);
      }
    } catch (e) {
      reportError(e);
    }
  };

  const onRendered = useCallback((cell: number) => {
    if (cell === 0) {
      setFirstImageMs((ms) => ms ?? Math.round(performance.now() - openedAt));
    }
  }, [openedAt]);

  const activeSeries = cells[active];
  const unopened = priors.filter((p) => !studies.some((s) => s.uid === text(p, '0020000D')));
  const toolButtons = useMemo(() => Object.keys(leftTools) as LeftTool[], []);

  return (
    <section
      class="image-viewer"
      aria-label={t('viewer.title')}
      data-testid="image-viewer"
      data-render={path}
      data-first-image-ms={firstImageMs ?? ''}
      data-page-ms={firstImageMs === null ? '' : Math.round(openedAt + firstImageMs)}
    >
      <div class="viewer-toolbar" role="toolbar" aria-label={t('viewer.tools')}>
        <div class="group" role="group" aria-label={t('viewer.presets')}>
          {presets.map((p, i) => (
            <button type="button" onClick={() => preset(p)} aria-keyshortcuts={String(i + 1)} data-testid={`preset-${i + 1}`}>
              {t(p.label)} <kbd>{i + 1}</kbd>
            </button>
          ))}
        </div>
        <div class="group" role="group" aria-label={t('viewer.mouseTool')}>
          {toolButtons.map((k) => (
            <button type="button" aria-pressed={tool === k} onClick={() => choose(k)} data-testid={`tool-${k}`}>
              {t(`viewer.tool.${k}` as MessageKey)}
            </button>
          ))}
        </div>
        <div class="group" role="group" aria-label={t('viewer.image')}>
          <button type="button" onClick={fit} data-testid="fit">{t('viewer.fit')}</button>
          <button type="button" onClick={invert} data-testid="invert">{t('viewer.invert')}</button>
          <button type="button" onClick={rotate} data-testid="rotate">{t('viewer.rotate')}</button>
          <button type="button" onClick={flipH} data-testid="flip-h">{t('viewer.flipH')}</button>
          <button type="button" onClick={flipV} data-testid="flip-v">{t('viewer.flipV')}</button>
          <button type="button" onClick={reset} data-testid="reset">{t('viewer.reset')}</button>
        </div>
        <div class="group" role="group" aria-label={t('viewer.layout')}>
          {(Object.keys(cellsOf) as Layout[]).map((l) => (
            <button type="button" aria-pressed={layout === l} onClick={() => setLayout(l)} data-testid={`layout-${l}`}>
              {l}
            </button>
          ))}
          <button type="button" aria-pressed={synced} onClick={() => setSynced(!synced)} data-testid="sync">{t('viewer.sync')}</button>
          <button type="button" aria-pressed={header} onClick={() => setHeader(!header)} data-testid="header">{t('viewer.header')}</button>
        </div>
      </div>
      <div class="viewer-body">
        <nav class="series-list" aria-label={t('viewer.series')}>
          {studies.map((st, n) => (
            <div class="study-series">
              <h3>{n === 0 ? t('viewer.thisStudy') : t('viewer.prior', { date: text(st.attrs ?? {}, '00080020') })}</h3>
              {st.series.map((s) => (
                <button
                  type="button"
                  class={`thumb${cells.some((c) => c?.info.uid === s.uid) ? ' shown' : ''}`}
                  onClick={() => show(st.uid, s)}
                  data-series={s.uid}
                  title={t('viewer.showSeries')}
                >
                  <img src={s.thumbnail} alt="" loading="lazy" width={96} height={96} />
                  <span>
                    {s.modality} #{s.number} {s.description}
                    <br />
                    {t('viewer.images', { count: s.instances })}
                  </span>
                </button>
              ))}
            </div>
          ))}
          {unopened.length > 0 && (
            <div class="priors-list">
              <h3>{t('viewer.priors')}</h3>
              {unopened.map((p) => (
                  <button type="button" onClick={() => openPrior(p)} data-testid="prior">
                    {[text(p, '00080020'), text(p, '00080061'), text(p, '00081030')].filter(Boolean).join(' · ')}
                  </button>
                ))}
            </div>
          )}
        </nav>
        {engine && tools && (
          <div class={`viewport-grid layout-${layout}`}>
            {Array.from({ length: shown }, (_, c) => (
              <ViewportCell
                key={c}
                cell={c}
                engine={engine}
                tools={tools}
                series={cells[c]}
                active={c === active}
                onActivate={setActive}
                onRendered={onRendered}
              />
            ))}
          </div>
        )}
        {header && activeSeries && <HeaderView instances={activeSeries.instances} onClose={() => setHeader(false)} />}
      </div>
    </section>
  );
}
