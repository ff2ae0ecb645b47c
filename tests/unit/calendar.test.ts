import { describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../shared/domain/calendar';
import { addDays, addMonthsClamped, dayOfWeek, helsinkiDate, helsinkiInstant, helsinkiOffsetMinutes, isAppDate, isIsoDate } from '../../shared/domain/dates';
import { SeedTime } from '../../electron/core/seed/time';
import { agreementMonthsThisYear } from '../../electron/core/caregiver/payments';
import { assessmentStartBy } from '../../shared/domain/deadlines';
import { deadlineState } from '../../shared/domain/deadline-state';

const cal = new WorkingDayCalendar();
const start = (contact: string, urgent = false, over75 = true) => assessmentStartBy(cal, contact, { urgent, over75OrHighestCareAllowance: over75 });

describe('working-day calendar', () => {
  it('knows Finnish public holidays; Christmas Eve and Midsummer Eve are working days by default', () => {
    for (const d of ['2026-01-01', '2026-01-06', '2026-04-03', '2026-04-06', '2026-05-01', '2026-05-14', '2026-12-25', '2026-12-26', '2027-12-06']) {
      expect(cal.isWorkingDay(d), d).toBe(false);
    }
    // Not public holidays: the authority's 7 working days count them (the appeal period of law 150/1930 does not).
    expect(cal.isWorkingDay('2026-12-24')).toBe(true);
    expect(cal.isWorkingDay('2026-06-19')).toBe(true);
    expect(cal.isWorkingDay('2026-12-31')).toBe(true); // New Year's Eve is an ordinary working day
    expect(cal.isWorkingDay('2026-11-24')).toBe(true);
    expect(cal.isWorkingDay('2026-11-28')).toBe(false); // Saturday
  });

  it('keeps eves configurable for a county that closes them', () => {
    const closed = new WorkingDayCalendar({ closedEves: ['christmasEve', 'midsummerEve'] });
    expect(closed.isWorkingDay('2026-12-24')).toBe(false);
    expect(closed.isWorkingDay('2026-06-19')).toBe(false);
  });
});

describe('assessment start deadline (SHL 36 §)', () => {
  it('matches the handbook example: contact 2026-11-24 → 2026-12-03', () => {
    expect(start('2026-11-24')).toEqual({ startBy: '2026-12-03', basis: 'statutory' });
  });

  it('matches the THL example: contact on a Tuesday → Thursday of the following week', () => {
    expect(dayOfWeek('2026-03-10')).toBe(2);
    expect(start('2026-03-10').startBy).toBe('2026-03-19');
  });

  it('skips Independence Day, Christmas and New Year across the year end', () => {
    // 4.12. Fri: 7.12 Mon(1) 8(2) 9(3) 10(4) 11(5) 14(6) 15(7); 6.12 is a Sunday in 2026.
    expect(start('2026-12-04').startBy).toBe('2026-12-15');
    // 18.12. Fri: 21(1) 22(2) 23(3) 24 Christmas Eve(4) [25–27 closed] 28(5) 29(6) 30(7)
    expect(start('2026-12-18').startBy).toBe('2026-12-30');
    // 23.12. Wed: 24(1) 28(2) 29(3) 30(4) 31(5) [1.1. holiday] 4.1.(6) 5.1.(7)
    expect(start('2026-12-23').startBy).toBe('2027-01-05');
    // A county that closes the eves: one working day later in both cases.
    const closed = new WorkingDayCalendar({ closedEves: ['christmasEve', 'midsummerEve'] });
    const startClosed = (contact: string) => assessmentStartBy(closed, contact, { urgent: false, over75OrHighestCareAllowance: true }).startBy;
    expect(startClosed('2026-12-18')).toBe('2026-12-31');
    expect(startClosed('2026-12-23')).toBe('2027-01-07');
  });

  it('skips Easter and Midsummer', () => {
    // Easter 2026: Good Friday 3.4., Easter Monday 6.4. Contact Wed 1.4.: 2(1) 7(2) 8(3) 9(4) 10(5) 13(6) 14(7)
    expect(start('2026-04-01').startBy).toBe('2026-04-14');
    // Midsummer Eve 19.6.2026 (Fri) is a working day. Contact Tue 16.6.: 17(1) 18(2) 19(3) 22(4) 23(5) 24(6) 25(7)
    expect(start('2026-06-16').startBy).toBe('2026-06-25');
    // Contact Wed 10.6.: 11(1) 12(2) 15(3) 16(4) 17(5) 18(6) 19 Midsummer Eve(7).
    expect(start('2026-06-10').startBy).toBe('2026-06-19');
  });

  it('starts urgent cases the same day', () => {
    expect(start('2026-12-24', true)).toEqual({ startBy: '2026-12-24', basis: 'urgent' });
  });

  it('marks the county target for clients under 75 without the highest allowance', () => {
    expect(start('2026-11-24', false, false)).toEqual({ startBy: '2026-12-03', basis: 'target' });
  });
});

describe('dates', () => {
  it('adds days and months with clamping', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addMonthsClamped('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonthsClamped('2027-11-30', 3)).toBe('2028-02-29');
  });

  it('validates ISO dates and converts instants to Helsinki dates', () => {
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-1-01')).toBe(false);
    expect(helsinkiDate(new Date('2026-11-22T22:30:00Z'))).toBe('2026-11-23');
    expect(helsinkiDate(new Date('2026-07-22T21:30:00Z'))).toBe('2026-07-23');
  });

  it('classifies deadlines for highlighting only while they run', () => {
    expect(deadlineState('2026-11-23', '2026-11-20', 'new')).toBe('overdue');
    expect(deadlineState('2026-11-23', '2026-11-25', 'assigned')).toBe('dueSoon');
    expect(deadlineState('2026-11-23', '2026-11-30', 'assigned')).toBe('ok');
    expect(deadlineState('2026-11-23', '2026-11-20', 'assessment')).toBe('met');
  });
});

describe('Helsinki local time (issue 16: demo events stamped with +02:00 all year)', () => {
  it('gives the instant of a local time, in winter and in summer', () => {
    expect(helsinkiInstant('2027-01-15', 10).toISOString()).toBe('2027-01-15T08:00:00.000Z');
    expect(helsinkiInstant('2027-07-15', 10).toISOString()).toBe('2027-07-15T07:00:00.000Z');
    expect(helsinkiInstant('2027-12-31', 23, 59).toISOString()).toBe('2027-12-31T21:59:00.000Z');
  });

  it('handles both change days: the missing hour in March, the doubled hour in October', () => {
    // 28.3.2027: 03:00 EET becomes 04:00 EEST; midnight is still winter time.
    expect(helsinkiInstant('2027-03-28', 0).toISOString()).toBe('2027-03-27T22:00:00.000Z');
    expect(helsinkiInstant('2027-03-28', 2, 59).toISOString()).toBe('2027-03-28T00:59:00.000Z');
    expect(helsinkiInstant('2027-03-28', 3, 30).toISOString()).toBe('2027-03-28T01:30:00.000Z'); // does not exist: 04:30 summer time
    expect(helsinkiInstant('2027-03-28', 4).toISOString()).toBe('2027-03-28T01:00:00.000Z');
    // 31.10.2027: 04:00 EEST becomes 03:00 EET; 03:30 comes twice, the first is taken.
    expect(helsinkiInstant('2027-10-31', 0).toISOString()).toBe('2027-10-30T21:00:00.000Z');
    expect(helsinkiInstant('2027-10-31', 3, 30).toISOString()).toBe('2027-10-31T00:30:00.000Z');
    expect(helsinkiInstant('2027-10-31', 4).toISOString()).toBe('2027-10-31T02:00:00.000Z');
    for (const [d, h] of [['2027-03-28', 0], ['2027-03-28', 23], ['2027-10-31', 0], ['2027-10-31', 23]] as const) expect(helsinkiDate(helsinkiInstant(d, h))).toBe(d);
    expect(helsinkiOffsetMinutes(new Date('2027-03-28T00:59:59Z'))).toBe(120);
    expect(helsinkiOffsetMinutes(new Date('2027-03-28T01:00:00Z'))).toBe(180);
    expect(helsinkiOffsetMinutes(new Date('2027-10-31T00:59:59Z'))).toBe(180);
    expect(helsinkiOffsetMinutes(new Date('2027-10-31T01:00:00Z'))).toBe(120);
  });

  it('accepts dates of 2000–2100 only where the application takes a date from a user', () => {
    for (const d of ['2000-01-01', '2024-02-29', '2100-12-31']) expect(isAppDate(d), d).toBe(true);
    for (const d of ['1999-12-31', '2101-01-01', '9999-12-31', '2026-02-30', '2026-13-01', 'huomenna']) expect(isAppDate(d), d).toBe(false);
  });
});

describe('demo instants never after now', () => {
  it('clamps a time later today to now and folds a later hour of today into the part of the day gone', () => {
    const now = helsinkiInstant('2027-03-28', 4, 30); // early morning of the spring change day
    const t = new SeedTime('2027-03-28', now);
    expect(t.at('2027-03-28', 14)).toBe(now.toISOString());
    expect(t.at('2027-03-27', 14)).toBe(helsinkiInstant('2027-03-27', 14).toISOString());
    const folded = t.during('2027-03-28', 15 * 60);
    expect(folded <= now.toISOString()).toBe(true);
    expect(helsinkiDate(new Date(folded))).toBe('2027-03-28');
    expect(t.during('2027-03-28', 60)).toBe(helsinkiInstant('2027-03-28', 1).toISOString());
  });
});

describe('family carer days off earned this year (omaishoitolaki 4 §)', () => {
  it('counts the months of this year in force so far, none for an agreement starting later', () => {
    expect(agreementMonthsThisYear({ start_date: '2020-05-01', end_date: null }, '2027-03-15')).toBe(3);
    expect(agreementMonthsThisYear({ start_date: '2027-02-20', end_date: null }, '2027-03-15')).toBe(2);
    expect(agreementMonthsThisYear({ start_date: '2027-03-20', end_date: null }, '2027-03-15')).toBe(0);
    // Starting next year: none yet (the year used to be ignored, giving the whole of this year).
    expect(agreementMonthsThisYear({ start_date: '2028-01-05', end_date: null }, '2027-12-31')).toBe(0);
    expect(agreementMonthsThisYear({ start_date: '2025-01-01', end_date: '2027-01-31' }, '2027-06-30')).toBe(1);
    expect(agreementMonthsThisYear({ start_date: '2025-01-01', end_date: '2026-12-31' }, '2027-06-30')).toBe(0);
  });
});
