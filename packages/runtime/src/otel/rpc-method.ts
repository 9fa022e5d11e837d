/**
 * @internal The semantic conventions' fully qualified method name: `calculator.v1.Calculator/Calculate`
 * for the method whose AMQP `type` is `calculator.v1.Calculator.Calculate`.
 */
export function rpcMethod(service: string, fullName: string): string {
  return fullName.startsWith(`${service}.`) ? `${service}/${fullName.slice(service.length + 1)}` : fullName;
}
