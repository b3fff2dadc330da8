import { addDays } from 'date-fns/addDays';
import { slugify } from './text.js';
import { campaignRecord } from './campaigns.js';
import { shiftDay, toDay } from './dates.js';
import {
  emptyDb,
  PIPELINE,
  type Activity,
  type ActivityType,
  type Channel,
  type Db,
  type Deal,
  type FollowUp,
  type Prospect,
  type Stage,
} from './types.js';
import { dealTitle } from './deals.js';
import { openDealsAt } from './forecast/forecast.js';
import { learnedRates } from './forecast/rates.js';
import { medianDaysToWin } from './forecast/timing.js';

// A seeded generator of realistic data: `meld demo` uses the small size, the benchmark the
// large ones. Deterministic for a given seed and `now`, so demo output can be documented.

export interface SampleSize {
  campaigns: number;
  prospects: number;
  followUps: number;
  activities: number;
  /** Characters per activity text. */
  noteLength: number;
  /** The most days ago a campaign can have started (default 120): 365 spreads the campaigns,
   * and so the prospects, over a year (the shareable report's benchmark). */
  spanDays?: number;
}

export const DEMO_SIZE: SampleSize = { campaigns: 4, prospects: 42, followUps: 40, activities: 90, noteLength: 40 };

/** mulberry32: tiny, fast and good enough to make sample data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'Ana',
  'Li',
  'Marta',
  'João',
  'Priya',
  'Tom',
  'Zoë',
  'Kenji',
  'Fatima',
  'Lars',
  'Chloé',
  'Omar',
  'Sofia',
  'Raj',
  'Élodie',
  'Mateo',
  'Yuki',
  'Nadia',
  'Ben',
  'Ingrid',
  'Søren',
  'Amara',
  'Diego',
  'Hana',
  'Łukasz',
  '李',
  'Ольга',
  'Grace',
];
const LAST = [
  'Souza',
  'Wei',
  'Keller',
  'Silva',
  'Patel',
  'Baker',
  'Müller',
  'Tanaka',
  'Haddad',
  'Nilsson',
  'Dubois',
  'Farouk',
  'Rossi',
  'Mehta',
  'Laurent',
  'García',
  'Sato',
  'Novak',
  'Cohen',
  'Berg',
  'Jensen',
  'Okafor',
  'Ramos',
  'Kim',
  'Kowalski',
  '娜',
  'Иванова',
  'Hopper',
];
const COMPANIES = [
  'Acme',
  'Northwind',
  'Globex',
  'Initech',
  'Umbrella Studio',
  'Hooli',
  'Vandelay',
  'Stark Bakery',
  'Pied Piper',
  'Wayne Design',
  'Soylent Foods',
  'Tyrell Labs',
  null,
];
// Per campaign, typed the way people type: the report groups "No budget " with "no budget".
const LOST_REASONS = [
  ['no budget', 'No budget ', 'timing'],
  ['went with a competitor', 'Went with a competitor', 'too expensive'],
  ['no reply', 'No reply', 'timing'],
  ['timing', 'Timing ', 'no budget'],
];
const TOUCHES: ActivityType[] = ['call', 'email', 'meeting', 'email'];
const TOUCH_TEXT = [
  'intro call, interested in the audit',
  'sent pricing',
  'demo went well, wants a proposal',
  'followed up by email',
  'left a voicemail',
  'met at their office',
];
const NOTES = [
  'call back after the holidays',
  'send the case study',
  'ask about the budget',
  'check the proposal was read',
  'book a demo',
];

const DEMO_CAMPAIGNS: Array<{
  name: string;
  channel: Channel;
  cost: number;
  /** A running rate instead of (or beside) the one-off cost. */
  rate?: { cents: number; per: 'day' | 'week' | 'month' };
  daysAgo: number;
  goal: number;
  note: string;
}> = [
  {
    name: 'Autumn Webinar',
    channel: 'event',
    cost: 1200_00,
    daysAgo: 70,
    goal: 20,
    note: 'webinar on pricing strategy',
  },
  {
    name: 'LinkedIn Ads',
    channel: 'ads',
    cost: 0,
    rate: { cents: 225_00, per: 'week' },
    daysAgo: 56,
    goal: 25,
    note: 'sponsored posts to founders',
  },
  {
    name: 'Cold Outreach',
    channel: 'outreach',
    cost: 0,
    daysAgo: 42,
    goal: 15,
    note: 'hand-written emails to agencies',
  },
  {
    name: 'Partner Referrals',
    channel: 'referral',
    cost: 300_00,
    daysAgo: 28,
    goal: 10,
    note: 'referral fee per intro',
  },
];

