// Delivery routes and deemed receipt from what happened: Suomi.fi first with Suomi.fi's paper part, the county's
// own e-kirje print batch, by hand; the client's recorded choice; turvakielto; electronic 3rd day (13/2003 19 §
// 2 mom), letter 7th day (HL 59 § 2 mom), by hand on the day (HL 60 § 2 mom); copies never start a second
// review period. Dates are swept across years (month ends, leap days, DST changes, year ends) and the real clock.
import { describe, expect, it } from 'vitest';
import {
  notificationOf,
  notifyingDelivery,
  purposeOfNewDelivery,
  routeLetter,
  type DeliveryFacts,
  type RoutingInput,
} from '../../shared/domain/delivery';
import { addDays, daysBetween, helsinkiDate } from '../../shared/domain/dates';
import { appealLastDay, periodRule } from '../../shared/domain/deadlines';
import { WorkingDayCalendar } from '../../shared/domain/calendar';

const address = {
  lastName: 'Virtanen',
  firstNames: 'Aino',
  streetAddress: 'Kotikatu 1',
  postalCode: '00100',
  postOffice: 'Helsinki',
  contactCareOf: null,
  contactStreet: null,
  contactPostalCode: null,
  contactPostOffice: null,
  addressProtected: false,
};
const on = { enabled: true, paperService: true };
const input = (patch: Partial<RoutingInput> = {}): RoutingInput => ({ address, hetuValid: true, choice: null, mailboxActive: null, suomifi: on, ...patch });

describe('route of a letter', () => {
  it('goes to Suomi.fi first: electronic to an active mailbox, Suomi.fi prints it for the others', () => {
    expect(routeLetter(input({ mailboxActive: true }))).toMatchObject({ route: 'suomifi', reason: 'mailbox', electronicOnly: false, paperLines: ['Virtanen Aino', 'Kotikatu 1', '00100 HELSINKI'] });
    expect(routeLetter(input({ mailboxActive: false }))).toMatchObject({ route: 'suomifi_paper', reason: 'noMailbox' });
    expect(routeLetter(input({ mailboxActive: null }))).toMatchObject({ route: 'suomifi', reason: 'mailboxUnknown' });
  });

  it('uses the own e-kirje batch without Suomi.fi, without its printing service for a paper letter, and without a henkilötunnus', () => {
    expect(routeLetter(input({ suomifi: { enabled: false, paperService: false } }))).toMatchObject({ route: 'ekirje', reason: 'suomifiOff' });
    expect(routeLetter(input({ mailboxActive: false, suomifi: { enabled: true, paperService: false } }))).toMatchObject({ route: 'ekirje', reason: 'noMailboxNoPaperService' });
    expect(routeLetter(input({ mailboxActive: true, suomifi: { enabled: true, paperService: false } }))).toMatchObject({ route: 'suomifi', electronicOnly: true });
    expect(routeLetter(input({ hetuValid: false, mailboxActive: true }))).toMatchObject({ route: 'ekirje', reason: 'noHetu' });
  });

  it("honours the client's recorded choice: by hand, paper, a representative's address", () => {
    expect(routeLetter(input({ mailboxActive: true, choice: { choice: 'manual', representative: null } }))).toMatchObject({ route: 'manual', reason: 'clientChoseManual' });
    expect(routeLetter(input({ mailboxActive: true, choice: { choice: 'paper', representative: null } }))).toMatchObject({ route: 'ekirje', reason: 'clientChosePaper' });
    const rep = { role: 'guardian' as const, name: 'Edunvalvontatoimisto / Laine', street: 'Virastokatu 2', postalCode: '00200', postOffice: 'Helsinki' };
    expect(routeLetter(input({ mailboxActive: true, choice: { choice: 'auto', representative: rep } }))).toEqual({
      route: 'ekirje',
      reason: 'representative',
      paperLines: ['Virtanen Aino', 'c/o Edunvalvontatoimisto / Laine', 'Virastokatu 2', '00200 HELSINKI'],
      electronicOnly: false,
    });
  });

  it('never puts a protected register address on paper: contact address, electronic only, or by hand', () => {
    const protectedAddress = { ...address, addressProtected: true };
    const withContact = { ...protectedAddress, contactStreet: 'PL 12', contactPostalCode: '02101', contactPostOffice: 'Espoo' };
    expect(routeLetter(input({ address: withContact, mailboxActive: false }))).toMatchObject({ route: 'suomifi_paper', paperLines: ['Virtanen Aino', 'PL 12', '02101 ESPOO'] });
    const noContact = routeLetter(input({ address: protectedAddress, mailboxActive: true }));
    expect(noContact).toMatchObject({ route: 'suomifi', reason: 'protectedElectronic', electronicOnly: true, paperLines: [] });
    expect(routeLetter(input({ address: protectedAddress, mailboxActive: null }))).toMatchObject({ route: 'suomifi', electronicOnly: true, paperLines: [] });
    expect(routeLetter(input({ address: protectedAddress, mailboxActive: false }))).toMatchObject({ route: 'manual', reason: 'protectedNoAddress' });
    expect(routeLetter(input({ address: protectedAddress, suomifi: { enabled: false, paperService: false } }))).toMatchObject({ route: 'manual' });
    expect(routeLetter(input({ address: protectedAddress, choice: { choice: 'paper', representative: null } }))).toMatchObject({ route: 'manual', paperLines: [] });
    for (const r of [true, false, null]) for (const s of [on, { enabled: false, paperService: false }]) expect(routeLetter(input({ address: protectedAddress, mailboxActive: r, suomifi: s })).paperLines.join(' ')).not.toContain('Kotikatu');
  });

  it('has no route for a client with neither an address nor a mailbox', () => {
    const none = { ...address, streetAddress: null, postalCode: null, postOffice: null };
    expect(routeLetter(input({ address: none, mailboxActive: false }))).toMatchObject({ route: 'missing', reason: 'noAddress' });
    expect(routeLetter(input({ address: none, mailboxActive: true }))).toMatchObject({ route: 'suomifi', electronicOnly: true });
    expect(routeLetter(input({ address: none, suomifi: { enabled: false, paperService: false } }))).toMatchObject({ route: 'missing' });
  });
});

