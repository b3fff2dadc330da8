import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandDocs, renderCommandsMarkdown, renderManPage } from '../../scripts/docs/reference.js';
import { runMeld } from '../helpers/harness.js';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const version = (JSON.parse(read('package.json')) as { version: string }).version;
const STALE = 'stale: run `npm run docs` and commit docs/commands.md and man/meld.1';

const docs = await commandDocs();

describe('the generated command reference', () => {
  it('docs/commands.md is what `npm run docs` writes from the current commands', () => {
    expect(read('docs/commands.md'), STALE).toBe(renderCommandsMarkdown(docs));
  });

  it('man/meld.1 is what `npm run docs` writes from the current commands', () => {
    expect(read('man/meld.1'), STALE).toBe(renderManPage(version, docs));
  });

  it('holds, for every command, exactly what `meld <command> --help` prints', async () => {
    expect(docs.length).toBeGreaterThan(30);
    for (const doc of docs) {
      const r = await runMeld([...doc.path, '--help']);
      expect(r.exitCode).toBe(0);
      expect(`${doc.help}\n`, `meld ${doc.path.join(' ')} --help`).toBe(r.stdout.replace(/\n+$/, '\n'));
    }
  });

  it('lists every command in the man page, with its options', () => {
    const man = read('man/meld.1');
    for (const doc of docs.slice(1)) {
      expect(man).toMatch(new RegExp(`^\\.SS "meld ${doc.path.join(' ').replace(/-/g, '\\\\\\-')}[| ]`, 'm'));
    }
    expect(man).toContain('.B \\-\\-on\\-duplicate <mode>');
  });
});
