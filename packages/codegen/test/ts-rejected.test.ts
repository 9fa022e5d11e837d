import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ContractErrors, generate } from '../src/index.js';
import { GOLDEN_DIR } from './golden-cases.js';

// Every rejected TypeScript type has a case under golden/ts-rejected/<case>/contracts. The
// error must name file:line:column, echo the type as written and say what to write instead.
const REJECTED_DIR = path.join(GOLDEN_DIR, 'ts-rejected');

const EXPECTED: Record<string, string[]> = {
  'any': [
    "any.ts:2:12: `any` (field Req.payload) is not supported: `any` turns validation off. Write the concrete type, e.g. `string` or an interface, instead.",
  ],
  'class': [
    "class.ts:6:7: `Point` (field Req.at) is not supported: class instances lose their prototype and methods in JSON. Write an interface with the data fields of the class instead.",
  ],
  'function': [
    "function.ts:2:11: `(result: string) => void` (field Req.onDone) is not supported: functions cannot be sent over the wire. Write a data field instead (e.g. a string naming the action), or make it a method of a service interface.",
  ],
  'generated-name': [
    "generated-name.ts:4:1: generated-name.UserService generates the TypeScript name UserClient, as generated-name.UserClient does: rename one of them",
  ],
  'global-name': [
    "global-name.ts:1:1: global-name.Error would be generated as Error, hiding JavaScript's own Error from the generated code: rename it (for example ErrorInfo)",
  ],
  'generic': [
    "generic.ts:5:9: `Page<string>` (field Req.page) is not supported: generic types cannot be validated by generated code. Write a concrete interface for each use instead (e.g. `interface UserPage { items: User[] }`).",
  ],
  'independent-errors': [
    "broken.ts:3:10: TypeScript syntax error: Type expected.",
    "readable.ts:5:11: `Map<string, number>` (field Own.counts) is not supported: a Map does not survive JSON. Write `Record<string, number>` instead.",
    "readable.ts:9:7: unknown tag @timeout on method ReadableService.get: did you mean `@timeoutMs`? Write e.g. `@timeoutMs 5000` (in milliseconds); warren reads @package, @queue, @timeoutMs and @idempotent",
  ],
  'intersection': [
    "intersection.ts:4:22: `string & { readonly brand: 'UserId' }` (type UserId) is not supported: this intersection does not flatten into one object type (only interfaces and object types with agreeing fields do). Write one interface with all the fields instead, e.g. `interface C extends A, B {}`.",
  ],
  'intersection-conflict': [
    "intersection-conflict.ts:7:20: `A & B` (field Both.id) is not supported: the parts of this intersection give the field different types. Write one interface with one type per field instead.",
  ],
  'jsdoc-tags': [
    "jsdoc-tags.ts:4:5: @queue \"has spaces\" on BadQueueService is not a queue name: write e.g. `@queue users.v1` (letters, digits, . _ : -)",
    "jsdoc-tags.ts:9:7: @timeoutMs \"soon\" on JsdocTagsService.call is not a positive whole number of milliseconds: write e.g. `@timeoutMs 5000`",
    "jsdoc-tags.ts:11:7: @idempotent on JsdocTagsService.other takes no value: write `@idempotent` alone",
  ],
  'jsdoc-unknown-tags': [
    "jsdoc-unknown-tags.ts:6:4: unknown tag @queu on service OrdersService: did you mean `@queue`? Write e.g. `@queue users.v1`; warren reads @package, @queue, @timeoutMs and @idempotent",
    "jsdoc-unknown-tags.ts:7:4: @timeoutMs on service OrdersService has no effect there: it belongs in the documentation of a method",
    "jsdoc-unknown-tags.ts:13:6: unknown tag @timeout on method OrdersService.get: did you mean `@timeoutMs`? Write e.g. `@timeoutMs 5000` (in milliseconds); warren reads @package, @queue, @timeoutMs and @idempotent",
    "jsdoc-unknown-tags.ts:17:7: unknown tag @timeoutMS on method OrdersService.list: did you mean `@timeoutMs`? Write e.g. `@timeoutMs 5000` (in milliseconds); warren reads @package, @queue, @timeoutMs and @idempotent",
    "jsdoc-unknown-tags.ts:20:6: unknown tag @idempotant on method OrdersService.find: did you mean `@idempotent`? Write `@idempotent` (it takes no value); warren reads @package, @queue, @timeoutMs and @idempotent",
    "jsdoc-unknown-tags.ts:28:6: @timeoutMs is given twice on method OrdersService.twice: keep one",
    "jsdoc-unknown-tags.ts:29:6: @queue on method OrdersService.twice has no effect there: it belongs in the documentation of a service",
    "jsdoc-unknown-tags.ts:34:6: unknown tag @deadline on method OrdersService.wrong: did you mean `@timeoutMs`? Write e.g. `@timeoutMs 5000` (in milliseconds); warren reads @package, @queue, @timeoutMs and @idempotent",
    "jsdoc-unknown-tags.ts:36:24: method OrdersService.wrong must return a Promise of its reply: write `wrong(request: WrongRequest): Promise<WrongReply>;`",
  ],
  'map': [
    "map.ts:2:11: `Map<string, number>` (field Req.counts) is not supported: a Map does not survive JSON. Write `Record<string, number>` instead.",
  ],
  'method': [
    "method.ts:3:3: `describe(): string;` (field Req.describe) is not supported: functions cannot be sent over the wire. Write a data field instead (e.g. a string naming the action), or make it a method of a service interface.",
  ],
  'method-shape': [
    "method-shape.ts:5:3: method MethodShapeService.twoParams must take exactly one request parameter: write `twoParams(request: TwoParamsRequest): Promise<TwoParamsReply>;`",
    "method-shape.ts:6:27: method MethodShapeService.notAsync must return a Promise of its reply: write `notAsync(request: NotAsyncRequest): Promise<NotAsyncReply>;`",
    "method-shape.ts:7:22: `string` (MethodShapeService.primitive) must be a named interface or type alias, so it has a codec: write `primitive(request: PrimitiveRequest): Promise<PrimitiveReply>;`",
  ],
  'mixed-union': [
    "mixed-union.ts:2:7: `string | number` (field Req.id) is not supported: a union must be literals (`'a' | 'b'`) or interfaces with a common literal field (a discriminated union). Write a literal union, or interfaces that each have e.g. `kind: 'circle'`, instead.",
  ],
  'record-key': [
    "record-key.ts:2:9: `Record<number, string>` (field Req.byId) is not supported: JSON object keys are strings. Write `Record<string, string>` instead.",
  ],
  'required-undefined': [
    "required-undefined.ts:2:9: `string | undefined` (field Req.note) is not supported: `| undefined` on a required field makes the property both required and absent. Write an optional field `name?: T` instead.",
  ],
  'reserved-field': [
    "reserved-field.ts:2:3: field name `constructor` (field Req.constructor) is reserved: a missing `constructor` would read an inherited Object member (`__proto__`, `constructor` and `prototype` are never fields); rename the field",
  ],
  'set': [
    "set.ts:2:9: `Set<string>` (field Req.tags) is not supported: a Set does not survive JSON. Write an array `string[]` instead.",
  ],
  'syntax-error': [
    "syntax-error.ts:3:10: TypeScript syntax error: Type expected.",
  ],
  'tuple': [
    "tuple.ts:2:10: `[number, number]` (field Req.point) is not supported: tuples are not supported. Write an array `T[]` or an interface with named fields instead.",
  ],
  'type-parameter': [
    "type-parameter.ts:2:10: `T` (field Req.value) is not supported: generic types cannot be validated by generated code. Write a concrete interface for each use instead (e.g. `interface UserPage { items: User[] }`).",
  ],
  'undiscriminated-union': [
    "undiscriminated-union.ts:8:8: `Cat | Dog` (field Req.pet) is not supported: the union of object types is not discriminated (no required field holds a different literal in every variant). Write a common field with a distinct literal in each variant, e.g. `kind: 'circle'` and `kind: 'square'`, instead.",
  ],
  'unknown': [
    "unknown.ts:2:12: `unknown` (field Req.payload) is not supported: `unknown` cannot be validated. Write the concrete type, e.g. `string` or an interface, instead.",
  ],
};

describe('TypeScript contracts: rejected types', () => {
  it('has an expectation for every case folder, and a folder for every expectation', () => {
    const folders = readdirSync(REJECTED_DIR).sort();
    assert.deepEqual(folders, Object.keys(EXPECTED).sort());
  });

  for (const [name, messages] of Object.entries(EXPECTED)) {
    it(`${name}: fails with exactly the expected errors`, () => {
      assert.throws(
        () => generate({ contractsDir: path.join(REJECTED_DIR, name, 'contracts') }),
        (err: unknown) => {
          assert.ok(err instanceof ContractErrors, String(err));
          assert.deepEqual(err.errors.map((e) => e.message), messages);
          return true;
        },
      );
    });
  }
});
