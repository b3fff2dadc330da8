import { describe, expect, it } from 'vitest';
import { cleanLine } from '../../src/ui/sanitize.js';
import { makeStyle } from '../../src/ui/style.js';
import { renderFollowUpTable } from '../../src/ui/followups.js';
import { renderTable, type Column } from '../../src/ui/table.js';
import type { DueFollowUp } from '../../src/domain/followups.js';

// The exact text renderTable prints, held while its inner loops are made cheaper (#19): every
// path a row can take (wide and combining text, colour, right alignment, cuts with … and ...,
// hostile text, short rows, trailing spaces, dropped columns).

const columns: Column[] = [
  { header: '#', align: 'right' },
  { header: 'Name', shrink: true, min: 4 },
  { header: 'City', shrink: true, min: 4, optional: true, priority: 1 },
  { header: 'Value', align: 'right' },
  { header: 'Note', shrink: true, min: 4, optional: true },
];

/** Escapes made visible, so the snapshots hold no raw control characters. */
const shown = (text: string) => text.replaceAll('\u001b', '⎋');

const rows = [
  ['1', 'Ana Lima', 'São Paulo', '$1,200', 'call back'],
  ['22', '王芳', '北京市朝阳区', '$30', 'ok\u00a0'],
  ['333', '👩‍💻 Dev Team', 'Zürich', { text: '$4', paint: (t: string) => `<${t}>` }, 'e\u0301té'],
  ['4', 'Evil\u001b[2J\nName\u200b', 'Tab\there', '', 'trailing   '],
  ['5', 'Short row'],
  ['6', 'Łukasz Ольга', '', '$0', 'a very long note that will not fit in a narrow terminal'],
];

describe('renderTable', () => {
  it('prints wide, combining and hostile text aligned, at full width', () => {
    expect(renderTable(columns, rows, { style: makeStyle(false), width: 200 })).toMatchInlineSnapshot(`
      "  #  Name          City           Value  Note
        1  Ana Lima      São Paulo     $1,200  call back
       22  王芳          北京市朝阳区     $30  ok
      333  👩‍💻 Dev Team   Zürich            <$4>  été
        4  Evil Name�    Tab here              trailing
        5  Short row
        6  Łukasz Ольга                    $0  a very long note that will not fit in a narrow terminal"
    `);
  });

  it('cuts and drops columns to fit a narrow terminal, in colour', () => {
    expect(shown(renderTable(columns, rows, { style: makeStyle(true), width: 40 }))).toMatchInlineSnapshot(`
      "  ⎋[1m#⎋[22m  ⎋[1mName⎋[22m     ⎋[1mCity⎋[22m       ⎋[1mValue⎋[22m  ⎋[1mNote⎋[22m
        1  Ana Li…  São Pau…  $1,200  call ba…
       22  王芳     北京市…      $30  ok
      333  👩‍💻 Dev…  Zürich        <$4>  été
        4  Evil N…  Tab here          trailin…
        5  Short …
        6  Łukasz…                $0  a very …"
    `);
    expect(renderTable(columns, rows, { style: makeStyle(false), width: 24 })).toMatchInlineSnapshot(`
      "  #  Name  City    Value
        1  Ana…  São …  $1,200
       22  王芳  北京…     $30
      333  👩‍💻 …  Züri…      <$4>
        4  Evi…  Tab …
        5  Sho…
        6  Łuk…             $0"
    `);
  });

  it('cuts as a last resort, between graphemes, with … or ...', () => {
    expect(renderTable(columns, rows, { style: makeStyle(false), width: 14 })).toMatchInlineSnapshot(`
      "  #  Na…  Val…
        1  An…  $1,…
       22  王…   $30
      333  👩‍💻…    <$4>
        4  Ev…
        5  Sh…
        6  Łu…    $0"
    `);
    expect(renderTable(columns, rows, { style: makeStyle(false), width: 16, unicode: false })).toMatchInlineSnapshot(`
      "  #  Name  Value
        1  A...  $1...
       22  王芳    $30
      333  ...      <$4>
        4  E...
        5  S...
        6  Ł...     $0"
    `);
    expect(renderTable(columns, rows, { style: makeStyle(false), width: 14, cutToFit: false })).toMatchInlineSnapshot(`
      "  #  Name   Value
        1  Ana…  $1,200
       22  王芳     $30
      333  👩‍💻 …      <$4>
        4  Evi…
        5  Sho…
        6  Łuk…      $0"
    `);
  });
});

