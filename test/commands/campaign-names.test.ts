import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runMeld, seed, tempDbPath } from '../helpers/harness.js';
import { uniqueCampaignId } from '../../src/domain/campaigns.js';
import { findCampaign } from '../../src/domain/lookup.js';
import type { Campaign } from '../../src/domain/types.js';

describe('campaign names never collide with words or other campaigns', () => {
  it('refuses "none" as a name, since --campaign none means no campaign', async () => {
    const db = tempDbPath();
    await seed(db, [['campaign', 'add', 'Spring Webinar']]);
    const before = readFileSync(db);
    const r = await runMeld(['campaign', 'add', 'None'], { db });
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(
      'error: "None" cannot be a campaign\'s name: --campaign none means no campaign',
    );
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it("refuses a name that is already another campaign's id, so the name cannot find the wrong one", async () => {
    const db = tempDbPath();
    await seed(db, [
      ['campaign', 'add', 'Beta Ads'],
      ['campaign', 'add', 'Beta Ads!'],
    ]);
    const r = await runMeld(['campaign', 'add', 'beta-ads'], { db });
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('error: "beta-ads" is already the id of the campaign "Beta Ads"');
    const second = await runMeld(['campaign', 'add', 'BETA-ADS-2'], { db });
    expect(second.stderr.split('\n')[0]).toBe('error: "BETA-ADS-2" is already the id of the campaign "Beta Ads!"');
  });

  it("gives a new campaign no id that is another campaign's name", () => {
    const existing = [
      { id: 'beta-ads', name: 'Beta Ads' },
      { id: 'other', name: 'beta-ads-2' },
    ] as Campaign[];
    expect(uniqueCampaignId({ campaigns: existing }, 'Beta Ads!')).toBe('beta-ads-3');
  });

  it('finds by exact id first, then exact name (any case), then the slug of what was typed', () => {
    const campaigns = [
      { id: 'beta-ads', name: 'Beta Ads' },
      { id: 'promo', name: 'Winter Promo' },
      { id: 'winter-promo-2', name: 'promo 2' },
    ] as Campaign[];
    expect(findCampaign(campaigns, 'promo')?.name).toBe('Winter Promo');
    expect(findCampaign(campaigns, 'WINTER PROMO')?.id).toBe('promo');
    expect(findCampaign(campaigns, 'Promo 2')?.id).toBe('winter-promo-2');
    expect(findCampaign(campaigns, 'Beta Ads!')?.id).toBe('beta-ads');
    expect(findCampaign(campaigns, 'gamma')).toBeUndefined();
  });
});
