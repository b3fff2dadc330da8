// `meld export prospects --format vcf`: one vCard 3.0 per prospect (the version Apple, Google
// and Outlook all read), written by ical.js so escaping and folding follow RFC 2426.
import type { ProspectView } from '../deals.js';
import type ICALModule from 'ical.js';
import type { Campaign } from '../types.js';

type ICAL = typeof ICALModule;

/** "Ana Maria Souza" -> family "Souza", given "Ana Maria"; one word is the given name. */
function nameParts(name: string): [string, string] {
  const words = name.trim().split(/\s+/);
  if (words.length < 2) return ['', name.trim()];
  return [words[words.length - 1]!, words.slice(0, -1).join(' ')];
}

export function prospectsVcard(
  prospects: readonly ProspectView[],
  campaigns: ReadonlyMap<string, Campaign>,
  ical: ICAL,
): string {
  const cards: string[] = [];
  for (const p of prospects) {
    const card = new ical.Component('vcard');
    card.addPropertyWithValue('version', '3.0');
    card.addPropertyWithValue('fn', p.name);
    const n = new ical.Property('n');
    const [family, given] = nameParts(p.name);
    n.setValue([family, given, '', '', ''] as unknown as string);
    card.addProperty(n);
    const emails = [p.email, ...p.otherEmails].filter((e): e is string => e !== null);
    emails.forEach((email, i) => {
      const prop = new ical.Property('email');
      prop.setParameter('type', i === 0 ? ['INTERNET', 'pref'] : ['INTERNET']);
      prop.setValue(email);
      card.addProperty(prop);
    });
    const phones = [p.phone, ...p.otherPhones].filter((t): t is string => t !== null);
    phones.forEach((phone, i) => {
      const prop = new ical.Property('tel');
      if (i === 0) prop.setParameter('type', 'pref');
      prop.setValue(phone);
      card.addProperty(prop);
    });
    if (p.company) {
      const org = new ical.Property('org');
      org.setValue([p.company] as unknown as string);
      card.addProperty(org);
    }
    if (p.title) card.addPropertyWithValue('title', p.title);
    if (p.tags.length > 0) {
      const categories = new ical.Property('categories');
      categories.setValues(p.tags);
      card.addProperty(categories);
    }
    const campaign = p.campaign ? (campaigns.get(p.campaign)?.name ?? p.campaign) : null;
    const note = [`meld #${p.id}, stage ${p.stage ?? '—'}`, campaign ? `campaign ${campaign}` : null]
      .filter((s) => s !== null)
      .join(', ');
    card.addPropertyWithValue('note', note);
    card.addPropertyWithValue('uid', `meld-prospect-${p.id}`);
    cards.push(card.toString());
  }
  return cards.length > 0 ? `${cards.join('\r\n')}\r\n` : '';
}
