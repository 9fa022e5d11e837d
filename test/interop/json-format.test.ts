import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { generate } from '@warren/codegen';
import { DecodeError } from '@warren/runtime';
import type { MessageCodec } from '@warren/runtime/codegen';
import { Product } from '../../generated/shop/v1/catalog.js';
import { ContractMessageTypes } from '../../packages/cli/src/commands/call/contract-message-types.js';
import { PRODUCT_SAMPLES } from '../proto/product-samples.js';
import { PYTHON, protocPython, REPO, run } from '../proto/protoc-python.js';
import { ACCEPTED_INPUTS, everythingSamples, REFUSED_INPUTS, type Types } from './json-format/everything-samples.js';

// The arbiter of warren's ProtoJSON mapping: Python's google.protobuf.json_format (python3-protobuf)
// on protoc-generated classes of the same .proto files. Each message goes both ways: warren's
// JSON equals Python's MessageToJson of the same bytes, Python's Parse of warren's JSON gives
// the same message, and warren's fromJson of Python's JSON too. Run on the generated code and
// on the message types `warren call` builds from the contract at run time: one mapping.

const CONTRACTS = path.join(import.meta.dirname, 'json-format', 'contracts');
const PEER = path.join(import.meta.dirname, 'python', 'json_format_peer.py');

type Case = { type: string; binary: string } | { type: string; json: string };
interface Answer {
  json?: string;
  binary?: string;
  error?: string;
}
type Codec = MessageCodec<Record<string, unknown>>;

function askPython(pythonOut: string, module: string, cases: readonly Case[]): Answer[] {
  return JSON.parse(run(PYTHON, [PEER, pythonOut, module], JSON.stringify(cases))) as Answer[];
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/**
 * warren's JSON text for Python. Python's json module reads the number `-0` as the integer 0
 * (only `-0.0` stays a float), so the sign a double field's -0 carries would be lost before
 * json_format sees it; `-0.0` is the same JSON number, written the way Python keeps it.
 */
const forPython = (json: string) => json.replace(/(?<=[:[,])-0(?=[,\]}])/g, '-0.0');

/** Generates everything.proto's module into a temp project and imports it. */
async function generatedTypes(dir: string): Promise<Types & { Everything: Codec }> {
  symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
  for (const file of generate({ contractsDir: CONTRACTS }).files) {
    mkdirSync(path.dirname(path.join(dir, file.path)), { recursive: true });
    writeFileSync(path.join(dir, file.path), file.content);
  }
  return (await import(pathToFileURL(path.join(dir, 'everything.ts')).href)) as Types & { Everything: Codec };
}

/** The message types `warren call` builds from the contract's IR. */
function callTypes(): Types & { Everything: Codec } {
  const types = new ContractMessageTypes(generate({ contractsDir: CONTRACTS }).contracts);
  return { Everything: types.message('jsonfmt.v1.Everything'), Inner: types.message('jsonfmt.v1.Inner') } as never;
}

