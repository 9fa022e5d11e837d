"""Server streaming between Python and TypeScript over contracts/calculator.proto.

  stream_peer.py serve   --url URL --queue Q [--endless]
      Serves EvaluateSteps as a stream (and Calculate/Evaluate as calculator_worker.py does).
      --endless: EvaluateSteps never ends (steps of `+ 1` forever), for credit and cancel tests.
      SIGTERM: ends each open stream UNAVAILABLE (8.5, server step 6), then exits 0.
  stream_peer.py consume --url URL --queue Q --request JSON [--credit N] [--take K] [--pause-ms P]
      Calls EvaluateSteps on Q and prints {"event": "item", ...} per step, then {"event": "end"} or
      {"event": "error", code, message}; --take K closes the stream after K items (cancel);
      --pause-ms P stops reading for P ms after the first item (a slow consumer); --idle-ms I its idle timeout;
      prints {"event": "message", kind, items} per data or batch message; --no-batch: does not accept batches.
Prints one JSON line per event; needs calculator_pb2 (protoc --python_out) on PYTHONPATH.
"""

import argparse
import itertools
import os
import signal
import sys
import threading
import time

import pika
from google.protobuf import json_format

import calculator_pb2 as pb
from calculator_worker import SYMBOLS, js_number, make_handlers
from warren_peer import RpcError, log, methods_of
from warren_stream import StreamServer, stream


class ShuttingDown(Exception):
    """Raised by the SIGTERM handler, out of the consume loop, on pika's one thread."""


def evaluate_steps(endless):
    """EvaluateSteps as a generator: the steps of calculator_worker.py's evaluate, one by one."""

    def steps(request, ctx):
        if endless:
            for index in itertools.count(1):
                yield pb.EvaluateStep(index=index, text=f"{index - 1} + 1 = {index}", value=index)
        symbol = SYMBOLS.get(request.operation)
        if symbol is None:
            raise RpcError("INVALID_ARGUMENT", f"operation must be ADD, SUBTRACT, MULTIPLY or DIVIDE, got {request.operation}")
        if not request.operands:
            raise RpcError("INVALID_ARGUMENT", "operands: expected at least one operand")
        value = request.operands[0].value
        for index, operand in enumerate(request.operands[1:], start=1):
            if symbol == "/" and operand.value == 0:
                raise RpcError("OUT_OF_RANGE", f'division by zero at operand "{operand.label or js_number(operand.value)}"',
                               {"label": operand.label})
            following = {"+": value + operand.value, "-": value - operand.value,
                         "*": value * operand.value, "/": value / (operand.value or 1)}[symbol]
            yield pb.EvaluateStep(index=index, value=following,
                                  text=f"{js_number(value)} {symbol} {js_number(operand.value)} = {js_number(following)}")
            value = following

    return steps


def serve(args, connection):
    channel = connection.channel()
    handlers = {**make_handlers(0, None), "EvaluateSteps": evaluate_steps(args.endless)}
    server = StreamServer(channel, args.queue, methods_of(pb.DESCRIPTOR.services_by_name["Calculator"], handlers))
    server.declare(prefetch=8)
    log("ready", queue=args.queue, control=server.control)

    def on_term(signum, frame):
        raise ShuttingDown()

    signal.signal(signal.SIGTERM, on_term)
    try:
        channel.start_consuming()
    except ShuttingDown:
        server.shutdown()
        log("shut-down")


def consume(args, connection):
    method = methods_of(pb.DESCRIPTOR.services_by_name["Calculator"])["EvaluateSteps"]
    request = json_format.Parse(args.request, pb.EvaluateRequest())
    items = stream(connection, args.queue, method, request, args.timeout_ms, credit=args.credit, idle_ms=args.idle_ms,
                   batch=not args.no_batch, on_message=lambda kind, n: log("message", kind=kind, items=n))
    try:
        for n, item in enumerate(items, start=1):
            log("item", **json_format.MessageToDict(item, preserving_proto_field_name=True))
            if n == 1 and args.pause_ms:
                time.sleep(args.pause_ms / 1000)  # reads nothing meanwhile: the server must wait for credit
                log("resumed")
            if args.take is not None and n >= args.take:
                items.close()  # sends cancel
                log("cancelled", after=n)
                connection.process_data_events(time_limit=0)
                return
        log("end")
    except RpcError as err:
        log("error", code=err.code, message=err.message, details=err.details)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["serve", "consume"])
    parser.add_argument("--url", default="amqp://guest:guest@127.0.0.1:5672/")
    parser.add_argument("--queue", required=True)
    parser.add_argument("--endless", action="store_true")
    parser.add_argument("--request", default="{}")
    parser.add_argument("--credit", type=int, default=32)
    parser.add_argument("--take", type=int)
    parser.add_argument("--pause-ms", type=int, default=0)
    parser.add_argument("--timeout-ms", type=int, default=20000)
    parser.add_argument("--idle-ms", type=int, default=30000)
    parser.add_argument("--no-batch", action="store_true")
    args = parser.parse_args()
    if args.mode == "serve":  # never outlive the test that started it
        threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    connection = pika.BlockingConnection(pika.URLParameters(args.url))
    try:
        (serve if args.mode == "serve" else consume)(args, connection)
    finally:
        if connection.is_open:
            connection.close()


if __name__ == "__main__":
    main()