function pick<T>(rnd: () => number, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)]!;
}

function at(day: Date, rnd: () => number): string {
  const d = new Date(day);
  d.setHours(9 + Math.floor(rnd() * 8), Math.floor(rnd() * 60), 0, 0);
  return d.toISOString();
}

/** How far a prospect got: most stay early, a few win, some are lost on the way. */
function journey(rnd: () => number, ageDays: number, atLeast: number): { reached: number; lost: boolean } {
  const maxSteps = Math.max(atLeast, Math.min(4, Math.floor(ageDays / 5)));
  let reached = atLeast;
  while (reached < maxSteps && rnd() < 0.62) reached++;
  const lost = reached < 4 && ageDays > 10 && rnd() < 0.35;
  return { reached, lost };
}

/** `timezone`: the business time zone the file records (the demo passes the machine's). */
export function generateSample(size: SampleSize, now: Date, seed = 42, timezone = 'UTC'): Db {
  const rnd = random(seed);
  const db = emptyDb(timezone);
  const today = toDay(now);
  const demo = size.campaigns <= DEMO_CAMPAIGNS.length;

  for (let i = 0; i < size.campaigns; i++) {
    const spec = demo
      ? DEMO_CAMPAIGNS[i]!
      : {
          name: `Campaign ${i + 1} ${pick(rnd, ['Webinar', 'Ads', 'Newsletter', 'Outreach', 'Meetup'])}`,
          channel: pick(rnd, ['email', 'social', 'ads', 'content', 'event', 'referral', 'outreach', 'other'] as const),
          cost: Math.floor(rnd() * 5000) * 100,
          daysAgo: 20 + Math.floor(rnd() * ((size.spanDays ?? 120) - 20)),
          goal: 10 + Math.floor(rnd() * 90),
          note: 'generated',
        };
    const start = shiftDay(today, -spec.daysAgo);
    const opened = `${start}T08:00:00.000Z`;
    const campaign = campaignRecord(
      { id: slugify(spec.name), name: spec.name, channel: spec.channel, start, goal: spec.goal, note: spec.note },
      new Date(opened),
    );
    if (spec.cost !== 0) campaign.spend.push({ day: start, cents: spec.cost, note: null, at: opened });
    if ('rate' in spec && spec.rate) campaign.rates.push({ from: start, ...spec.rate, at: opened });
    // Half-way through, the owner changed something: the report shows before and after.
    if (i % 2 === 0) {
      const when = addDays(new Date(campaign.createdAt), Math.floor(spec.daysAgo / 2));
      when.setUTCHours(12, 0, 0, 0);
      const from = spec.cost;
      const raise = demo ? 600_00 : 10_000;
      campaign.spend.push({ day: toDay(when), cents: raise, note: null, at: when.toISOString() });
      campaign.adjustments.push({
        at: when.toISOString(),
        changes: { cost: { from, to: from + raise } },
        note: i === 0 ? 'moved the webinar to Tuesday lunch and added a reminder email' : 'raised the budget',
      });
      campaign.updatedAt = when.toISOString();
    }
    if (demo && i === 3) campaign.end = shiftDay(today, 30);
    db.campaigns.push(campaign);
  }

  const followUps: FollowUp[] = db.followUps;
  const activities: Activity[] = db.activities;
  const perProspectTouches = Math.max(1, Math.round(size.activities / Math.max(1, size.prospects)));
  const openProspects: Prospect[] = [];
  const lostCount = new Map<string, number>();
  for (let id = 1; id <= size.prospects; id++) {
    const campaign =
      db.campaigns.length > 0 && (demo ? id % 9 !== 0 : true) ? db.campaigns[id % db.campaigns.length]! : null;
    const campaignAge = campaign
      ? Math.max(1, -Math.round((new Date(`${campaign.start}T12:00:00Z`).getTime() - now.getTime()) / 86_400_000))
      : 60;
    const ageDays = Math.max(0, Math.floor(rnd() * campaignAge));
    const created = addDays(now, -ageDays);
    const createdAt = at(created, rnd);
    const first = pick(rnd, FIRST);
    const last = pick(rnd, LAST);
    const name = `${first} ${last}`;
    const company = pick(rnd, COMPANIES);
    const history: Deal['history'] = [{ stage: 'new', at: createdAt }];
    const { reached, lost } = journey(rnd, ageDays, demo ? 0 : 2); // big files: 3-5 history entries each
    let cursor = new Date(createdAt);
    for (let s = 1; s <= reached; s++) {
      cursor = new Date(
        Math.min(now.getTime() - 3_600_000, cursor.getTime() + (1 + Math.floor(rnd() * 5)) * 86_400_000),
      );
      history.push({ stage: PIPELINE[s] as Stage, at: cursor.toISOString() });
    }
    let stage: Stage = PIPELINE[reached] as Stage;
    let lostReason: string | null = null;
    if (lost) {
      cursor = new Date(Math.min(now.getTime() - 3_600_000, cursor.getTime() + 2 * 86_400_000));
      const reasons = LOST_REASONS[(campaign ? db.campaigns.indexOf(campaign) : 1) % LOST_REASONS.length]!;
      const count = lostCount.get(campaign?.id ?? '') ?? 0;
      lostCount.set(campaign?.id ?? '', count + 1);
      lostReason = reasons[count % reasons.length]!;
      history.push({ stage: 'lost', at: cursor.toISOString(), reason: lostReason });
      stage = 'lost';
    }
    // Drawn in this order (phone, value, tags): the demo's people stay who they were.
    const phone = rnd() < 0.5 ? `+1 555 ${String(1000 + id).slice(-4)}` : null;
    const valueCents = rnd() < 0.8 ? (5 + Math.floor(rnd() * 60)) * 100_00 : null;
    const tags = rnd() < 0.3 ? ['warm'] : [];
    const updatedAt = history.at(-1)!.at;
    const prospect: Prospect = {
      id,
      name,
      email: `${slugify(`${first}.${last}`).replace(/-/g, '.') || 'contact'}.${id}@${slugify(company ?? 'mail')}.example`,
      company,
      phone,
      title: null,
      campaign: campaign?.id ?? null,
      tags,
      createdAt,
      fields: {},
      batch: null,
      otherEmails: [],
      otherPhones: [],
      firstSeen: null,
      referredBy: null,
      updatedAt,
    };
    db.prospects.push(prospect);
    // Their first deal: one per person, credited to the campaign that brought them.
    db.deals.push({
      id,
      prospectId: id,
      title: dealTitle(prospect),
      valueCents,
      stage,
      history,
      lostReason,
      campaign: prospect.campaign,
      probability: null,
      closeBy: null,
      closeByChanges: [],
      createdAt,
      updatedAt,
    });
    // Touches: one per stage moved, plus a few more on big files; fresh leads may have none.
    const touches = demo ? reached + (lost ? 1 : 0) : perProspectTouches;
    for (let t = 0; t < touches && activities.length < size.activities; t++) {
      const when = new Date(
        Math.min(now.getTime() - 1_800_000, new Date(createdAt).getTime() + (t + 1) * (1 + rnd() * 3) * 86_400_000),
      );
      const base = pick(rnd, TOUCH_TEXT);
      const text =
        base.length >= size.noteLength
          ? base
          : `${base}; ${'details of the conversation '.repeat(8)}`.slice(0, size.noteLength).trim();
      activities.push({
        id: activities.length + 1,
        prospectId: id,
        type: pick(rnd, TOUCHES),
        text,
        at: when.toISOString(),
        campaign: null,
        topics: [],
        mail: null,
        updatedAt: when.toISOString(),
      });
    }
    if (stage !== 'won' && stage !== 'lost') openProspects.push(prospect);
  }

  // Follow-ups around today: some overdue, some due today, most ahead; a few done ones in the
  // past; and some open prospects deliberately left with no next step.
  let fid = 0;
  let k = 0;
  while (fid < size.followUps && openProspects.length > 0) {
    const prospect = openProspects[k % openProspects.length]!;
    k++;
    if (demo && prospect.id % 5 === 0) {
      if (k > openProspects.length * 3) break;
      continue; // no next step: the agenda's "going cold" list
    }
    fid++;
    // Never due before the prospect came in: a follow-up is planned after the first contact.
    const earliest = -Math.floor((now.getTime() - new Date(prospect.createdAt).getTime()) / 86_400_000);
    const offset = Math.max(earliest, Math.floor(rnd() * 18) - 6);
    const done = offset < -2 && rnd() < 0.5;
    const due = shiftDay(today, offset);
    const note = pick(rnd, NOTES);
    const doneAt = done ? at(addDays(now, offset), rnd) : null;
    followUps.push({
      id: fid,
      prospectId: prospect.id,
      due,
      note,
      status: done ? 'done' : 'open',
      createdAt: prospect.createdAt,
      doneAt,
      outcome: done ? 'talked, moving on' : null,
      every: null,
      updatedAt: doneAt ?? prospect.createdAt,
    });
  }
  if (demo) influenceAndReferrals(db, now);
  if (demo) fid = loyalty(db, now, fid);
  if (demo) closeDays(db, now);
  db.lastIds = { prospect: size.prospects, deal: db.deals.length, followUp: fid, activity: db.activities.length };
  return db;
}

