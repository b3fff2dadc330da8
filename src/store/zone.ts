/** The IANA time zone of this machine (TZ honoured): what a new file or a migration records as
 * the business time zone (config.timezone). Read here, in the store, so the domain stays pure. */
export function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
