// How each command's arguments reach its handler: types (a number-looking JSON body or
// timeout stays a string), repeatable flags, aliases, defaults, and the usage errors for a
// missing positional or option. The real builders, with the handler replaced.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { breakingCommand } from '../src/commands/breaking/breaking-command.js';
import { callCommand } from '../src/commands/call/call-command.js';
import { codegenCommand } from '../src/commands/codegen/codegen-command.js';
import { listCommand } from '../src/commands/list/list-command.js';
import { scaffoldCommand } from '../src/commands/scaffold/scaffold-command.js';
import { build, parseCommand } from './parse-command.js';

describe('warren call arguments', () => {
  const call = build(callCommand);

  it('takes the method, the JSON body and every option, with -v for --verbose', async () => {
    const { args, error } = await parseCommand(call, [
      'call', 'Calculator.Calculate', '{"n": "21"}',
      '--url', 'amqp://a,amqp://b', '--timeout', '2s', '--queue', 'q.test', '-v',
      '--header', 'traceparent=00-1-01', '--header', 'tenant=acme',
    ]);
    assert.equal(error, undefined);
    assert.equal(args?.['method'], 'Calculator.Calculate');
    assert.equal(args?.['json'], '{"n": "21"}');
    assert.equal(args?.['url'], 'amqp://a,amqp://b');
    assert.equal(args?.['timeout'], '2s');
    assert.equal(args?.['queue'], 'q.test');
    assert.equal(args?.['verbose'], true);
    assert.deepEqual(args?.['header'], ['traceparent=00-1-01', 'tenant=acme']);
  });

  it('keeps a body and a timeout that look like numbers as the text typed', async () => {
    // A body of 12345678901234567890 must reach the JSON parser unrounded; 500 is 500 ms.
    const { args } = await parseCommand(call, ['call', 'Calculator.Calculate', '12345678901234567890', '--timeout', '500']);
    assert.equal(args?.['json'], '12345678901234567890');
    assert.equal(args?.['timeout'], '500');
  });

  it('leaves the body, url and headers unset when absent, so the defaults apply later', async () => {
    const { args } = await parseCommand(call, ['call', 'calculator.v1.Calculator/Calculate']);
    assert.equal(args?.['method'], 'calculator.v1.Calculator/Calculate');
    assert.equal(args?.['json'], undefined);
    assert.equal(args?.['url'], undefined);
    assert.equal(args?.['header'], undefined);
    assert.equal(args?.['verbose'], false);
  });

  it('is a usage error without a method, and with a stray third positional', async () => {
    assert.match((await parseCommand(call, ['call'])).error ?? '', /Not enough non-option arguments/);
    assert.match((await parseCommand(call, ['call', 'A.B', '{}', 'extra'])).error ?? '', /Unknown argument: extra/);
  });
});

describe('warren codegen arguments', () => {
  const codegen = build(codegenCommand);

  it('defaults --check and --watch to false and leaves the directories to the config', async () => {
    const { args } = await parseCommand(codegen, ['codegen']);
    assert.equal(args?.['check'], false);
    assert.equal(args?.['watch'], false);
    assert.equal(args?.['contracts'], undefined);
    assert.equal(args?.['out'], undefined);
    assert.equal(args?.['include'], undefined);
  });

  it('takes --contracts, --out, --config and a repeated --include', async () => {
    const { args } = await parseCommand(codegen, [
      'codegen', '--contracts', 'api', '--out', 'src/gen', '--config', 'cfg.json', '--include', 'a', '--include', 'b', '--check',
    ]);
    assert.equal(args?.['contracts'], 'api');
    assert.equal(args?.['out'], 'src/gen');
    assert.equal(args?.['config'], 'cfg.json');
    assert.deepEqual(args?.['include'], ['a', 'b']);
    assert.equal(args?.['check'], true);
  });

  it('rejects an unknown flag by name (strict)', async () => {
    assert.match((await parseCommand(codegen, ['codegen', '--chek'])).error ?? '', /Unknown argument: chek/);
  });
});

describe('warren scaffold, list and breaking arguments', () => {
  it('scaffold needs a service, and takes --out and --generated', async () => {
    const scaffold = build(scaffoldCommand);
    assert.match((await parseCommand(scaffold, ['scaffold'])).error ?? '', /Not enough non-option arguments/);
    const { args } = await parseCommand(scaffold, ['scaffold', 'calculator.v1.Calculator', '--out', 'svc/main.ts', '--generated', 'gen']);
    assert.equal(args?.['service'], 'calculator.v1.Calculator');
    assert.equal(args?.['out'], 'svc/main.ts');
    assert.equal(args?.['generated'], 'gen');
  });

  it('list takes an optional service and --json', async () => {
    const list = build(listCommand);
    const all = await parseCommand(list, ['list']);
    assert.equal(all.args?.['service'], undefined);
    assert.equal(all.args?.['json'], false);
    const one = await parseCommand(list, ['list', 'Calculator', '--json']);
    assert.equal(one.args?.['service'], 'Calculator');
    assert.equal(one.args?.['json'], true);
  });

  it('breaking demands --against and says what to write', async () => {
    const breaking = build(breakingCommand);
    assert.match((await parseCommand(breaking, ['breaking'])).error ?? '', /Name the earlier version: --against main/);
    const { args } = await parseCommand(breaking, ['breaking', '--against', 'HEAD~1', '--json']);
    assert.equal(args?.['against'], 'HEAD~1');
    assert.equal(args?.['json'], true);
  });
});
