import type { Command } from 'commander';
import type { Context } from '../context.js';
import { MAP_TARGETS } from '../domain/import/targets.js';
import type { ImportOptions } from './import-run.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerImport(program: Command, ctx: Context): void {
  program
    .command('import')
    .description(
      'import prospects from an export (LinkedIn, HubSpot, Google, Outlook, Apollo, Pipedrive, Salesforce, Zoom, Eventbrite, Shopify, Stripe, Mailchimp, a spreadsheet), a vCard, an Excel workbook or meld JSON; or log your mail (an mbox, .mbox.gz or a folder of .eml) as email touches',
    )
    .argument('<file>', 'the CSV, .xlsx, .vcf or JSON file, or a mailbox (.mbox, .mbox.gz, .eml, a folder)')
    .option(
      '--campaign <campaign>',
      'a campaign on file the imported prospects came from (rows naming one keep theirs)',
    )
    .option('--tag <tag>', 'tag every imported prospect; repeat for more', collect)
    .option('--dry-run', 'show what would be added, updated, skipped and rejected; write nothing')
    .option('--map <column=field>', `read a column as a field (${MAP_TARGETS.join(', ')}); repeat for more`, collect)
    .option(
      '--on-duplicate <mode>',
      'skip (default): leave prospects already on file alone; update: fill their empty fields',
    )
    .option(
      '--encoding <name>',
      "the file's text encoding (windows-1251, gb18030, shift_jis...), when meld cannot tell",
    )
    .option('--sheet <name>', 'the sheet of an Excel workbook to read (default: the first)')
    .option(
      '--date-order <order>',
      'dmy (day first) or mdy (month first): numeric dates like 03/04/2026 no value of their column settles',
    )
    .option('--json', 'print the outcome as JSON')
    .option('--my-email <addresses>', 'mail: your own address(es), comma-separated (default: config my-email)')
    .option('--with-body', "mail: keep the first 500 characters of each message's text")
    .option('--add-people', 'mail: add the people you wrote to at least twice (never no-reply or lists)')
    .option('--partial', 'mail: import the whole messages before the damage of a cut-off mailbox')
    .addHelpText(
      'after',
      `
Examples:
  meld campaign add "LinkedIn outreach" --channel social && meld import Connections.csv --campaign "LinkedIn outreach" --tag linkedin
  meld import hubspot-contacts.csv --dry-run
  meld import webinar.csv --map "Attendee=name" --map "Mail=email" --on-duplicate update
  meld import contacts.vcf --tag phone-book
  meld import leads.xlsx --sheet "November" --dry-run
  meld import outlook.csv --encoding windows-1251
  meld import contacts.csv --date-order dmy
  meld export prospects --out prospects.csv && meld --db other.json import prospects.csv
  meld export deals --out deals.csv && meld --db other.json import deals.csv   # after the prospects
  meld import "All mail Including Spam and Trash.mbox" --dry-run
  meld import Takeout.mbox.gz --my-email ana@example.com,ana@gmail.com --add-people
  meld import ~/Mail/exported/ --with-body

Rows are matched to prospects already on file by email (case and spaces ignored), else by
name + phone, else by name + company: duplicates are skipped (or filled in with --on-duplicate
update), so importing the same file twice adds nothing. Each import is one step for \`meld undo\`.

A mailbox (recognised by its content) logs one email activity per message per person on file:
sent by you to them, or received from them. Chat, spam, trash, drafts, auto-replies, mailing
lists and mail without a date are skipped and counted; re-importing adds nothing (Message-ID).
See docs/import.md for where to get your mailbox (Gmail Takeout, Thunderbird, Apple Mail).`,
    )
    .action(async (file: string, opts: ImportOptions) => {
      // The import machinery (readers, column meanings, the planner) is loaded when an import
      // runs, not at every start: its modules set up alias tables as they load (#19).
      const { runImport } = await import('./import-run.js');
      return runImport(ctx, file, opts);
    });
}
