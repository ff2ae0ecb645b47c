// The letter of a decision inside the app: the stored signed letter when it exists, otherwise an unsigned preview.
import { useEffect, useMemo, useRef, useState } from 'react';
import { getDocument, GlobalWorkerOptions } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../shared/contract/channels';
import { client } from '../api/client';
import { errorText } from '../guidance/common';

type Preview = OutputOf<'letters.preview'>;

GlobalWorkerOptions.workerSrc = workerUrl;

export function base64Bytes(base64: string): Uint8Array {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** Draws every page of a PDF with pdf.js: no browser PDF plugin needed, the same in Electron and the browser. */
// The pages scroll in their own region, which a keyboard reaches (Tab) and scrolls (arrows, Page Down): WCAG 2.1.1.
function PdfPages({ base64 }: { base64: string }) {
  const { t } = useTranslation();
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let cancelled = false;
    const task = getDocument({ data: base64Bytes(base64) });
    void task.promise.then(async (pdf) => {
      for (let n = 1; n <= pdf.numPages && !cancelled; n++) {
        const page = await pdf.getPage(n);
        const viewport = page.getViewport({ scale: 1.4 });
        const canvas = document.createElement('canvas');
        canvas.width = viewport.width;
        canvas.height = viewport.height;
        canvas.className = 'pdf-page';
        canvas.setAttribute('role', 'img');
        canvas.setAttribute('aria-label', t('l.pageOf', { page: n, pages: pdf.numPages }));
        if (cancelled) break;
        host.current?.appendChild(canvas);
        await page.render({ canvas, canvasContext: canvas.getContext('2d')!, viewport }).promise;
      }
    });
    return () => {
      cancelled = true;
      void task.destroy();
      host.current?.replaceChildren();
    };
  }, [base64, t]);
  return <div ref={host} className="pdf-pages" data-testid="pdf-pages" tabIndex={0} role="region" aria-label={t('l.pagesRegion')} />;
}

export function pdfBlobUrl(base64: string): string {
  return URL.createObjectURL(new Blob([base64Bytes(base64) as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }));
}

export function LetterPreview({ decisionId, onClose }: { decisionId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    client.invoke('letters.preview', { decisionId }).then(setPreview, (e: unknown) => setError(errorText(e, t('errors.generic'))));
  }, [decisionId, t]);
  const url = useMemo(() => (preview ? pdfBlobUrl(preview.pdfBase64) : null), [preview]);
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);

  return (
    <div className="modal-backdrop" role="dialog" aria-label={t('l.previewTitle')} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="modal letter-preview">
        <div className="toolbar">
          <h2>{t('l.previewTitle')}</h2>
          <span className="spacer" />
          {url && (
            <a className="button" href={url} download={`paatos-${decisionId}.pdf`}>
              {t('l.openPdf')}
            </a>
          )}
          <button onClick={onClose} autoFocus>
            {t('l.close')}
          </button>
        </div>
        {error && <p className="error">{error}</p>}
        {preview && (
          <p className="muted" data-testid="letter-status">
            {preview.stored ? t('l.stored', { hash: preview.sha256?.slice(0, 16) }) : preview.draft ? <strong className="draft-mark">{t('l.draftPreview')}</strong> : t('l.unsigned')} · {t('l.pages', { n: preview.pages })}
          </p>
        )}
        {preview?.delivery === 'manual' && <p className="warning">{t('l.manualFlag')}</p>}
        {preview && <PdfPages base64={preview.pdfBase64} />}
      </div>
    </div>
  );
}
