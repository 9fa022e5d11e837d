import type { Node } from './load-ts-morph.js';
import { nearestWarrenTag, WARREN_TAGS } from './ts-doc-tags.js';
import type { TsDoc } from './ts-source.js';

const EXAMPLES: Readonly<Record<string, string>> = {
  package: 'Write e.g. `@package users.v1`',
  queue: 'Write e.g. `@queue users.v1`',
  timeoutMs: 'Write e.g. `@timeoutMs 5000` (in milliseconds)',
  idempotent: 'Write `@idempotent` (it takes no value)',
};

/**
 * Checks the tags of a service's or method's documentation, where warren reads tags: a
 * misspelled warren tag would be dropped silently (a method keeping the 30 s default
 * deadline), so it is an error naming the tag meant; so are a warren tag in the wrong place
 * and one given twice. `report` records an error at the tag.
 */
export function checkDocTags(
  doc: TsDoc,
  place: 'service' | 'method',
  owner: string,
  report: (node: Node, problem: string) => void,
): void {
  const seen = new Set<string>();
  for (const tag of doc.all) {
    const belongs = WARREN_TAGS.get(tag.name);
    if (belongs === undefined) {
      const meant = nearestWarrenTag(tag.name);
      if (meant) {
        report(
          tag.node,
          `unknown tag @${tag.name} on ${place} ${owner}: did you mean \`@${meant}\`? ${EXAMPLES[meant]}; ` +
            'warren reads @package, @queue, @timeoutMs and @idempotent',
        );
      }
    } else if (belongs !== place) {
      report(tag.node, `@${tag.name} on ${place} ${owner} has no effect there: it belongs in the documentation of a ${belongs}`);
    } else if (seen.has(tag.name)) {
      report(tag.node, `@${tag.name} is given twice on ${place} ${owner}: keep one`);
    }
    seen.add(tag.name);
  }
}
