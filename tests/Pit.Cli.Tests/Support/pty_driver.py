"""Drives a program in a pseudo-terminal, as a person at a terminal would.

    python3 pty_driver.py --rows 30 --cols 100 [--cwd DIR] [--env K=V ...] -- program args...

Reads steps on stdin, one JSON object a line, runs each against the program and answers it with
one JSON line on stdout: {"ok", "failed" (why not), "screen" (the lines as drawn), "exit_code"
(null while it runs)}. The end of stdin ends the program (SIGKILL to its group if still running).
Steps:
    {"send": "sys\\t"}            write keystrokes (text; \\t is Tab, \\r Enter, \\u0003 Ctrl-C)
    {"expect": "text"}           wait until text shows on the screen at or below the line the
                                 cursor was on at the last send
    {"line": "text"}             wait until the cursor's line reads exactly text
    {"exit": true}               wait until the program exits
    {"signal": 2}                send a signal to the program's process group
Each wait gives up after "timeout" seconds (default 60).

The screen is a small model of a terminal: text, \\r, \\n, \\b, and the CSI sequences a line
editor uses (K to clear the line, C/D/G to move, J to clear the screen); others are ignored.
Only the stdlib: pty, os, select, signal, fcntl, termios, struct, json, codecs.
"""

import argparse
import codecs
import fcntl
import json
import os
import pty
import select
import signal
import struct
import sys
import termios
import time


class Screen:
    def __init__(self):
        self.lines = [[]]
        self.row = 0
        self.col = 0
        self.pending = ""

    def feed(self, text):
        text = self.pending + text
        self.pending = ""
        i = 0
        while i < len(text):
            ch = text[i]
            if ch == "\x1b":
                end = self._escape(text, i)
                if end is None:
                    self.pending = text[i:]
                    return
                i = end
                continue
            if ch == "\r":
                self.col = 0
            elif ch == "\n":
                self.row += 1
                while len(self.lines) <= self.row:
                    self.lines.append([])
            elif ch == "\b":
                self.col = max(0, self.col - 1)
            elif ch == "\t":
                self._put_spaces(8 - self.col % 8)
            elif ch >= " ":
                self._put(ch)
            i += 1

    def _put(self, ch):
        line = self.lines[self.row]
        while len(line) < self.col:
            line.append(" ")
        if self.col < len(line):
            line[self.col] = ch
        else:
            line.append(ch)
        self.col += 1

    def _put_spaces(self, n):
        for _ in range(n):
            self._put(" ")

    def _escape(self, text, i):
        """Applies the escape sequence at i; returns the index after it, or None when incomplete."""
        if i + 1 >= len(text):
            return None
        kind = text[i + 1]
        if kind == "[":
            j = i + 2
            while j < len(text) and not ("@" <= text[j] <= "~"):
                j += 1
            if j >= len(text):
                return None
            self._csi(text[i + 2:j], text[j])
            return j + 1
        if kind == "]":
            end = text.find("\x07", i)
            return None if end < 0 else end + 1
        return i + 2

    def _csi(self, params, final):
        if params.startswith("?"):
            return
        numbers = [int(p) if p.isdigit() else 0 for p in params.split(";")] if params else []
        n = numbers[0] if numbers and numbers[0] > 0 else 1
        line = self.lines[self.row]
        if final == "K":
            mode = numbers[0] if numbers else 0
            if mode == 0:
                del line[self.col:]
            elif mode == 2:
                line.clear()
        elif final == "D":
            self.col = max(0, self.col - n)
        elif final == "C":
            self.col += n
        elif final == "G":
            self.col = n - 1
        elif final == "J" and (numbers[0] if numbers else 0) == 2:
            self.lines = [[]]
            self.row = 0
            self.col = 0
        elif final == "H":
            self.row = 0
            self.col = 0

    def text(self, start=0):
        return "\n".join("".join(line) for line in self.lines[start:])

    def current_line(self):
        return "".join(self.lines[self.row])


