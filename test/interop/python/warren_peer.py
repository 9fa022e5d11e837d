"""A minimal warren peer: docs/protocol.md (version 1) on pika and protobuf, nothing else.

Written from that document alone, as a team with only an AMQP client and protoc would, so
that the interop tests prove the document is enough. Runs on Debian's /usr/bin/python3 with
python3-pika and python3-protobuf; the message classes come from `protoc --python_out`.
"""

import json
import re
import sys
import time
import uuid

import pika
from google.protobuf import symbol_database
from google.protobuf.message import DecodeError

PROTOCOL_VERSION = "1"
PROTOBUF = "application/x-protobuf"
JSON = "application/json"
DIRECT_REPLY_TO = "amq.rabbitmq.reply-to"
DEADLINE = "x-warren-deadline"
PROTOCOL = "x-warren-protocol"
STATUS = "x-warren-status"
DELIVERY_COUNT = "x-warren-delivery-count"
CODES = frozenset("""OK CANCELLED UNKNOWN INVALID_ARGUMENT DEADLINE_EXCEEDED NOT_FOUND ALREADY_EXISTS
PERMISSION_DENIED RESOURCE_EXHAUSTED FAILED_PRECONDITION ABORTED OUT_OF_RANGE UNIMPLEMENTED
INTERNAL UNAVAILABLE DATA_LOSS UNAUTHENTICATED""".split())


class RpcError(Exception):
    """A call's failure, with a status code of section 3.3; handlers raise it to choose one."""

    def __init__(self, code, message, details=None):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.details = details

    def body(self):
        out = {"code": self.code, "message": self.message}
        if self.details is not None:
            out["details"] = self.details
        return json.dumps(out).encode("utf-8")


class Method:
    """One method of a service: its wire name (the `type` property) and message classes."""

    def __init__(self, descriptor, handler=None):
        db = symbol_database.Default()
        self.full_name = descriptor.full_name  # <package>.<Service>.<Method>, section 2.1
        self.request_class = db.GetSymbol(descriptor.input_type.full_name)
        self.response_class = db.GetSymbol(descriptor.output_type.full_name)
        # `returns (stream T)`: served and called by warren_stream.py (section 8).
        self.server_streaming = bool(getattr(descriptor, "server_streaming", False))
        self.handler = handler


def methods_of(service_descriptor, handlers=None):
    """Method objects by proto method name (`Calculate`), handlers by the same names."""
    handlers = handlers or {}
    return {m.name: Method(m, handlers.get(m.name)) for m in service_descriptor.methods}


def now_ms():
    return int(time.time() * 1000)


def header_text(headers, name):
    """Section 2.2: a warren header as text (a string, UTF-8 bytes or an integer); else None."""
    value = (headers or {}).get(name)
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return None
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def header_int(headers, name):
    """A header that is 1-15 decimal digits once read as text (section 2.4); else None."""
    text = header_text(headers, name)
    return int(text) if text is not None and re.fullmatch(r"[0-9]{1,15}", text) else None


def log(event, **fields):
    """One JSON line on stdout per event, read by the tests."""
    print(json.dumps({"event": event, **fields}), flush=True)


