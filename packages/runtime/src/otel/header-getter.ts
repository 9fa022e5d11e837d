import type { TextMapGetter } from '@opentelemetry/api';
import { headerText } from '../header-text.js';

/**
 * @internal Reads trace context (`traceparent`, `tracestate`, `baggage`) from a request's
 * AMQP header table. amqplib sends strings as long strings, pika sends Python `bytes` as byte
 * arrays: both read the same, through the runtime's {@link headerText}.
 */
export const headerGetter: TextMapGetter<Readonly<Record<string, unknown>>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    return value == null ? undefined : headerText(value);
  },
};
