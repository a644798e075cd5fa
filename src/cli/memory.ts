import { AttuneError } from '../model/errors.js';
import fs from 'node:fs';
import type { Command } from 'commander';
import { DataError } from '../data/errors.js';
// The memory's modules one by one, not memory/index.js: that also exports the AI SDK tools, which would load the AI SDK.
import { createAttune, type Attune, type AttuneOptions, type RememberResult } from '../memory/attune.js';
import { correctionLabels, writeCorrectionLabels } from '../memory/labels.js';
import { readRememberFile } from '../memory/remember-file.js';
import { renderTable } from '../report/table.js';
import { EMBEDDER_GRAMMAR } from '../embed/resolve.js';
import { defaultStoreUrl, openStore } from '../store/open.js';
import { existingFile, existingStore, firstRunNotice } from './stores.js';
import { terminalText } from './terminal-text.js';

interface Common {
  store?: string;
  user: string;
  tenant?: string;
  selector?: string;
  embedder?: string;
  model?: string;
  json?: boolean;
}

/** The memory the flags name; `read` commands refuse a store that does not exist (remember creates it). */
function attuneFor(o: Common, read: boolean): Attune {
  const opts: AttuneOptions = { store: read ? existingStore(o.store) : (o.store ?? defaultStoreUrl()), ...(o.tenant ? { tenant: o.tenant } : {}), ...(o.selector ? { selector: o.selector } : {}), ...(o.embedder ? { embedder: o.embedder } : {}), ...(o.model ? { model: o.model } : {}) };
  return createAttune(opts);
}

async function withAttune<T>(o: Common, fn: (a: Attune) => Promise<T>, read = true): Promise<T> {
  const attune = attuneFor(o, read);
  firstRunNotice();
  try {
    return await fn(attune);
  } finally {
    await attune.close();
  }
}

const common = (c: Command): Command =>
  c
    .requiredOption('--user <id>', 'user id')
    .option('--store <url>', 'SQLite file or postgres:// URL (default $ATTUNE_STORE or .attune/attune.sqlite)')
    .option('--tenant <id>', "tenant (default 'default')")
    .option('--embedder <name>', `${EMBEDDER_GRAMMAR.join(' | ')} (default use-lite; static is much faster and rougher: docs/speed.md)`)
    .option('--json', 'print JSON');

