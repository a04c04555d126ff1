"""Round trips against a Unix socket, from N forked clients: p50 / p99 latency and requests per second.

usage: sdk_load.py sdk <method> <clients> <requests>       (pit_sdk, inside a Pit task)
       sdk_load.py echo <clients> <requests>                (a bare echo server and client: the baseline)
Prints one JSON object.
"""

import json
import os
import socket
import socketserver
import sys
import tempfile
import threading
import time


def measure(round_trip, clients, requests):
    readers = []
    start = time.perf_counter()
    for _ in range(clients):
        read_end, write_end = os.pipe()
        if os.fork() == 0:
            os.close(read_end)
            latencies = []
            call = round_trip()
            for _ in range(requests):
                t = time.perf_counter_ns()
                call()
                latencies.append(time.perf_counter_ns() - t)
            os.write(write_end, json.dumps(latencies).encode())
            os._exit(0)
        os.close(write_end)
        readers.append(read_end)
    latencies = []
    for read_end in readers:
        chunks = []
        while True:
            chunk = os.read(read_end, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
        latencies.extend(json.loads(b"".join(chunks)))
        os.close(read_end)
    for _ in readers:
        os.wait()
    wall = time.perf_counter() - start
    latencies.sort()
    return {
        "clients": clients,
        "requests": len(latencies),
        "p50_us": latencies[len(latencies) // 2] / 1000,
        "p99_us": latencies[int(len(latencies) * 0.99)] / 1000,
        "rps": len(latencies) / wall,
    }


def sdk_client(method):
    def make():
        import pit_sdk
        from pit_sdk import connection
        connection._client = None  # a fresh connection per forked client
        if method == "ping":
            return pit_sdk.ping
        return lambda: pit_sdk.get_secret("bench_secret")
    return make


class Echo(socketserver.StreamRequestHandler):
    def handle(self):
        for line in self.rfile:
            self.wfile.write(line)
            self.wfile.flush()


def echo_client(path):
    def make():
        connection = socket.socket(socket.AF_UNIX)
        connection.connect(path)
        stream = connection.makefile("rw")
        request = json.dumps({"id": 1, "method": "ping", "params": {}, "token": "x" * 48}) + "\n"

        def call():
            stream.write(request)
            stream.flush()
            json.loads(stream.readline())
        return call
    return make


def main():
    if sys.argv[1] == "sdk":
        method, clients, requests = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
        print(json.dumps(measure(sdk_client(method), clients, requests)))
        return
    clients, requests = int(sys.argv[2]), int(sys.argv[3])
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "echo.sock")
    server = socketserver.ThreadingUnixStreamServer(path, Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(json.dumps(measure(echo_client(path), clients, requests)))
    server.shutdown()


if __name__ == "__main__":
    main()
