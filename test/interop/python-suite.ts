import { after, afterEach, before } from 'node:test';
import type { Connection } from '@warren/runtime';
import { testConnection } from '../support/broker.js';
import { PythonPeer } from './python-peer.js';

/**
 * The hooks every interop suite needs, registered in the calling `describe`: a Python peer and
 * a broker connection made before the tests (handed to `ready`), closed after them, and the
 * returned list of cleanups run after each test, last added first.
 */
export function pythonSuite(ready: (peer: PythonPeer, conn: Connection) => void): (() => Promise<void>)[] {
  const cleanups: (() => Promise<void>)[] = [];
  let peer: PythonPeer | undefined;
  let conn: Connection | undefined;
  before(async () => {
    peer = new PythonPeer();
    conn = await testConnection();
    ready(peer, conn);
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  after(async () => {
    await peer?.close();
    await conn?.close();
  });
  return cleanups;
}
