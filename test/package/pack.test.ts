/**
 * The package as an outsider gets it: `npm pack`, the tarball installed into an empty ESM project, then
 * plain `node` runs the README's library example, a strict `tsc` consumer type-checks against the shipped
 * .d.ts files, and the installed `attune` CLI starts, prints its version and stops a studio on SIGTERM.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../support/shared.js';
import { REPLICATION } from '../support/tier.js';
import { tempDir } from '../support/tmp.js';

const dir = tempDir('attune-pack-');
const consumer = path.join(dir, 'consumer');
const version = (JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
const npm = (cwd: string, ...args: string[]) => execFileSync('npm', [...args, '--no-audit', '--no-fund'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
/** Runs a command in the consumer project; a failure throws with what it printed (tsc reports on stdout). */
const run = (cmd: string, args: string[]) => {
  try {
    return execFileSync(cmd, args, { cwd: consumer, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    throw new Error(`${path.basename(args[0] ?? cmd)} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
};


describe('the packed package in an empty project', REPLICATION, () => {
  beforeAll(() => {
    // npm pack runs `prepare`, which builds dist/ from the sources as they are now.
    const out = npm(projectRoot, 'pack', '--pack-destination', dir, '--json');
    const tarball = path.join(dir, (JSON.parse(out.slice(out.indexOf('['))) as { filename: string }[])[0]!.filename);
    fs.mkdirSync(consumer);
    fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    npm(consumer, 'install', '--prefer-offline', tarball, 'ai@6', 'typescript@5.9', '@types/node@20', '@types/json-schema@7');
  }, 900_000);

  it("runs the README's library example with plain node: extract, select, generate", () => {
    const example = fs.readFileSync(path.join(projectRoot, 'examples', 'library', 'quickstart.mjs'), 'utf8');
    expect(fs.readFileSync(path.join(projectRoot, 'README.md'), 'utf8')).toContain(example.trim());
    fs.writeFileSync(path.join(consumer, 'quickstart.mjs'), example);
    const out = run(process.execPath, ['quickstart.mjs']);
    expect(out).toContain("remembered: [ 'The user is a vegetarian', 'The user lives in Lisbon' ]");
    expect(out).toContain(`"What should I cook tonight?" uses: [ 'The user is a vegetarian' ]`);
    expect(out).toContain(`"Plan a weekend trip for me" uses: [ 'The user lives in Lisbon' ]`);
    expect(out).toContain('(personalized answer) [personalized]');
  });

  it('type-checks a strict TypeScript consumer against the shipped declarations', () => {
    fs.writeFileSync(path.join(consumer, 'check.ts'), `
import { extractAttributes, selectAttributes, generateResponse, judgeResponses, mergeAttributes, verifyAttributes, type Llm, type SelectAttributesResult } from 'attune';
import { openStore } from 'attune/store';
import { StudioStore, type SubmitResult } from 'attune/studio';
import { startTestLlmServer } from 'attune/testing';
import { chooseThreshold } from 'attune/learn';
import { MockLanguageModelV3 } from 'ai/test';

const model = new MockLanguageModelV3();
const { attributes } = await extractAttributes({ userId: 'u1', messages: [{ role: 'user', content: 'I am a nurse.' }] });
const merged = await mergeAttributes({ attributes });
const sel: SelectAttributesResult = await selectAttributes({ prompt: 'A workout?', attributes: merged.attributes });
const r = await generateResponse({ model, prompt: 'A workout?', attributes: sel.attributes });
const text: string = r.text;
// @ts-expect-error: a verb takes one options object
await selectAttributes('A workout?', attributes);
export const llm: Llm | undefined = undefined;
export const submitted = async (studio: StudioStore): Promise<SubmitResult> => studio.submit((await studio.listAnnotators('s'))[0]!, 'a', { answers: {} }, 'done', { next: true });
export { openStore, startTestLlmServer, chooseThreshold, judgeResponses, verifyAttributes, text };
`);
    fs.writeFileSync(path.join(consumer, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: ['node'] },
      include: ['check.ts'],
    }));
    run(process.execPath, [path.join(consumer, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']); // throws with tsc's report
  });

  it('installs a working attune CLI: --version, --help', () => {
    const bin = path.join(consumer, 'node_modules', '.bin', 'attune');
    expect(run(bin, ['--version']).trim()).toBe(version);
    const help = run(bin, ['--help']);
    for (const c of ['demo', 'extract', 'eval', 'train', 'studio']) expect(help).toContain(c);
  });

  it('stops `attune studio` on SIGTERM: exit 0 and the port freed', async () => {
    const bin = path.join(consumer, 'node_modules', '.bin', 'attune');
    const demo = path.join(consumer, 'node_modules', 'attune', 'examples', 'demo');
    const child = spawn(bin, ['studio', '--data', demo, '--kind', 'relevance', '--port', '0', '--store', path.join(dir, 'studio.sqlite'), '--admin-secret', 'a-secret-of-enough-length'], { cwd: consumer, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /annotator URL: http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', (code) => reject(new Error(`studio exited (${code}) before serving: ${out}`)));
    });
    expect(await listening(port)).toBe(true);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const t0 = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    console.log(`studio stopped ${Date.now() - t0} ms after SIGTERM`);
    expect(await listening(port)).toBe(false);
  });
});

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}
