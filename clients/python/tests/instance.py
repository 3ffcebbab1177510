"""Real instances for the tests, started with bin/concoord initialize and stopped after."""

import os
import pathlib
import signal
import subprocess
import tempfile

ROOT = pathlib.Path(os.environ.get("CONCOORD_ROOT",
                                   pathlib.Path(__file__).resolve().parents[3]))
CONCOORD = str(ROOT / "bin" / "concoord")
OBJECTS = ROOT / "concoord-objects" / "src" / "main" / "java" / "org" / "concoord" / "objects"


class Instance:
    """A local instance of `object_class` (a class of concoord-objects): its bootstrap, the
    addresses and pids of its nodes, and (when secure) its CA and admin credential."""

    def __init__(self, object_class, replicas, acceptors, secure):
        self.dir = pathlib.Path(tempfile.mkdtemp(prefix="concoord-py-"))
        command = [CONCOORD, "initialize"] + ([] if secure else ["--insecure"]) + [
            "-f", str(OBJECTS / (object_class + ".java")), "-c", object_class,
            "-r", str(replicas), "-a", str(acceptors), "--dir", str(self.dir)]
        environment = dict(os.environ)
        if not secure:
            environment["CONCOORD_INSECURE"] = "1"
        done = subprocess.run(command, cwd=ROOT, env=environment, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=300)
        self.nodes = self._read_nodes()
        if done.returncode != 0:
            self.stop()
            raise RuntimeError("initialize failed:\n" + done.stdout)
        self.bootstrap = done.stdout.strip().splitlines()[-1].strip()
        self.secure = secure
        tls = self.dir / "tls"
        self.credentials = dict(cafile=str(tls / "ca.pem"), certfile=str(tls / "admin.pem"),
                                keyfile=str(tls / "admin.key")) if secure else dict(insecure=True)

    def _read_nodes(self):
        """[(role, address, pid)] from the deployment record."""
        path = self.dir / "deployment.properties"
        if not path.exists():
            return []
        props = {}
        for line in path.read_text().splitlines():
            if "=" in line and not line.startswith("#"):
                key, _, value = line.partition("=")
                props[key.strip()] = value.strip().replace("\\:", ":")
        nodes = []
        i = 0
        while "node.%d.role" % i in props:
            nodes.append((props["node.%d.role" % i], props["node.%d.address" % i],
                          int(props["node.%d.pid" % i])))
            i += 1
        return nodes

    def replicas(self):
        return [address for role, address, _ in self.nodes if role == "replica"]

    def kill(self, address):
        for _, node, pid in self.nodes:
            if node == address:
                os.kill(pid, signal.SIGKILL)
                return
        raise KeyError(address)

    def stop(self):
        subprocess.run([CONCOORD, "stop", "--dir", str(self.dir)], cwd=ROOT,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
        for _, _, pid in self._read_nodes():
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
