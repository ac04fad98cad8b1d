import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvCell } from './csv.ts';
import { readStockCounts, stockCsv, type KnownVariant, type StockCountsRead } from './stock-csv.ts';

const known = new Map<string, KnownVariant>([
  ['MUG-SPK', { digital: false }],
  ['MUG-MID', { digital: false }],
  ['NSP-PHY-A4', { digital: false }],
  ['NSP-DIG-A4', { digital: true }],
  ['=CMD', { digital: false }],
]);
const bytes = (text: string) => new TextEncoder().encode(text);
const read = (text: string) => readStockCounts(bytes(text), known);
const errors = (r: StockCountsRead) => (r.ok ? [] : r.errors);

test('a cell that a spreadsheet would run as a formula is written as text; quotes and commas are quoted', () => {
  assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  for (const start of ['+', '-', '@', '\t', '\r']) assert.equal(csvCell(`${start}1`).replace(/^"/, '').slice(0, 2), `'${start}`);
  assert.equal(csvCell('Mug, blue'), '"Mug, blue"');
  assert.equal(csvCell(null), '');
  assert.equal(csvCell(12), '12');
});

test('the export: one row per item, an untracked item without counts, and it reads back as counts as it is', () => {
  const csv = stockCsv([
    {
      sku: 'MUG-SPK',
      product: 'Stoneware Mug',
      variant: 'Speckled white',
      tracked: true,
      onHand: 12,
      reserved: 2,
      available: 10,
      lowStockThreshold: 3,
    },
    {
      sku: 'NSP-PHY-A4',
      product: 'Night Sky, poster',
      variant: 'A4',
      tracked: false,
      onHand: 0,
      reserved: 0,
      available: null,
      lowStockThreshold: 3,
    },
    { sku: '=CMD', product: '@evil', variant: '-1', tracked: true, onHand: 0, reserved: 0, available: 0, lowStockThreshold: 3 },
  ]);
  assert.equal(
    csv,
    [
      'sku,product,variant,tracked,on_hand,reserved,available,low_stock_threshold',
      'MUG-SPK,Stoneware Mug,Speckled white,yes,12,2,10,3',
      'NSP-PHY-A4,"Night Sky, poster",A4,no,,,,3',
      "'=CMD,'@evil,'-1,yes,0,0,0,3",
      '',
    ].join('\r\n'),
  );
  assert.deepEqual(read(csv), {
    ok: true,
    counts: [
      { line: 2, sku: 'MUG-SPK', count: 12, reason: null },
      { line: 4, sku: '=CMD', count: 0, reason: null },
    ],
    skipped: 1,
  });
});

test('counts: columns by name in any order and case, a reason per row, blank lines and a byte order mark ignored', () => {
  const r = read('\uFEFFReason,On hand,SKU\r\n\r\nstocktake,7,MUG-SPK\n,  3 ,MUG-MID\n,,\n');
  assert.deepEqual(r, {
    ok: true,
    counts: [
      { line: 3, sku: 'MUG-SPK', count: 7, reason: 'stocktake' },
      { line: 4, sku: 'MUG-MID', count: 3, reason: null },
    ],
    skipped: 0,
  });
});

test('every bad row is listed by its line, and nothing is returned to apply', () => {
  const r = read(
    [
      'sku,on_hand',
      'MUG-SPK,4',
      'NOPE-1,2',
      'MUG-MID,-1',
      'MUG-MID,2.5',
      ',3',
      'MUG-SPK,5',
      'NSP-DIG-A4,1',
      'NSP-PHY-A4,2000000',
      '"MULTI\nLINE",1',
      'NSP-PHY-A4,lots',
    ].join('\n'),
  );
  assert.deepEqual(errors(r), [
    'Line 3: unknown SKU NOPE-1',
    'Line 4: on_hand must be a whole number 0 or more',
    'Line 5: MUG-MID appears twice (line 4)',
    'Line 5: on_hand must be a whole number 0 or more',
    'Line 6: the sku is empty',
    'Line 7: MUG-SPK appears twice (line 2)',
    'Line 8: NSP-DIG-A4 is a digital item: it has no stock',
    'Line 9: on_hand must be at most 1,000,000',
    'Line 10: unknown SKU MULTI LINE',
    'Line 12: NSP-PHY-A4 appears twice (line 9)',
    'Line 12: on_hand must be a whole number 0 or more',
  ]);
  assert.match(errors(read(`sku,on_hand,reason\nMUG-SPK,1,${'x'.repeat(501)}`))[0]!, /^Line 2: the reason is longer than 500 characters$/);
});

test('a file that cannot be a list of counts is refused as a whole, with why', () => {
  assert.deepEqual(errors(readStockCounts(new Uint8Array(), known)), ['The file is empty']);
  assert.deepEqual(errors(read('\n \n')), ['The file is empty']);
  assert.deepEqual(errors(read('sku,on_hand\n')), ['The file has no counts: only the header line']);
  assert.deepEqual(errors(read('sku,count\nMUG-SPK,1')), [
    'The first line must name the columns sku and on_hand (no on_hand column found)',
  ]);
  assert.deepEqual(errors(read('item,count\nMUG-SPK,1')), [
    'The first line must name the columns sku and on_hand (no sku or on_hand column found)',
  ]);
  assert.deepEqual(errors(readStockCounts(new Uint8Array(1024 * 1024 + 1).fill(65), known)), [
    'The file is larger than 1 MB: split it into smaller files',
  ]);
  const many = ['sku,on_hand', ...Array.from({ length: 5001 }, () => 'MUG-SPK,1')].join('\n');
  assert.deepEqual(errors(read(many)), ['The file has 5,001 rows: at most 5,000 at a time']);
  assert.match(errors(readStockCounts(new Uint8Array([0x73, 0x6b, 0x75, 0xff, 0xfe, 0x0a]), known))[0]!, /not UTF-8 text/);
  assert.match(errors(readStockCounts(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), known))[0]!, /not a CSV text file/);
  assert.deepEqual(errors(read('sku,on_hand\n"MUG-SPK,1\n')), ['Line 2: a quoted value is never closed']);
});
