// The tools meld knows by name, as data: one record per tool. Adding a tool is one entry here.
//   label    what the summary line calls the file ("(Apollo contacts)")
//   markers  the headers only that tool writes, as the tool spells them. A marker is a list of
//            groups: the file has at least one header of every group. Any marker names the tool.
//   presets  columns the tool means differently from the words they are made of (Apollo's
//            "Stage" is its contact stage, Salesforce's "Mobile" another phone...): the first,
//            exact layer of column recognition, before the shared aliases and the meaning of words.
// Headers are compared by headerKey (letters and digits, case and accents folded). Order
// matters: the first tool whose marker matches wins.
import type { Target } from './targets.js';

export type SourceKind =
  | 'meld'
  | 'linkedin'
  | 'hubspot'
  | 'google'
  | 'mailchimp'
  | 'outlook'
  | 'apollo'
  | 'pipedrive'
  | 'salesforce'
  | 'zoom'
  | 'eventbrite'
  | 'shopify'
  | 'stripe'
  | 'vcard'
  | 'spreadsheet';

export interface SourceRecord {
  kind: SourceKind;
  label: string;
  markers: ReadonlyArray<ReadonlyArray<readonly string[]>>;
  presets?: Readonly<Record<string, Target>>;
}

/** Outlook's second e-mail column and e-mail type in the languages it exports in: only Outlook writes them. */
const OUTLOOK_EMAIL_COLUMNS = [
  'E-mail Type',
  'E-Mail-Typ',
  'Type de messagerie',
  'Tipo de correo electrónico',
  'Tipo de e-mail',
  'Tipo e-mail',
  'Тип эл. почты',
  '电子邮件类型',
  '電子メールの種類',
  'E-mail 2 Address',
  'E-Mail 2: Adresse',
  'Adresse de messagerie 2',
  'Dirección de correo electrónico 2',
  'Endereço de email 2',
  'Indirizzo e-mail 2',
  'Адрес 2 эл. почты',
  '电子邮件 2 地址',
  '電子メール 2 アドレス',
];

export const SOURCES: readonly SourceRecord[] = [
  {
    kind: 'meld',
    label: 'meld export',
    markers: [[['created_at'], ['campaign_id'], ['stage']]],
  },
  {
    kind: 'linkedin',
    label: 'LinkedIn connections',
    markers: [[['Connected On']]],
  },
  {
    kind: 'apollo',
    label: 'Apollo contacts',
    markers: [[['Apollo Contact Id', 'Apollo Account Id', 'Email Confidence', 'Primary Email Source']]],
    // Apollo's "Stage" is the contact stage (Cold, Approaching, Replied, Interested...).
    presets: {
      Stage: 'stage',
      'Contact Owner': 'ignore',
      'Corporate Phone': 'other_phones',
      'Company Phone': 'ignore',
    },
  },
  {
    kind: 'hubspot',
    label: 'HubSpot contacts',
    markers: [[['Record ID', 'Lifecycle Stage', 'HubSpot Score']]],
  },
  {
    kind: 'salesforce',
    label: 'Salesforce report',
    markers: [[['Lead Owner', 'Account Owner', 'Mailing Street', 'Lead ID', 'Contact ID (18)']]],
    // "Account Name" is the company, "Lead Status" the stage, "Mobile" another phone.
    presets: { 'Account Name': 'company', 'Lead Status': 'stage', Mobile: 'other_phones', Rating: 'ignore' },
  },
  {
    kind: 'mailchimp',
    label: 'Mailchimp audience',
    markers: [[['MEMBER_RATING', 'OPTIN_TIME', 'CONFIRM_TIME', 'LEID', 'EUID']]],
  },
  {
    kind: 'pipedrive',
    label: 'Pipedrive people',
    markers: [[['Person - Name', 'Person - Email - Work', 'Person - Add time', 'Person - Organization']]],
  },
  {
    kind: 'zoom',
    label: 'Zoom webinar report',
    markers: [
      [
        ['Time in Session (minutes)', 'Attended'],
        ['Join Time', 'Registration Time'],
      ],
    ],
    // A section's "Attended" column is a Yes/No, not a person.
    presets: { Attended: 'ignore' },
  },
  {
    kind: 'eventbrite',
    label: 'Eventbrite attendees',
    markers: [
      [
        ['Barcode #', 'Attendee Status', 'Ticket Type'],
        ['Order #', 'Order Date'],
      ],
    ],
    // The buyer may have bought the ticket for someone else.
    presets: { 'Buyer Email': 'ignore', 'Cell Phone': 'phone', 'Work Phone': 'other_phones' },
  },
  {
    kind: 'shopify',
    label: 'Shopify customers',
    markers: [
      [
        ['Accepts Email Marketing', 'Accepts Marketing', 'Default Address Company'],
        ['Total Spent', 'Total Orders'],
      ],
    ],
  },
  {
    kind: 'stripe',
    label: 'Stripe customers',
    markers: [[['Created (UTC)'], ['Delinquent', 'Card ID', 'Card Last4', 'Total Spend']]],
    // "Description" is what the merchant typed about the customer.
    presets: { Description: 'notes' },
  },
  {
    kind: 'google',
    label: 'Google Contacts',
    markers: [
      [
        [
          'E-mail 1 - Value',
          'Phone 1 - Value',
          'Organization 1 - Name',
          'Organization Name',
          'E-mail 1 - Label',
          'E-mail 1 - Type',
        ],
      ],
    ],
  },
  {
    kind: 'outlook',
    label: 'Outlook contacts',
    markers: [[OUTLOOK_EMAIL_COLUMNS], [['E-mail Address'], ['Business Phone', 'E-mail Type', 'E-mail Display Name']]],
  },
  { kind: 'vcard', label: 'vCard contacts', markers: [] },
  { kind: 'spreadsheet', label: 'spreadsheet', markers: [] },
];
