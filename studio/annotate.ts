/// <reference lib="dom" />
import { append, clear, h, kbd, link, mount, typing } from './dom.js';
import { entryPage } from './entry.js';
import type { About } from './entry.js';

/**
 * The annotator's page: enter (Prolific parameters or a name), then one task page after another until the
 * completion code. The current item comes from the server, so a reload returns to it; answers given so far on
 * a page are kept in localStorage until it is submitted.
 */

interface RelevanceTask { kind: 'relevance'; prompt: string; attributes: string[] }
interface AttributeTask {
  kind: 'attribute';
  conversations: { id: string; turns: { index: number; role: string; text: string; evidence: boolean }[] }[];
  attributes: { text: string; reason: string | null; evidence: { conversationId: string; turnIndex: number }[] }[];
}
interface RatingTask { kind: 'rating'; prompt: string; responseA: string; responseB: string; attributes: string[] }
type Task = RelevanceTask | AttributeTask | RatingTask;

interface Current {
  done: boolean;
  progress: { done: number; assigned: number; total: number | null };
  assignment?: { id: string; seq: number; task: Task };
  completionCode?: string;
  completionUrl?: string;
  /** The study had no work left for this annotator: no code. */
  full?: boolean;
  /** Finished without the code: too few answered items, or a failed attention check. */
  noCode?: string;
  message?: string;
}

const studyId = decodeURIComponent(location.pathname.split('/')[2] ?? '');
const tokenKey = `attune:token:${studyId}`;
// A resume link (`#resume=<token>`, shown on every page) moves an annotator to another browser.
const resumed = /^#resume=([\w.-]+)$/.exec(location.hash)?.[1];
if (resumed) {
  localStorage.setItem(tokenKey, resumed);
  history.replaceState(null, '', location.pathname + location.search);
}
let token = localStorage.getItem(tokenKey) ?? '';
let keyHandler: ((e: KeyboardEvent) => void) | undefined;
/** Renews the lease of the item on screen while the page is open (the server's lease is short). */
let heartbeat: ReturnType<typeof setInterval> | undefined;
const HEARTBEAT_MS = 60_000;

function resumeLink(): HTMLElement {
  const url = `${location.origin}${location.pathname}#resume=${token}`;
  return h('p', { class: 'muted', id: 'resume' }, 'To continue later or on another device, keep this link private: ', h('code', {}, url));
}

document.addEventListener('keydown', (e) => {
  const onButton = (e.target as HTMLElement | null)?.tagName === 'BUTTON';
  if (onButton && e.key === ' ') return; // space clicks the focused button
  // Enter always means "submit the page", even on a focused button (whose own click is suppressed).
  if (onButton && e.key === 'Enter') e.preventDefault();
  if (!typing(e) && !e.ctrlKey && !e.metaKey && !e.altKey) keyHandler?.(e);
});

