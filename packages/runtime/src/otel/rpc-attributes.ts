/**
 * @internal The attribute names warren's spans carry: OpenTelemetry's RPC and RabbitMQ
 * messaging semantic conventions (the 2025 names: `rpc.system.name`, a fully qualified
 * `rpc.method`), and warren's own under `warren.`. docs/observability.md lists them.
 */
export const Attr = {
  rpcSystem: 'rpc.system.name',
  rpcMethod: 'rpc.method',
  rpcStatus: 'rpc.response.status_code',
  errorType: 'error.type',
  messagingSystem: 'messaging.system',
  destination: 'messaging.destination.name',
  routingKey: 'messaging.rabbitmq.destination.routing_key',
  conversationId: 'messaging.message.conversation_id',
  deadline: 'warren.deadline_ms',
  timeout: 'warren.timeout_ms',
  attempts: 'warren.attempts',
  redelivered: 'warren.redelivered',
  deliveryCount: 'warren.delivery_count',
} as const;
