import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

/** Renders a Vega-Lite spec to an SVG string in Node: no browser, no network. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Axis settings for category labels: never cut (Vega's default limit of 180 px truncated long names to the
 * same prefix, so different bars read the same). Charts keep their data's order (`sort: null`), which is the
 * order of the table beside them.
 */
export const FULL_LABELS = { labelLimit: 0 } as const;

export interface SelectorBar {
  selector: string;
  metric: string;
  value: number;
  low: number;
  high: number;
}

/** P/R/F1 per selector with bootstrap intervals. */
export function prfChart(rows: SelectorBar[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values: rows },
    width: 520,
    height: { step: 14 },
    facet: { row: { field: 'metric', type: 'nominal', title: null, sort: ['f1', 'precision', 'recall'] } },
    spec: {
      width: 520,
      layer: [
        { mark: { type: 'bar', color: '#7aa6c2' }, encoding: { y: { field: 'selector', type: 'nominal', title: null, sort: null, axis: FULL_LABELS }, x: { field: 'value', type: 'quantitative', scale: { domain: [0, 1] }, title: null } } },
        { mark: { type: 'rule', color: '#333' }, encoding: { y: { field: 'selector', type: 'nominal', sort: null }, x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } } },
      ],
    },
  } as TopLevelSpec;
}

/** Each selector's YES rate against the human YES rate: the over-selection picture. */
export function selectionRateChart(rows: { selector: string; rate: number }[], humanRate: number): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 520,
    height: { step: 18 },
    layer: [
      {
        data: { values: rows },
        mark: { type: 'bar', color: '#d98c5f' },
        encoding: { y: { field: 'selector', type: 'nominal', title: null, sort: null, axis: FULL_LABELS }, x: { field: 'rate', type: 'quantitative', title: 'share of pairs selected', scale: { domain: [0, 1] } } },
      },
      {
        data: { values: [{ rate: humanRate, label: `people: ${humanRate.toFixed(3)}` }] },
        mark: { type: 'rule', color: '#2a7', strokeWidth: 2, strokeDash: [4, 3] },
        encoding: { x: { field: 'rate', type: 'quantitative' } },
      },
    ],
  } as TopLevelSpec;
}
