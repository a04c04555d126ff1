#!/usr/bin/env python3
"""Runs a command in a pseudo-terminal of a fixed size and reads its screen, for the `pit top` specs.

usage: top_pty.py --cols 120 --rows 40 [--timeout 60] STEP... -- COMMAND [ARGS...]
steps, done in order:
  --expect TEXT   wait until TEXT is on the screen
  --send KEYS     type KEYS (Python escapes: \\t, \\x1b[B for Down, \\x03 for Ctrl-C)
  --snapshot      keep the text on the screen now (in "snapshots")
  --hold PATH     create PATH.reached, then wait (reading the screen) until the test creates PATH.go
  --exit          wait for the command to exit
Prints one JSON object: ok, failed (the step that timed out, or null), exit (code or null), screen
(the text on the screen, trailing spaces removed), snapshots (the screens --snapshot kept), restored
(the alternate screen was left and the cursor shown again after it was last entered), stderr.
Only the standard library: a tiny terminal that knows the sequences `pit top` and .NET write.
"""
import argparse
import codecs
import fcntl
import json
import os
import select
import struct
import subprocess
import sys
import termios
import time


class Screen:
    def __init__(self, cols, rows):
        self.cols, self.rows = cols, rows
        self.grid = [[" "] * cols for _ in range(rows)]
        self.r = self.c = 0
        self.wrap = False
        self.state = "text"
        self.seq = ""
        self.replies = b""

    def text(self):
        return "\n".join("".join(row).rstrip() for row in self.grid)

    def feed(self, chars):
        for ch in chars:
            if self.state == "text":
                self._text(ch)
            elif self.state == "esc":
                self._esc(ch)
            elif self.state == "csi":
                self.seq += ch
                if "\x40" <= ch <= "\x7e":
                    self._csi(self.seq)
                    self.state = "text"
            elif self.state == "osc":
                if ch == "\x07" or (self.seq.endswith("\x1b") and ch == "\\"):
                    self.state = "text"
                self.seq += ch
            elif self.state == "charset":
                self.state = "text"

    def _text(self, ch):
        if ch == "\x1b":
            self.state = "esc"
        elif ch == "\r":
            self.c, self.wrap = 0, False
        elif ch == "\n":
            self._down()
        elif ch == "\b":
            self.c, self.wrap = max(0, self.c - 1), False
        elif ch == "\t":
            self.c = min(self.cols - 1, (self.c // 8 + 1) * 8)
        elif ch >= " ":
            if self.wrap:
                self.c, self.wrap = 0, False
                self._down()
            self.grid[self.r][self.c] = ch
            if self.c == self.cols - 1:
                self.wrap = True
            else:
                self.c += 1

    def _down(self):
        self.wrap = False
        if self.r == self.rows - 1:
            self.grid.pop(0)
            self.grid.append([" "] * self.cols)
        else:
            self.r += 1

    def _esc(self, ch):
        self.seq = ""
        if ch == "[":
            self.state = "csi"
        elif ch == "]":
            self.state = "osc"
        elif ch in "()":
            self.state = "charset"
        else:
            self.state = "text"

    def _csi(self, seq):
        final, body = seq[-1], seq[:-1].lstrip("?>")
        numbers = [int(p) if p.isdigit() else 0 for p in body.split(";")] if body else []
        first = numbers[0] if numbers else 0
        if final in "Hf":
            row = numbers[0] if len(numbers) > 0 and numbers[0] else 1
            col = numbers[1] if len(numbers) > 1 and numbers[1] else 1
            self.r, self.c, self.wrap = min(row, self.rows) - 1, min(col, self.cols) - 1, False
        elif final == "J":
            start = 0 if first == 2 else self.r * self.cols + self.c
            for i in range(start, self.rows * self.cols):
                self.grid[i // self.cols][i % self.cols] = " "
        elif final == "K":
            begin, end = (0, self.cols) if first == 2 else (0, self.c + 1) if first == 1 else (self.c, self.cols)
            for i in range(begin, end):
                self.grid[self.r][i] = " "
        elif final in "ABCD":
            n = first or 1
            if final == "A":
                self.r = max(0, self.r - n)
            elif final == "B":
                self.r = min(self.rows - 1, self.r + n)
            elif final == "C":
                self.c = min(self.cols - 1, self.c + n)
            else:
                self.c = max(0, self.c - n)
            self.wrap = False
        elif final == "n" and first == 6:
            self.replies += f"\x1b[{self.r + 1};{self.c + 1}R".encode()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cols", type=int, default=120)
    parser.add_argument("--rows", type=int, default=40)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--expect", dest="steps", action="append", type=lambda v: ("expect", v))
    parser.add_argument("--send", dest="steps", action="append", type=lambda v: ("send", v))
    parser.add_argument("--snapshot", dest="steps", action="append_const", const=("snapshot", ""))
    parser.add_argument("--hold", dest="steps", action="append", type=lambda v: ("hold", v))
    parser.add_argument("--exit", dest="steps", action="append_const", const=("exit", ""))
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", args.rows, args.cols, 0, 0))

    def controlling_terminal():
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(args.cols), LINES=str(args.rows))
    process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=subprocess.PIPE,
                               preexec_fn=controlling_terminal, env=env, close_fds=True)
    os.close(slave)
    screen = Screen(args.cols, args.rows)
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    raw = bytearray()

    def pump(seconds):
        ready, _, _ = select.select([master], [], [], seconds)
        if not ready:
            return True
        try:
            data = os.read(master, 65536)
        except OSError:
            return False
        if not data:
            return False
        raw.extend(data)
        screen.feed(decoder.decode(data))
        if screen.replies:
            os.write(master, screen.replies)
            screen.replies = b""
        return True

    failed, code, snapshots = None, None, []
    for kind, value in args.steps or []:
        deadline = time.monotonic() + args.timeout
        if kind == "send":
            os.write(master, value.encode().decode("unicode_escape").encode())
            continue
        if kind == "snapshot":
            snapshots.append(screen.text())
            continue
        if kind == "hold":
            with open(value + ".reached", "w"):
                pass
        done = False
        while time.monotonic() < deadline:
            if kind == "hold":
                if os.path.exists(value + ".go"):
                    done = True
                    break
                if not pump(0.05):
                    time.sleep(0.05)
                continue
            if kind == "expect" and value in screen.text():
                done = True
                break
            if kind == "exit" and process.poll() is not None:
                while pump(0.05):
                    pass
                code, done = process.returncode, True
                break
            if not pump(0.05) and kind == "expect":
                break
        if not done:
            failed = f"{kind} {value}".strip()
            break

    if process.poll() is None:
        process.kill()
        process.wait()
    stderr = process.stderr.read().decode("utf-8", "replace")
    entered = raw.rfind(b"\x1b[?1049h")
    restored = entered >= 0 and raw.find(b"\x1b[?1049l", entered) > 0 and raw.find(b"\x1b[?25h", entered) > 0
    json.dump({"ok": failed is None, "failed": failed, "exit": code, "screen": screen.text(),
               "snapshots": snapshots, "restored": restored, "stderr": stderr}, sys.stdout)


if __name__ == "__main__":
    main()