const facts = (patch: Partial<DeliveryFacts>): DeliveryFacts => ({
  route: 'suomifi',
  status: 'sent',
  acceptedOn: '2026-11-20',
  deliveredAs: null,
  electronicOn: null,
  paperPostedOn: null,
  mailboxActive: true,
  handedOverOn: null,
  ...patch,
});

describe('deemed receipt from what happened', () => {
  it('counts an electronic message from the 3rd day and a letter from the 7th', () => {
    expect(notificationOf(facts({ deliveredAs: 'electronic', electronicOn: '2026-11-20' }))).toMatchObject({ basis: 'electronic', sentOn: '2026-11-20', deemedReceived: '2026-11-23', lastDay: '2026-12-23', provisional: false });
    expect(notificationOf(facts({ route: 'ekirje', mailboxActive: null }))).toMatchObject({ basis: 'letter', deemedReceived: '2026-11-27', lastDay: '2026-12-28', provisional: false });
  });

  it("counts Suomi.fi's paper from the day it was sent for printing, provisionally from acceptance before that", () => {
    expect(notificationOf(facts({ route: 'suomifi_paper', mailboxActive: false }))).toMatchObject({ basis: 'letter', sentOn: '2026-11-20', provisional: true });
    expect(notificationOf(facts({ deliveredAs: 'paper' }))).toMatchObject({ basis: 'letter', sentOn: '2026-11-20', provisional: true });
    expect(notificationOf(facts({ deliveredAs: 'paper', paperPostedOn: '2026-11-23' }))).toMatchObject({ basis: 'letter', sentOn: '2026-11-23', deemedReceived: '2026-11-30', provisional: false });
    // Expected electronic (active mailbox) but Suomi.fi printed it: the later presumption wins.
    expect(notificationOf(facts({ mailboxActive: true }))).toMatchObject({ basis: 'electronic', provisional: true });
  });

  it('gives no notification while pending, after a failure or a return, and for a letter still to be handed over', () => {
    for (const status of ['pending', 'failed', 'returned', 'cancelled'] as const) expect(notificationOf(facts({ status }))).toBeNull();
    expect(notificationOf(facts({ route: 'manual', status: 'pending' }))).toBeNull();
  });

  it('counts a letter handed over from that day (HL 60 § 2 mom)', () => {
    expect(notificationOf(facts({ route: 'manual', status: 'handed_over', handedOverOn: '2026-11-25' }))).toMatchObject({ basis: 'hand', deemedReceived: '2026-11-25', lastDay: '2026-12-28' });
  });

  it('sweeps ten years of sending days: the review period always ends 30 days after the 3rd or 7th day, moved to a working day', () => {
    const cal = new WorkingDayCalendar({ closedEves: ['christmasEve', 'midsummerEve'] });
    for (let day = '2024-01-01'; day <= '2033-12-31'; day = addDays(day, 1)) {
      const e = notificationOf(facts({ deliveredAs: 'electronic', electronicOn: day, acceptedOn: day }))!;
      const l = notificationOf(facts({ route: 'ekirje', acceptedOn: day }))!;
      expect(daysBetween(day, e.deemedReceived)).toBe(3);
      expect(daysBetween(day, l.deemedReceived)).toBe(7);
      for (const n of [e, l]) {
        expect(cal.isWorkingDay(n.lastDay)).toBe(true);
        expect(daysBetween(n.deemedReceived, n.lastDay)).toBeGreaterThanOrEqual(30);
        expect(daysBetween(n.deemedReceived, n.lastDay)).toBeLessThanOrEqual(35);
        expect(n.lastDay).toBe(appealLastDay(n.deemedReceived));
      }
    }
  });

  it('holds on the real clock today', () => {
    const today = helsinkiDate(new Date());
    const n = notificationOf(facts({ deliveredAs: 'electronic', electronicOn: today, acceptedOn: today }))!;
    expect(n.deemedReceived).toBe(addDays(today, 3));
    expect(n.lastDay >= addDays(today, 33)).toBe(true);
  });

  it('knows the electronic presumption only from 1.12.2010, when law 924/2010 put it into 19 §', () => {
    expect(periodRule('deemedReceivedElectronic', '2010-12-01').days).toBe(3);
    expect(() => periodRule('deemedReceivedElectronic', '2010-11-30')).toThrow();
  });
});

describe('which delivery notifies', () => {
  it('is the first one that got through; later ones are copies and never start a second review period', () => {
    const first = { status: 'sent' as const, purpose: 'notification' as const, attempt: 1 };
    const copy = { status: 'sent' as const, purpose: 'copy' as const, attempt: 2 };
    expect(notifyingDelivery([copy, first])).toBe(first);
    expect(purposeOfNewDelivery([first])).toBe('copy');
  });

  it('is the resend after a failed or returned one', () => {
    const failed = { status: 'failed' as const, purpose: 'notification' as const, attempt: 1 };
    const returned = { status: 'returned' as const, purpose: 'notification' as const, attempt: 2 };
    expect(purposeOfNewDelivery([failed, returned])).toBe('notification');
    const resend = { status: 'sent' as const, purpose: 'notification' as const, attempt: 3 };
    expect(notifyingDelivery([failed, returned, resend])).toBe(resend);
    expect(notifyingDelivery([failed, returned])).toBeNull();
  });
});