/** How many of the demo's open deals stay past their expected close day (the agenda's few). */
export const DEMO_LATE_DEALS = 3;

/**
 * The demo's close-by days, without touching the random sequence. The generated deals move on
 * within days, so the day learned from that history (entered stage + median days to won) has
 * passed for most open deals: every one would be "past its expected close day" and the agenda
 * would list most of the pipeline. An owner keeps their deals current: of the late ones (the
 * furthest along first), the first two with a value keep a close-by day that passed days ago,
 * the third keeps its learned day, and the rest get a close-by day in the coming weeks. Deals
 * whose learned day is still ahead keep it ("(learned)" in `forecast --deals`).
 */
function closeDays(db: Db, now: Date): void {
  const today = toDay(now);
  const at = now.getTime();
  const rates = learnedRates(db.deals, { set: db.config.stageProbability, minClosed: db.config.forecastMinClosed });
  const late = openDealsAt(db.deals, at, rates, medianDaysToWin(db.deals, at))
    .filter((o) => o.closeDay !== null && o.closeDay < today)
    .sort((a, b) => PIPELINE.indexOf(b.stage) - PIPELINE.indexOf(a.stage) || a.deal.id - b.deal.id);
  const valued = late.filter((o) => o.deal.valueCents !== null);
  const stayLate = new Map(valued.slice(0, DEMO_LATE_DEALS).map((o, i) => [o.deal.id, i]));
  for (const o of late) {
    const deal = db.deals.find((d) => d.id === o.deal.id)!;
    const i = stayLate.get(deal.id);
    if (i === undefined) deal.closeBy = shiftDay(today, 7 + ((deal.id * 5) % 35));
    else if (i < DEMO_LATE_DEALS - 1) deal.closeBy = shiftDay(today, -(4 + 5 * i));
  }
}