async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; data: T }> {
  const res = await fetch(`/api/s/${encodeURIComponent(studyId)}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const data = (await res.json().catch(() => ({}))) as T;
  return { status: res.status, data };
}

let about: About = { minAnswered: 0 };

/** Enters the study; an error message when refused (taken name, consent missing, study full of that PID...). */
async function enter(params: Record<string, string>, consent = false): Promise<{ error?: string; consentRequired?: boolean }> {
  const r = await api<{ token?: string; error?: string; consentRequired?: boolean }>('POST', '/enter', { ...params, ...(consent ? { consent: true } : {}) });
  if (r.status !== 200 || !r.data.token) {
    return { error: r.data.error ?? `could not enter the study (${r.status})`, ...(r.data.consentRequired ? { consentRequired: true } : {}) };
  }
  token = r.data.token;
  localStorage.setItem(tokenKey, token);
  return {};
}

async function start(): Promise<void> {
  const q = new URLSearchParams(location.search);
  const params: Record<string, string> = {};
  for (const k of ['PROLIFIC_PID', 'STUDY_ID', 'SESSION_ID', 'name']) {
    const v = q.get(k);
    if (v) params[k] = v;
  }
  const info = await api<About>('GET', '/about');
  if (info.status === 200) about = info.data;
  const hasId = !!(params.PROLIFIC_PID || params.name);
  // Someone new sees the consent and instructions first; a returning annotator (token) goes straight on.
  if (!token && (about.consent || about.instructions || !hasId)) return ask(params);
  if (hasId) {
    const r = await enter(params);
    if (r.error !== undefined) return ask(params, r.consentRequired ? undefined : r.error);
  }
  await load();
}

/** The entry page: consent and instructions when the study has them, a name field when needed. */
function ask(params: Record<string, string>, error?: string): void {
  entryPage({
    about, params, askName: error !== undefined && !params.PROLIFIC_PID, ...(error !== undefined ? { error } : {}),
    enter: async (p, consent) => {
      const r = await enter(p, consent);
      if (r.error !== undefined) return r.error;
      await load();
      return undefined;
    },
  });
}

function askName(): void {
  ask({});
}

async function load(): Promise<void> {
  keyHandler = undefined;
  if (heartbeat) clearInterval(heartbeat);
  heartbeat = undefined;
  const r = await api<Current & { error?: string }>('GET', '/current');
  if (r.status === 401) {
    localStorage.removeItem(tokenKey);
    token = '';
    return askName();
  }
  if (r.status !== 200) {
    mount(h('p', { class: 'error' }, r.data.error ?? `error ${r.status}`), h('button', { onclick: () => void load() }, 'Retry'));
    return;
  }
  show(r.data);
}

/** Shows the annotator's current item, or the end of their work. */
function show(cur: Current): void {
  keyHandler = undefined;
  if (heartbeat) clearInterval(heartbeat);
  heartbeat = undefined;
  if (cur.done || !cur.assignment) return finished(cur);
  render(cur);
}

function finished(cur: Current): void {
  if (cur.full) {
    mount(h('div', { class: 'card done', id: 'study-full' }, h('h1', {}, 'This study is full'), h('p', {}, cur.message ?? 'No items are left to annotate. Thank you for your interest.')));
    return;
  }
  if (cur.noCode) {
    mount(h('div', { class: 'card done', id: 'no-code' }, h('h1', {}, 'No completion code'), h('p', {}, cur.message ?? 'This study cannot give you a completion code.')));
    return;
  }
  const parts = [h('h1', {}, 'Thank you!'), h('p', {}, 'You have finished every item assigned to you.')];
  if (cur.completionCode) {
    parts.push(h('p', {}, 'Your completion code:'), h('p', { class: 'code', id: 'completion-code' }, cur.completionCode));
  }
  if (cur.completionUrl && cur.completionUrl.startsWith('https://')) parts.push(h('p', {}, link(cur.completionUrl, 'Return to Prolific to complete the study')));
  mount(h('div', { class: 'card done' }, ...parts));
}

/** "n of N done" and a bar n/N full: N is what the annotator did, holds and may still be given (the server's count). */
function progressBar(cur: Current): HTMLElement {
  const done = cur.progress.done;
  const total = Math.max(cur.progress.total ?? done + 1, done + 1);
  const bar = h('progress', { attrs: { max: String(total), 'aria-label': `${done} of ${total} done` } });
  bar.value = done;
  return h('span', { id: 'progress' }, bar, h('span', { class: 'count' }, `${done} of ${total} done`));
}

/** The study's instructions, folded, on every task page. */
function studyInstructions(): HTMLElement | null {
  if (!about.instructions) return null;
  return h('details', { class: 'card', id: 'study-instructions' }, h('summary', {}, 'Study instructions'), h('div', { class: 'page-text' }, about.instructions));
}

// ---------------------------------------------------------------- shared page machinery

type Draft = Record<string, unknown>;

function draftKey(id: string): string {
  return `attune:draft:${id}`;
}
function loadDraft(id: string): Draft {
  try {
    return JSON.parse(localStorage.getItem(draftKey(id)) ?? '{}') as Draft;
  } catch {
    return {};
  }
}

interface Page {
  body: HTMLElement[];
  /** The submission, or a message saying what is missing. */
  collect(): { ok: true; body: unknown } | { ok: false; error: string };
  onKey(e: KeyboardEvent): boolean;
  draft(): Draft;
}

function render(cur: Current): void {
  const a = cur.assignment!;
  const draft = loadDraft(a.id);
  const save = () => localStorage.setItem(draftKey(a.id), JSON.stringify(page.draft()));
  const page = a.task.kind === 'relevance' ? relevancePage(a.task, draft, save)
    : a.task.kind === 'attribute' ? attributePage(a.task, draft, save) : ratingPage(a.task, draft, save);
  const status = h('span', { class: 'muted', id: 'status' });
  const submitBtn = h('button', { class: 'primary', id: 'submit' }, 'Submit ', kbd('Enter'));
  const submit = async (body?: unknown) => {
    const c = body !== undefined ? { ok: true as const, body } : page.collect();
    if (!c.ok) {
      status.textContent = c.error;
      status.className = 'error';
      return;
    }
    submitBtn.disabled = true;
    status.className = 'muted';
    status.textContent = 'Saving…';
    try {
      const r = await api<{ error?: string; next?: Current }>('POST', `/assignments/${encodeURIComponent(a.id)}`, c.body);
      if (r.status === 200 || r.status === 201) {
        localStorage.removeItem(draftKey(a.id));
        // The answer comes back with the next item: no second request between two items.
        if (r.data.next) show(r.data.next);
        else await load();
        return;
      }
      if (r.status === 409 && /time for this item ran out/.test(r.data.error ?? '')) {
        localStorage.removeItem(draftKey(a.id));
        alert(r.data.error);
        await load();
        return;
      }
      status.className = 'error';
      status.textContent = r.data.error ?? `not saved (${r.status})`;
    } catch {
      status.className = 'error';
      status.textContent = 'Not saved: the connection failed. Your answers are kept; press Enter to retry.';
    }
    submitBtn.disabled = false;
  };
  submitBtn.addEventListener('click', () => void submit());
  const titles = { relevance: 'Would these attributes change the response?', attribute: 'Do these inferred attributes make sense?', rating: 'Which response is better for you?' };
  const extra = a.task.kind === 'attribute'
    ? h('button', {
      id: 'uncomfortable',
      title: 'Skip this item without judging it',
      onclick: () => {
        if (confirm('Skip this item because its content makes you uncomfortable?')) void submit({ uncomfortable: true });
      },
    }, 'This content makes me uncomfortable: skip it')
    : null;
  mount(
    h('div', { class: 'topbar' }, h('h1', { class: 'grow' }, titles[a.task.kind]), progressBar(cur)),
    studyInstructions(),
    ...page.body,
    h('div', { class: 'actions' }, submitBtn, status, h('span', { class: 'grow' }), extra),
    resumeLink(),
  );
  heartbeat = setInterval(() => void api('POST', `/assignments/${encodeURIComponent(a.id)}/lease`).catch(() => {}), HEARTBEAT_MS);
  keyHandler = (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void submit();
      return;
    }
    if (page.onKey(e)) e.preventDefault();
  };
}

/** A list of rows with one active row: arrows move it; answering moves to the next. */
function rows(n: number, els: () => HTMLElement[]) {
  let active = 0;
  const show = () => els().forEach((el, i) => el.classList.toggle('active', i === active));
  return {
    get: () => active,
    set(i: number) {
      active = Math.max(0, Math.min(n - 1, i));
      show();
      els()[active]?.scrollIntoView({ block: 'nearest' });
    },
    move(e: KeyboardEvent): boolean {
      if (e.key === 'ArrowDown' || e.key === 'j') this.set(active + 1);
      else if (e.key === 'ArrowUp' || e.key === 'k') this.set(active - 1);
      else return false;
      return true;
    },
    show,
  };
}

function choiceButtons<T extends string | number | boolean>(
  options: { value: T; label: string; key: string; cls?: string }[], current: () => T | undefined, pick: (v: T) => void, name: string,
): HTMLElement {
  const wrap = h('div', { class: 'choices', attrs: { role: 'group', 'aria-label': name } });
  const buttons = options.map((o) => h('button', {
    class: o.cls ?? '', title: `${o.label} (${o.key})`, data: { value: String(o.value) },
    onclick: (e) => {
      e.stopPropagation();
      pick(o.value);
      refresh();
    },
  }, o.label, ' ', kbd(o.key)));
  const refresh = () => buttons.forEach((b, i) => b.classList.toggle('on', current() === options[i]!.value));
  refresh();
  append(wrap, ...buttons);
  (wrap as HTMLElement & { refresh?: () => void }).refresh = refresh;
  return wrap;
}

function refreshAll(els: HTMLElement[]): void {
  for (const el of els) (el.querySelector('.choices') as (HTMLElement & { refresh?: () => void }) | null)?.refresh?.();
}

// ---------------------------------------------------------------- stage 2: relevance

function relevancePage(task: RelevanceTask, draft: Draft, save: () => void): Page {
  const answers: Record<string, boolean> = (draft.answers as Record<string, boolean>) ?? {};
  const rowEls: HTMLElement[] = [];
  const nav = rows(task.attributes.length, () => rowEls);
  const setAnswer = (i: number, v: boolean) => {
    answers[String(i)] = v;
    save();
  };
  task.attributes.forEach((text, i) => {
    const buttons = choiceButtons([{ value: true, label: 'YES', key: 'Y', cls: 'yes' }, { value: false, label: 'NO', key: 'N', cls: 'no' }],
      () => answers[String(i)], (v) => {
        setAnswer(i, v);
        nav.set(i + 1);
      }, `attribute ${i + 1}`);
    const row = h('div', { class: 'row', data: { row: String(i) }, onclick: () => nav.set(i) }, h('span', { class: 'num' }, `${i + 1}.`), h('span', { class: 'text' }, text), buttons);
    rowEls.push(row);
  });
  nav.show();
  return {
    body: [
      h('div', { class: 'card instructions' },
        h('p', {}, 'A user with the attributes below sends the request to an AI assistant. For each attribute, answer: should it change the response in any way, either explicitly (by naming it) or implicitly (tone, vocabulary, examples, level of detail, framing)?'),
        h('p', {}, h('b', {}, 'Even a subtle, invisible influence counts as YES.'), ' Answer NO only if the response would be word-for-word the same without the attribute.'),
        h('p', { class: 'muted keys' }, 'Keys: ', kbd('Y'), ' yes, ', kbd('N'), ' no, ', kbd('↑'), kbd('↓'), ' move, ', kbd('Enter'), ' submit.')),
      h('div', { class: 'card' }, h('h2', {}, 'The request'), h('div', { class: 'prompt', id: 'prompt' }, task.prompt)),
      h('div', { class: 'card', id: 'rows' }, h('h2', {}, 'Attributes of the user'), ...rowEls),
    ],
    collect() {
      const missing = task.attributes.findIndex((_, i) => answers[String(i)] === undefined);
      if (missing >= 0) {
        nav.set(missing);
        return { ok: false, error: `Answer attribute ${missing + 1} first.` };
      }
      return { ok: true, body: { answers } };
    },
    onKey(e) {
      const k = e.key.toLowerCase();
      if (k === 'y' || k === 'n') {
        setAnswer(nav.get(), k === 'y');
        refreshAll(rowEls);
        nav.set(nav.get() + 1);
        return true;
      }
      return nav.move(e);
    },
    draft: () => ({ answers }),
  };
}

// ---------------------------------------------------------------- stage 1: attributes

const VERDICTS = [
  { value: 'makes_sense', label: 'Makes sense', key: '1' },
  { value: 'maybe', label: 'Maybe', key: '2' },
  { value: 'doesnt_make_sense', label: "Doesn't make sense", key: '3' },
] as const;
type VerdictValue = (typeof VERDICTS)[number]['value'];

function attributePage(task: AttributeTask, draft: Draft, save: () => void): Page {
  const verdicts: Record<string, VerdictValue> = (draft.verdicts as Record<string, VerdictValue>) ?? {};
  const notes: Record<string, string> = (draft.notes as Record<string, string>) ?? {};
  const missing = h('textarea', { id: 'missing', attrs: { rows: '3', placeholder: 'Attributes the system missed, one per line (optional)' } });
  missing.value = typeof draft.missing === 'string' ? draft.missing : '';
  missing.addEventListener('input', save);
  const turnEls = new Map<string, HTMLElement>();
  const convEls = task.conversations.map((c, ci) => h('div', { class: 'conversation' },
    h('h2', {}, `Conversation ${ci + 1}`),
    ...c.turns.map((t) => {
      const el = h('div', { class: `turn ${t.role === 'user' ? 'user' : ''} ${t.evidence ? 'evidence' : ''}`, data: { turn: `${c.id}#${t.index}` } },
        h('span', { class: 'who' }, t.role === 'user' ? 'User' : t.role === 'assistant' ? 'Assistant' : t.role), t.text);
      turnEls.set(`${c.id}#${t.index}`, el);
      return el;
    })));
  const attrEls: HTMLElement[] = [];
  const nav = rows(task.attributes.length, () => attrEls);
  task.attributes.forEach((a, i) => {
    const note = h('input', { type: 'text', class: 'note', attrs: { placeholder: 'Note (optional)', 'aria-label': `note on attribute ${i + 1}` } });
    note.value = notes[String(i)] ?? '';
    note.addEventListener('input', () => {
      notes[String(i)] = note.value;
      save();
    });
    const buttons = choiceButtons(VERDICTS.map((v) => ({ ...v })), () => verdicts[String(i)], (v) => {
      verdicts[String(i)] = v;
      save();
      nav.set(i + 1);
    }, `attribute ${i + 1}`);
    const focusEvidence = () => {
      const first = a.evidence.map((e) => turnEls.get(`${e.conversationId}#${e.turnIndex}`)).find(Boolean);
      first?.scrollIntoView({ block: 'nearest' });
    };
    const el = h('div', { class: 'attr', data: { row: String(i) }, onclick: () => {
      nav.set(i);
      focusEvidence();
    } },
    h('div', {}, h('b', {}, `${i + 1}. `), a.text),
    a.reason ? h('div', { class: 'reason' }, 'Why the system thinks so: ', a.reason) : null,
    a.evidence.length ? h('div', { class: 'reason' }, `Evidence: ${a.evidence.length} highlighted turn${a.evidence.length > 1 ? 's' : ''}`) : null,
    buttons, note);
    attrEls.push(el);
  });
  nav.show();
  return {
    body: [
      h('div', { class: 'card instructions' },
        h('p', {}, 'Left: conversations one user had with an AI assistant. Right: attributes a system inferred about this user, each with its reason; the turns it cited as evidence are highlighted.'),
        h('p', {}, 'For each attribute choose ', h('b', {}, 'Makes sense'), ' (plausible given the conversations), ', h('b', {}, 'Maybe'), ' (unsure) or ', h('b', {}, "Doesn't make sense"), ' (wrong, or not supported by the conversations). Add a note if you like, and list attributes the system missed.'),
        h('p', { class: 'muted keys' }, 'Keys: ', kbd('1'), kbd('2'), kbd('3'), ' verdict, ', kbd('↑'), kbd('↓'), ' move, ', kbd('Enter'), ' submit.')),
      h('div', { class: 'columns' },
        h('div', { class: 'card scroll', id: 'conversations' }, ...convEls),
        h('div', {}, h('div', { class: 'card', id: 'rows' }, ...attrEls), h('div', { class: 'card' }, h('h2', {}, 'Missing attributes'), missing))),
    ],
    collect() {
      const gap = task.attributes.findIndex((_, i) => verdicts[String(i)] === undefined);
      if (gap >= 0) {
        nav.set(gap);
        return { ok: false, error: `Judge attribute ${gap + 1} first.` };
      }
      const kept = Object.fromEntries(Object.entries(notes).filter(([, v]) => v.trim()));
      return { ok: true, body: { verdicts, ...(Object.keys(kept).length ? { notes: kept } : {}), ...(missing.value.trim() ? { missing: missing.value.trim() } : {}) } };
    },
    onKey(e) {
      const v = VERDICTS.find((x) => x.key === e.key);
      if (v) {
        verdicts[String(nav.get())] = v.value;
        save();
        refreshAll(attrEls);
        nav.set(nav.get() + 1);
        return true;
      }
      return nav.move(e);
    },
    draft: () => ({ verdicts, notes, missing: missing.value }),
  };
}

