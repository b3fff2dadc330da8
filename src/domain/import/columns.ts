// Which column of an export holds which prospect field. The aliases are the real header names of
// the exports people bring (compared loosely: case, spaces and punctuation ignored):
//   LinkedIn Connections.csv  "First Name, Last Name, URL, Email Address, Company, Position, Connected On"
//                             (after a "Notes:" preamble)
//   HubSpot contacts          "Record ID, First Name, Last Name, Email, Phone Number, Company Name,
//                              Job Title, Lifecycle Stage, Contact owner, Create Date, ..."
//   Google Contacts (new)     "First Name, Middle Name, Last Name, ..., Organization Name,
//                              Organization Title, Notes, Labels, E-mail 1 - Label, E-mail 1 - Value,
//                              Phone 1 - Label, Phone 1 - Value, ..."
//   Google Contacts (legacy)  "Name, Given Name, Additional Name, Family Name, ..., Group Membership,
//                              E-mail 1 - Type, E-mail 1 - Value, ..., Organization 1 - Name,
//                              Organization 1 - Title, ..."
//   Mailchimp audience        "Email Address, First Name, Last Name, Address, Phone Number, Birthday,
//                              MEMBER_RATING, OPTIN_TIME, ..., LEID, EUID, NOTES, TAGS"
//   Outlook CSV               "First Name, Middle Name, Last Name, Title, Suffix, ..., E-mail Address,
//                              E-mail 2 Address, ..., Company, Department, Job Title, Business Phone,
//                              Mobile Phone, ..., Notes, Categories"  (Outlook's "Title" is Mr/Ms!)
//   meld's own export         "id, name, email, company, phone, title, campaign_id, campaign_name,
//                              stage, value, tags, created_at, lost_reason, next_follow_up, history,
//                              batch, other_emails, other_phones, first_seen, referred_by,
//                              fields.<key>..."
// plus the usual German, French, Spanish and Portuguese spreadsheet words (Vorname, Firma,
// Telefon, Wert, Phase, Prénom, Société, Valeur, Étape, Empresa, Valor, Etapa...).

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

/** Aliases per field, most specific first. When a field has several columns (Outlook's three
 * emails, Google's numbered phones), a row takes the first non-empty one and keeps the others
 * in `fields`. */
