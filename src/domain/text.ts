/** Text folded for matching: compatibility forms unified, Latin accents dropped (Japanese
 * voicing marks stay), lower case. What campaign ids and import header keys are made of. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]+/g, '')
    .normalize('NFC')
    .toLowerCase();
}

/** Slug used as a campaign id: lower case letters and digits of any script, joined by '-'. */
export function slugify(name: string): string {
  return foldText(name)
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:".]{2,}$/u;

export function isValidEmail(email: string): boolean {
  return email.length <= 254 && EMAIL.test(email);
}

/** Folds case, accents, curly quotes and dashes so "jose" finds "José" and "o'brien" "O’Brien". */
export function searchKey(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]+/g, '')
      .normalize('NFC')
      // Curly quotes and dashes as a keyboard types them: O’Brien is found by o'brien.
      .replace(/[\u2018\u2019\u201a\u201b\u2032\u02bc]/g, "'")
      .replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"')
      .replace(/[\u2010-\u2015\u2212]/g, '-')
      .toLowerCase()
  );
}
