import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ContractErrors, parseContracts, type MethodDecl } from '../src/index.js';
import { GOLDEN_DIR } from './golden-cases.js';

// Server streaming in the IR: both contract kinds give the same method kinds; the emitters are
// covered by the golden cases proto-streaming and ts-streaming, client and bidi streaming by
// proto-errors.test.ts.

const methods = (name: string): MethodDecl[] =>
  parseContracts({ contractsDir: path.join(GOLDEN_DIR, name, 'contracts') }).files.flatMap((f) => f.services.flatMap((s) => s.methods));

const summary = (ms: MethodDecl[]) =>
  ms.map((m) => ({ name: m.name, kind: m.kind, request: m.request, response: m.response, timeoutMs: m.timeoutMs }));

describe('server-streaming methods', () => {
  it('proto: `returns (stream T)` is kind serverStream, a plain return unary', () => {
    assert.deepEqual(summary(methods('proto-streaming')), [
      { name: 'Quote', kind: 'unary', request: { kind: 'message', name: 'golden.streaming.QuoteRequest' }, response: { kind: 'message', name: 'golden.streaming.Tick' }, timeoutMs: undefined },
      { name: 'Watch', kind: 'serverStream', request: { kind: 'message', name: 'golden.streaming.QuoteRequest' }, response: { kind: 'message', name: 'golden.streaming.Tick' }, timeoutMs: 60000 },
    ]);
  });

  it('TS: `AsyncIterable<T>` is kind serverStream, `Promise<T>` unary', () => {
    const ms = methods('ts-streaming');
    assert.deepEqual(
      ms.map((m) => ({ name: m.name, kind: m.kind, timeoutMs: m.timeoutMs })),
      [
        { name: 'quote', kind: 'unary', timeoutMs: undefined },
        { name: 'watch', kind: 'serverStream', timeoutMs: 60000 },
      ],
    );
    assert.deepEqual(ms[1]!.response, ms[0]!.response);
  });

  it('every method of the other golden cases is unary', () => {
    for (const name of ['proto-services', 'ts-jsdoc-tags', 'calculator']) {
      for (const m of methods(name)) assert.equal(m.kind, 'unary', `${name}: ${m.fullName}`);
    }
  });

  it('TS: other iterables are not a stream: rejected at the return type, as before', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'warren-ts-stream-'));
    try {
      const lines = ['export interface Req { id: string }', 'export interface FeedService {', '  sync(request: Req): Iterable<Req>;', '  gen(request: Req): AsyncGenerator<Req>;', '}', ''];
      writeFileSync(path.join(dir, 'feed.ts'), lines.join('\n'));
      const messages = (() => {
        try {
          parseContracts({ contractsDir: dir });
        } catch (err) {
          assert.ok(err instanceof ContractErrors, String(err));
          return err.errors.map((e) => e.message);
        }
        return [];
      })();
      assert.deepEqual(messages.map((m) => m.replace(/: method.*/, '')), ['feed.ts:3:23', 'feed.ts:4:22']);
      for (const m of messages) assert.match(m, /must return a Promise of its reply: write `\w+\(request: \w+Request\): Promise<\w+Reply>;`/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