/**
 * The demo's customers (#16), without touching the random sequence: the earliest customer
 * bought again (a renewal: a repeat customer) and has a quarterly check-in that is two days
 * overdue; what people said on calls is tagged with topics. Returns the last follow-up id.
 */
function loyalty(db: Db, now: Date, lastFollowUp: number): number {
  const TOPICS = ['pricing', 'team size', 'integrations', 'onboarding'];
  db.activities.forEach((a, i) => {
    if (a.type === 'call' || a.type === 'meeting') {
      a.topics = i % 3 === 0 ? [TOPICS[0]!] : i % 5 === 0 ? [TOPICS[1]!, TOPICS[0]!] : i % 7 === 0 ? [TOPICS[2]!] : [];
    }
  });
  // Not the win another campaign touched: its influence line stays "1 won".
  const touched = new Set(db.activities.filter((a) => a.campaign !== null).map((a) => a.prospectId));
  const first = db.deals
    .filter((d) => d.stage === 'won' && !touched.has(d.prospectId))
    .sort((a, b) => (a.history.at(-1)!.at < b.history.at(-1)!.at ? -1 : 1))[0];
  const customer = first && db.prospects.find((p) => p.id === first.prospectId);
  if (!first || !customer) return lastFollowUp;
  const opened = new Date(Math.max(Date.parse(first.history.at(-1)!.at) + 3_600_000, now.getTime() - 20 * 86_400_000));
  const closed = new Date(Math.min(now.getTime() - 3_600_000, opened.getTime() + 6 * 86_400_000));
  db.deals.push({
    id: db.deals.length + 1,
    prospectId: customer.id,
    title: 'Renewal',
    valueCents: first.valueCents ?? 1_500_00,
    stage: 'won',
    history: [
      { stage: 'new', at: opened.toISOString() },
      { stage: 'won', at: closed.toISOString() },
    ],
    lostReason: null,
    campaign: customer.campaign,
    probability: null,
    closeBy: null,
    closeByChanges: [],
    createdAt: opened.toISOString(),
    updatedAt: closed.toISOString(),
  });
  db.followUps.push({
    id: lastFollowUp + 1,
    prospectId: customer.id,
    due: shiftDay(toDay(now), -2),
    note: 'quarterly check-in',
    status: 'open',
    createdAt: closed.toISOString(),
    doneAt: null,
    outcome: null,
    every: { count: 3, unit: 'month' },
    updatedAt: closed.toISOString(),
  });
  return lastFollowUp + 1;
}

