"""Server streaming (protocol 1.1, docs/protocol.md section 8) for the minimal Python peer.

StreamServer serves methods declared `returns (stream T)` whose handler is a generator, paced
by the caller's credit and stopped by its cancel; stream() consumes a warren stream as a
Python generator, granting credit as it goes and sending cancel when closed early. Written
from the protocol document, on pika's BlockingConnection (one thread, callbacks only).

Not done here: the checks of 5.1 other than reply_to, correlation_id, deadline and
content_type, which the unary Server shows.
"""

import os
import secrets
import struct
import sys
import uuid

import pika
from google.protobuf.message import DecodeError

from warren_peer import (DEADLINE, JSON, PROTOBUF, PROTOCOL, STATUS, RpcError, Server, header_int, header_text, log,
                         now_ms, read_reply)

STREAM = "x-warren-stream"
SEQ = "x-warren-seq"
CREDIT = "x-warren-stream-credit"
BATCH = "x-warren-stream-batch"
ITEMS = "x-warren-stream-items"
STREAM_VERSION = "1.1"


def credit_of(headers):
    """The credit header: 1..10000 on a request, 0..10000 on a credit message; else None."""
    n = header_int(headers, CREDIT)
    return n if n is not None and n <= 10000 else None


class Stream:
    """The server side of one stream: its handler's generator and what the caller allows."""

    def __init__(self, props, items, credit, deadline):
        self.props = props
        self.items = items
        self.credit = credit
        self.granted = credit  # the initial credit and every grant since
        self.deadline = deadline
        self.seq = 0


class StreamServer(Server):
    """A Server that also serves server-streaming methods, from one control queue."""

    def declare(self, prefetch=1):
        super().declare(prefetch)
        self.streams = {}
        # Section 8: one exclusive, auto-delete control queue per server instance.
        self.control = f"warren.control.{os.getpid()}.{secrets.token_hex(6)}"
        self.channel.queue_declare(self.control, exclusive=True, auto_delete=True)
        self.channel.basic_consume(self.control, self.on_control, auto_ack=True, exclusive=True)

    def on_message(self, channel, deliver, props, body):
        method = self.methods.get(props.type)
        if method is None or not method.server_streaming:
            return super().on_message(channel, deliver, props, body)
        tag = deliver.delivery_tag
        if not props.reply_to or not props.correlation_id:
            log("dropped", type=props.type)
            return channel.basic_ack(tag)
        deadline = header_int(props.headers, DEADLINE)
        if deadline is not None and deadline <= now_ms():
            log("expired", correlation_id=props.correlation_id)
            return channel.basic_ack(tag)
        try:
            credit = credit_of(props.headers)
            if CREDIT not in (props.headers or {}):  # section 8.5, server step 1: a v1 caller
                raise RpcError("FAILED_PRECONDITION",
                               f"{method.full_name} streams its replies: expected header {CREDIT} (1..10000, protocol 1.1)")
            if credit is None or credit < 1:
                raise RpcError("INVALID_ARGUMENT",
                               f"{CREDIT} must be decimal 1..10000, got {(props.headers or {}).get(CREDIT)!r}")
            if props.content_type != PROTOBUF:
                raise RpcError("INVALID_ARGUMENT", f"{method.full_name} expects content_type {PROTOBUF}")
            try:
                request = method.request_class.FromString(body)
            except DecodeError as err:
                raise RpcError("INVALID_ARGUMENT", f"{method.full_name} request does not decode: {err}") from None
            items = method.handler(request, {"deadline_ms": deadline, "headers": props.headers or {}})
        except RpcError as err:  # refused before the stream starts: a unary error reply (sections 3, 8)
            channel.basic_publish("", props.reply_to, err.body(), pika.BasicProperties(
                correlation_id=props.correlation_id, content_type=JSON, headers={STATUS: err.code}))
            channel.basic_ack(tag)
            return log("refused", correlation_id=props.correlation_id, status=err.code)
        channel.basic_ack(tag)  # acked when the handler starts: a stream is never redelivered
        stream = Stream(props, items, credit, deadline)
        self.streams[props.correlation_id] = stream
        log("stream-started", correlation_id=props.correlation_id, credit=credit)
        self.pump(stream)

    def pump(self, stream):
        """Sends items while the caller has credit; ends the stream when the generator does."""
        cid = stream.props.correlation_id
        while stream.credit > 0:
            if stream.deadline is not None and stream.deadline <= now_ms():
                return self.stop(stream, "deadline")  # the caller fails it; send nothing more
            try:
                item = next(stream.items)
            except StopIteration:
                return self.end(stream, None)
            except RpcError as err:
                return self.end(stream, err)
            except Exception as err:
                print(f"stream handler failed: {err!r}", file=sys.stderr, flush=True)
                return self.end(stream, RpcError("INTERNAL", "internal error"))
            self.send(stream, item.SerializeToString(), PROTOBUF, {STREAM: "data", SEQ: str(stream.seq)})
            stream.seq += 1
            stream.credit -= 1
        log("stream-waiting", correlation_id=cid, sent=stream.seq, granted=stream.granted)

    def send(self, stream, body, content_type, headers):
        props = pika.BasicProperties(correlation_id=stream.props.correlation_id, content_type=content_type,
                                     reply_to=self.control, headers=headers)
        self.channel.basic_publish("", stream.props.reply_to, body, props)

    def end(self, stream, error):
        headers = {STREAM: "end", SEQ: str(stream.seq)}
        body = b""
        if error is not None:
            headers[STATUS] = error.code
            body = error.body()
        self.send(stream, body, JSON, headers)
        del self.streams[stream.props.correlation_id]
        log("stream-ended", correlation_id=stream.props.correlation_id, sent=stream.seq,
            status=error.code if error else "OK")

    def stop(self, stream, why):
        stream.items.close()  # runs the generator's finally blocks
        del self.streams[stream.props.correlation_id]
        log("stream-stopped", correlation_id=stream.props.correlation_id, sent=stream.seq, why=why)

    def shutdown(self):
        """Section 8.5, server step 6: each open stream's handler stopped, then an end UNAVAILABLE."""
        for stream in list(self.streams.values()):
            stream.items.close()  # runs the generator's finally blocks
            self.end(stream, RpcError("UNAVAILABLE", "server shutting down"))

    def on_control(self, channel, deliver, props, body):
        stream = self.streams.get(props.correlation_id)
        kind = header_text(props.headers, STREAM)
        if stream is None:
            return  # a stream that already ended: nothing to do
        if kind == "cancel":
            return self.stop(stream, "cancel")
        if kind == "credit":
            n = credit_of(props.headers)
            if n:
                stream.credit += n
                stream.granted += n
                self.pump(stream)


