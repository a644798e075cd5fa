/// <reference lib="dom" />
import { h, mount } from './dom.js';

/**
 * The page before the first item: the study's consent text (the annotator must agree), its instructions, and a
 * name field when the link carries no identity or the one it carries was refused (taken, or not allowed).
 */

export interface About {
  consent?: string;
  instructions?: string;
  minAnswered: number;
}

export interface EntryOptions {
  about: About;
  /** Identity from the link (PROLIFIC_PID..., or name). */
  params: Record<string, string>;
  /** Why the last attempt to enter was refused. */
  error?: string;
  /** Ask for a name even though the link has one (it was refused). */
  askName: boolean;
  /** The consent box was already ticked (the page is shown again after a refusal). */
  agreed?: boolean;
  /** Tries to enter; resolves to an error message, or undefined once in. */
  enter(params: Record<string, string>, consent: boolean): Promise<string | undefined>;
}

export function entryPage(o: EntryOptions): void {
  const { about } = o;
  const prolific = !!o.params.PROLIFIC_PID;
  const status = h('p', { class: 'error', id: 'entry-error', attrs: { role: 'alert' } }, o.error ?? '');
  const agree = h('input', { type: 'checkbox', id: 'agree' });
  const name = h('input', { type: 'text', id: 'name', attrs: { 'aria-label': 'your name or annotator id', autocomplete: 'off', maxlength: '200' } });
  const wantsName = !prolific && (o.askName || !o.params.name);
  const begin = h('button', { class: 'primary', id: 'begin' }, about.consent ? 'I agree: begin' : 'Begin');
  const sync = () => {
    begin.disabled = (!!about.consent && !agree.checked) || (wantsName && !name.value.trim());
  };
  agree.checked = !!o.agreed;
  agree.addEventListener('change', sync);
  name.addEventListener('input', sync);
  const go = async () => {
    sync();
    if (begin.disabled) return;
    begin.disabled = true;
    status.textContent = '';
    const params = wantsName ? { name: name.value.trim() } : o.params;
    const err = await o.enter(params, !!about.consent);
    if (err !== undefined && !wantsName && !prolific) {
      // The link's name was refused (taken, or not allowed): show the page again with a field for another one.
      entryPage({ ...o, error: err, askName: true, agreed: agree.checked });
      return;
    }
    if (err !== undefined) {
      status.textContent = err;
      begin.disabled = false;
      if (wantsName) name.select();
    }
  };
  begin.addEventListener('click', () => void go());
  name.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') void go();
  });
  const intro = !!(about.consent || about.instructions);
  mount(
    h('h1', {}, intro ? 'Before you begin' : 'attune studio'),
    about.consent ? h('section', { class: 'card', id: 'consent' }, h('h2', {}, 'Consent'), h('div', { class: 'page-text' }, about.consent),
      h('label', { class: 'agree' }, agree, ' I have read the above and agree to take part.')) : null,
    about.instructions ? h('section', { class: 'card instructions', id: 'study-instructions' }, h('h2', {}, 'Instructions'), h('div', { class: 'page-text' }, about.instructions)) : null,
    h('section', { class: 'card', id: 'entry' },
      wantsName ? h('label', { class: 'field' }, h('span', {}, o.askName && o.params.name ? 'Enter another name or annotator id:' : 'Your name or annotator id:'), name) : null,
      about.minAnswered > 0 ? h('p', { class: 'muted' }, `The completion code is shown at the end, after at least ${about.minAnswered} answered item${about.minAnswered === 1 ? '' : 's'}.`) : null,
      h('div', { class: 'actions' }, begin),
      status),
  );
  sync();
  if (wantsName) name.focus();
}
