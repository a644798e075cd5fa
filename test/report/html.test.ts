import { describe, expect, it } from 'vitest';
import { renderRespondReport } from '../../src/report/respond.js';
import { renderHtmlReport } from '../../src/report/html.js';
import type { MentionRateRow } from '../../src/eval/mention.js';

const ci = (estimate: number) => ({ estimate, low: estimate - 0.05, high: estimate + 0.05, level: 0.95, iterations: 1000, valid: 1000 });
// long generator names: Vega's default 180 px label limit cut them to the same prefix
const GEN = ['meta-llama/llama-3.3-70b-instruct-turbo-with-a-long-name', 'another/generator'];
const rows: MentionRateRow[] = GEN.flatMap((generator) => (['human', 'llm'] as const).flatMap((attributeSet) => (['generic', 'personalized_human'] as const).map((mode) => ({
  generator, mode, attributeSet, responses: 10, attributes: 30, mentioned: 9, rate: ci(mode === 'generic' ? 0.1 : 0.4), responseRate: 0.5, lexicalRate: 0.2, embeddingRate: 0.1,
}))));

describe('stage-3 HTML report', async () => {
  const html = await renderRespondReport({ dataset: 'd', provenance: 'illustrative', mention: { rows, thresholds: { lexical: 1, embedding: 0.5 }, usesEmbeddings: true, protocol: 'p' } });

  it('renders the results as HTML tables, not preformatted text', () => {
    expect(html).not.toMatch(/<pre/);
    expect(html).toMatch(/<table>.*<th>mention rate<\/th>/s);
    expect((html.match(/<tr>/g) ?? []).length).toBe(1 + rows.length);
  });

  it('chart labels are whole: the human- and LLM-attribute rows of a long generator name differ', () => {
    const svg = html.slice(html.indexOf('<svg'));
    for (const set of ['human attrs', 'LLM attrs']) expect(svg).toContain(`${GEN[0]} · ${set}`);
    expect(svg).not.toContain('…');
  });

  it('the chart lists its rows in the order of the table', () => {
    const svg = html.slice(html.indexOf('<svg'));
    const labels = [`${GEN[0]} · human attrs`, `${GEN[0]} · LLM attrs`, `${GEN[1]} · human attrs`, `${GEN[1]} · LLM attrs`];
    // SVG y of each label: increasing down the chart
    const y = labels.map((l) => {
      const at = svg.indexOf(`>${l.replace(/&/g, '&amp;')}<`);
      expect(at).toBeGreaterThan(0);
      const m = /translate\(([-\d.]+),([-\d.]+)\)[^>]*>$/.exec(svg.slice(Math.max(0, at - 300), at + 1)) ?? /y="([-\d.]+)"/.exec(svg.slice(Math.max(0, at - 300), at));
      return Number(m?.[2] ?? m?.[1]);
    });
    expect(y).toEqual([...y].sort((a, b) => a - b));
    expect(new Set(y).size).toBe(4);
  });
});

describe('agreement HTML report', () => {
  it('includes the LLM-LLM table, one row per pair of systems, as the terminal does', async () => {
    const html = await renderHtmlReport({
      title: 't', dataset: 'd', selection: [],
      agreement: {
        dataset: 'd',
        rounds: [{
          round: 'r1', systems: [], systemHumanKappa: NaN, humanYesRate: 0.2, systemSystemKappa: 0.55,
          systemPairs: [{ a: 'votes:gpt', b: 'votes:gemma', n: 120, kappa: 0.6 }, { a: 'votes:gpt', b: 'votes:llama', n: 118, kappa: 0.5 }],
        }],
      },
    });
    expect(html).toContain('LLM-LLM: Cohen kappa per pair of systems');
    expect(html).toMatch(/<td>votes:gpt<\/td><td>votes:gemma<\/td><td>120<\/td><td>0\.600<\/td>/);
    expect(html).toMatch(/<td>votes:gpt<\/td><td>votes:llama<\/td><td>118<\/td><td>0\.500<\/td>/);
  });
});
