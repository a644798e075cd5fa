/**
 * Long LLM runs from the CLI: `extract --extractor llm --skip-failed` records a conversation that fails for
 * good and goes on; `judge` with no parseable output exits non-zero and writes nothing.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLlmServer, type TestLlmServer } from '../../src/llm/testing/server.js';
import { projectRoot } from '../support/shared.js';
import { tempDir, writeDir } from '../support/tmp.js';
import { E2E } from '../support/tier.js';

const tmp = tempDir('attune-llm-runs-');
let server: TestLlmServer;

beforeAll(async () => {
  server = await startTestLlmServer({
    script: (r) => {
      if (r.lastUserText.includes('BREAKME') || r.lastUserText.includes('could not be used')) return 'this is not JSON';
      if (r.wantsJson) return { json: { attributes: [{ text: 'The user keeps bees.', reason: 'says so', confidence: 0.9, evidenceTurns: [0] }] } };
      return 'I would rather not say.'; // a judge reply with no score
    },
  });
});
afterAll(() => server.close());

function attune(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'attune.js'), ...args], {
      cwd: tmp,
      env: { ...process.env, ATTUNE_LLM_BASE_URL: server.baseURL, ATTUNE_LLM_CONFIG: '' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

const conv = (id: string, text: string) => JSON.stringify({ id, userId: `u-${id}`, turns: [{ index: 0, role: 'user', text }] });

describe('attune extract --extractor llm', E2E, () => {
  const data = writeDir(tmp, 'convs', {
    'dataset.json': { name: 'bees', provenance: 'illustrative' },
    'conversations.jsonl': [conv('c1', 'I keep bees on my roof.'), conv('c2', 'BREAKME please'), conv('c3', 'I keep bees too.')].join('\n') + '\n',
  });
  const args = ['extract', '--data', data, '--extractor', 'llm', '--model', 'local/m', '--llm-cache', 'off'];

  it('without --skip-failed one malformed reply stops the run and writes nothing', { timeout: 120_000 }, async () => {
    const out = path.join(tmp, 'stop.jsonl');
    const r = await attune(...args, '--out', out);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no valid JSON/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('with --skip-failed it records the failed conversation and keeps the others', { timeout: 120_000 }, async () => {
    const out = path.join(tmp, 'skip.jsonl');
    const r = await attune(...args, '--out', out, '--skip-failed');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/1 of 3 conversations FAILED/);
    const users = fs.readFileSync(out, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { userId: string }).userId);
    expect(users.sort()).toEqual(['u-c1', 'u-c3']);
    const failed = fs.readFileSync(`${out}.failed.jsonl`, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { conversationId: string; error: string });
    expect(failed.map((f) => f.conversationId)).toEqual(['c2']);
    expect(failed[0]!.error).toMatch(/no valid JSON/);
  });
});

describe('attune judge', E2E, () => {
  it('exits non-zero and writes nothing when no output gave a score', { timeout: 120_000 }, async () => {
    const ratings = path.join(projectRoot, 'examples', 'ratings');
    const out = path.join(tmp, 'ratings.jsonl');
    const r = await attune('judge', '--data', ratings, '--responses', path.join(ratings, 'response_pairs.jsonl'), '--model', 'local/m', '--llm-cache', 'off', '--out', out);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/no judge output gave a score/);
    expect(fs.existsSync(out)).toBe(false);
  });
});