class Session:
    def __init__(self, argv, cwd, env, rows, cols):
        self.screen = Screen()
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self.closed = False
        self.exit_code = None
        self.mark = 0
        pid, fd = pty.fork()
        if pid == 0:
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                if cwd:
                    os.chdir(cwd)
                os.execvpe(argv[0], argv, env)
            finally:
                os._exit(127)
        self.pid = pid
        self.fd = fd

    def pump(self, wait):
        """Reads what the program wrote (waiting up to `wait` seconds for it) into the screen."""
        if self.closed:
            self.reap(0)
            return
        ready, _, _ = select.select([self.fd], [], [], wait)
        if not ready:
            self.reap(0)
            return
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            data = b""
        if not data:
            self.closed = True
            self.reap(0)
            return
        self.screen.feed(self.decoder.decode(data))

    def reap(self, wait):
        if self.exit_code is not None:
            return
        deadline = time.monotonic() + wait
        while True:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid == self.pid:
                self.exit_code = os.waitstatus_to_exitcode(status)
                return
            if time.monotonic() >= deadline:
                return
            time.sleep(0.05)

    def drain(self):
        """Reads everything the program has written so far."""
        for _ in range(1000):
            if self.closed:
                return
            ready, _, _ = select.select([self.fd], [], [], 0)
            if not ready:
                return
            self.pump(0)

    def send(self, text):
        self.drain()
        self.mark = self.screen.row
        os.write(self.fd, text.encode("utf-8"))

    def wait_for(self, condition, timeout):
        deadline = time.monotonic() + timeout
        while True:
            if condition():
                return True
            if time.monotonic() >= deadline:
                return False
            if self.closed and self.exit_code is not None:
                return condition()
            self.pump(min(0.2, max(0.0, deadline - time.monotonic())))

    def gave_up(self, timeout):
        if self.exit_code is not None:
            return f"the program exited with {self.exit_code}"
        return f"gave up after {timeout}s"

    def wait_exit(self, timeout):
        deadline = time.monotonic() + timeout
        while self.exit_code is None and time.monotonic() < deadline:
            self.pump(0.2)
        return self.exit_code is not None

    def stop(self):
        if self.exit_code is None:
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except OSError:
                pass
            self.reap(10)
        try:
            os.close(self.fd)
        except OSError:
            pass


def step(session, request):
    """Runs one step; returns None when it passed, else why not."""
    timeout = request.get("timeout", 60)
    if "send" in request:
        session.send(request["send"])
    elif "expect" in request:
        text = request["expect"]
        if not session.wait_for(lambda: text in session.screen.text(session.mark), timeout):
            return f"{session.gave_up(timeout)} waiting for {text!r} on the screen"
    elif "line" in request:
        text = request["line"]
        if not session.wait_for(lambda: session.screen.current_line() == text, timeout):
            return f"{session.gave_up(timeout)} waiting for the cursor's line to read {text!r} (it reads {session.screen.current_line()!r})"
    elif "exit" in request:
        if not session.wait_exit(timeout):
            return f"the program did not exit within {timeout}s"
    elif "signal" in request:
        os.killpg(session.pid, request["signal"])
    else:
        return f"unknown step {json.dumps(request)}"
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=30)
    parser.add_argument("--cols", type=int, default=100)
    parser.add_argument("--cwd")
    parser.add_argument("--env", action="append", default=[])
    parser.add_argument("argv", nargs=argparse.REMAINDER)
    options = parser.parse_args()
    argv = options.argv[1:] if options.argv[:1] == ["--"] else options.argv
    env = dict(os.environ)
    for pair in options.env:
        key, _, value = pair.partition("=")
        env[key] = value
    session = Session(argv, options.cwd, env, options.rows, options.cols)
    try:
        while True:
            line = sys.stdin.readline()
            if not line:
                break
            if not line.strip():
                continue
            failed = step(session, json.loads(line))
            session.drain()
            answer = {"ok": failed is None, "failed": failed, "screen": session.screen.text(), "exit_code": session.exit_code}
            sys.stdout.write(json.dumps(answer) + "\n")
            sys.stdout.flush()
    finally:
        session.stop()


if __name__ == "__main__":
    main()
