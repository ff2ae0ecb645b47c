// Why a fee changes when a rule is corrected to the letter of the law, in words: the old decision's stored
// calculation is compared with the new one step by step, and each difference is named with the subsection that
// changed it. A made decision is never rewritten; this text goes into the reasoning of the correcting decision.
import type { FeeExplanation, StepKey } from './calc';
import { formatEuros } from '../letters';

type Lang = 'fi' | 'sv';

function step(e: FeeExplanation | null, key: StepKey): { cents?: number; number?: number; percent?: number } | undefined {
  return e?.steps.find((s) => s.key === key);
}

function cents(e: FeeExplanation | null, key: StepKey): number | undefined {
  return step(e, key)?.cents;
}

/** The differences between an old and a new calculation, each with its subsection; empty when none is visible. */
export function correctionReasons(oldE: FeeExplanation | null, newE: FeeExplanation | null, lang: Lang): string[] {
  const out: string[] = [];
  if (!oldE || !newE) return out;
  const fi = lang === 'fi';
  const money = (a: number | undefined, b: number | undefined) => `${formatEuros(a ?? 0)} → ${formatEuros(b ?? 0)}`;
  if (newE.formula === 'home_care') {
    const oldRow = step(oldE, 'hours_row')?.number;
    const newRow = step(newE, 'hours_row')?.number;
    if (oldRow !== undefined && newRow !== undefined && oldRow !== newRow)
      out.push(
        fi
          ? `Palvelutunnit pyöristetään lähimpään kokonaiseen tuntiin, puolikkaat ylöspäin (asiakasmaksulaki 10 e § 6 mom): maksuprosenttitaulukon rivi ${oldRow} h → ${newRow} h.`
          : `Servicetimmarna avrundas till närmaste hela timme, halva timmar uppåt (klientavgiftslagen 10 e § 6 mom.): raden i avgiftstabellen ${oldRow} h → ${newRow} h.`,
      );
    const oldGross = cents(oldE, 'gross_income');
    const newGross = cents(newE, 'gross_income');
    if (oldGross !== newGross)
      out.push(
        fi
          ? `Tuloina otetaan huomioon kotihoidon maksussa laissa säädetyt tulot, myös eläkettä saavan hoitotuki, ei vammaistukea (10 f § 1 ja 3 mom): ${money(oldGross, newGross)}.`
          : `Som inkomster beaktas för hemvårdsavgiften de inkomster som anges i lagen, även vårdbidrag för pensionstagare, inte handikappbidrag (10 f § 1 och 3 mom.): ${money(oldGross, newGross)}.`,
      );
    const oldDed = cents(oldE, 'deductions_home_care') ?? 0;
    const newDed = cents(newE, 'deductions_home_care') ?? 0;
    if (oldDed !== newDed)
      out.push(
        fi
          ? `Tuloista vähennetään vain laissa luetellut menot (10 g §, 10 c § 1 mom): ${money(oldDed, newDed)}.`
          : `Från inkomsterna dras endast de utgifter av som räknas upp i lagen (10 g §, 10 c § 1 mom.): ${money(oldDed, newDed)}.`,
      );
  } else if (newE.formula === 'long_term' || newE.formula === 'long_term_spouse') {
    if (oldE.formula !== newE.formula)
      out.push(
        fi
          ? newE.formula === 'long_term_spouse'
            ? 'Maksu määräytyy puolisoiden yhteenlaskettujen tulojen mukaan, koska asiakas asui puolisonsa kanssa välittömästi ennen hoidon alkua ja hänen tulonsa ovat suuremmat (7 c § 2 mom).'
            : 'Maksu määräytyy asiakkaan omien tulojen mukaan: puolisosäännön edellytykset eivät täyty tai molemmat puolisot ovat pitkäaikaisessa hoidossa (7 c § 2 mom).'
          : newE.formula === 'long_term_spouse'
            ? 'Avgiften bestäms av makarnas sammanlagda inkomster, eftersom klienten bodde med sin make omedelbart före vården och har de större inkomsterna (7 c § 2 mom.).'
            : 'Avgiften bestäms av klientens egna inkomster: villkoren för makeregeln uppfylls inte eller båda makarna får långvarig vård (7 c § 2 mom.).',
      );
    const oldNet = cents(oldE, 'net_income');
    const newNet = cents(newE, 'net_income');
    if (oldNet !== newNet)
      out.push(
        fi
          ? `Tuloina otetaan huomioon laissa säädetyt tulot, myös eläkettä saavan hoitotuki ja vammaistuki, ei hoitotuen veteraanilisää eikä saatua lapsen elatusapua (10 b § 1–2 mom): ${money(oldNet, newNet)}.`
          : `Som inkomster beaktas de inkomster som anges i lagen, även vårdbidrag för pensionstagare och handikappbidrag, inte veterantillägg eller erhållet underhållsbidrag för barn (10 b § 1–2 mom.): ${money(oldNet, newNet)}.`,
      );
    const oldDed = cents(oldE, 'deductions');
    const newDed = cents(newE, 'deductions');
    if (oldDed !== newDed)
      out.push(
        fi
          ? `Vähennykset on laissa lueteltu ja rajattu, esimerkiksi lääkekulut enintään lääkekaton ja edunvalvonnan palkkio enintään perusmaksun verran (10 c–10 d §): ${money(oldDed, newDed)}.`
          : `Avdragen räknas upp och begränsas i lagen, t.ex. läkemedelskostnader högst till läkemedelstaket och intressebevakningens arvode högst till grundavgiften (10 c–10 d §): ${money(oldDed, newDed)}.`,
      );
    const oldPa = cents(oldE, 'personal_allowance');
    const newPa = cents(newE, 'personal_allowance');
    if (oldPa !== newPa)
      out.push(
        fi
          ? `Asiakkaalle jäävä käyttövara on indeksillä tarkistettu määrä (7 c § 3–4 mom): ${money(oldPa, newPa)}.`
          : `Det personliga beloppet som klienten behåller är det indexjusterade beloppet (7 c § 3–4 mom.): ${money(oldPa, newPa)}.`,
      );
  }
  return out;
}
