// One decision letter: laid out, rendered as PDF/A-2b and (for the letter that is sent) signed.
import crypto from 'node:crypto';
import { AppError } from '../../../shared/contract/errors';
import { formatDateFi, letterModelError, type AddressWindow, type LetterModel } from '../../../shared/domain/letters';
import type { SigningCertificate } from './certificate';
import type { LetterResources } from './model';
import { textsFor } from './model';
import { renderPdfA } from './pdf';
import { signPdf } from './sign';
import { letterDocument } from './template';

export interface MadeLetter {
  bytes: Buffer;
  sha256: string;
  pages: number;
  textsValidFrom: string;
}

export async function makeLetter(
  m: LetterModel,
  res: LetterResources,
  window: AddressWindow,
  now: Date,
  cert: SigningCertificate | null,
): Promise<MadeLetter> {
  const error = letterModelError(m);
  if (error) throw new AppError('VALIDATION', error);
  const { texts, validFrom } = textsFor(res, m);
  const doc = letterDocument(m, texts, { window, logoSvg: res.logoSvg });
  let pages = 0;
  const header = doc.header as (page: number, count: number) => unknown;
  doc.header = (page: number, count: number) => {
    pages = count;
    return header(page, count);
  };
  const title = `${m.correctsNumber ? texts.correctionTitle : texts.documentTitle} ${m.draft && texts.draft ? texts.draft.number : m.number}`;
  const pdf = await renderPdfA(doc, {
    title,
    author: m.sender.countyName,
    subject: `${m.client.name}, ${formatDateFi(m.decidedOn)}`,
    creationDate: now,
    language: m.language === 'sv' ? 'sv-FI' : 'fi-FI',
  });
  const bytes = cert
    ? await signPdf(pdf, cert, { reason: title, location: m.sender.city, contactInfo: m.sender.email, signingTime: now })
    : pdf;
  return { bytes, sha256: crypto.createHash('sha256').update(bytes).digest('hex'), pages, textsValidFrom: validFrom };
}
