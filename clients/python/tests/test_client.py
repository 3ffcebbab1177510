"""The Python client against real instances started with bin/concoord: the tutorial's counter,
pipelined calls, typed errors, a retry after a dropped connection executed once (plaintext, the
connection cut by a proxy), and a lock held across a leader kill (TLS with a client
certificate)."""

import socket
import ssl
import struct
import threading
import time
import unittest

import concoord
from tests.instance import Instance

counter = None
lock = None


def setUpModule():
    global counter, lock
    started = {}

    def start(name, *args):
        try:
            started[name] = Instance(*args)
        except Exception as e:  # reported below, after both tried
            started[name] = e

    threads = [threading.Thread(target=start, args=("counter", "Counter", 1, 1, False)),
               threading.Thread(target=start, args=("lock", "Lock", 2, 1, True))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    counter, lock = started["counter"], started["lock"]
    failed = [i for i in (counter, lock) if isinstance(i, Exception)]
    if failed:
        tearDownModule()
        raise failed[0]


def tearDownModule():
    for instance in (counter, lock):
        if isinstance(instance, Instance):
            instance.stop()


def await_true(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("not within %d s: %s" % (seconds, what))
        time.sleep(0.02)  # bounded polling of a real process's state


class DroppingProxy:
    """Forwards one node's port; on the first connection it forwards the first request frame,
    then cuts both sides before any reply can come back. Records every request's (id, seq)."""

    def __init__(self, target):
        host, _, port = target.rpartition(":")
        self.target = (host, int(port))
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(8)
        self.address = "127.0.0.1:%d" % self.server.getsockname()[1]
        self.requests = []
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            self.connections += 1
            upstream = socket.create_connection(self.target)
            drop = self.connections == 1
            threading.Thread(target=self._up, args=(client, upstream, drop), daemon=True).start()
            if not drop:
                threading.Thread(target=self._pipe, args=(upstream, client),
                                 daemon=True).start()

    def _up(self, client, upstream, drop):
        buffer = b""
        try:
            while True:
                data = client.recv(65536)
                if not data:
                    break
                upstream.sendall(data)
                buffer += data
                while len(buffer) >= 4 and len(buffer) >= 4 + struct.unpack(">I", buffer[:4])[0]:
                    length = struct.unpack(">I", buffer[:4])[0]
                    frame, buffer = buffer[:4 + length], buffer[4 + length:]
                    if frame[5] == 0x0A:
                        self.requests.append(struct.unpack(">qq", frame[6:22]))
                        if drop:
                            raise ConnectionAbortedError("dropped after the first request")
        except OSError:
            pass
        for sock in (client, upstream):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    @staticmethod
    def _pipe(source, sink):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
        except OSError:
            pass

    def close(self):
        self.server.close()


class CounterTest(unittest.TestCase):
    def client(self, addresses=None):
        return concoord.Client(addresses or counter.bootstrap, **counter.credentials)

    def test_the_tutorials_counter(self):
        with self.client() as c:
            start = c.call("getvalue")
            self.assertIsNone(c.call("increment"))
            c.call("increment")
            self.assertEqual(start + 2, c.call("getvalue"))
            c.call("decrement")
            self.assertEqual(start + 1, c.call("getvalue"))

    def test_pipelined_calls_each_run_once(self):
        with self.client() as c:
            start = c.call("getvalue")
            futures = [c.call_async("increment") for _ in range(300)]
            for future in futures:
                self.assertIsNone(future.result(timeout=60))
            self.assertEqual(start + 300, c.call("getvalue"))

    def test_typed_errors(self):
        with self.client() as c:
            with self.assertRaises(concoord.UnknownMethodError):
                c.call("nope")
            with self.assertRaises(concoord.BadArgumentError) as caught:
                c.call("increment", 5)
            self.assertIn("takes", caught.exception.reason)
            c.call("increment")  # the client goes on after refusals

    def test_a_retry_after_a_dropped_connection_runs_once(self):
        proxy = DroppingProxy(counter.replicas()[0])
        try:
            with self.client() as direct:
                before = direct.call("getvalue")
                with self.client(proxy.address) as c:
                    self.assertIsNone(c.call("increment", timeout=60))
                    self.assertGreaterEqual(proxy.connections, 2, "the connection was dropped")
                    first = proxy.requests[0]
                    self.assertEqual((c.client_id, 1), first)
                    self.assertGreaterEqual(proxy.requests.count(first), 2, "resent, same seq")
                self.assertEqual(before + 1, direct.call("getvalue"), "executed once")
        finally:
            proxy.close()


class LockTest(unittest.TestCase):
    def client(self):
        return concoord.Client(lock.bootstrap, **lock.credentials)

    def test_no_client_certificate_no_call(self):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.load_verify_locations(lock.credentials["cafile"])
        with self.assertRaises(concoord.ConcoordError):
            with concoord.Client(lock.bootstrap, context=context, connect_timeout=5) as c:
                c.call("holder", timeout=10)

    def test_a_lock_is_held_across_a_leader_kill(self):
        with self.client() as a, self.client() as b:
            token = a.call("acquire")
            waiting = b.call_async("acquire")
            await_true(lambda: any(c.blocked for c in list(b._pending.values())), 60,
                       "b's acquire parked")
            leader = None
            for address in lock.replicas():
                if a.status(address).leading:
                    leader = address
            self.assertIsNotNone(leader)
            lock.kill(leader)
            self.assertEqual(a.client_id, a.call("holder"), "still held by a after the kill")
            self.assertEqual(token, a.call("token"))
            a.call("release")
            self.assertEqual(token + 1, waiting.result(timeout=60), "b got it, fenced higher")
            self.assertEqual(b.client_id, b.call("holder"))
            with self.assertRaises(concoord.RemoteError) as caught:
                a.call("release")
            self.assertEqual("java.lang.IllegalStateException", caught.exception.type)


if __name__ == "__main__":
    unittest.main()