const ALIASES: Record<Exclude<Target, 'ignore'>, readonly string[]> = {
  name: [
    'name',
    'fullname',
    'contactname',
    'displayname',
    'contact',
    'prospect',
    'person',
    'personname',
    'customername',
    'attendeename',
    'username',
    'vollstandigername',
    'nomcomplet',
    'nombrecompleto',
    'nomecompleto',
    'полноеимя',
    'фио',
    '姓名',
    '氏名',
    '表示名',
  ],
  first_name: [
    'firstname',
    'givenname',
    'first',
    'fname',
    'forename',
    'vorname',
    'prenom',
    'nombre',
    'nome',
    'имя',
    '名',
    '名字',
  ],
  middle_name: [
    'middlename',
    'additionalname',
    'weiterevornamen',
    'deuxiemeprenom',
    'segundonombre',
    'segundonome',
    'secondonome',
    'отчество',
    '中间名',
    'ミドルネーム',
  ],
  last_name: [
    'lastname',
    'familyname',
    'surname',
    'last',
    'lname',
    'nachname',
    'nom',
    'apellido',
    'apellidos',
    'sobrenome',
    'cognome',
    'фамилия',
    '姓',
    '姓氏',
  ],
  email: [
    'email',
    'emailaddress',
    'email1value',
    'mail',
    'primaryemail',
    'workemail',
    'businessemail',
    'email1',
    'email1address',
    'emailaddresses',
    'personemail',
    'personemailwork',
    'customeremail',
    'attendeeemail',
    'emailadresse',
    'courriel',
    'adressedemessagerie',
    'adresseemail',
    'correo',
    'correoelectronico',
    'direcciondecorreoelectronico',
    'enderecodeemail',
    'enderecodeemail1',
    'indirizzoemail',
    'indirizzodipostaelettronica',
    'адресэлпочты',
    'электроннаяпочта',
    '电子邮件地址',
    '电子邮件',
    '電子メールアドレス',
    '電子メール',
    'メールアドレス',
  ],
  other_emails: [
    'personalemail',
    'email2value',
    'email2address',
    'email2',
    'email3value',
    'email3address',
    'email3',
    'otheremail',
    'otheremails',
    'personemailhome',
    'personemailother',
    'email2adresse',
    'email3adresse',
    'adressedemessagerie2',
    'adressedemessagerie3',
    'direcciondecorreoelectronico2',
    'direcciondecorreoelectronico3',
    'enderecodeemail2',
    'enderecodeemail3',
    'indirizzoemail2',
    'indirizzoemail3',
    'адрес2элпочты',
    'адрес3элпочты',
    '电子邮件2地址',
    '电子邮件3地址',
    '電子メール2アドレス',
    '電子メール3アドレス',
  ],
  company: [
    'company',
    'companyname',
    'organization',
    'organisation',
    'organizationname',
    'organisationname',
    'organization1name',
    'personorganization',
    'org',
    'employer',
    'account',
    'accountname',
    'associatedcompany',
    'defaultaddresscompany',
    'companyaccount',
    'businessname',
    'firma',
    'unternehmen',
    'entreprise',
    'societe',
    'empresa',
    'compania',
    'organizacion',
    'societa',
    'azienda',
    'организация',
    'компания',
    '公司',
    '单位',
    '会社名',
    '会社',
  ],
  title: [
    'jobtitle',
    'position',
    'organizationtitle',
    'organization1title',
    'role',
    'occupation',
    'designation',
    'headline',
    'funktion',
    'poste',
    'fonction',
    'cargo',
    'puesto',
    'posizione',
    'qualifica',
    'должность',
    '职务',
    '职位',
    '役職',
    'title',
  ],
  phone: [
    'phone',
    'phonenumber',
    'firstphone',
    'workdirectphone',
    'telephone',
    'tel',
    'mobile',
    'mobilephone',
    'mobilephonenumber',
    'cell',
    'cellphone',
    'phone1value',
    'primaryphone',
    'businessphone',
    'workphone',
    'personphone',
    'personphonework',
    'personphonemobile',
    'telefon',
    'telefono',
    'telefone',
    'telefongeschaftlich',
    'mobiltelefon',
    'telephonebureau',
    'telephonemobile',
    'telmobile',
    'telefonodeltrabajo',
    'telefonomovil',
    'telefonecomercial',
    'telefonecelular',
    'telefonoufficio',
    'cellulare',
    'телефон',
    'рабочийтелефон',
    'мобильныйтелефон',
    '电话',
    '商务电话',
    '移动电话',
    '電話',
    '会社電話',
    '携帯電話',
  ],
  other_phones: [
    'homephone',
    'phone2value',
    'phone3value',
    'businessphone2',
    'homephone2',
    'otherphone',
    'otherphones',
    'corporatephone',
    'companymainphone',
    'defaultaddressphone',
    'personphonehome',
    'personphoneother',
    'telefonprivat',
    'telephonedomicile',
    'telefonoparticular',
    'telefoneresidencial',
    'telefonoabitazione',
    'домашнийтелефон',
    '住宅电话',
    '自宅電話',
  ],
  // "Referral source" is a channel in the tools that write it (HubSpot: "Google", "Web"), not a person.
  source: ['source', 'leadsource', 'originalsource', 'referralsource', 'howdidyouhearaboutus'],
  // Who referred the person: a prospect's email, #id or name, resolved once every row is planned.
  referred_by: [
    'referredby',
    'referrer',
    'referredbyemail',
    'referrername',
    'referreremail',
    'empfohlenvon',
    'recommandepar',
    'referidopor',
    'indicadopor',
  ],
  notes: [
    'notes',
    'note',
    'comments',
    'comment',
    'description',
    'questionscomments',
    'notizen',
    'bemerkungen',
    'remarques',
    'notas',
    'anotacoes',
    'заметки',
    '备注',
    'メモ',
  ],
  campaign: ['campaign'],
  campaign_id: ['campaignid'],
  campaign_name: ['campaignname'],
  stage: [
    'stage',
    'pipelinestage',
    'dealstage',
    'lifecyclestage',
    'leadstatus',
    'contactstage',
    'phase',
    'etape',
    'etapa',
    'fase',
  ],
  value: ['value', 'dealvalue', 'dealamount', 'amount', 'wert', 'valeur', 'valor'],
  tags: [
    'tags',
    'tag',
    'labels',
    'label',
    'personlabel',
    'lists',
    'categories',
    'groupmembership',
    'kategorien',
    'categorias',
    'categorie',
    'категории',
    '类别',
    '分類',
  ],
  created_at: ['createdat'],
  first_seen: [
    'firstseen',
    'createdate',
    'createddate',
    'createdutc',
    'created',
    'datecreated',
    'connectedon',
    'dateadded',
    'addedon',
    'addtime',
    'personaddtime',
    'optintime',
    'registrationtime',
    'orderdate',
    'signupdate',
  ],
  follow_up: ['nextfollowup', 'followup', 'followupdate', 'nextfollowupdate'],
  lost_reason: ['lostreason', 'reasonlost', 'closedlostreason', 'reason'],
  history: ['history'],
  id: ['id'],
  batch: ['batch'],
  status_tag: ['memberstatus', 'emailmarketingstatus', 'status'],
};

