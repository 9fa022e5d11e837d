import { RpcError } from '@warren/runtime';
import {
  EvaluateRequest_Operation as Operation,
  type CalculatorHandlers,
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

  evaluate({ operation, operands }) {
    const symbol = symbols[operation];
    if (symbol === undefined) {
      throw new RpcError('INVALID_ARGUMENT', `operation must be ADD, SUBTRACT, MULTIPLY or DIVIDE, got ${operation}`);
    }
    if (operands.length === 0) throw new RpcError('INVALID_ARGUMENT', 'operands: expected at least one operand');
    let value = operands[0]!.value;
    const steps: string[] = [];
    for (const operand of operands.slice(1)) {
      if (symbol === '/' && operand.value === 0) {
        throw new RpcError('OUT_OF_RANGE', `division by zero at operand "${operand.label || operand.value}"`, {
          label: operand.label,
        });
      }
      const next = apply(symbol, value, operand.value);
      steps.push(`${value} ${symbol} ${operand.value} = ${next}`);
      value = next;
    }
    return { value, steps };
  },
};

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
