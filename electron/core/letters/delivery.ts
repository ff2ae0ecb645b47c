// How a finished batch leaves Luotsi. Today: an e-kirje print batch (ZIP with the signed PDFs, one merged print
// PDF in mailing order and the LetterBundle manifest) written to a folder the print service collects from. A
// Suomi.fi Messages channel (REST /v2/messages with paper fallback) implements the same interface later.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { letterBundleXml, type ManifestBundle } from './manifest';
import { collectGarbage } from './memory';
import { PdfMergeWriter } from './merge';
import { ensurePrivateDir, privateWriteStream } from '../files';

export interface DeliveryLetter {
  id: string;
  decisionNumber: string;
  language: 'fi' | 'sv';
  pages: number;
  sha256: string;
  recipient: string[];
  /** Reads the stored signed PDF when it is needed, so a batch is never held in memory. */
  bytes(): Buffer;
}

export interface DeliveryBatch {
  id: string;
  created: string;
  sender: string;
  outDir: string;
  /** Letters in mailing order. */
  letters: DeliveryLetter[];
}

export interface DeliveryResult {
  /** Where the batch went: a file path, or a reference of the receiving service. */
  location: string;
  sha256: string | null;
  pages: number;
}

export interface DeliveryChannel {
  readonly kind: 'ekirje';
  /**
   * Hands a finished batch over. Must be repeatable: a batch interrupted after delivery but before the
   * decisions were marked sent delivers again, and the result replaces the earlier one (same name).
   */
  deliver(batch: DeliveryBatch): Promise<DeliveryResult>;
}

const sha256File = async (file: string) => {
  const hash = crypto.createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
};

/** Letters waiting as open ZIP entries at a time. */
const ZIP_WINDOW = 16;

export const ekirjeZip: DeliveryChannel = {
  kind: 'ekirje',
  async deliver(batch) {
    ensurePrivateDir(batch.outDir);
    const stem = `ekirje-${batch.created.slice(0, 10)}-${batch.id.slice(-12)}`;
    const zipPath = path.join(batch.outDir, `${stem}.zip`);
    const tmpZip = `${zipPath}.part`;
    const tmpPrint = path.join(batch.outDir, `${stem}-tulostus.pdf.part`);
    try {
      // 1. The print copy, in mailing order; its page positions go into the manifest.
      const merged = new PdfMergeWriter(tmpPrint);
      const manifest: ManifestBundle = { batchId: batch.id, created: batch.created, sender: batch.sender, printFile: 'tulostus.pdf', letters: [] };
      try {
        batch.letters.forEach((l, i) => {
          const startPage = merged.pages + 1;
          merged.add(l.bytes());
          if (i % 500 === 499) collectGarbage();
          manifest.letters.push({ id: l.id, decisionNumber: l.decisionNumber, file: letterFile(i, l), language: l.language, pages: l.pages, sha256: l.sha256, startPage, recipient: l.recipient });
        });
        merged.finish();
      } catch (e) {
        merged.abort();
        throw e;
      }
      // 2. The ZIP: signed letters (stored as they are, PDFs are compressed already), print copy, manifest.
      // Entries are added a few at a time as the ZIP is written, so 10,000 letters never wait as 10,000
      // open streams; each letter is read from the database only when its turn comes.
      const zip = new yazl.ZipFile();
      const xml = Buffer.from(letterBundleXml(manifest), 'utf8');
      let next = 0;
      const addNext = () => {
        if (next < batch.letters.length) {
          const i = next++;
          const l = batch.letters[i]!;
          zip.addReadStream(
            Readable.from(
              (function* () {
                yield l.bytes();
                if (i % 500 === 499) collectGarbage();
                addNext();
              })(),
            ),
            `kirjeet/${letterFile(i, l)}`,
            { compress: false },
          );
        } else if (next === batch.letters.length) {
          next++;
          zip.addFile(tmpPrint, 'tulostus.pdf', { compress: true });
          zip.addBuffer(xml, 'manifest.xml');
          zip.end();
        }
      };
      for (let k = 0; k < ZIP_WINDOW; k++) addNext();
      await pipeline(zip.outputStream, privateWriteStream(tmpZip));
      fs.renameSync(tmpZip, zipPath);
      // The print copy also stays beside the ZIP, for printing on the office printer (Tulosta in the app).
      fs.renameSync(tmpPrint, path.join(batch.outDir, `${stem}-tulostus.pdf`));
      return { location: zipPath, sha256: await sha256File(zipPath), pages: merged.pages };
    } finally {
      fs.rmSync(tmpZip, { force: true });
      fs.rmSync(tmpPrint, { force: true });
    }
  },
};

function letterFile(i: number, l: DeliveryLetter): string {
  return `${String(i + 1).padStart(5, '0')}-paatos-${l.decisionNumber.replace('/', '-')}.pdf`;
}
