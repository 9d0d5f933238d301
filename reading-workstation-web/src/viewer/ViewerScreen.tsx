import { Viewer } from '.';

/** /viewer/:study — the image viewer alone, full width (a study opened from a link or a prior). */
export function ViewerScreen({ studyUid }: { studyUid: string }) {
  return (
    <section class="viewer-screen">
      <Viewer studyUid={studyUid} />
    </section>
  );
}