describe('renderFollowUpTable', () => {
  const item = (id: number, name: string, due: string, note: string | null, every = false): DueFollowUp => ({
    followUp: {
      id,
      prospectId: id,
      due,
      note,
      status: 'open',
      createdAt: '2026-12-01T09:00:00.000Z',
      doneAt: null,
      every: every ? { count: 2, unit: 'week' } : null,
    } as unknown as DueFollowUp['followUp'],
    prospect: { id, name, company: id % 2 ? 'Hooli' : null, campaign: id === 1 ? 'spring-webinar' : null } as never,
    overdueDays: 0,
  });
  const items = [
    item(1, 'Mateo Sato', '2026-12-01', 'book a demo'),
    item(2, 'Tomás\u001b[31m Red', '2026-12-06', null),
    item(13, '山田太郎', '2026-12-09', 'send the contract before Friday', true),
  ];

  it('prints the follow-ups with their due days painted, the repeats column when one repeats', () => {
    const out = renderFollowUpTable(items, '2026-12-06', { style: makeStyle(true), width: 80 });
    expect(shown(out)).toMatchInlineSnapshot(`
      " ⎋[1m#⎋[22m  ⎋[1mFup⎋[22m  ⎋[1mProspect⎋[22m    ⎋[1mCompany⎋[22m  ⎋[1mCampaign⎋[22m      ⎋[1mDue⎋[22m         ⎋[1mWhen⎋[22m        ⎋[1mNote⎋[22m
       1   f1  Mateo Sato  Hooli    spring-webi…  2026-12-01  ⎋[31m5d overdue⎋[39m  book a demo
       2   f2  Tomás Red                          2026-12-06  ⎋[33mtoday⎋[39m
      13  f13  山田太郎    Hooli                  2026-12-09  in 3d       send the co…"
    `);
    expect(renderFollowUpTable(items, '2026-12-06', { style: makeStyle(false), width: 120 })).toMatchInlineSnapshot(`
      " #  Fup  Prospect    Company  Campaign        Due         When        Note                             Repeats
       1   f1  Mateo Sato  Hooli    spring-webinar  2026-12-01  5d overdue  book a demo
       2   f2  Tomás Red                            2026-12-06  today
      13  f13  山田太郎    Hooli                    2026-12-09  in 3d       send the contract before Friday  every 2 weeks"
    `);
    expect(
      renderFollowUpTable(items.slice(0, 2), '2026-12-06', { style: makeStyle(false), width: 40 }),
    ).toMatchInlineSnapshot(`
        "#  Fup  Prospect    When
        1   f1  Mateo Sato  5d overdue
        2   f2  Tomás Red   today"
      `);
  });
});

describe('cleanLine', () => {
  it('leaves plain text as it is and makes hostile text safe', () => {
    const texts = [
      'plain ascii',
      'São Paulo — €1,200',
      'a\tb\nc',
      '\u001b[31mred\u001b[0m',
      'zero\u200bwidth',
      '👩\u200d💻 joined',
      'lone\u200djoiner',
      'del\u007f and c1\u0085',
      'bidi\u202eevil',
      '\u009b31mcsi',
    ];
    expect(texts.map(cleanLine)).toEqual([
      'plain ascii',
      'São Paulo — €1,200',
      'a b c',
      'red',
      'zero�width',
      '👩\u200d💻 joined',
      'lone�joiner',
      'del� and c1�',
      'bidi�evil',
      'csi',
    ]);
  });
});