def batch_items(body, count):
    """The items of a batch message (section 8.2): each a 4-byte big-endian length, then its bytes."""
    items, at = [], 0
    for _ in range(count):
        if at + 4 > len(body):
            raise ValueError(f"batch of {count} items ends after {len(items)}")
        (length,) = struct.unpack_from(">I", body, at)
        if at + 4 + length > len(body):
            raise ValueError(f"batch item {len(items)} claims {length} bytes past the body's end")
        items.append(body[at + 4:at + 4 + length])
        at += 4 + length
    if at != len(body):
        raise ValueError(f"batch of {count} items has {len(body) - at} bytes left over")
    return items


def stream(connection, queue, method, request, timeout_ms, credit=32, idle_ms=30000, batch=True, on_message=None):
    """Calls a server-streaming method and yields its responses in order; raises RpcError.

    With batch, the request says it accepts batch messages (several items in one message);
    on_message(kind, items) hears of each data or batch message as it arrives.

    Closing the generator before the end (a `break`) sends cancel to the server instance.
    Waiting with nothing heard for idle_ms/3 sends a credit 0 probe (a NO_ROUTE return means the
    server instance is gone: UNAVAILABLE); nothing at all for idle_ms is UNAVAILABLE too.
    """
    channel = connection.channel()
    # The caller's own reply queue (section 8: not direct reply-to, for many messages to one caller).
    reply_queue = channel.queue_declare("", exclusive=True, auto_delete=True).method.queue
    inbox, returned = [], []
    channel.add_on_return_callback(lambda ch, ret, props, body: returned.append(ret.routing_key))
    channel.basic_consume(reply_queue, lambda ch, d, props, body: inbox.append((props, body)), auto_ack=True)
    cid = uuid.uuid4().hex
    deadline = now_ms() + timeout_ms
    control = None
    ended = False

    def send_control(kind, n=None):
        headers = {STREAM: kind}
        if n is not None:
            headers[CREDIT] = str(n)
        channel.basic_publish("", control, b"", pika.BasicProperties(correlation_id=cid, headers=headers), mandatory=True)

    headers = {DEADLINE: str(deadline), PROTOCOL: STREAM_VERSION, CREDIT: str(credit)}
    if batch:
        headers[BATCH] = "1"
    channel.basic_publish("", queue, request.SerializeToString(), pika.BasicProperties(
        correlation_id=cid, reply_to=reply_queue, content_type=PROTOBUF, type=method.full_name,
        headers=headers), mandatory=True)
    seq = 0
    consumed = 0
    granted = credit  # the initial credit and every grant since (section 8.3)
    last_heard = probed = now_ms()
    try:
        while True:
            while not inbox:
                if returned:
                    if control is not None and control in returned:
                        raise RpcError("UNAVAILABLE", f"{method.full_name} stream: the server instance is gone",
                                       {"reason": "SERVER_GONE"})
                    raise RpcError("UNAVAILABLE", f"no queue {queue!r}", {"reason": "NO_ROUTE", "queue": queue})
                now = now_ms()
                remaining = deadline - now
                if remaining <= 0:
                    raise RpcError("DEADLINE_EXCEEDED", f"{method.full_name} stream passed its deadline")
                if now - last_heard >= idle_ms:
                    raise RpcError("UNAVAILABLE", f"{method.full_name} stream: nothing heard for {idle_ms} ms",
                                   {"reason": "IDLE"})
                if control is not None and now - last_heard >= idle_ms / 3 and now - probed >= idle_ms / 3:
                    send_control("credit", 0)  # a liveness probe: returned NO_ROUTE if the server is gone
                    probed = now
                connection.process_data_events(time_limit=min(remaining, idle_ms / 6, 1000) / 1000)
            props, body = inbox.pop(0)
            if props.correlation_id != cid:
                continue
            last_heard = now_ms()
            control = props.reply_to or control
            headers = props.headers or {}
            kind = header_text(headers, STREAM)
            if kind is None:  # a unary reply: the server refused the stream
                ended = True
                read_reply(method, props, body)
                raise RpcError("INTERNAL", f"{method.full_name}: the server answered a stream with a unary reply")
            if header_int(headers, SEQ) != seq:  # seq numbers items: a batch's is its first item's
                raise RpcError("DATA_LOSS", f"{method.full_name} stream: expected item {seq}, got {headers.get(SEQ)!r}")
            if kind == "end":
                ended = True
                if STATUS in headers and header_text(headers, STATUS) != "OK":
                    read_reply(method, props, body)  # raises the stream's error
                return
            if kind == "data":
                bodies = [body]
            elif kind == "batch" and batch:
                count = header_int(headers, ITEMS)
                try:
                    if count is None or not 1 <= count <= 10000:
                        raise ValueError(f"{ITEMS} must be 1..10000, got {headers.get(ITEMS)!r}")
                    bodies = batch_items(body, count)
                except ValueError as err:
                    raise RpcError("INTERNAL", f"{method.full_name} stream batch is malformed: {err}") from None
            else:
                continue
            if seq + len(bodies) > granted:
                raise RpcError("INTERNAL", f"{method.full_name} stream: items past the {granted} granted")
            if on_message is not None:
                on_message(kind, len(bodies))
            for item_body in bodies:
                seq += 1
                try:
                    item = method.response_class.FromString(item_body)
                except DecodeError as err:
                    raise RpcError("INTERNAL", f"{method.full_name} stream item does not decode: {err}") from None
                yield item
                consumed += 1
                if consumed * 2 >= credit:  # half the window consumed: grant that much again
                    send_control("credit", consumed)
                    granted += consumed
                    consumed = 0
    finally:
        if not ended and control is not None:
            send_control("cancel")  # stopped early (break, error, deadline): the server stops too
        channel.close()
