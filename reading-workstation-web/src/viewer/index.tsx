import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n';
import { reportError } from '../messages';
import type { ViewerProps } from './ImageViewer';

/**
 * The image viewer, loaded when first shown: Cornerstone3D is most of the workstation's code (about 1 MB
 * gzipped), which the worklist and the other screens never need. The time to the first image counts from this
 * component's mount, the moment the reader opened the viewer, so the chunk's loading is included.
 */
export function Viewer({ studyUid }: { studyUid: string }) {
  const [openedAt] = useState(() => performance.now());
  const [View, setView] = useState<ComponentType<ViewerProps> | null>(null);
  useEffect(() => {
    import('./ImageViewer').then((m) => setView(() => m.ImageViewer), reportError);
  }, []);
  return View ? <View studyUid={studyUid} openedAt={openedAt} /> : <p class="loading">{t('app.loading')}</p>;
}