export function registerMemory(program: Command): void {
  const memory = program.command('memory').description('the runtime personalization memory: remember, profile, select, correct, forget');

  common(memory.command('remember').description('remember conversations: messages as JSON or JSONL from a file or stdin'))
    .option('--file <path>', 'messages file (default: stdin)')
    .option('--conversation-id <id>', 'conversation id (default: a content hash)')
    .action(async (o: Common & { file?: string; conversationId?: string }) => {
      const file = o.file ?? '(stdin)';
      const text = fs.readFileSync(o.file !== undefined ? existingFile(o.file, '--file') : 0, 'utf8');
      const { inputs } = readRememberFile({ text, file, userId: o.user, ...(o.conversationId !== undefined ? { conversationId: o.conversationId } : {}) });
      const results = await withAttune(o, async (attune) => {
        const out: RememberResult[] = [];
        for (const [i, input] of inputs.entries()) {
          try {
            out.push(await attune.remember(input));
          } catch (e) {
            // Checked above, so an input error here is the store's (a conversation id remembered before with other content).
            const where = `${file} (conversation ${i + 1} of ${inputs.length}; ${i} remembered before it)`;
            if (AttuneError.isInputError(e)) throw new DataError(where, undefined, undefined, (e as Error).message);
            throw new Error(`${where}: ${(e as Error).message}`, { cause: e });
          }
        }
        return out;
      }, false);
      if (o.json) return console.log(JSON.stringify(results, null, 2));
      for (const r of results) {
        console.log(`${terminalText(r.conversationId)}: ${r.alreadyRemembered ? 'already remembered, nothing changed' : `${r.changes.length} change(s)`}`);
        for (const c of r.changes) console.log(`  ${c.kind.padEnd(10)} ${terminalText(c.text)} (${c.confidence})`);
        for (const d of r.dropped) console.log(`  dropped    ${terminalText(d.text)}: ${terminalText(d.reason)}`);
      }
    });

  common(memory.command('profile').description("a user's attributes with confidence, evidence and history")).action(async (o: Common) => {
    const p = await withAttune(o, (a) => a.profile({ userId: o.user }));
    if (o.json) return console.log(JSON.stringify(p, null, 2));
    if (!p.attributes.length) return console.log(`no attributes remembered for ${o.user}`);
    console.log(renderTable(['id', 'attribute', 'confidence', 'status', 'evidence', 'history'], p.attributes.map((a) => [
      a.id, `${terminalText(a.text)}${a.sensitive ? ` [${a.sensitive}]` : ''}`, a.confidence.toFixed(2), `${a.status}${a.confirmed ? ', confirmed' : ''}`,
      a.evidence.map((e) => `${terminalText(e.conversationId)}#${e.turnIndex}`).join(' '), a.history.map((h) => h.kind).join(', '),
    ])));
  });

  common(memory.command('select').description('which attributes the selector picks for a prompt, with scores'))
    .requiredOption('--prompt <text>', 'the request')
    .option('--selector <spec>', "default (label-free), embedding, mem0, bm25, llm-batch (LLM-assisted, on --model), llm-batch:<provider/model>, or a model file from 'attune train select' (an offline+llm one needs --model)")
    .option('--model <provider/model>', "the model 'llm-batch' and offline+llm model files ask (providers: environment and ATTUNE_LLM_CONFIG)")
    .action(async (o: Common & { prompt: string }) => {
      const s = await withAttune(o, (a) => a.select({ userId: o.user, prompt: o.prompt }));
      if (o.json) return console.log(JSON.stringify(s, null, 2));
      console.log(`selector ${s.selector}${s.threshold !== undefined ? `, threshold ${s.threshold.toFixed(3)}` : ''}: ${s.attributes.length} of ${s.scores.length} selected${s.attributes.length ? '' : ' (answer generically)'}`);
      for (const x of [...s.scores].sort((a, b) => (b.score ?? 0) - (a.score ?? 0))) console.log(`  ${x.selected ? 'YES' : ' no'} ${x.score?.toFixed(3) ?? '  -  '} ${terminalText(x.text)}${x.why ? `  (${terminalText(x.why)})` : ''}`);
      if (s.withheld.length) console.log(`  withheld: ${s.withheld.length} (${[...new Set(s.withheld.map((w) => w.category ?? w.why))].join(', ')})`);
    });

  common(memory.command('correct').description("a person's verdict on an attribute: confirm, reject or edit"))
    .requiredOption('--attribute <id>', 'attribute id (as profile --json prints it)')
    .requiredOption('--action <action>', 'confirm | reject | edit')
    .option('--text <text>', 'the corrected text (edit)')
    .action(async (o: Common & { attribute: string; action: 'confirm' | 'reject' | 'edit'; text?: string }) => {
      const r = await withAttune(o, (a) => a.correct({ userId: o.user, attributeId: o.attribute, action: o.action, ...(o.text !== undefined ? { text: o.text } : {}) }));
      console.log(o.json ? JSON.stringify(r, null, 2) : `${r.attribute.id}: ${terminalText(r.attribute.text)} (${r.attribute.status}${r.attribute.confirmed ? ', confirmed' : ''})`);
    });

  common(memory.command('forget').description('hard-delete a user (or one attribute) and every row and cached vector derived from it'))
    .option('--attribute <id>', 'forget only this attribute')
    .action(async (o: Common & { attribute?: string }) => {
      const r = await withAttune(o, (a) => a.forget({ userId: o.user, ...(o.attribute ? { attributeId: o.attribute } : {}) }));
      if (o.json) return console.log(JSON.stringify(r, null, 2));
      const rows = Object.values(r.deleted).reduce((s, n) => s + n, 0);
      console.log(`forgot ${o.attribute ? `attribute ${o.attribute} of ` : ''}${o.user}: ${rows} rows, ${r.vectors} cached vectors`);
    });

  memory
    .command('export-labels')
    .description("people's corrections as acceptance labels that 'attune train verify --labels DIR' reads")
    .requiredOption('--out <dir>', 'folder to write (attribute_judgments.jsonl, profiles.jsonl, conversations.jsonl)')
    .option('--store <url>', 'SQLite file or postgres:// URL')
    .option('--tenant <id>', "tenant (default 'default')")
    .action(async (o: { out: string; store?: string; tenant?: string }) => {
      const store = await openStore(existingStore(o.store));
      try {
        const labels = await correctionLabels(store, o.tenant ? { tenant: o.tenant } : {});
        writeCorrectionLabels(o.out, labels);
        console.log(`${labels.attributeJudgments.length} labels on ${labels.profiles.length} users -> ${o.out}`);
      } finally {
        await store.close();
      }
    });
}
