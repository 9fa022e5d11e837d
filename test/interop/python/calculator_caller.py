"""Calls a calculator.v1.Calculator service over the warren protocol, in Python.

Usage: calculator_caller.py --url AMQP_URL --queue QUEUE --method Calculate --request '{"n": "21"}'
       [--timeout-ms N] [--type T] [--content-type C] [--body-hex HEX] [--no-reply-to] [--user-id U]
Needs calculator_pb2 (protoc --python_out) on PYTHONPATH. Prints one JSON line: {"status": "OK",
"response": {...}} (proto3 JSON mapping, so int64 values are strings), or {"status": CODE,
"message": ..., "details": ...}, or {"status": "SENT"} with --no-reply-to. The overrides send
deliberately bad requests, for the tests of what a server does with them.
"""

import argparse
import json

import pika
from google.protobuf import json_format

import calculator_pb2 as pb
from warren_peer import Caller, RpcError, methods_of


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="amqp://guest:guest@127.0.0.1:5672/")
    parser.add_argument("--queue", default=pb.DESCRIPTOR.services_by_name["Calculator"].full_name)
    parser.add_argument("--method", required=True, choices=["Calculate", "Evaluate"])
    parser.add_argument("--request", default="{}", help="the request in proto3 JSON")
    parser.add_argument("--timeout-ms", type=int, default=5000)
    parser.add_argument("--type", help="send this `type` instead of the method's")
    parser.add_argument("--content-type", help="send this content_type instead of protobuf's")
    parser.add_argument("--body-hex", help="send these bytes instead of the encoded request")
    parser.add_argument("--no-reply-to", action="store_true", help="send without reply_to")
    parser.add_argument("--user-id", help="stamp requests with this user_id (the connection's broker user)")
    args = parser.parse_args()

    method = methods_of(pb.DESCRIPTOR.services_by_name["Calculator"])[args.method]
    request = json_format.Parse(args.request, method.request_class())
    overrides = {}
    if args.type is not None:
        overrides["type"] = args.type
    if args.content_type is not None:
        overrides["content_type"] = args.content_type
    if args.body_hex is not None:
        overrides["body"] = bytes.fromhex(args.body_hex)
    if args.no_reply_to:
        overrides["reply_to"] = None

    connection = pika.BlockingConnection(pika.URLParameters(args.url))
    try:
        caller = Caller(connection, user_id=args.user_id)
        try:
            response = caller.call(args.queue, method, request, args.timeout_ms, overrides)
            if response is None:
                out = {"status": "SENT"}
            else:
                out = {"status": "OK", "response": json_format.MessageToDict(
                    response, preserving_proto_field_name=True, including_default_value_fields=True)}
        except RpcError as err:
            out = {"status": err.code, "message": err.message, "details": err.details}
        print(json.dumps(out), flush=True)
    finally:
        connection.close()


if __name__ == "__main__":
    main()
