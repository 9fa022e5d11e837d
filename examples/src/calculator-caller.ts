import { RpcError, type Connection } from '@warren/runtime';
import { CalculatorClient, EvaluateRequest_Operation as Operation } from '../../generated/calculator.js';

/** Makes a few typed calls and prints each with its result: what a caller writes. */
export async function runCalls(conn: Connection, print: (line: string) => void): Promise<void> {
  const calc = new CalculatorClient(conn, { timeoutMs: 5_000 });
  try {
    const { result } = await calc.calculate({ n: 21n });
    print(`calculate({ n: 21 }) -> ${result}`);

    const results = await Promise.all([1n, 2n, 3n].map((n) => calc.calculate({ n })));
    print(`calculate 1, 2, 3 at once -> ${results.map((r) => r.result).join(', ')}`);

    const sum = await calc.evaluate({
      operation: Operation.OPERATION_ADD,
      operands: [
        { value: 3, label: 'a' },
        { value: 4, label: 'b' },
        { value: 5, label: 'c' },
      ],
    });
    print(`evaluate(3 + 4 + 5) -> ${sum.value} (${sum.steps.join('; ')})`);

    // A server-streaming method: each step arrives as the service computes it.
    const steps = calc.evaluateSteps({
      operation: Operation.OPERATION_MULTIPLY,
      operands: [2, 3, 4, 5].map((value) => ({ value, label: '' })),
    });
    for await (const step of steps) print(`evaluateSteps(2 * 3 * 4 * 5) step ${step.index}: ${step.text}`);

    try {
      await calc.evaluate({
        operation: Operation.OPERATION_DIVIDE,
        operands: [
          { value: 1, label: 'one' },
          { value: 0, label: 'zero' },
        ],
      });
    } catch (err) {
      if (!(err instanceof RpcError)) throw err;
      print(`evaluate(1 / 0) -> RpcError ${err.code}: ${err.message}`);
    }
  } finally {
    await calc.close();
  }
}