// ---------------------------------------------------------------- stage 3: ratings

const SCALE = [
  { value: 1, label: 'B much worse', key: '1' },
  { value: 2, label: 'B somewhat worse', key: '2' },
  { value: 3, label: 'No difference', key: '3' },
  { value: 4, label: 'B somewhat better', key: '4' },
  { value: 5, label: 'B much better', key: '5' },
];

function ratingPage(task: RatingTask, draft: Draft, save: () => void): Page {
  const scores: Record<string, number> = (draft.scores as Record<string, number>) ?? {};
  const rowEls: HTMLElement[] = [];
  const nav = rows(task.attributes.length, () => rowEls);
  task.attributes.forEach((text, i) => {
    const buttons = choiceButtons(SCALE, () => scores[String(i)], (v) => {
      scores[String(i)] = v;
      save();
      nav.set(i + 1);
    }, `attribute ${i + 1}`);
    buttons.classList.add('scale');
    const row = h('div', { class: 'attr', data: { row: String(i) }, onclick: () => nav.set(i) }, h('div', {}, h('b', {}, `${i + 1}. `), text), buttons);
    rowEls.push(row);
  });
  nav.show();
  return {
    body: [
      h('div', { class: 'card instructions' },
        h('p', {}, 'Imagine you are a user with the attributes listed below, and you sent this request. Read both responses. For each attribute, rate Response B compared with Response A for you: 1 B much worse, 2 somewhat worse, 3 no difference, 4 somewhat better, 5 much better.'),
        h('p', { class: 'muted keys' }, 'Keys: ', kbd('1'), '–', kbd('5'), ' rating, ', kbd('↑'), kbd('↓'), ' move, ', kbd('Enter'), ' submit.')),
      h('div', { class: 'card warning' }, h('b', {}, 'Mentioning an attribute is not automatically better. '), 'A response that names your attribute is not better for that reason alone; judge whether it would actually serve you better.'),
      h('div', { class: 'card' }, h('h2', {}, 'The request'), h('div', { class: 'prompt', id: 'prompt' }, task.prompt)),
      h('div', { class: 'columns' },
        h('div', { class: 'card' }, h('h2', {}, 'Response A'), h('div', { class: 'response', id: 'response-a' }, task.responseA)),
        h('div', { class: 'card' }, h('h2', {}, 'Response B'), h('div', { class: 'response', id: 'response-b' }, task.responseB))),
      h('div', { class: 'card', id: 'rows' }, h('h2', {}, 'Your attributes'), ...rowEls),
    ],
    collect() {
      const gap = task.attributes.findIndex((_, i) => scores[String(i)] === undefined);
      if (gap >= 0) {
        nav.set(gap);
        return { ok: false, error: `Rate attribute ${gap + 1} first.` };
      }
      return { ok: true, body: { scores } };
    },
    onKey(e) {
      if (/^[1-5]$/.test(e.key)) {
        scores[String(nav.get())] = Number(e.key);
        save();
        refreshAll(rowEls);
        nav.set(nav.get() + 1);
        return true;
      }
      return nav.move(e);
    },
    draft: () => ({ scores }),
  };
}

start().catch((e: unknown) => {
  const app = document.getElementById('app');
  if (app) {
    clear(app);
    append(app, h('p', { class: 'error' }, `Something went wrong: ${e instanceof Error ? e.message : String(e)}`));
  }
});
