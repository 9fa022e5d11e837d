import type * as TsMorph from 'ts-morph';
import { requireWithCodeCache } from './require-with-code-cache.js';

// ts-morph (with its 9 MB typescript.js) takes most of a cold run's start-up, so it is loaded
// only when a run has TypeScript contracts: the parser modules import types from 'ts-morph'
// and the two runtime values they use from here. require() rather than import(): generate()
// stays synchronous, and Node skips the ESM named-export scan of the CommonJS bundle.

/** ts-morph's Node, set by {@link loadTsMorph}; read it only after loading. */
export let Node: typeof TsMorph.Node;
export type Node = TsMorph.Node;

/** ts-morph's SyntaxKind, set by {@link loadTsMorph}; read it only after loading. */
export let SyntaxKind: typeof TsMorph.SyntaxKind;
export type SyntaxKind = TsMorph.SyntaxKind;

/** Loads ts-morph on first call (later calls return the cached module) and sets Node and SyntaxKind. */
export function loadTsMorph(): typeof TsMorph {
  const tsMorph = requireWithCodeCache(import.meta.url, 'ts-morph') as typeof TsMorph;
  Node = tsMorph.Node;
  SyntaxKind = tsMorph.SyntaxKind;
  return tsMorph;
}