/** Aliases used only when no stronger alias of the same field is present: Outlook's "Title"
 * is a salutation when the file also has "Job Title". */
const WEAK = new Set(['title']);

/** Fields only meld's own export carries; in other files these columns are ordinary extras
 * (a HubSpot "ID" or a spreadsheet "History" must not be read as meld's). */
const MELD_ONLY: ReadonlySet<Target> = new Set(['id', 'batch', 'history']);

const BY_ALIAS = new Map<string, Target>();
for (const [target, aliases] of Object.entries(ALIASES) as Array<[Target, readonly string[]]>) {
  for (const alias of aliases) BY_ALIAS.set(headerKey(alias), target);
}

const RANKS = new Map<string, number>();
for (const [target, aliases] of Object.entries(ALIASES))
  for (const [i, alias] of aliases.entries()) RANKS.set(`${target}\u0000${headerKey(alias)}`, i);
const aliasRank = (target: Target, key: string) => RANKS.get(`${target}\u0000${key}`) ?? 999;

/** "E-mail 1 - Value" -> "email1value"; "First_Name" -> "firstname"; "Адрес эл. почты" -> "адресэлпочты":
 * letters and digits of any script, case and accents folded. */
export function headerKey(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]+/g, '') // Latin accents only: Japanese voicing marks stay
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The prefix meld's export gives the prospect's extra fields: "fields.Connected On". */
export const FIELD_PREFIX = 'fields.';

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

export const SOURCE_LABELS: Record<SourceKind | 'meld-json', string> = {
  meld: 'meld export',
  'meld-json': 'meld JSON export',
  linkedin: 'LinkedIn connections',
  hubspot: 'HubSpot contacts',
  google: 'Google Contacts',
  mailchimp: 'Mailchimp audience',
  outlook: 'Outlook contacts',
  apollo: 'Apollo contacts',
  pipedrive: 'Pipedrive people',
  salesforce: 'Salesforce report',
  zoom: 'Zoom webinar report',
  eventbrite: 'Eventbrite attendees',
  shopify: 'Shopify customers',
  stripe: 'Stripe customers',
  vcard: 'vCard contacts',
  spreadsheet: 'spreadsheet',
};

