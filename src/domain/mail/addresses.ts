// Comparing mail addresses, the owner's own addresses, and the senders no person stands behind.
import { MeldError } from '../../errors.js';
import { isValidEmail } from '../text.js';

const GMAIL = new Set(['gmail.com', 'googlemail.com']);

/**
 * The key two addresses are compared by: lower-case; for Gmail the dots and the `+tag` of the
 * local part are ignored (a.na+crm@gmail.com and ana@googlemail.com are one mailbox).
 */
export function addressKey(address: string): string {
  const lower = address.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at < 0) return lower;
  const domain = lower.slice(at + 1);
  if (!GMAIL.has(domain)) return lower;
  const local = lower.slice(0, at).split('+')[0]!.replaceAll('.', '');
  return `${local}@gmail.com`;
}

/** `config set my-email a@x.com,b@y.org`: the addresses, checked, each once. */
export function parseMyEmails(text: string): string[] {
  const out: string[] = [];
  const keys = new Set<string>();
  for (const part of text.split(/[,;\s]+/)) {
    const address = part.trim().replace(/^<|>$/g, '');
    if (address === '') continue;
    if (!isValidEmail(address)) {
      throw new MeldError(`my-email: "${address}" is not an email address`, {
        hint: 'e.g. meld config set my-email ana@example.com,ana@gmail.com',
      });
    }
    const key = addressKey(address);
    if (keys.has(key)) continue;
    keys.add(key);
    out.push(address.toLowerCase());
  }
  if (out.length === 0) throw new MeldError('my-email needs at least one address');
  return out;
}

/** Senders no person answers: no-reply, bounces, notifications, the mail system itself. */
const NO_PERSON_LOCAL =
  /^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|dont[-_.]?reply|mailer[-_.]?daemon|postmaster|bounces?|notifications?|notify|alerts?|automated|auto[-_.]?confirm|calendar[-_.]?notification|newsletters?|news|digest|updates|info[-_.]?noreply|unsubscribe|mailer|daemon)(?:[-+._].*)?$/;
const NO_PERSON_DOMAIN = /^(?:bounces?|notifications?|notify|noreply|no-reply|mailer|em|news|newsletters?|mkt)\d*\./;

/** Whether mail from this address comes from a machine, not a person. */
export function isMachineAddress(address: string): boolean {
  const lower = address.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at < 0) return true;
  const local = lower.slice(0, at);
  const domain = lower.slice(at + 1);
  return NO_PERSON_LOCAL.test(local) || NO_PERSON_DOMAIN.test(domain) || local.includes('noreply');
}
