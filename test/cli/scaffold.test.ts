import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO, runWarren, tempProject, writeContract } from './support/run-warren.js';
import { SHOP_PROTO } from './support/sample-contracts.js';

/** Runs the repo's pinned tsc over the temp project; returns its exit status and output. */
function tsc(dir: string): { status: number | null; output: string } {
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ extends: path.join(REPO, 'tsconfig.base.json'), compilerOptions: { noEmit: true }, include: ['src', 'generated'] }),
  );
  const r = spawnSync(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], {
    cwd: dir,
    encoding: 'utf8',
  });
  return { status: r.status, output: r.stdout + r.stderr };
}

describe('warren scaffold', () => {
  let project: { dir: string; remove(): void };
  const file = () => path.join(project.dir, 'src/shop-service.ts');

  before(async () => {
    project = tempProject({ 'shop.proto': SHOP_PROTO });
    assert.equal((await runWarren(['codegen'], { cwd: project.dir })).code, 0);
  });
  after(() => project.remove());

  it('writes a handler per method that throws UNIMPLEMENTED, and the serve/SIGTERM wiring', async () => {
    const { code, stdout } = await runWarren(['scaffold', 'Shop'], { cwd: project.dir });
    assert.equal(code, 0);
    assert.match(stdout, /wrote src\/shop-service\.ts: 2 handler\(s\) for shop\.v1\.Shop/);
    const source = readFileSync(file(), 'utf8');
    assert.match(source, /export const shopHandlers: ShopHandlers = \{/);
    assert.match(source, /async placeOrder\(request, context\) \{\n\s+throw new RpcError\('UNIMPLEMENTED', 'shop\.v1\.Shop\.PlaceOrder is not implemented yet'\)/);
    assert.match(source, /async getStatus\(request, context\)/);
    assert.match(source, /from '\.\.\/generated\/shop\.js'/);
    assert.match(source, /process\.once\('SIGTERM'/);
    assert.match(source, /await server\.close\(\)/);
  });

  it('compiles, and fails to compile naming the method the contract gains later', async () => {
    const clean = tsc(project.dir);
    assert.equal(clean.status, 0, clean.output);

    writeContract(project.dir, 'shop.proto', SHOP_PROTO.replace('rpc GetStatus', 'rpc RefundOrder(StatusRequest) returns (StatusReply);\n  rpc GetStatus'));
    assert.equal((await runWarren(['codegen'], { cwd: project.dir })).code, 0);
    const broken = tsc(project.dir);
    assert.notEqual(broken.status, 0);
    assert.match(broken.output, /src\/shop-service\.ts\(\d+,\d+\): error TS2741: Property 'refundOrder' is missing .* 'ShopHandlers'/);
  });

  it('never overwrites an existing file', async () => {
    writeFileSync(file(), '// my handlers\n');
    const { code, stderr } = await runWarren(['scaffold', 'shop.v1.Shop'], { cwd: project.dir });
    assert.equal(code, 1);
    assert.match(stderr, /src\/shop-service\.ts exists; warren scaffold never overwrites a file/);
    assert.equal(readFileSync(file(), 'utf8'), '// my handlers\n');
  });

  it('writes where --out says, with the import path adjusted', async () => {
    const { code } = await runWarren(['scaffold', 'Shop', '--out', 'services/shop/main.ts'], { cwd: project.dir });
    assert.equal(code, 0);
    assert.match(readFileSync(path.join(project.dir, 'services/shop/main.ts'), 'utf8'), /from '\.\.\/\.\.\/generated\/shop\.js'/);
  });

  it('refuses to write inside generated/', async () => {
    const { code, stderr } = await runWarren(['scaffold', 'Shop', '--out', 'generated/shop-service.ts'], { cwd: project.dir });
    assert.equal(code, 1);
    assert.match(stderr, /refusing to write generated\/shop-service\.ts inside generated/);
  });

  it('names the services there are when the name is unknown', async () => {
    const { code, stderr } = await runWarren(['scaffold', 'Shopp'], { cwd: project.dir });
    assert.equal(code, 1);
    assert.match(stderr, /no service "Shopp" in the contracts\nExpected one of: shop\.v1\.Shop/);
  });

  it('writes an async generator for a server-streaming method, and it compiles', async () => {
    const streaming = tempProject({ 'shop.proto': SHOP_PROTO.replace('rpc GetStatus(StatusRequest) returns (StatusReply)', 'rpc GetStatus(StatusRequest) returns (stream StatusReply)') });
    try {
      assert.equal((await runWarren(['codegen'], { cwd: streaming.dir })).code, 0);
      assert.equal((await runWarren(['scaffold', 'Shop'], { cwd: streaming.dir })).code, 0);
      const source = readFileSync(path.join(streaming.dir, 'src/shop-service.ts'), 'utf8');
      assert.match(source, /GetStatus\(StatusRequest\) returns \(stream StatusReply\)/);
      assert.match(source, /async \*getStatus\(request, context\) \{\n\s+throw new RpcError\('UNIMPLEMENTED'/);
      assert.match(source, /async placeOrder\(request, context\)/);
      const compiled = tsc(streaming.dir);
      assert.equal(compiled.status, 0, compiled.output);
    } finally {
      streaming.remove();
    }
  });
});
