import type { ComponentType } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { t } from '../i18n';
import { reportError } from '../messages';
import { requestStudy } from './dicomweb';
import type { ViewerProps } from './ImageViewer';

/**
 * The image viewer, loaded when first shown: Cornerstone3D is most of the workstation's code (about 1 MB
 * gzipped), which the worklist and the other screens never need. The time to the first image counts from this
 * component's mount, the moment the reader opened the viewer, so the chunk's loading is included; the study's
 * series and the first series' metadata are asked for at that moment too, while the chunk loads.
 */
export function Viewer({ studyUid }: { studyUid: string }) {
  const [openedAt] = useState(() => performance.now());
  const request = useMemo(() => requestStudy(studyUid), [studyUid]);
  const [View, setView] = useState<ComponentType<ViewerProps> | null>(null);
  useEffect(() => {
    import('./ImageViewer').then((m) => setView(() => m.ImageViewer), reportError);
  }, []);
  return View ? <View request={request} openedAt={openedAt} /> : <p class="loading">{t('app.loading')}</p>;
}
