// A rule correction (fee_rule_changes, see 0018): asiakasmaksulaki 7 c § 5 mom (laki 791/2022, in force
// 1.10.2022) caps the fee by the spouses' combined income (2 mom, 42.5 %) at the fee by the client's own income
// (1 mom, 85 %); the calculation did not, so a client with large deductions of their own could be charged more.
// Made fee decisions, invoices and letters are not rewritten: billing staff make the correction drafts (refunds
// at most a year back) from the Laskutus view, with this reason in words.
export const up = /* sql */ `
INSERT OR IGNORE INTO fee_rule_changes (code, applies_from, title_fi, title_sv, reason_fi, reason_sv, recorded_at) SELECT
  'spouse-cap-7c5',
  '2022-10-01',
  'Puolisoiden tuloista määräytyvä maksu rajattu lain mukaiseksi',
  'Avgiften enligt makarnas inkomster begränsad enligt lagen',
  'Puolisoiden yhteenlasketuista tuloista määräytyvä maksu (asiakasmaksulaki 7 c § 2 mom) saa olla enintään asiakkaan omista tuloista 1 momentin mukaan määräytyvän maksun suuruinen (7 c § 5 mom).',
  'Avgiften som bestäms enligt makarnas sammanlagda inkomster (klientavgiftslagen 7 c § 2 mom.) får vara högst lika stor som avgiften som bestäms enligt klientens egna inkomster enligt 1 mom. (7 c § 5 mom.).',
  strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
WHERE EXISTS (SELECT 1 FROM fee_decisions WHERE fee_type = 'long_term');
`;
