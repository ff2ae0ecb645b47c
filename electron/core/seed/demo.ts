// Demo county: deterministic, realistic data for a fresh workstation and for benchmarks.
// Only test henkilötunnus numbers (individual number 900–999) are generated.
import fs from 'node:fs';
import path from 'node:path';
import { WorkingDayCalendar } from '../../../shared/domain/calendar';
import { addDays, daysBetween, formatFi, isAppDate } from '../../../shared/domain/dates';
import { assessmentStartBy } from '../../../shared/domain/deadlines';
import { ageOn, formatHetu } from '../../../shared/domain/hetu';
import type { Role } from '../../../shared/roles';
import { AppError } from '../../../shared/contract/errors';
import { hashPassword } from '../auth/password';
import type { Db } from '../db/connection';
import { Rng } from './random';
import { searchKey } from '../clients/search-key';
import { ensureReferenceData } from '../guidance/reference-data';
import { seedGuidance } from './guidance';
import { seedBilling } from './billing';
import { defaultSeedNow, SeedTime } from './time';
import { SeedProgressMeter, type SeedProgressListener } from './progress';
import { COUNTY_START, earliestDemoToday } from './dates';

export interface SeedOptions {
  clients: number;
  intakeItems: number;
  /** Today's date; intake history runs back from it. */
  today: string;
  /** The moment of generation (default 10:00 on today): nothing of today happens later. */
  now?: Date;
  /** Told what is being made and how far along it is (the first start shows it). */
  onProgress?: SeedProgressListener;
  seed?: number;
  resourcesDir: string;
  demoPassword?: string;
}

export interface SeedResult {
  clients: number;
  intakeItems: number;
  openItems: number;
  users: number;
  assessments: number;
  decisions: number;
}

interface MunicipalityDef {
  code: string;
  nameFi: string;
  nameSv: string;
  area: string;
  weight: number;
  svShare: number;
  postal: [string, string, string][];
}

interface CountyDef {
  county: { nameFi: string; nameSv: string };
  areas: { key: string; nameFi: string; nameSv: string }[];
  municipalities: MunicipalityDef[];
}

type Lang = 'fi' | 'sv';
type TextLib = Record<string, Record<Lang, string[]>>;