class Server:
    """Serves one service's request queue, following section 5.1 step by step."""

    def __init__(self, channel, queue, methods, max_request_bytes=16 * 1024 * 1024, max_deliveries=5):
        self.channel = channel
        self.queue = queue
        self.methods = {m.full_name: m for m in methods.values()}
        self.max_request_bytes = max_request_bytes
        self.max_deliveries = max_deliveries

    def declare(self, prefetch=1):
        # Section 1.1, classic queue type: the dead-letter queue first, both durable, no arguments.
        self.channel.queue_declare(self.queue + ".dead-letter", durable=True)
        self.channel.queue_declare(self.queue, durable=True)
        self.channel.basic_qos(prefetch_count=prefetch)
        self.channel.basic_consume(self.queue, self.on_message, auto_ack=False)

    def on_message(self, channel, deliver, props, body):
        tag = deliver.delivery_tag
        own = (self.queue, self.queue + ".dead-letter")
        if not props.reply_to or not props.correlation_id or props.reply_to in own:  # step 1
            log("dropped", type=props.type)
            return channel.basic_ack(tag)
        deadline = header_int(props.headers, DEADLINE)
        if deadline is not None and deadline <= now_ms():  # step 2: the caller gave up
            log("expired", correlation_id=props.correlation_id)
            return channel.basic_ack(tag)
        if deliver.redelivered:  # step 3, classic queues: count deliveries (section 5.2)
            return self.recount(channel, tag, props, body)
        try:
            status = "OK"
            content_type, payload = self.dispatch(props, body, deadline)
        except RpcError as err:
            status, content_type, payload = err.code, JSON, err.body()
        except Exception as err:  # step 8: internals stay here, the caller gets INTERNAL
            print(f"handler failed: {err!r}", file=sys.stderr, flush=True)
            failure = RpcError("INTERNAL", "internal error")
            status, content_type, payload = failure.code, JSON, failure.body()
        if deadline is not None and deadline <= now_ms():  # finished too late: nobody waits
            log("late", correlation_id=props.correlation_id, status=status)
            return channel.basic_ack(tag)
        # Section 3.1: success carries no status header; every error reply carries one.
        headers = None if status == "OK" else {STATUS: status}
        reply = pika.BasicProperties(correlation_id=props.correlation_id, content_type=content_type,
                                     headers=headers)
        channel.basic_publish("", props.reply_to, payload, reply)
        channel.basic_ack(tag)  # after the reply, on the same channel (section 5.1, "Then")
        log("handled", correlation_id=props.correlation_id, type=props.type, status=status)

    def dispatch(self, props, body, deadline):
        version = (props.headers or {}).get(PROTOCOL)
        if version is not None:  # step 4: absent (or void) is version 1
            text = header_text(props.headers, PROTOCOL)
            if text is None or not re.fullmatch(r"[0-9]{1,9}(\.[0-9]{1,9})?", text) or int(text.split(".")[0]) != 1:
                raise RpcError("FAILED_PRECONDITION", f"protocol version {version!r} is not supported; this server speaks 1")
        method = self.methods.get(props.type)
        if method is None or method.handler is None:  # step 4b (a worker may serve only some methods)
            raise RpcError("UNIMPLEMENTED", f"no method {props.type!r} on queue {self.queue}")
        if len(body) > self.max_request_bytes:  # step 5
            raise RpcError("RESOURCE_EXHAUSTED", f"request of {len(body)} bytes exceeds {self.max_request_bytes}")
        if props.content_type != PROTOBUF:  # step 6
            raise RpcError("INVALID_ARGUMENT", f"{method.full_name} expects content_type {PROTOBUF}, got {props.content_type}")
        try:  # step 7
            request = method.request_class.FromString(body)
        except DecodeError as err:
            raise RpcError("INVALID_ARGUMENT", f"{method.full_name} request does not decode: {err}") from None
        response = method.handler(request, {"deadline_ms": deadline, "headers": props.headers or {}})
        return PROTOBUF, response.SerializeToString()

    def recount(self, channel, tag, props, body):
        headers = dict(props.headers or {})
        count = (header_int(headers, DELIVERY_COUNT) or 0) + 1
        headers[DELIVERY_COUNT] = count
        if count >= self.max_deliveries:
            copy = pika.BasicProperties(**{**props.__dict__, "headers": headers})
            channel.basic_publish("", self.queue + ".dead-letter", body, copy)
            failure = RpcError("INTERNAL", f"request dead-lettered after {count} deliveries that ended without an answer")
            reply = pika.BasicProperties(correlation_id=props.correlation_id, content_type=JSON,
                                         headers={STATUS: failure.code})
            channel.basic_publish("", props.reply_to, failure.body(), reply)
            log("dead-lettered", correlation_id=props.correlation_id, deliveries=count)
        else:
            deadline = header_int(headers, DEADLINE)
            expiration = None if deadline is None else str(max(0, deadline - now_ms()))
            copy = pika.BasicProperties(**{**props.__dict__, "headers": headers, "expiration": expiration})
            channel.basic_publish("", self.queue, body, copy)
            log("recounted", correlation_id=props.correlation_id, deliveries=count)
        channel.basic_ack(tag)


