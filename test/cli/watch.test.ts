import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tempProject, WARREN_BIN, writeContract } from './support/run-warren.js';
import { SHOP_PROTO } from './support/sample-contracts.js';

/** Collects a child's output and waits for lines matching a pattern. */
class Output {
  text = '';
  #waiters: { pattern: RegExp; from: number; resolve: () => void }[] = [];
  constructor(child: ChildProcessWithoutNullStreams) {
    const add = (d: Buffer) => {
      this.text += d.toString();
      this.#waiters = this.#waiters.filter((w) => (w.pattern.test(this.text.slice(w.from)) ? (w.resolve(), false) : true));
    };
    child.stdout.on('data', add);
    child.stderr.on('data', add);
  }
  /** Resolves when `pattern` appears in output written after this call. */
  next(pattern: RegExp, timeoutMs = 30_000): Promise<void> {
    const from = this.text.length;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${this.text}`)), timeoutMs);
      this.#waiters.push({ pattern, from, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }
}

describe('warren codegen --watch', () => {
  let project: { dir: string; remove(): void };
  let child: ChildProcessWithoutNullStreams;
  let out: Output;

  before(async () => {
    project = tempProject({ 'shop.proto': SHOP_PROTO });
    child = spawn(process.execPath, [WARREN_BIN, 'codegen', '--watch'], { cwd: project.dir });
    out = new Output(child);
    await out.next(/watching contracts for changes/);
  });
  after(() => {
    child.kill('SIGKILL');
    project.remove();
  });

  it('generates at start', () => {
    assert.match(out.text, /generated 1 service, 2 methods/);
    assert.match(readFileSync(path.join(project.dir, 'generated/shop.ts'), 'utf8'), /placeOrder/);
  });

  it('regenerates when a contract is saved', async () => {
    const regenerated = out.next(/updated generated\/shop\.ts/);
    writeContract(project.dir, 'shop.proto', SHOP_PROTO.replace('rpc GetStatus', 'rpc CancelOrder(StatusRequest) returns (StatusReply);\n  rpc GetStatus'));
    await regenerated;
    assert.match(readFileSync(path.join(project.dir, 'generated/shop.ts'), 'utf8'), /cancelOrder/);
  });

  it('prints contract errors and keeps watching', async () => {
    const failed = out.next(/problem\(s\) in the contracts:\n.*shop\.proto:\d+:\d+/);
    writeContract(project.dir, 'shop.proto', SHOP_PROTO.replace('string customer_id = 1;', 'strin customer_id = 1;'));
    await failed;
    assert.equal(child.exitCode, null, 'still running');

    const fixed = out.next(/updated generated\/shop\.ts/);
    writeContract(project.dir, 'shop.proto', SHOP_PROTO);
    await fixed;
    assert.doesNotMatch(readFileSync(path.join(project.dir, 'generated/shop.ts'), 'utf8'), /cancelOrder/);
  });

  it('stops with exit 0 on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.match(out.text, /stopped watching/);
  });
});
