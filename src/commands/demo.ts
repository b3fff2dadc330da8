import type { Command } from 'commander';
import type { Context } from '../context.js';
import { MeldError } from '../errors.js';
import { DEMO_SIZE, generateSample, holdsSample } from '../domain/sample.js';
import type { Db } from '../domain/types.js';
import { announce, suggest } from '../ui/output.js';

export function registerDemo(program: Command, ctx: Context): void {
  program
    .command('demo')
    .description('fill an empty data file with realistic sample data to try every command')
    .addHelpText(
      'after',
      `
Examples:
  meld demo && meld                     # sample data, then today's agenda
  MELD_DB=/tmp/try.json meld demo       # keep your real file out of it`,
    )
    .action(() => runDemo(ctx));
}

function isEmpty(db: Db): boolean {
  return db.campaigns.length + db.prospects.length + db.followUps.length + db.activities.length === 0;
}

export async function runDemo(ctx: Context): Promise<void> {
  const store = ctx.store();
  const sample = generateSample(DEMO_SIZE, ctx.clock.now());
  const counts = await store.write((db) => {
    // The Quick start run a second time: the sample is there already, and the agenda follows.
    if (!isEmpty(db) && holdsSample(db, sample)) return { summary: 'demo', result: null, unchanged: true };
    if (!isEmpty(db)) {
      throw new MeldError(`${store.path} already holds data; demo only fills an empty file`, {
        hint: 'try it on a scratch file: meld --db /tmp/meld-demo.json demo',
      });
    }
    sample.config = db.config;
    Object.assign(db, sample);
    return {
      summary: `demo (${sample.campaigns.length} campaigns, ${sample.prospects.length} prospects)`,
      result: {
        campaigns: sample.campaigns.length,
        prospects: sample.prospects.length,
        followUps: sample.followUps.length,
        activities: sample.activities.length,
      },
    };
  });
  if (counts === null) {
    announce(ctx, `${store.path} already holds the sample data (from an earlier \`meld demo\`); nothing changed`);
    suggest(ctx, 'try: meld   ·   meld followups today   ·   meld campaign report   ·   meld prospect list');
    return;
  }
  announce(
    ctx,
    `Filled ${store.path} with ${counts.campaigns} campaigns, ${counts.prospects} prospects, ${counts.followUps} follow-ups and ${counts.activities} activities`,
  );
  suggest(ctx, 'try: meld   ·   meld followups today   ·   meld campaign report   ·   meld prospect list');
}
