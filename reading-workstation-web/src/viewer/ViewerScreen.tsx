import { ImageViewer } from './ImageViewer';

/** /viewer/:study — the image viewer alone, full width (a study opened from a link or a prior). */
export function ViewerScreen({ studyUid }: { studyUid: string }) {
  return (
    <section class="viewer-screen">
      <ImageViewer studyUid={studyUid} />
    </section>
  );
}
