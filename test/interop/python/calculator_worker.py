"""Serves contracts/calculator.proto over the warren protocol, in Python.

Usage: calculator_worker.py --url AMQP_URL --queue QUEUE [--delay-ms N] [--crash-on-n N] [--exit-with-stdin]
Needs calculator_pb2 (protoc --python_out) on PYTHONPATH. Prints {"event": "ready"} once it
consumes, then one JSON line per request. The handlers mirror examples/src/calculator-handlers.ts
so that the same assertions hold whichever side serves.
"""

import argparse
import math
import os
import sys
import threading
import time

import pika

import calculator_pb2 as pb
from warren_peer import RpcError, Server, log, methods_of

SYMBOLS = {
    pb.EvaluateRequest.OPERATION_ADD: "+",
    pb.EvaluateRequest.OPERATION_SUBTRACT: "-",
    pb.EvaluateRequest.OPERATION_MULTIPLY: "*",
    pb.EvaluateRequest.OPERATION_DIVIDE: "/",
}


def js_number(x):
    """Formats a double the way JavaScript's String(x) does for the values the tests use."""
    if math.isfinite(x) and x == int(x) and abs(x) < 1e21:
        return str(int(x))
    return repr(x)


def make_handlers(delay_ms, crash_on_n):
    def calculate(request, ctx):
        if crash_on_n is not None and request.n == crash_on_n:
            os._exit(3)  # dies mid-request, unacked: a poison message, for the section 5.2 test
        if delay_ms:
            time.sleep(delay_ms / 1000)  # a slow worker, for the deadline tests
        return pb.CalculateReply(result=request.n * 2)

    def evaluate(request, ctx):
        symbol = SYMBOLS.get(request.operation)
        if symbol is None:
            raise RpcError("INVALID_ARGUMENT",
                           f"operation must be ADD, SUBTRACT, MULTIPLY or DIVIDE, got {request.operation}")
        if not request.operands:
            raise RpcError("INVALID_ARGUMENT", "operands: expected at least one operand")
        value = request.operands[0].value
        steps = []
        for operand in request.operands[1:]:
            if symbol == "/" and operand.value == 0:
                raise RpcError("OUT_OF_RANGE",
                               f'division by zero at operand "{operand.label or js_number(operand.value)}"',
                               {"label": operand.label})
            following = {"+": value + operand.value, "-": value - operand.value,
                         "*": value * operand.value, "/": value / (operand.value or 1)}[symbol]
            steps.append(f"{js_number(value)} {symbol} {js_number(operand.value)} = {js_number(following)}")
            value = following
        return pb.EvaluateReply(value=value, steps=steps)

    return {"Calculate": calculate, "Evaluate": evaluate}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="amqp://guest:guest@127.0.0.1:5672/")
    parser.add_argument("--queue", default=pb.DESCRIPTOR.services_by_name["Calculator"].full_name)
    parser.add_argument("--delay-ms", type=int, default=0, help="sleep this long in Calculate")
    parser.add_argument("--crash-on-n", type=int, help="exit at once when Calculate gets this n")
    parser.add_argument("--exit-with-stdin", action="store_true",
                        help="exit when stdin closes, so the worker never outlives the test that started it")
    args = parser.parse_args()
    if args.exit_with_stdin:
        threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()

    connection = pika.BlockingConnection(pika.URLParameters(args.url))
    channel = connection.channel()
    service = pb.DESCRIPTOR.services_by_name["Calculator"]
    server = Server(channel, args.queue, methods_of(service, make_handlers(args.delay_ms, args.crash_on_n)))
    server.declare(prefetch=1)
    log("ready", queue=args.queue)
    try:
        channel.start_consuming()
    except KeyboardInterrupt:
        pass
    finally:
        connection.close()


if __name__ == "__main__":
    main()