class Caller:
    """Calls services over direct reply-to (section 1.2), one call at a time."""

    def __init__(self, connection, user_id=None):
        self.connection = connection
        # The broker user to stamp as user_id (the broker refuses any other): the caller
        # identity a server with requireCallerIdentity needs. None sends no user_id.
        self.user_id = user_id
        self.channel = connection.channel()
        self.outcomes = {}
        self.pending = set()
        self.late_replies = 0
        # Returns and replies arrive on the channel that published (direct reply-to needs that).
        self.channel.add_on_return_callback(self.on_return)
        # Direct reply-to: consume the pseudo-queue before publishing, or the broker refuses.
        self.channel.basic_consume(DIRECT_REPLY_TO, self.on_reply, auto_ack=True)

    def call(self, queue, method, request, timeout_ms, overrides=None):
        """Returns the response message, or raises RpcError. `overrides` replaces properties
        and the body (tests use it to send bad messages); reply_to=None sends and returns."""
        overrides = dict(overrides or {})
        body = overrides.pop("body", None)
        body = request.SerializeToString() if body is None else body
        if timeout_ms <= 0:  # section 4.1: never publish a request that is late already
            raise RpcError("DEADLINE_EXCEEDED", f"{method.full_name} deadline passed before it was sent")
        correlation_id = uuid.uuid4().hex
        deadline = now_ms() + timeout_ms
        props = dict(correlation_id=correlation_id, reply_to=DIRECT_REPLY_TO, content_type=PROTOBUF,
                     type=method.full_name, expiration=str(timeout_ms),
                     headers={DEADLINE: str(deadline), PROTOCOL: PROTOCOL_VERSION})
        if self.user_id is not None:
            props["user_id"] = self.user_id
        props.update(overrides)
        self.pending.add(correlation_id)  # registered before publishing
        self.channel.basic_publish("", queue, body, pika.BasicProperties(**props), mandatory=True)
        if not props.get("reply_to"):
            self.pending.discard(correlation_id)
            self.connection.process_data_events(time_limit=0)
            return None
        while correlation_id not in self.outcomes:
            remaining = deadline - now_ms()
            if remaining <= 0:
                self.pending.discard(correlation_id)
                raise RpcError("DEADLINE_EXCEEDED", f"{method.full_name} got no reply within {timeout_ms} ms")
            self.connection.process_data_events(time_limit=remaining / 1000)
        self.pending.discard(correlation_id)
        outcome = self.outcomes.pop(correlation_id)
        if isinstance(outcome, RpcError):
            raise outcome
        props, body = outcome
        return read_reply(method, props, body)

    def on_return(self, channel, returned, props, body):
        if props.correlation_id in self.pending:  # section 4.3: no route
            self.outcomes[props.correlation_id] = RpcError(
                "UNAVAILABLE", f"no queue {returned.routing_key!r}: {returned.reply_code} {returned.reply_text}",
                {"reason": "NO_ROUTE", "queue": returned.routing_key})

    def on_reply(self, channel, deliver, props, body):
        if props.correlation_id in self.pending and props.correlation_id not in self.outcomes:
            self.outcomes[props.correlation_id] = (props, body)
        else:
            self.late_replies += 1  # late or duplicate: discarded


def read_reply(method, props, body):
    headers = props.headers or {}
    # Section 4.2: no status means success; one that cannot be read as text is UNKNOWN.
    status = header_text(headers, STATUS) if STATUS in headers else "OK"
    if status is None:
        raise RpcError("UNKNOWN", f"{method.full_name} reply has an unreadable status")
    if status == "OK":
        try:
            return method.response_class.FromString(body)
        except DecodeError as err:
            raise RpcError("INTERNAL", f"{method.full_name} reply does not decode: {err}") from None
    fallback = status if status in CODES and status != "OK" else "UNKNOWN"
    try:
        parsed = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        parsed = None
    if not isinstance(parsed, dict):
        raise RpcError(fallback, f"server replied {status} with an unreadable error body")
    code = parsed.get("code")
    code = code if code in CODES and code != "OK" else fallback
    message = parsed.get("message")
    details = parsed.get("details")
    raise RpcError(code, message if isinstance(message, str) else f"server replied {code}",
                   details if isinstance(details, dict) else None)
