// Where the contracts are: flags over warren.config.json over defaults; flag paths relative
// to the working directory, config paths relative to the config file.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { resolveProject, shown } from '../src/contracts/project-options.js';

describe('resolveProject', () => {
  const cwd = mkdtempSync(path.join(tmpdir(), 'warren-cli-args-'));
  after(() => rmSync(cwd, { recursive: true, force: true }));

  it('defaults to contracts/ and generated/ in the working directory, no include paths', () => {
    assert.deepEqual(resolveProject({}, cwd), {
      contractsDir: path.join(cwd, 'contracts'),
      outDir: path.join(cwd, 'generated'),
      includePaths: [],
      configFile: undefined,
    });
  });

  it('takes warren.config.json, relative to its own directory, and lets every flag override it', () => {
    mkdirSync(path.join(cwd, 'cfg'));
    const file = path.join(cwd, 'cfg/warren.config.json');
    writeFileSync(file, JSON.stringify({ contracts: 'api', out: '../gen', include: ['third_party'] }));
    assert.deepEqual(resolveProject({ config: 'cfg/warren.config.json' }, cwd), {
      contractsDir: path.join(cwd, 'cfg/api'),
      outDir: path.join(cwd, 'gen'),
      includePaths: [path.join(cwd, 'cfg/third_party')],
      configFile: file,
    });
    const flags = { config: 'cfg/warren.config.json', contracts: 'c', out: 'o', include: ['i1', 'i2'] };
    assert.deepEqual(resolveProject(flags, cwd), {
      contractsDir: path.join(cwd, 'c'),
      outDir: path.join(cwd, 'o'),
      includePaths: [path.join(cwd, 'i1'), path.join(cwd, 'i2')],
      configFile: file,
    });
  });

  it('shows paths inside the working directory relative, others absolute', () => {
    assert.equal(shown(path.join(cwd, 'contracts/a.proto'), cwd), path.join('contracts', 'a.proto'));
    assert.equal(shown(cwd, cwd), '.');
    assert.equal(shown('/elsewhere/x', cwd), '/elsewhere/x');
  });
});