/** Outlook's E-mail 2 column in the languages it is exported in: only Outlook writes these. */
const OUTLOOK_MARKERS = [
  'emailtype',
  'emailtyp',
  'typedemessagerie',
  'tipodecorreoelectronico',
  'tipodeemail',
  'tipoemail',
  'тип эл. почты',
  '电子邮件类型',
  '電子メールの種類',
  'email2address',
  'email2adresse',
  'adressedemessagerie2',
  'direcciondecorreoelectronico2',
  'enderecodeemail2',
  'indirizzoemail2',
  'адрес2элпочты',
  '电子邮件2地址',
  '電子メール2アドレス',
];

/** Which tool wrote the file, from the headers only it writes. */
export function detectSource(headers: readonly string[]): SourceKind {
  const keys = new Set(headers.map(headerKey));
  const has = (...k: string[]) => k.some((x) => keys.has(x));
  if (keys.has('createdat') && keys.has('campaignid') && keys.has('stage')) return 'meld';
  if (has('connectedon')) return 'linkedin';
  if (has('apollocontactid', 'apolloaccountid', 'emailconfidence', 'primaryemailsource')) return 'apollo';
  if (has('recordid', 'lifecyclestage', 'hubspotscore')) return 'hubspot';
  if (has('leadowner', 'accountowner', 'mailingstreet', 'leadid', 'contactid18')) return 'salesforce';
  if (has('memberrating', 'optintime', 'confirmtime', 'leid', 'euid')) return 'mailchimp';
  if (has('personname', 'personemailwork', 'personaddtime', 'personorganization')) return 'pipedrive';
  if (has('timeinsessionminutes', 'attended') && has('jointime', 'registrationtime')) return 'zoom';
  if (has('barcode', 'attendeestatus', 'tickettype') && has('order', 'orderdate')) return 'eventbrite';
  if (has('acceptsemailmarketing', 'acceptsmarketing', 'defaultaddresscompany') && has('totalspent', 'totalorders'))
    return 'shopify';
  if (has('createdutc') && has('delinquent', 'cardid', 'cardlast4', 'totalspend')) return 'stripe';
  if (has('email1value', 'phone1value', 'organization1name', 'organizationname', 'email1label', 'email1type'))
    return 'google';
  if (
    has(...OUTLOOK_MARKERS.map(headerKey)) ||
    (keys.has('emailaddress') && has('businessphone', 'emailtype', 'emaildisplayname'))
  )
    return 'outlook';
  return 'spreadsheet';
}

/** Columns read differently by the tool that wrote them (a preset beside the shared aliases). */
const PRESETS: Partial<Record<SourceKind, Readonly<Record<string, Target>>>> = {
  // Apollo's "Stage" is the contact stage (Cold, Approaching, Replied, Interested...).
  apollo: { stage: 'stage', contactowner: 'ignore', corporatephone: 'other_phones', companyphone: 'ignore' },
  // Salesforce reports: "Account Name" is the company, "Lead Status" the stage, "Mobile" another phone.
  salesforce: { accountname: 'company', leadstatus: 'stage', mobile: 'other_phones', rating: 'ignore' },
  // Zoom: a section's "Attended" column is a Yes/No, not a person.
  zoom: { attended: 'ignore' },
  // Eventbrite: the buyer may have bought the ticket for someone else.
  eventbrite: { buyeremail: 'ignore', cellphone: 'phone', workphone: 'other_phones' },
  // Stripe: "Description" is what the merchant typed about the customer.
  stripe: { description: 'notes' },
};

/** Targets only some tools' columns are read as. */
const ONLY_FROM: Partial<Record<Target, ReadonlySet<SourceKind>>> = {
  status_tag: new Set<SourceKind>(['mailchimp']),
};

export interface ColumnMap {
  /** Column indexes per field, in the order a row should try them. */
  fields: Map<Target, number[]>;
  /** Columns kept as the prospect's `fields` entries, with the key to use. */
  extras: Array<{ index: number; key: string }>;
  /** Columns meld's export writes as `fields.<key>`. */
  prefixed: Array<{ index: number; key: string }>;
}

