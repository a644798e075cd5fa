/// <reference lib="dom" />
/**
 * The only way the studio puts anything on the page: elements built one by one, every piece of data set as
 * textContent (never innerHTML), so HTML and scripts in chat logs stay text.
 */

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  id?: string;
  title?: string;
  type?: string;
  disabled?: boolean;
  onclick?: (e: MouseEvent) => void;
  data?: Record<string, string>;
  attrs?: Record<string, string>;
}

/** `h('button', { class: 'yes' }, 'YES')`: an element whose string children become text nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.id) el.id = props.id;
  if (props.title) el.title = props.title;
  if (props.type) el.setAttribute('type', props.type);
  if (props.disabled) (el as HTMLButtonElement).disabled = true;
  if (props.onclick) el.addEventListener('click', props.onclick as EventListener);
  for (const [k, v] of Object.entries(props.data ?? {})) el.dataset[k] = v;
  for (const [k, v] of Object.entries(props.attrs ?? {})) {
    if (/^on/i.test(k) || k === 'style' || k === 'href' || k === 'src') throw new Error(`refusing to set attribute ${k}`);
    el.setAttribute(k, v);
  }
  append(el, ...children);
  return el;
}

/** Bidirectional-text controls (overrides, embeddings, isolates, marks). */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text as it is shown: every bidirectional-text control made visible as `[U+202E]`, so an override cannot show
 * text reversed (or reorder it around the page's own words). Natural right-to-left scripts still show as written.
 */
export function visibleText(s: string): string {
  return s.replace(BIDI, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`);
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(visibleText(String(c))) : c);
  }
}

/** A link to one of our own paths or a fixed https origin; anything else (javascript:, data:) is refused. */
export function link(href: string, text: string, props: Props = {}): HTMLAnchorElement {
  const a = h('a', props, text);
  const u = new URL(href, location.href);
  if (u.origin !== location.origin && u.protocol !== 'https:') throw new Error(`refusing link ${href}`);
  a.href = u.toString();
  return a;
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function mount(...children: Child[]): HTMLElement {
  const app = document.getElementById('app')!;
  clear(app);
  append(app, ...children);
  return app;
}

export function kbd(key: string): HTMLElement {
  return h('span', { class: 'kbd' }, key);
}

/** True when a key press belongs to a text field, not to the page's shortcuts. */
export function typing(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  return !!t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable);
}
