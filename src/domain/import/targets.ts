// The prospect fields a column of an imported file can be read as.

export const TARGETS = [
  'name',
  'first_name',
  'middle_name',
  'last_name',
  'email',
  'company',
  'phone',
  'title',
  'source',
  'notes',
  'campaign',
  'campaign_id',
  'campaign_name',
  'stage',
  'value',
  'tags',
  'created_at',
  'first_seen',
  'referred_by',
  'follow_up',
  'lost_reason',
  'history',
  'id',
  'batch',
  'other_emails',
  'other_phones',
  'status_tag',
  'ignore',
] as const;
export type Target = (typeof TARGETS)[number];

/** The fields `--map` does not offer: meld's own export columns that only make sense as meld
 * wrote them (ids, history, batch...) and Mailchimp's member status. */
const NOT_MAPPABLE: ReadonlySet<Target> = new Set<Target>([
  'campaign_id',
  'campaign_name',
  'created_at',
  'history',
  'id',
  'batch',
  'other_emails',
  'other_phones',
  'status_tag',
]);

/** What `--map <column>=<field>` accepts: every field but those. */
export const MAP_TARGETS: readonly Target[] = TARGETS.filter((t) => !NOT_MAPPABLE.has(t));
