import { RpcError } from '@warren/runtime';
import {
  EvaluateRequest_Operation as Operation,
  type CalculatorHandlers,
  type EvaluateRequest,
  type EvaluateStep,
} from '../../generated/calculator.js';

const symbols: Record<number, string> = {
  [Operation.OPERATION_ADD]: '+',
  [Operation.OPERATION_SUBTRACT]: '-',
  [Operation.OPERATION_MULTIPLY]: '*',
  [Operation.OPERATION_DIVIDE]: '/',
};

/** The calculator's business logic: what a service owner writes. */
export const calculatorHandlers: CalculatorHandlers = {
  calculate(request) {
    return { result: request.n * 2n };
  },

  evaluate(request) {
    const steps = [...evaluation(request)];
    return { value: steps.length > 0 ? steps[steps.length - 1]!.value : request.operands[0]!.value, steps: steps.map((s) => s.text) };
  },

  // Server streaming: each step is sent as soon as it is computed; the caller's credit window
  // paces this generator (it waits in `yield` while the caller is behind), and a cancel or the
  // deadline aborts context.signal, so stop there.
  async *evaluateSteps(request, context) {
    for (const step of evaluation(request)) {
      if (context.signal.aborted) return;
      yield step;
    }
  },
};

/** The steps of an evaluation, left to right; throws RpcError for a bad request or at a division by zero. */
function* evaluation({ operation, operands }: EvaluateRequest): Generator<EvaluateStep> {
  const symbol = symbols[operation];
  if (symbol === undefined) {
    throw new RpcError('INVALID_ARGUMENT', `operation must be ADD, SUBTRACT, MULTIPLY or DIVIDE, got ${operation}`);
  }
  if (operands.length === 0) throw new RpcError('INVALID_ARGUMENT', 'operands: expected at least one operand');
  let value = operands[0]!.value;
  let index = 0;
  for (const operand of operands.slice(1)) {
    if (symbol === '/' && operand.value === 0) {
      throw new RpcError('OUT_OF_RANGE', `division by zero at operand "${operand.label || operand.value}"`, {
        label: operand.label,
      });
    }
    const next = apply(symbol, value, operand.value);
    yield { index: ++index, text: `${value} ${symbol} ${operand.value} = ${next}`, value: next };
    value = next;
  }
}

function apply(symbol: string, a: number, b: number): number {
  switch (symbol) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    default:
      return a / b;
  }
}
