"""The ConCoord client: calls a replicated object's methods over the native protocol, exactly
once, following the leader (docs/protocol.md, "Writing a client")."""

import concurrent.futures
import random
import secrets
import socket
import ssl
import threading
import sys
import time
import os

from . import errors, values, wire

KEEPALIVE_METHOD = "__concoordkeepalive__"
TICK_SECONDS = 0.01
_BACKOFF_MIN = 0.025
_BACKOFF_MAX = 1.0
_DEBUG = bool(os.environ.get("CONCOORD_DEBUG"))


def client_address(text):
    """'host:port/clientPort' (a node serving clients on a port of their own) -> 'host:clientPort',
    where clients connect; any other address as it is."""
    head, sep, tail = text.rpartition("/")
    if sep and tail.isdigit() and ":" in head:
        return head[:head.rfind(":") + 1] + tail
    return text


def parse_addresses(addresses):
    """'a:1,b:2' or a list of 'host:port' -> [(text, host, port)]: the port clients connect to."""
    if isinstance(addresses, str):
        addresses = [a for a in addresses.split(",") if a.strip()]
    parsed = []
    for address in addresses:
        address = address.strip()
        host, sep, port = client_address(address).rpartition(":")
        if not sep or not port.isdigit() or not host:
            raise ValueError("not host:port: %r" % address)
        parsed.append((address, host.strip("[]"), int(port)))
    if not parsed:
        raise ValueError("no address given")
    return parsed


