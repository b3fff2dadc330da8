import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { meld } from '../helpers/cli.js';
import { tempDir } from '../helpers/harness.js';
import { pythonMbox } from '../helpers/mail.js';
import { hasTmux, Terminal } from '../helpers/tmux.js';

// A mail import in a real terminal: without `config my-email`, meld proposes the most frequent
// sender and asks; the answer is kept in the same step as the import.
describe.skipIf(!hasTmux)('a mail import in a real terminal', () => {
  const term = new Terminal('mail');
  afterEach(() => term.close());

  it('asks for your address, proposing the most frequent sender, and keeps it', async () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    expect(meld(['add-prospect', 'Ana Souza', '--email', 'ana@example.com'], { db }).status).toBe(0);
    const box = pythonMbox(
      [
        {
          from: 'Ana <ana@example.com>',
          to: 'me@example.org',
          subject: 'Quote?',
          date: 'Mon, 2 Nov 2026 09:00:00 +0000',
        },
        {
          from: 'Me <me@example.org>',
          to: 'ana@example.com',
          subject: 'Re: Quote?',
          date: 'Tue, 3 Nov 2026 09:00:00 +0000',
        },
        { from: 'Me <me@example.org>', to: 'ana@example.com', subject: 'Ping', date: 'Wed, 4 Nov 2026 09:00:00 +0000' },
      ],
      'mail.mbox',
      dir,
    );
    term.start(dir, `import ${box}`);
    await term.waitFor('Your own email address(es)');
    await term.waitFor('me@example.org');
    term.type('Enter');
    expect(await term.exitStatus()).toBe(0);
    await term.waitFor('logged 3 emails with 1 person');
    const data = JSON.parse(readFileSync(db, 'utf8'));
    expect(data.config.myEmails).toEqual(['me@example.org']);
    expect(data.activities.map((a: { mail: { direction: string } }) => a.mail.direction)).toEqual([
      'received',
      'sent',
      'sent',
    ]);
  });
});
