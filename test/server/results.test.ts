import { describe, expect, it } from 'vitest';
import { majorityLabels, personalizedScore, toCsv, validateSubmission } from '../../src/server/index.js';
import type { FlatJudgment } from '../../src/studio/judgments.js';

describe('studio results', () => {
  it('CSV quotes separators and defuses spreadsheet formulas', () => {
    const row = (attribute: string, note: string): FlatJudgment => ({
      study: 's', kind: 'attribute', annotator: 'a', item: 'i', role: 'regular', userId: 'u', promptId: '', pairId: '', attribute,
      value: 'maybe', rawValue: 'maybe', order: '', note, missing: '', submittedAt: 't',
    });
    const csv = toCsv([row('likes "quotes", commas', '=HYPERLINK("http://x")'), row('multi\nline', '+1')]);
    const lines = csv.split('\r\n');
    expect(lines[1]).toBe('s,attribute,a,i,regular,u,,,"likes ""quotes"", commas",maybe,maybe,,"\'=HYPERLINK(""http://x"")",,t');
    expect(csv).toContain('"multi\nline"');
    expect(csv).toContain(",'+1,");
  });

  it('majority labels: strict majority, ties are NO', () => {
    const a = (annotator: string, relevant: boolean) => ({ userId: 'u', promptId: 'p', attribute: 'x', annotator, relevant });
    expect(majorityLabels([a('1', true), a('2', true), a('3', false)], 'r')).toEqual([
      { userId: 'u', promptId: 'p', attribute: 'x', relevant: true, yesRate: 2 / 3, nAnnotators: 3, round: 'r' },
    ]);
    expect(majorityLabels([a('1', true), a('2', false)])[0]!.relevant).toBe(false);
  });

  it('ratings flip when the personalized response was shown first', () => {
    expect([1, 2, 3, 4, 5].map((s) => personalizedScore(s, 'generic_first'))).toEqual([1, 2, 3, 4, 5]);
    expect([1, 2, 3, 4, 5].map((s) => personalizedScore(s, 'personalized_first'))).toEqual([5, 4, 3, 2, 1]);
  });

  it('submissions must answer every row and nothing else', () => {
    const payload = { attributes: ['a', 'b'] };
    expect(validateSubmission('rating', payload, { scores: { 0: 1, 1: 5 } })).toMatchObject({ ok: true, status: 'done' });
    expect(validateSubmission('rating', payload, { scores: { 0: 1, 1: 6 } }).ok).toBe(false);
    expect(validateSubmission('rating', payload, { scores: { 0: 1.5, 1: 2 } }).ok).toBe(false);
    expect(validateSubmission('attribute', payload, { uncomfortable: true })).toMatchObject({ ok: true, status: 'skipped' });
    expect(validateSubmission('attribute', payload, { verdicts: { 0: 'maybe', 1: 'nonsense' } }).ok).toBe(false);
    expect(validateSubmission('attribute', payload, { verdicts: { 0: 'maybe', 1: 'maybe' }, notes: { 2: 'x' } }).ok).toBe(false);
    expect(validateSubmission('relevance', payload, { answers: { 0: true } })).toEqual({ ok: false, error: 'attribute 2 is not answered' });
    expect(validateSubmission('relevance', payload, null).ok).toBe(false);
  });
});
