import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Debian's Python, which has python3-protobuf (the `python3` on PATH may not). */
export const PYTHON = '/usr/bin/python3';
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// Writes google/protobuf/{descriptor,timestamp,...}.proto as a FileDescriptorSet taken from
// python3-protobuf itself, so protoc needs no .proto sources of the well-known types.
const WELL_KNOWN_SET = `
import sys
from google.protobuf import any_pb2, descriptor_pb2, duration_pb2, empty_pb2, field_mask_pb2, struct_pb2, timestamp_pb2, wrappers_pb2
files = descriptor_pb2.FileDescriptorSet()
for module in (descriptor_pb2, any_pb2, duration_pb2, empty_pb2, field_mask_pb2, struct_pb2, timestamp_pb2, wrappers_pb2):
    files.file.add().ParseFromString(module.DESCRIPTOR.serialized_pb)
open(sys.argv[1], "wb").write(files.SerializeToString())
`;

/**
 * Compiles `files` (relative to `contractsDir`, by default the repo's contracts/) with
 * `protoc --python_out` into a temp dir, with warren/options.proto from @warren/codegen.
 * Returns the dir and a cleanup.
 */
export function protocPython(files: readonly string[], contractsDir = path.join(REPO, 'contracts')): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'warren-protoc-'));
  const set = path.join(dir, 'well-known.pb');
  run(PYTHON, ['-c', WELL_KNOWN_SET, set]);
  run('protoc', [
    `--descriptor_set_in=${set}`,
    `-I${contractsDir}`,
    `-I${path.join(REPO, 'packages/codegen/proto')}`,
    `--python_out=${dir}`,
    'warren/options.proto',
    ...files,
  ]);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs a command; throws with its output when it fails. */
export function run(command: string, args: readonly string[], input?: string): string {
  const result = spawnSync(command, args, { encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.slice(0, 3).join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}