def tls_context(cafile, certfile, keyfile):
    """TLS 1.3 trusting only the instance CA, presenting the client certificate. Host names are
    not checked by ssl: node certificates name the node by a URI SAN, checked after the
    handshake (see _Connection.open)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_3
    context.check_hostname = False
    context.verify_mode = ssl.CERT_REQUIRED
    context.load_verify_locations(cafile)
    context.load_cert_chain(certfile, keyfile)
    return context


class _Call:
    __slots__ = ("seq", "method", "args", "future", "blocked", "sent_at", "conn", "deadline")

    def __init__(self, seq, method, args, deadline):
        self.seq = seq
        self.method = method
        self.args = args
        self.future = concurrent.futures.Future()
        self.blocked = False
        self.sent_at = 0.0
        self.conn = None
        self.deadline = deadline


class _Connection:
    """One TCP (or TLS) connection to one node, with a reader thread."""

    def __init__(self, node, sock, client):
        self.node = node
        self.sock = sock
        self.client = client
        self.write_lock = threading.Lock()
        self.closed = False
        self.reader = threading.Thread(target=self._read, name="concoord-reader-" + node,
                                       daemon=True)

    @staticmethod
    def open(address, timeout, context):
        text, host, port = address
        sock = socket.create_connection((host, port), timeout=timeout)
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if context is not None:
                sock = context.wrap_socket(sock)
                names = [value for kind, value in sock.getpeercert().get("subjectAltName", ())
                         if kind == "URI"]
                scheme = "concoord-node://"
                if len(names) != 1 or not names[0].startswith(scheme) \
                        or client_address(names[0][len(scheme):]) != client_address(text):
                    raise ssl.SSLError("%s presented the certificate of %s, not its own"
                                       % (text, names))
            sock.settimeout(None)
            return sock
        except BaseException:
            sock.close()
            raise

    def send(self, frame):
        with self.write_lock:
            self.sock.sendall(frame)

    def close(self):
        self.closed = True
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()

    def _read(self):
        frames = wire.FrameReader()
        why = "end of stream"
        try:
            while True:
                data = self.sock.recv(65536)
                if not data:
                    break
                for tag, fields in frames.feed(data):
                    try:
                        message = wire.decode(tag, fields)
                    except (wire.WireError, UnicodeDecodeError, ValueError):
                        continue  # a malformed frame is dropped; the stream stays in step
                    if isinstance(message, wire.Reply):
                        self.client._on_reply(self, message)
        except (OSError, wire.WireError) as e:
            why = str(e)
        self.client._on_closed(self, why)


class Client:
    """A connection to a ConCoord instance. Thread-safe; calls from many threads are pipelined
    over one connection, each with its own seq.

    >>> with Client("127.0.0.1:14000,127.0.0.1:14001", insecure=True) as c:
    ...     c.call("increment")
    ...     c.call("getvalue")
    """

    def __init__(self, addresses, *, cafile=None, certfile=None, keyfile=None, context=None,
                 insecure=False, connect_timeout=10.0, request_timeout=2.0, call_timeout=60.0,
                 session_timeout=10.0, outstanding_max=4096):
        self.addresses = parse_addresses(addresses)
        if context is None and not insecure:
            if not (cafile and certfile and keyfile):
                raise ValueError("give cafile, certfile and keyfile (TLS with a client "
                                 "certificate), a context, or insecure=True (plaintext)")
            context = tls_context(cafile, certfile, keyfile)
        self._context = context
        self.connect_timeout = connect_timeout
        self.request_timeout = request_timeout
        self.call_timeout = call_timeout
        self.session_timeout = session_timeout
        self.client_id = _fresh_client_id()
        self._room = threading.BoundedSemaphore(outstanding_max)
        self._lock = threading.Condition()
        self._pending = {}
        self._next_seq = 1
        self._session_first = 1
        self._confirmed = False
        self._conn = None
        self._failover_at = None  # (hint, not before) of the failover due, if any
        self._failovers_in_row = 0
        self._cursor = random.randrange(len(self.addresses))
        self._closed = False
        self._last_submit = time.monotonic()
        self._set_connection(self._connect_pass(None))
        self._supervisor = threading.Thread(target=self._supervise, name="concoord-supervisor",
                                            daemon=True)
        self._supervisor.start()

    # ---- calls ------------------------------------------------------------------------------

    def call(self, method, *args, timeout=None):
        """Calls `method` with `args` and returns its result (None for void)."""
        return self.call_async(method, *args, timeout=timeout).result()

    def call_async(self, method, *args, timeout=None):
        """Like call, without waiting: a concurrent.futures.Future of the result. Calls issued
        this way are pipelined."""
        encoded = values.encode_args(args)
        if not self._room.acquire(timeout=self.call_timeout):
            raise errors.CallTimeoutError("no room among the outstanding calls")
        deadline = time.monotonic() + (timeout if timeout is not None else self.call_timeout)
        with self._lock:
            if self._closed:
                self._room.release()
                raise errors.ClosedError("the client is closed")
            call = _Call(self._next_seq, method, encoded, deadline)
            self._next_seq += 1
            self._pending[call.seq] = call
            self._last_submit = time.monotonic()
            conn = self._conn
        if conn is not None:
            self._send(call, conn)
        return call.future

    def status(self, address=None):
        """The StatusReply of one node (default: the first address): leading, leader, replicas."""
        target = parse_addresses([address])[0] if address else self.addresses[0]
        sock = _Connection.open(target, self.connect_timeout, self._context)
        try:
            sock.settimeout(self.connect_timeout)
            sock.sendall(wire.status_request())
            frames = wire.FrameReader()
            while True:
                data = sock.recv(65536)
                if not data:
                    raise errors.UnavailableError("%s closed before its status" % target[0])
                for tag, fields in frames.feed(data):
                    message = wire.decode(tag, fields)
                    if isinstance(message, wire.Status):
                        return message
        finally:
            sock.close()

    def close(self):
        """Closes the connection; outstanding calls fail with ClosedError (outcome unknown)."""
        with self._lock:
            self._closed = True
            conn, self._conn = self._conn, None
            calls = list(self._pending.values())
            self._pending.clear()
            self._lock.notify_all()
        if conn is not None:
            conn.close()
        for call in calls:
            self._complete(call, error=errors.ClosedError("the client was closed while %s (seq "
                                                          "%d) was outstanding" % (call.method,
                                                                                   call.seq)))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ---- sending ----------------------------------------------------------------------------

    def _acked_below(self, seq):
        """The lowest outstanding seq (or seq), or 1 until the session is confirmed."""
        if not self._confirmed and seq >= self._session_first:
            return 1
        lowest = min(self._pending, default=seq)
        return min(lowest, seq)

    def _send(self, call, conn):
        with self._lock:
            if self._pending.get(call.seq) is not call:
                return
            frame = wire.client_request(self.client_id, call.seq, self._acked_below(call.seq),
                                        call.method, call.args)
            call.sent_at = time.monotonic()
            call.blocked = False
            call.conn = conn
        try:
            conn.send(frame)
        except OSError as e:
            self._request_failover(conn, None, False, "write failed: %s" % e)

    # ---- replies (reader threads) -----------------------------------------------------------

    def _on_reply(self, conn, reply):
        if reply.client_id != self.client_id:
            return
        if reply.outcome == wire.NOT_LEADER:
            hint = None if reply.leader_hint == conn.node else reply.leader_hint
            self._request_failover(conn, hint, hint is None, "%s is not the leader" % conn.node)
            return
        with self._lock:
            if conn is self._conn:
                self._failovers_in_row = 0
            call = self._pending.get(reply.seq)
            if reply.outcome == wire.BLOCKED:
                self._confirm(reply.seq)
                if call is not None and call.conn is conn:
                    call.blocked = True
                return
            error = None
            if reply.outcome == wire.REJECTED:
                error = errors.rejected(_decode(reply.payload))
                if isinstance(error, errors.SessionExpiredError):
                    self._session_expired(reply.seq)
            else:
                self._confirm(reply.seq)
            if call is None:
                return  # a duplicate, or expired meanwhile
            del self._pending[reply.seq]
        if error is None and reply.outcome == wire.EXCEPTION:
            thrown = _decode(reply.payload)
            thrown = thrown if isinstance(thrown, list) and len(thrown) == 2 else ["?", thrown]
            error = errors.RemoteError(thrown[0], thrown[1])
        if error is not None:
            self._complete(call, error=error)
        else:
            try:
                self._complete(call, result=values.decode(reply.payload))
            except values.ValueError_ as e:
                self._complete(call, error=errors.ConcoordError("result of %s: %s"
                                                                % (call.method, e)))

    def _confirm(self, seq):
        if seq >= self._session_first:
            self._confirmed = True

    def _session_expired(self, seq):
        """Under the lock: start a new session; older outstanding calls have unknown outcome."""
        if seq < self._session_first:
            return
        self._session_first = self._next_seq
        self._confirmed = False
        # A new session under a new id (docs/client.md): a copy of an old request still queued at
        # a replica must not run again in the new session.
        self.client_id = _fresh_client_id()
        for older in [c for s, c in self._pending.items() if s < self._session_first and s != seq]:
            del self._pending[older.seq]
            self._complete(older, error=errors.SessionExpiredError(
                "the session expired while %s (seq %d) was outstanding; its outcome is unknown"
                % (older.method, older.seq)))

    def _complete(self, call, result=None, error=None):
        if call.future.done():
            return
        self._room.release()
        if error is not None:
            call.future.set_exception(error)
        else:
            call.future.set_result(result)

    def _on_closed(self, conn, why):
        self._request_failover(conn, None, False, "lost %s: %s" % (conn.node, why))

    # ---- failover (supervisor thread) -------------------------------------------------------

    def _request_failover(self, conn, hint, back_off, why):
        with self._lock:
            if self._closed or conn is not self._conn or self._failover_at is not None:
                return
            n = self._failovers_in_row
            delay = 0.0 if n == 0 or (hint is not None and n < 3) else \
                min(_BACKOFF_MAX, _BACKOFF_MIN * (2 ** min(n - 1, 6)))
            if back_off:
                delay = max(delay, _BACKOFF_MIN)
            self._failover_at = (hint, time.monotonic() + delay)
            self._failovers_in_row += 1
            self._lock.notify_all()

    def _supervise(self):
        while True:
            with self._lock:
                self._lock.wait(0.02)
                if self._closed:
                    return
                now = time.monotonic()
                overdue = [c for c in self._pending.values() if now >= c.deadline]
                for call in overdue:
                    del self._pending[call.seq]
                due = self._failover_at is not None and now >= self._failover_at[1]
                needed = self._conn is None and self._pending
                hint = self._failover_at[0] if due else None
                if due or needed:
                    self._failover_at = None
                    old, self._conn = self._conn, None
                keepalive = (self.session_timeout and not due and not needed
                             and now - self._last_submit > self.session_timeout / 3)
            for call in overdue:
                self._complete(call, error=errors.CallTimeoutError(
                    "%s (seq %d) got no final reply within its timeout; it may or may not have "
                    "run" % (call.method, call.seq)))
            if due or needed:
                if old is not None:
                    old.close()
                self._reconnect(hint)
            else:
                self._check_attempts()
            if keepalive:
                self._keepalive()

    def _keepalive(self):
        ticks = int(self.session_timeout / TICK_SECONDS)
        try:
            self.call_async(KEEPALIVE_METHOD, ticks, timeout=self.session_timeout)
        except errors.ConcoordError:
            pass

    def _check_attempts(self):
        with self._lock:
            conn = self._conn
            if conn is None:
                return
            now = time.monotonic()
            unsent = [c for c in self._pending.values() if c.conn is not conn]
            silent = any(not c.blocked and c.conn is conn and now - c.sent_at
                         > self.request_timeout for c in self._pending.values())
        for call in unsent:
            self._send(call, conn)
        if silent:
            self._request_failover(conn, None, False, "no reply within the request timeout")

    def _reconnect(self, hint):
        try:
            conn = self._connect_pass(hint)
        except errors.UnavailableError as e:
            with self._lock:
                calls = list(self._pending.values())
                self._pending.clear()
            for call in calls:
                self._complete(call, error=errors.UnavailableError(
                    "%s; %s (seq %d) may or may not have run" % (e, call.method, call.seq)))
            return
        self._set_connection(conn)
        with self._lock:
            calls = sorted(self._pending.values(), key=lambda c: c.seq)
        for call in calls:
            self._send(call, conn)

    def _set_connection(self, conn):
        with self._lock:
            if self._closed:
                conn.close()
                return
            self._conn = conn
        conn.reader.start()

    def _connect_pass(self, hint):
        order = []
        if hint is not None:
            try:
                order.append(parse_addresses([hint])[0])
            except ValueError:
                pass
        n = len(self.addresses)
        for i in range(n):
            address = self.addresses[(self._cursor + i) % n]
            if address[0] not in [o[0] for o in order]:
                order.append(address)
        start = time.monotonic()
        failures = []
        passes = 0
        # Passes over the nodes until the connect timeout: a node that is starting, electing or
        # restarting may refuse or drop a connection for a moment (seen as a TLS handshake cut
        # short right after a leader's death), and one pass would give up on it.
        while not self._closed and time.monotonic() - start < self.connect_timeout:
            if passes:
                time.sleep(min(_BACKOFF_MAX, _BACKOFF_MIN * (2 ** min(passes, 5))))
            passes += 1
            for left, address in zip(range(len(order), 0, -1), order):
                remaining = self.connect_timeout - (time.monotonic() - start)
                if remaining <= 0 or self._closed:
                    break
                try:
                    sock = _Connection.open(address, max(0.001, min(remaining / left, 5.0)),
                                            self._context)
                except (OSError, ssl.SSLError) as e:
                    failures.append("%s: %s" % (address[0], e))
                    if _DEBUG:
                        print("concoord: connect %s failed: %r" % (address[0], e),
                              file=sys.stderr)
                    continue
                if address in self.addresses:
                    self._cursor = (self.addresses.index(address) + 1) % n
                return _Connection(address[0], sock, self)
        failures = failures[-len(order):]
        raise errors.UnavailableError("no node of %s accepted a connection within %.1f s %s"
                                      % (",".join(a[0] for a in self.addresses),
                                         self.connect_timeout, failures))

    def __repr__(self):
        conn = self._conn
        return "Client(%x on %s, %d outstanding)" % (self.client_id & (2 ** 64 - 1),
                                                     conn.node if conn else None,
                                                     len(self._pending))


def _decode(payload):
    try:
        return values.decode(payload)
    except values.ValueError_:
        return None


def _fresh_client_id():
    """A random, nonzero, signed 64-bit client id."""
    client_id = 0
    while client_id == 0:
        client_id = secrets.randbits(64) - (1 << 63)
    return client_id
