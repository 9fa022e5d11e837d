import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectTypeOf } from 'expect-type';
import type * as Contract from '../../contracts/users.js';
import * as Gen from '../../generated/users.js';

// Type-level proof that the generated client and handler types are the contract's types. The
// checks do nothing at run time: type-check.test.ts compiles this file with tsc, so a false
// assertion fails the run (as does the test workspace's typecheck, which `npm test` runs
// first). Enums are nominal in TypeScript, so the generated `Role` is a different type from
// the contract's `Role` with the same members: `Same` compares enums by their values and
// everything else structurally and exactly.

/** Replaces enum types by the union of their values, deeply; leaves every other type as is. */
type Values<T> = T extends Date | Uint8Array | bigint | boolean | null | undefined
  ? T
  : T extends string
    ? `${T}`
    : T extends number
      ? `${T}` extends `${infer N extends number}`
        ? N
        : T
      : T extends object
        ? { [K in keyof T]: Values<T[K]> }
        : T;

type Methods = keyof Contract.UserService;
type Request<S, M extends keyof S> = S[M] extends (request: infer R, ...rest: never[]) => unknown ? R : never;
type Reply<S, M extends keyof S> = S[M] extends (...args: never[]) => Promise<infer R> ? R : never;
type HandlerReply<M extends keyof Gen.UserHandlers> = ReturnType<Gen.UserHandlers[M]>;

describe('generated types equal the TypeScript contract', () => {
  it('the client has exactly the contract methods, plus close and stats', () => {
    expectTypeOf<Exclude<keyof Gen.UserClient, 'close' | 'stats'>>().toEqualTypeOf<Methods>();
    expectTypeOf<keyof Gen.UserHandlers>().toEqualTypeOf<Methods>();
    assert.deepEqual(Object.keys(Gen.UserService.methods).sort(), [
      'addNote',
      'createUser',
      'findByContact',
      'getOrgChart',
      'getUser',
      'listUsers',
    ]);
  });

  it('client parameters and results equal the contract, method by method', () => {
    expectTypeOf<Values<Request<Gen.UserClient, 'getUser'>>>().toEqualTypeOf<Values<Request<Contract.UserService, 'getUser'>>>();
    expectTypeOf<Values<Reply<Gen.UserClient, 'getUser'>>>().toEqualTypeOf<Values<Reply<Contract.UserService, 'getUser'>>>();
    expectTypeOf<Values<Request<Gen.UserClient, 'listUsers'>>>().toEqualTypeOf<Values<Request<Contract.UserService, 'listUsers'>>>();
    expectTypeOf<Values<Reply<Gen.UserClient, 'listUsers'>>>().toEqualTypeOf<Values<Reply<Contract.UserService, 'listUsers'>>>();
    expectTypeOf<Values<Request<Gen.UserClient, 'createUser'>>>().toEqualTypeOf<Values<Request<Contract.UserService, 'createUser'>>>();
    expectTypeOf<Values<Reply<Gen.UserClient, 'createUser'>>>().toEqualTypeOf<Values<Reply<Contract.UserService, 'createUser'>>>();
    expectTypeOf<Values<Request<Gen.UserClient, 'getOrgChart'>>>().toEqualTypeOf<Values<Request<Contract.UserService, 'getOrgChart'>>>();
    expectTypeOf<Values<Reply<Gen.UserClient, 'getOrgChart'>>>().toEqualTypeOf<Values<Reply<Contract.UserService, 'getOrgChart'>>>();
    expectTypeOf<Values<Reply<Gen.UserClient, 'findByContact'>>>().toEqualTypeOf<Values<Reply<Contract.UserService, 'findByContact'>>>();
  });

  it('types without enums are equal exactly, with no normalisation', () => {
    expectTypeOf<Request<Gen.UserClient, 'getUser'>>().toEqualTypeOf<Contract.GetUserRequest>();
    // Note is `Timestamps & { ... }` in the contract and one flattened interface in generated
    // code: the same properties, so equal under expect-type's deep (`branded`) comparison.
    expectTypeOf<Request<Gen.UserClient, 'addNote'>>().branded.toEqualTypeOf<Contract.AddNoteRequest>();
    expectTypeOf<Reply<Gen.UserClient, 'addNote'>>().branded.toEqualTypeOf<Contract.Note>();
    expectTypeOf<Request<Gen.UserClient, 'findByContact'>>().toEqualTypeOf<Contract.Contact>();
    expectTypeOf<Request<Gen.UserClient, 'getOrgChart'>>().toEqualTypeOf<Contract.GetOrgChartRequest>();
    expectTypeOf<Gen.Address>().toEqualTypeOf<Contract.Address>();
    expectTypeOf<Gen.UserStatus>().toEqualTypeOf<Contract.UserStatus>();
    expectTypeOf<Gen.Priority>().toEqualTypeOf<Contract.Priority>();
    expectTypeOf<Gen.Contact>().toEqualTypeOf<Contract.Contact>();
  });

  it('handlers take the contract request and may return the reply or a promise of it', () => {
    expectTypeOf<Values<Parameters<Gen.UserHandlers['createUser']>[0]>>().toEqualTypeOf<Values<Contract.CreateUserRequest>>();
    expectTypeOf<Parameters<Gen.UserHandlers['addNote']>[0]>().branded.toEqualTypeOf<Contract.AddNoteRequest>();
    expectTypeOf<Awaited<HandlerReply<'addNote'>>>().branded.toEqualTypeOf<Contract.Note>();
    expectTypeOf<HandlerReply<'findByContact'>>().toEqualTypeOf<
      Promise<Gen.FindByContactReply> | Gen.FindByContactReply
    >();
    expectTypeOf<Values<HandlerReply<'getUser'>>>().toEqualTypeOf<Values<Promise<Contract.User> | Contract.User>>();
  });

  it('enums have the same members with the same values', () => {
    expectTypeOf<`${Gen.Role}`>().toEqualTypeOf<`${Contract.Role}`>();
    expectTypeOf<Values<Gen.Tier>>().toEqualTypeOf<Values<Contract.Tier>>();
    expectTypeOf<Values<Gen.Tier>>().toEqualTypeOf<0 | 1 | 2>();
    assert.deepEqual({ ...Gen.Role }, { Viewer: 'viewer', Editor: 'editor', Admin: 'admin' });
  });

  it('the normalisation itself tells types apart (it is not vacuous)', () => {
    expectTypeOf<Values<{ a: Gen.Role }>>().not.toEqualTypeOf<Values<{ a: Gen.Tier }>>();
    expectTypeOf<Values<Gen.User>>().not.toEqualTypeOf<Values<Omit<Gen.User, 'tags'> & { tags: string[] }>>();
    expectTypeOf<Values<Gen.ListUsersRequest>>().not.toEqualTypeOf<Values<Required<Gen.ListUsersRequest>>>();
  });
});
