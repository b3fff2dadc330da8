import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/harness.js';
import { hasTmux, Terminal } from '../helpers/tmux.js';

// A real pseudo-terminal: this is what proves the prompts appear, take keys and exit cleanly.
describe.skipIf(!hasTmux)('prompts in a real terminal', () => {
  const term = new Terminal('pty');
  afterEach(() => term.close());

  it('asks for a missing name and details, then saves the prospect', async () => {
    const dir = tempDir();
    term.start(dir, 'add-prospect --company Acme');
    await term.waitFor('Name:');
    term.type('Ana Souza', 'Enter');
    await term.waitFor('Email (optional):');
    term.type('ana@acme.io', 'Enter');
    await term.waitFor('Phone (optional):');
    term.type('Enter');
    await term.waitFor('Deal value (optional');
    term.type('Enter');
    await term.waitFor('First follow-up');
    term.type('tomorrow', 'Enter');
    expect(await term.exitStatus()).toBe(0);
    const shown = await term.waitFor('Added Ana Souza (#1)');
    expect(shown).toMatch(/Follow-up f1 due \w{3} \d{4}-\d{2}-\d{2}, /);
    const db = JSON.parse(readFileSync(join(dir, 'meld.json'), 'utf8'));
    expect(db.prospects[0]).toMatchObject({ name: 'Ana Souza', email: 'ana@acme.io', company: 'Acme' });
    expect(db.followUps).toHaveLength(1);
  });

  it('exits 130 on Ctrl-C at a prompt and writes nothing', async () => {
    const dir = tempDir();
    term.start(dir, 'add-prospect');
    await term.waitFor('Name:');
    term.type('Half a na', 'C-c');
    expect(await term.exitStatus()).toBe(130);
    expect(await term.waitFor('cancelled, nothing was changed')).toBeTruthy();
    expect(existsSync(join(dir, 'meld.json'))).toBe(false);
  });
});