/**
 * Assigns every header to a field, an extra, or nothing. `explicit` holds `--map` choices by
 * header key, and wins over the built-in aliases.
 */
export function mapColumns(
  headers: readonly string[],
  source: SourceKind,
  explicit: ReadonlyMap<string, Target> = new Map(),
): ColumnMap {
  const assigned: Array<{ index: number; target: Target; rank: number }> = [];
  const extras: ColumnMap['extras'] = [];
  const prefixed: ColumnMap['prefixed'] = [];
  const usedKeys = new Set<string>();
  const extraKey = (header: string) => {
    const base = header.trim();
    let key = base;
    for (let n = 2; usedKeys.has(key); n++) key = `${base} (${n})`;
    usedKeys.add(key);
    return key;
  };
  headers.forEach((header, index) => {
    const key = headerKey(header);
    if (header.trim() === '') {
      extras.push({ index, key: extraKey(`column ${index + 1}`) });
      return;
    }
    const chosen = explicit.get(key);
    if (chosen !== undefined) {
      if (chosen !== 'ignore') assigned.push({ index, target: chosen, rank: -1 });
      return;
    }
    if (source === 'meld' && header.trim().startsWith(FIELD_PREFIX)) {
      prefixed.push({ index, key: header.trim().slice(FIELD_PREFIX.length) });
      return;
    }
    const preset = PRESETS[source]?.[key];
    if (preset === 'ignore') {
      extras.push({ index, key: extraKey(header) });
      return;
    }
    let target = preset ?? BY_ALIAS.get(key);
    // Another tool's creation date is the day the person was first seen, not when meld added them.
    if (target === 'created_at' && source !== 'meld') target = 'first_seen';
    if (target !== undefined && ONLY_FROM[target] && !ONLY_FROM[target]!.has(source)) target = undefined;
    if (target !== undefined && !(MELD_ONLY.has(target) && source !== 'meld')) {
      assigned.push({ index, target, rank: preset ? -1 : aliasRank(target, key) });
    } else {
      extras.push({ index, key: extraKey(header) });
    }
  });
  const fields = new Map<Target, number[]>();
  for (const target of TARGETS) {
    const columns = assigned.filter((a) => a.target === target);
    if (columns.length === 0) continue;
    const strong = columns.filter((c) => c.rank === -1 || !WEAK.has(headerKey(headers[c.index]!)));
    const used = strong.length > 0 ? strong : columns;
    for (const weak of columns)
      if (!used.includes(weak)) extras.push({ index: weak.index, key: extraKey(headers[weak.index]!) });
    fields.set(
      target,
      used.sort((a, b) => a.rank - b.rank || a.index - b.index).map((c) => c.index),
    );
  }
  extras.sort((a, b) => a.index - b.index);
  return { fields, extras, prefixed };
}

/** How many cells of a row read as known headers: the header row is the first with two. */
export function recognisedCount(cells: readonly string[], explicit: ReadonlyMap<string, Target> = new Map()): number {
  let n = 0;
  for (const cell of cells) {
    const key = headerKey(cell);
    if (key !== '' && (BY_ALIAS.has(key) || explicit.has(key))) n++;
  }
  return n;
}

/** Index of the header row among the first rows: LinkedIn puts a "Notes:" preamble first. */
export function findHeaderRow(
  rows: ReadonlyArray<readonly string[]>,
  explicit: ReadonlyMap<string, Target> = new Map(),
  scan = 200,
): number {
  const limit = Math.min(rows.length, scan);
  for (let i = 0; i < limit; i++) if (recognisedCount(rows[i]!, explicit) >= 2) return i;
  for (let i = 0; i < limit; i++) if (recognisedCount(rows[i]!, explicit) >= 1) return i;
  return -1;
}