function readList(dir: string, name: string): string[] {
  return fs
    .readFileSync(path.join(dir, name), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

/** Demo sign-in accounts, one per role. */
export const DEMO_ACCOUNTS: { username: string; first: string; last: string; role: Role; title: string; area: string | null }[] = [
  { username: 'ohjaaja', first: 'Laura', last: 'Mäkelä', role: 'guidance_worker', title: 'asiakasohjaaja', area: 'espoo' },
  { username: 'sosiaalityontekija', first: 'Johanna', last: 'Lindqvist', role: 'social_worker', title: 'sosiaalityöntekijä', area: 'raasepori' },
  { username: 'sihteeri', first: 'Minna', last: 'Koskinen', role: 'client_secretary', title: 'asiakassihteeri', area: null },
  { username: 'laskutus', first: 'Petri', last: 'Salonen', role: 'billing', title: 'palvelukoordinaattori', area: null },
  { username: 'paallikko', first: 'Sari', last: 'Heinonen', role: 'service_manager', title: 'palvelupäällikkö', area: null },
  { username: 'paakayttaja', first: 'Mikko', last: 'Rantanen', role: 'admin', title: 'pääkäyttäjä', area: null },
];

const STAFF: { role: Role; count: number; title: string }[] = [
  { role: 'guidance_worker', count: 65, title: 'asiakasohjaaja' },
  { role: 'social_worker', count: 4, title: 'sosiaalityöntekijä' },
  { role: 'client_secretary', count: 22, title: 'asiakassihteeri' },
  { role: 'billing', count: 3, title: 'palvelukoordinaattori' },
  { role: 'service_manager', count: 2, title: 'palvelupäällikkö' },
];

const AGE_WEIGHTS: [number, number][] = [];
for (let age = 65; age <= 100; age++) {
  // Peaks in the mid-80s, as the clients of older people's services do.
  const w = age < 75 ? 1 + (age - 65) * 0.25 : age < 88 ? 3.5 + (age - 75) * 0.12 : Math.max(0.15, 5 - (age - 88) * 0.45);
  AGE_WEIGHTS.push([age, w]);
}

const INTAKE_TYPES = [
  ['concern_report', 15],
  ['application', 30],
  ['service_request', 38],
  ['hospital_discharge', 17],
] as const;

const SERVICES = [
  ['home_care', 40],
  ['support_services', 20],
  ['service_housing_24h', 18],
  ['short_term_care', 10],
  ['family_caregiver_support', 12],
] as const;

const CHANNELS: Record<string, readonly (readonly [string, number])[]> = {
  concern_report: [['phone', 70], ['electronic', 30]],
  application: [['letter', 55], ['electronic', 45]],
  service_request: [['phone', 75], ['walk_in', 10], ['electronic', 15]],
  hospital_discharge: [['hospital', 100]],
};

const REPORTER_ROLES: Record<string, readonly (readonly [string, number])[]> = {
  concern_report: [['relative', 35], ['professional', 40], ['other', 15], ['anonymous', 10]],
  application: [['self', 55], ['relative', 45]],
  service_request: [['self', 50], ['relative', 45], ['professional', 5]],
  hospital_discharge: [['hospital', 100]],
};

const RELATIONS_FI = ['tytär', 'poika', 'tytär', 'poika', 'sisar', 'veli', 'naapuri', 'ystävä', 'lapsenlapsi'];
const RELATIONS_SV = ['dotter', 'son', 'dotter', 'son', 'syster', 'bror', 'granne', 'vän', 'barnbarn'];
const HOSPITALS = ['Jorvin sairaala', 'Lohjan sairaala', 'Raaseporin sairaala', 'Espoon sairaala', 'Kirkkonummen terveysasema'];

function phone(rng: Rng): string {
  return `${rng.pick(['040', '041', '044', '045', '050'])} ${rng.int(100, 999)} ${rng.int(1000, 9999)}`;
}

/** Refuses options a county cannot be generated from, before anything is opened or written. */
export function checkSeedOptions(opts: Pick<SeedOptions, 'clients' | 'intakeItems' | 'today' | 'resourcesDir'>): void {
  if (!Number.isInteger(opts.clients) || opts.clients < 10 || opts.clients > 1_000_000)
    throw new AppError('VALIDATION', 'Asiakkaiden määrän on oltava kokonaisluku 10–1 000 000.');
  if (!Number.isInteger(opts.intakeItems) || opts.intakeItems < 0 || opts.intakeItems > 10_000_000)
    throw new AppError('VALIDATION', 'Saapuneiden asioiden määrän on oltava kokonaisluku 0–10 000 000.');
  if (!isAppDate(opts.today)) throw new AppError('VALIDATION', `Esittelyaineiston päivän on oltava oikea päivä vuosilta 2000–2100, nyt "${opts.today}".`);
  const earliest = earliestDemoToday(opts.resourcesDir);
  if (opts.today < earliest)
    throw new AppError(
      'VALIDATION',
      `Esittelyaineistoa ei voi luoda päivälle ${formatFi(opts.today)}: hyvinvointialue aloitti ${formatFi(COUNTY_START)} ja asiakasmaksujen ensimmäiset parametrit ovat voimassa ${formatFi(earliest)} alkaen. Anna päiväksi ${formatFi(earliest)} tai myöhempi.`,
    );
}

export function seedDemo(db: Db, opts: SeedOptions): SeedResult {
  const existing = (db.prepare('SELECT count(*) AS n FROM clients').get() as { n: number }).n;
  if (existing > 0) throw new AppError('CONFLICT', `Tietokannassa on jo ${existing} asiakasta; esittelyaineisto luodaan vain tyhjään tietokantaan.`);
  checkSeedOptions(opts);

  const meter = new SeedProgressMeter(opts.onProgress);
  meter.begin('staff', 1);
  const rng = new Rng(opts.seed ?? 20261123);
  const dir = path.join(opts.resourcesDir, 'demo');
  const county = JSON.parse(fs.readFileSync(path.join(dir, 'municipalities.json'), 'utf8')) as CountyDef;
  const texts = JSON.parse(fs.readFileSync(path.join(dir, 'intake-texts.json'), 'utf8')) as TextLib;
  const names = {
    fi: {
      female: readList(dir, 'first-names-fi-female.txt'),
      male: readList(dir, 'first-names-fi-male.txt'),
      last: readList(dir, 'last-names-fi.txt'),
    },
    sv: {
      female: readList(dir, 'first-names-sv-female.txt'),
      male: readList(dir, 'first-names-sv-male.txt'),
      last: readList(dir, 'last-names-sv.txt'),
    },
  };
  const streets = readList(dir, 'streets.txt').map((l) => l.split(';') as [string, string]);
  const today = opts.today;
  const time = new SeedTime(today, opts.now ?? defaultSeedNow(today));
  const nowIso = time.nowIso;
  const calendar = new WorkingDayCalendar();

  const result = { clients: 0, intakeItems: 0, openItems: 0, users: 0, assessments: 0, decisions: 0 };
  ensureReferenceData(db, opts.resourcesDir, new Date(nowIso));
  const epoch = Date.parse(`${today}T00:00:00Z`);

  db.transaction(() => {
    const setSetting = db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)');
    setSetting.run('county_name_fi', county.county.nameFi);
    setSetting.run('county_name_sv', county.county.nameSv);
    setSetting.run('demo', '1');
    setSetting.run('demo_seed', JSON.stringify({ seed: opts.seed ?? 20261123, clients: opts.clients, intakeItems: opts.intakeItems, today }));

    // Areas and municipalities.
    const areaIds = new Map<string, string>();
    const insArea = db.prepare('INSERT INTO areas (id, name_fi, name_sv, sort, updated_at) VALUES (?, ?, ?, ?, ?)');
    county.areas.forEach((a, i) => {
      const id = rng.uuidv7(epoch - 10 * 365 * 86_400_000 + i);
      areaIds.set(a.key, id);
      insArea.run(id, a.nameFi, a.nameSv, i, nowIso);
    });
    const insMun = db.prepare('INSERT INTO municipalities (code, name_fi, name_sv, area_id) VALUES (?, ?, ?, ?)');
    for (const m of county.municipalities) insMun.run(m.code, m.nameFi, m.nameSv, areaIds.get(m.area));

    // Staff. Guidance workers are spread over the areas by their share of clients.
    const areaWeight = new Map<string, number>();
    for (const m of county.municipalities) areaWeight.set(m.area, (areaWeight.get(m.area) ?? 0) + m.weight);
    const insUser = db.prepare(
      'INSERT INTO users (id, username, display_name, title, role, language, password_hash, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insUserArea = db.prepare('INSERT INTO user_areas (user_id, area_id) VALUES (?, ?)');
    const workersByArea = new Map<string, string[]>();
    const usernames = new Set<string>();
    const addUser = (first: string, last: string, role: Role, title: string, areaKeys: string[], username?: string, password?: string) => {
      const id = rng.uuidv7(epoch - 9 * 365 * 86_400_000 + result.users);
      let uname = username ?? `${first}.${last}`.toLocaleLowerCase('fi').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z.]/g, '');
      for (let n = 2; usernames.has(uname); n++) uname = `${uname.replace(/\d+$/, '')}${n}`;
      usernames.add(uname);
      const lang: Lang = names.sv.last.includes(last) ? 'sv' : 'fi';
      insUser.run(id, uname, `${first} ${last}`, title, role, lang, password ? hashPassword(password) : null, nowIso);
      for (const a of areaKeys) {
        insUserArea.run(id, areaIds.get(a));
        if (role === 'guidance_worker' || role === 'social_worker') {
          const list = workersByArea.get(a) ?? [];
          list.push(id);
          workersByArea.set(a, list);
        }
      }
      result.users += 1;
      return id;
    };
    const allAreaKeys = county.areas.map((a) => a.key);
    const password = opts.demoPassword ?? 'demo';
    for (const acc of DEMO_ACCOUNTS) {
      addUser(acc.first, acc.last, acc.role, acc.title, acc.area ? [acc.area] : allAreaKeys, acc.username, password);
    }
    const areaWeights = [...areaWeight.entries()] as [string, number][];
    for (const s of STAFF) {
      for (let i = 0; i < s.count; i++) {
        const sv = rng.chance(0.12);
        const pool = sv ? names.sv : names.fi;
        const first = rng.pick(rng.chance(0.8) ? pool.female : pool.male);
        const last = rng.pick(pool.last);
        const areas = s.role === 'guidance_worker' || s.role === 'social_worker' ? [rng.weighted(areaWeights)] : allAreaKeys;
        addUser(first, last, s.role, s.title, areas);
      }
    }

    // Clients, with spouses in shared households.
    const insClient = db.prepare(`INSERT INTO clients (id, hetu, last_name, first_names, name_key, birth_date, language,
      street_address, postal_code, post_office, contact_care_of, contact_street, contact_postal_code, contact_post_office,
      address_protected, municipality_code, area_id, phone, care_allowance, spouse_id, household_size, responsible_worker_id, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insContact = db.prepare(
      'INSERT INTO client_contacts (id, client_id, name, relation, phone, is_representative, sort, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const munWeights = county.municipalities.map((m) => [m, m.weight] as const);
    const usedHetu = new Set<string>();
    interface ClientInfo {
      id: string;
      birthDate: string;
      lang: Lang;
      mun: MunicipalityDef;
      areaKey: string;
      worker: string | null;
      highestAllowance: boolean;
      name: string;
    }
    const clients: ClientInfo[] = [];
    const todayYear = Number(today.slice(0, 4));

    const makeHetu = (birthDate: string): string => {
      for (;;) {
        const hetu = formatHetu(birthDate, rng.int(900, 999));
        if (!usedHetu.has(hetu)) {
          usedHetu.add(hetu);
          return hetu;
        }
      }
    };
    const birthDateForAge = (age: number): string => {
      const dayOfYear = rng.int(0, 364);
      const d = addDays(`${todayYear - age - 1}-01-01`, dayOfYear);
      return ageOn(d, today) >= 65 ? d : addDays(d, -365);
    };

    const createClient = (
      household: { lang: Lang; mun: MunicipalityDef; last: string; street: string; postal: [string, string, string]; size: number },
      female: boolean,
      age: number,
      spouseId: string | null,
      protectedAddr: boolean,
    ): ClientInfo => {
      const { lang, mun } = household;
      const pool = names[lang];
      const first = rng.pick(female ? pool.female : pool.male);
      const second = rng.chance(0.6) ? ` ${rng.pick(female ? pool.female : pool.male)}` : '';
      const firstNames = second.trim() === first ? first : first + second;
      const birthDate = birthDateForAge(age);
      const id = rng.uuidv7(epoch - rng.int(0, 6 * 365) * 86_400_000);
      const areaKey = mun.area;
      const workers = workersByArea.get(areaKey) ?? [];
      const worker = workers.length > 0 && rng.chance(0.7) ? rng.pick(workers) : null;
      const allowance = rng.weighted([
        ['none', 60],
        ['basic', 20],
        ['increased', 14],
        ['highest', 6],
      ] as const);
      const contact =
        protectedAddr && rng.chance(0.6)
          ? {
              careOf: lang === 'sv' ? 'c/o Befolkningsregistercentralen' : 'c/o Digi- ja väestötietovirasto',
              street: `PL ${rng.int(100, 999)}`,
              postal: household.postal[0].slice(0, 3) + '01',
              office: lang === 'sv' ? household.postal[2] : household.postal[1],
            }
          : null;
      insClient.run(
        id,
        makeHetu(birthDate),
        household.last,
        firstNames,
        searchKey(`${household.last} ${firstNames}`),
        birthDate,
        lang,
        household.street,
        household.postal[0],
        lang === 'sv' ? household.postal[2] : household.postal[1],
        contact?.careOf ?? null,
        contact?.street ?? null,
        contact?.postal ?? null,
        contact?.office ?? null,
        protectedAddr ? 1 : 0,
        mun.code,
        areaIds.get(areaKey),
        rng.chance(0.85) ? phone(rng) : null,
        allowance,
        spouseId,
        household.size,
        worker,
        nowIso,
      );
      // Close contacts: children, relatives, neighbours; some have a representative (edunvalvoja).
      const nContacts = rng.weighted([
        [0, 15],
        [1, 45],
        [2, 30],
        [3, 10],
      ] as const);
      for (let k = 0; k < nContacts; k++) {
        const ri = rng.int(0, RELATIONS_FI.length - 1);
        const childFemale = rng.chance(0.55);
        const cFirst = rng.pick(childFemale ? pool.female : pool.male);
        const cLast = ri < 4 && rng.chance(0.6) ? household.last : rng.pick(pool.last);
        insContact.run(rng.uuidv7(epoch), id, `${cFirst} ${cLast}`, lang === 'sv' ? RELATIONS_SV[ri]! : RELATIONS_FI[ri]!, phone(rng), 0, k, nowIso);
      }
      if (rng.chance(0.06)) {
        const rFirst = rng.pick(names.fi.female);
        const rLast = rng.pick(names.fi.last);
        insContact.run(
          rng.uuidv7(epoch),
          id,
          `${rFirst} ${rLast}`,
          lang === 'sv' ? 'intressebevakare (allmän intressebevakning)' : 'edunvalvoja (yleinen edunvalvonta)',
          `029 56 ${rng.int(10000, 99999)}`,
          1,
          9,
          nowIso,
        );
      }
      const info: ClientInfo = {
        id,
        birthDate,
        lang,
        mun,
        areaKey,
        worker,
        highestAllowance: allowance === 'highest',
        name: `${household.last} ${firstNames}`,
      };
      clients.push(info);
      result.clients += 1;
      return info;
    };

    const setSpouse = db.prepare('UPDATE clients SET spouse_id = ? WHERE id = ?');
    meter.begin('clients', opts.clients);
    while (result.clients < opts.clients) {
      meter.tick(result.clients);
      const mun = rng.weighted(munWeights);
      const lang: Lang = rng.chance(mun.svShare) ? 'sv' : 'fi';
      const postal = rng.pick(mun.postal);
      const [streetFi, streetSv] = rng.pick(streets);
      const street = `${lang === 'sv' ? streetSv : streetFi} ${rng.int(1, 60)}${rng.chance(0.4) ? ` ${rng.pick(['A', 'B', 'C'])} ${rng.int(1, 30)}` : ''}`;
      const last = rng.pick(names[lang].last);
      const couple = result.clients + 1 < opts.clients && rng.chance(0.18);
      const protectedAddr = rng.chance(0.05);
      const age = rng.weighted(AGE_WEIGHTS);
      const household = { lang, mun, last, street, postal, size: couple ? 2 : rng.chance(0.15) ? 2 : 1 };
      const firstFemale = rng.chance(0.64);
      const a = createClient(household, firstFemale, age, null, protectedAddr);
      if (couple) {
        const spouseAge = Math.min(100, Math.max(65, age + rng.int(-6, 6)));
        const b = createClient(household, !firstFemale, spouseAge, a.id, protectedAddr);
        setSpouse.run(b.id, a.id);
      }
    }

    // Intake history over five years, growing toward today; recent items still open.
    const insItem = db.prepare(`INSERT INTO intake_items (id, type, service_applied, channel, received_at, contact_date, urgent,
      reporter_name, reporter_role, text, client_id, subject_name, subject_birth_date, municipality_code, area_id, status,
      assigned_worker_id, assessment_due, due_basis, closed_at, updated_at, report_language)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const historyDays = 5 * 365;
    meter.begin('intake', opts.intakeItems);
    for (let i = 0; i < opts.intakeItems; i++) {
      if ((i & 255) === 0) meter.tick(i);
      // Squaring the uniform draw puts more items near today (the unit has grown).
      const u = rng.next();
      const back = Math.floor(historyDays * u * u * 0.7 + historyDays * u * 0.3);
      const contactDate = addDays(today, -back);
      const client = rng.pick(clients);
      const type = rng.weighted(INTAKE_TYPES);
      const channel = rng.weighted(CHANNELS[type]!);
      const service = type === 'application' || (type === 'service_request' && rng.chance(0.5)) ? rng.weighted(SERVICES) : null;
      const urgent = type === 'hospital_discharge' ? rng.chance(0.55) : type === 'concern_report' ? rng.chance(0.25) : rng.chance(0.04);
      const reporterRole = rng.weighted(REPORTER_ROLES[type]!);
      const lang = client.lang;
      const reporterName =
        reporterRole === 'self'
          ? client.name
          : reporterRole === 'hospital'
            ? rng.pick(HOSPITALS)
            : reporterRole === 'anonymous'
              ? lang === 'sv' ? 'Anonym' : 'Nimetön'
              : `${rng.pick(names[lang].female)} ${rng.pick(names[lang].last)}`;
      const text = rng.pick(texts[type]![lang].length > 0 ? texts[type]![lang] : texts[type]!.fi);
      // Items about people who are not yet clients: concern reports recently received.
      const unlinked = type === 'concern_report' && back < 20 && rng.chance(0.35);
      const subject = unlinked
        ? {
            name: `${rng.pick(names[lang].last)} ${rng.pick(rng.chance(0.6) ? names[lang].female : names[lang].male)}`,
            birthDate: birthDateForAge(rng.weighted(AGE_WEIGHTS)),
          }
        : null;
      // The 7-working-day limit applies from age 75 (SHL 36 §: "75 vuotta täyttänyt") or with the highest care allowance.
      const age = ageOn(subject?.birthDate ?? client.birthDate, contactDate);
      const due = assessmentStartBy(calendar, contactDate, { urgent, over75OrHighestCareAllowance: age >= 75 || (!subject && client.highestAllowance) });
      const ageDays = daysBetween(contactDate, today);
      let status: string;
      if (ageDays > 120) status = rng.weighted([['closed', 86], ['forwarded', 7], ['cancelled', 7]] as const);
      else if (ageDays > 45) status = rng.weighted([['closed', 80], ['decision', 10], ['forwarded', 5], ['cancelled', 5]] as const);
      else if (ageDays > 14) status = rng.weighted([['closed', 45], ['decision', 25], ['assessment', 26], ['assigned', 1], ['cancelled', 3]] as const);
      else if (due.startBy < today)
        // Past the start deadline most assessments have started; a few items have slipped (the unit's real backlog).
        status = rng.weighted([['assessment', 55], ['decision', 15], ['closed', 15], ['cancelled', 5], ['assigned', 7], ['new', 3]] as const);
      else if (ageDays > 3) status = rng.weighted([['assessment', 35], ['assigned', 35], ['new', 15], ['closed', 10], ['cancelled', 5]] as const);
      else status = rng.weighted([['new', 60], ['assigned', 35], ['assessment', 5]] as const);
      if (unlinked && status !== 'new' && status !== 'assigned') status = 'assigned';
      const workers = workersByArea.get(client.areaKey) ?? [];
      const worker = status === 'new' ? null : (client.worker ?? (workers.length > 0 ? rng.pick(workers) : null));
      const minute = rng.int(8 * 60, 15 * 60 + 45);
      const receivedAt = time.during(contactDate, minute);
      const closed = status === 'closed' || status === 'forwarded' || status === 'cancelled';
      const closedAt = closed ? time.at(addDays(contactDate, Math.min(ageDays, rng.int(5, 90))), 14) : null;
      if (!closed) result.openItems += 1;
      insItem.run(
        rng.uuidv7(Date.parse(receivedAt)),
        type,
        service,
        channel,
        receivedAt,
        contactDate,
        urgent ? 1 : 0,
        reporterName,
        reporterRole,
        text,
        unlinked ? null : client.id,
        subject?.name ?? null,
        subject?.birthDate ?? null,
        client.mun.code,
        areaIds.get(client.areaKey),
        status,
        worker,
        due.startBy,
        due.basis,
        closedAt,
        closedAt ?? receivedAt,
        lang,
      );
      result.intakeItems += 1;
    }
    const g = seedGuidance(db, { today, seed: opts.seed ?? 20261123, epoch, time, meter });
    result.assessments = g.assessments;
    result.decisions = g.decisions;
    seedBilling(db, { today, seed: opts.seed ?? 20261123, epoch, resourcesDir: opts.resourcesDir, time, meter });
    meter.begin('finish', 1);
  })();
  db.pragma('optimize');
  meter.end();
  return result;
}