for (const impl of ['generated code', 'warren call (types from the IR)'] as const) {
  describe(`ProtoJSON of ${impl} equals Python's json_format`, () => {
    let compiled: { dir: string; cleanup: () => void };
    let generatedDir: string;
    let types: Types & { Everything: Codec };
    let samples: Record<string, Record<string, unknown>>;
    const answers = new Map<string, Answer>();

    before(async () => {
      generatedDir = mkdtempSync(path.join(tmpdir(), 'warren-jsonfmt-'));
      types = impl === 'generated code' ? await generatedTypes(generatedDir) : callTypes();
      samples = everythingSamples(types);
      compiled = protocPython(['everything.proto'], CONTRACTS);
      const { Everything } = types;
      const cases: [string, Case][] = [];
      for (const [name, m] of Object.entries(samples)) {
        cases.push([`${name}/bytes`, { type: 'Everything', binary: base64(Everything.toBinary(m)) }]);
        cases.push([`${name}/json`, { type: 'Everything', json: forPython(Everything.toJsonString(m)) }]);
      }
      for (const [name, json] of Object.entries({ ...ACCEPTED_INPUTS, ...REFUSED_INPUTS })) {
        cases.push([`input/${name}`, { type: 'Everything', json: JSON.stringify(json) }]);
      }
      const replies = askPython(compiled.dir, 'everything_pb2', cases.map(([, c]) => c));
      cases.forEach(([key], i) => answers.set(key, replies[i]!));
    });

    after(() => {
      compiled?.cleanup();
      rmSync(generatedDir, { recursive: true, force: true });
    });

    const answer = (key: string, what: 'json' | 'binary'): string => {
      const a = answers.get(key)!;
      assert.equal(a.error, undefined, `Python refused ${key}: ${a.error}`);
      return a[what]!;
    };

    for (const name of ['empty', 'full', 'presentDefaults', 'specialFloats', 'negativeZero', 'anyOfWellKnownTypes', 'oneofTimestamp', 'oneofText', 'durations', 'longDuration', 'unknownEnumNumbers']) {
      it(`${name}: warren writes the JSON Python writes, and each reads the other's`, () => {
        const { Everything } = types;
        const m = samples[name]!;
        const expected = Everything.fromBinary(Everything.toBinary(m));
        const ours = Everything.toJsonString(m);
        const pythons = answer(`${name}/bytes`, 'json');
        assert.deepStrictEqual(JSON.parse(ours), JSON.parse(pythons), `warren: ${ours}\npython: ${pythons}`);
        assert.deepStrictEqual(Everything.fromBinary(Buffer.from(answer(`${name}/json`, 'binary'), 'base64')), expected);
        assert.deepStrictEqual(Everything.fromJsonString(pythons), expected);
      });
    }

    for (const [name, json] of Object.entries(ACCEPTED_INPUTS)) {
      it(`reads ${name} as Python does: ${JSON.stringify(json)}`, () => {
        const { Everything } = types;
        const pythons = Everything.fromBinary(Buffer.from(answer(`input/${name}`, 'binary'), 'base64'));
        assert.deepStrictEqual(Everything.fromJson(json), pythons);
      });
    }

    for (const [name, json] of Object.entries(REFUSED_INPUTS)) {
      it(`refuses ${name} as Python does: ${JSON.stringify(json)}`, () => {
        assert.match(answers.get(`input/${name}`)!.error ?? 'accepted', /ParseError/);
        assert.throws(() => types.Everything.fromJson(json), DecodeError);
      });
    }
  });
}

describe("ProtoJSON of the shop's Product equals Python's json_format", () => {
  let compiled: { dir: string; cleanup: () => void };
  const answers = new Map<string, Answer>();

  before(() => {
    compiled = protocPython(['common/v1/money.proto', 'common/v1/address.proto', 'shop/v1/catalog.proto']);
    const cases = Object.values(PRODUCT_SAMPLES).flatMap((m) => [
      { type: 'Product', binary: base64(Product.toBinary(m)) },
      { type: 'Product', json: forPython(Product.toJsonString(m)) },
    ]);
    const replies = askPython(compiled.dir, 'shop.v1.catalog_pb2', cases);
    Object.keys(PRODUCT_SAMPLES).forEach((name, i) => {
      answers.set(`${name}/bytes`, replies[2 * i]!);
      answers.set(`${name}/json`, replies[2 * i + 1]!);
    });
  });

  after(() => compiled?.cleanup());

  for (const [name, m] of Object.entries(PRODUCT_SAMPLES)) {
    it(`${name}: same JSON both ways`, () => {
      const pythons = answers.get(`${name}/bytes`)!;
      const parsed = answers.get(`${name}/json`)!;
      assert.equal(pythons.error ?? parsed.error, undefined);
      assert.deepStrictEqual(JSON.parse(Product.toJsonString(m)), JSON.parse(pythons.json!));
      assert.deepStrictEqual(Product.fromJsonString(pythons.json!), Product.fromBinary(Product.toBinary(m)));
      assert.deepStrictEqual(Product.fromBinary(Buffer.from(parsed.binary!, 'base64')), Product.fromBinary(Product.toBinary(m)));
    });
  }
});