/**
 * The demo's word-of-mouth, without touching the random sequence: the webinar touched a win
 * another campaign brought in (influence), and the earliest customer referred the prospects
 * who came with no campaign after them.
 */
function influenceAndReferrals(db: Db, now: Date): void {
  const webinar = db.campaigns[0];
  const won = new Set(db.deals.filter((d) => d.stage === 'won').map((d) => d.prospectId));
  const wins = db.prospects.filter((p) => won.has(p.id)).sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
  const touched = wins.find((p) => webinar && p.campaign !== null && p.campaign !== webinar.id);
  if (webinar && touched) {
    const when = new Date(Math.min(now.getTime() - 3_600_000, Date.parse(touched.createdAt) + 86_400_000));
    db.activities.push({
      id: db.activities.length + 1,
      prospectId: touched.id,
      type: 'meeting',
      text: `came to the ${webinar.name}`,
      at: when.toISOString(),
      campaign: webinar.id,
      topics: [],
      mail: null,
      updatedAt: when.toISOString(),
    });
  }
  const referrer = wins[0];
  if (!referrer) return;
  const referred = db.prospects.filter((p) => p.campaign === null && p.createdAt > referrer.createdAt).slice(0, 3);
  for (const p of referred) p.referredBy = referrer.id;
}

/**
 * Whether `db` is (what is left of) a file `meld demo` filled: it holds the sample's campaigns
 * under their names and some of its people. A demo that was tried out (prospects added, some
 * removed) still is; a real file that happens to share a campaign name is not.
 */
export function holdsSample(
  db: Pick<Db, 'campaigns' | 'prospects'>,
  sample: Pick<Db, 'campaigns' | 'prospects'>,
): boolean {
  const campaigns = new Map(db.campaigns.map((c) => [c.id, c.name]));
  if (!sample.campaigns.every((c) => campaigns.get(c.id) === c.name)) return false;
  const emails = new Set(db.prospects.map((p) => p.email).filter((e) => e !== null));
  return sample.prospects.filter((p) => p.email !== null && emails.has(p.email)).length >= sample.prospects.length / 2;
}
