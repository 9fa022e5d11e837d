"""Sends warren's headers in every AMQP field type pika can produce, in Python.

Usage: header_types.py caller --url AMQP_URL --queue QUEUE --cases JSON
       header_types.py server --url AMQP_URL --queue QUEUE
Needs calculator_pb2 (protoc --python_out) on PYTHONPATH.

caller: for each case {"name", "header", "kind", "value"} calls Calculate {n: 1} with that
header set to `value` encoded as `kind`, and prints one JSON line {"name", "status", "message"}.
server: answers every request on QUEUE with x-warren-status taken from the request's
x-test-status-kind / x-test-status-value headers (kind "absent" sends none), and with a
CalculateReply {result: 42} when x-test-body is "ok", else an error body {"code": "NOT_FOUND"}.
Prints {"event": "ready"} once it consumes; exits when stdin closes.

pika writes str as a long string (S), bytes as a byte array (x), every int as a signed 64-bit
integer (l), bool as t, Decimal as D, datetime as T, dict as a table (F), list as an array (A)
and None as void (V); it cannot send a float. The kinds below are exactly those.
"""

import argparse
import datetime
import decimal
import json
import sys
import threading

import pika

import calculator_pb2 as pb
from warren_peer import DEADLINE, JSON, PROTOBUF, STATUS, Caller, RpcError, methods_of, now_ms


def encode(kind, value):
    """`value` (a string) as the Python type pika writes in the AMQP field type `kind` names."""
    if kind == "str":
        return value
    if kind == "bytes":
        return value.encode("utf-8")
    if kind == "int":
        return int(value)
    if kind == "bool":
        return value == "true"
    if kind == "decimal":
        return decimal.Decimal(value)
    if kind == "datetime":
        return datetime.datetime.fromtimestamp(int(value), tz=datetime.timezone.utc)
    if kind == "table":
        return {"value": value}
    if kind == "array":
        return [value]
    if kind == "void":
        return None
    raise SystemExit(f"unknown kind {kind!r}")


def run_caller(args):
    method = methods_of(pb.DESCRIPTOR.services_by_name["Calculator"])["Calculate"]
    connection = pika.BlockingConnection(pika.URLParameters(args.url))
    try:
        caller = Caller(connection)
        for case in json.loads(args.cases):
            timeout_ms = case.get("timeoutMs", 3000)
            headers = {DEADLINE: str(now_ms() + timeout_ms)}
            headers[case["header"]] = encode(case["kind"], case["value"])
            try:
                reply = caller.call(args.queue, method, pb.CalculateRequest(n=1), timeout_ms, {"headers": headers})
                out = {"name": case["name"], "status": "OK", "message": str(reply.result)}
            except RpcError as err:
                out = {"name": case["name"], "status": err.code, "message": err.message}
            print(json.dumps(out), flush=True)
    finally:
        connection.close()


def run_server(args):
    connection = pika.BlockingConnection(pika.URLParameters(args.url))
    channel = connection.channel()
    channel.queue_declare(args.queue, durable=True)

    def on_request(ch, deliver, props, body):
        headers = props.headers or {}
        kind = headers.get("x-test-status-kind", b"absent")
        kind = kind.decode() if isinstance(kind, bytes) else kind
        value = headers.get("x-test-status-value", b"OK")
        value = value.decode() if isinstance(value, bytes) else value
        reply_headers = {} if kind == "absent" else {STATUS: encode(kind, value)}
        if headers.get("x-test-body", b"error") in (b"ok", "ok"):
            content_type, payload = PROTOBUF, pb.CalculateReply(result=42).SerializeToString()
        else:
            content_type = JSON
            payload = json.dumps({"code": "NOT_FOUND", "message": "from python"}).encode()
        ch.basic_publish("", props.reply_to, payload, pika.BasicProperties(
            correlation_id=props.correlation_id, content_type=content_type, headers=reply_headers))
        ch.basic_ack(deliver.delivery_tag)

    channel.basic_consume(args.queue, on_request)
    print(json.dumps({"event": "ready"}), flush=True)
    # stdin closing (the test process ending) stops the server.
    threading.Thread(target=lambda: (sys.stdin.read(), connection.add_callback_threadsafe(channel.stop_consuming)),
                     daemon=True).start()
    channel.start_consuming()
    connection.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["caller", "server"])
    parser.add_argument("--url", default="amqp://guest:guest@127.0.0.1:5672/")
    parser.add_argument("--queue", required=True)
    parser.add_argument("--cases", default="[]")
    args = parser.parse_args()
    run_caller(args) if args.mode == "caller" else run_server(args)


if __name__ == "__main__":
    main()
