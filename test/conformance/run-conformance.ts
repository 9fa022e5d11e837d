import { describe, it } from 'node:test';
import { CaseContext, skipReason, type BrokerUnderTest, type ConformanceCase } from './broker-under-test.js';
import { callCases } from './call-cases.js';
import { channelCases } from './channel-cases.js';
import { deadLetterCases } from './dead-letter-cases.js';
import { deprecatedFeatureCases } from './deprecated-feature-cases.js';
import { queueCases } from './queue-cases.js';

/** Every case, by group. The same list runs against each broker. */
export const conformanceGroups: Record<string, ConformanceCase[]> = {
  'calls through generated clients and servers': callCases,
  'queues shared by servers': queueCases,
  'broker channel semantics': channelCases,
  'quorum queues and dead-lettering': deadLetterCases,
  'what RabbitMQ 4.3 refuses': deprecatedFeatureCases,
};

/** Registers the whole suite against `broker` with node:test. */
export function runConformance(broker: BrokerUnderTest): void {
  describe(`conformance on ${broker.kind}${broker.version ? ` ${broker.version}` : ''}`, () => {
    for (const [group, cases] of Object.entries(conformanceGroups)) {
      describe(group, () => {
        for (const c of cases) {
          const skip = skipReason(c, broker);
          it(c.name, skip ? { skip } : {}, async () => {
            const t = new CaseContext(broker);
            try {
              await c.run(t);
            } finally {
              await t.close();
            }
          });
        }
      });
    }
  });
}
