"""A Python service in the middle of a traced call chain: serves Calculator on --queue, and its
Calculate asks the Calculator on --next-queue for the answer, carrying the W3C trace context
(traceparent, tracestate) it received on to that call, as any peer following docs/protocol.md
should. It forwards them as bytes (pika's byte arrays), to prove the other side reads both.

Usage: trace_hop.py --url AMQP_URL --queue QUEUE --next-queue QUEUE
Needs calculator_pb2 and test/interop/python (warren_peer) on PYTHONPATH. Prints
{"event": "ready"} once it consumes, then {"event": "forwarded", "traceparent": ...} per call.
"""

import argparse
import os
import sys
import threading

import pika

import calculator_pb2 as pb
from warren_peer import DEADLINE, PROTOCOL, PROTOCOL_VERSION, Caller, Server, header_text, log, methods_of, now_ms

TRACE_HEADERS = ("traceparent", "tracestate")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--queue", required=True)
    parser.add_argument("--next-queue", required=True)
    args = parser.parse_args()
    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()

    service = pb.DESCRIPTOR.services_by_name["Calculator"]
    calculate_method = service.methods_by_name["Calculate"]
    caller = Caller(pika.BlockingConnection(pika.URLParameters(args.url)))

    class Method:  # what Caller.call needs of a method
        full_name = calculate_method.full_name
        response_class = pb.CalculateReply

    def calculate(request, ctx):
        deadline = ctx["deadline_ms"] or now_ms() + 5000
        headers = {DEADLINE: str(deadline), PROTOCOL: PROTOCOL_VERSION}
        for name in TRACE_HEADERS:
            text = header_text(ctx["headers"], name)
            if text is not None:
                headers[name] = text.encode("utf-8")  # a byte array on the wire
        log("forwarded", traceparent=headers.get("traceparent", b"").decode())
        reply = caller.call(args.next_queue, Method, request, deadline - now_ms(), {"headers": headers})
        return pb.CalculateReply(result=reply.result)

    def evaluate(request, ctx):
        return pb.EvaluateReply(value=0)

    connection = pika.BlockingConnection(pika.URLParameters(args.url))
    channel = connection.channel()
    server = Server(channel, args.queue, methods_of(service, {"Calculate": calculate, "Evaluate": evaluate}))
    server.declare(prefetch=1)
    log("ready", queue=args.queue)
    channel.start_consuming()


if __name__ == "__main__":
    main()
