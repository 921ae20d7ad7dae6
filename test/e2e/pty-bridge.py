"""Runs a command in a pseudo-terminal of a fixed size, relaying stdin to it and its output to stdout.

Tests drive interactive prompts through it: they write keystrokes to this process's stdin (a pipe) and
read what the terminal shows from its stdout. Usage: pty-bridge.py COLS ROWS command [args...]
"""
import fcntl
import os
import pty
import select
import struct
import sys
import termios

cols, rows, argv = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)

fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
stdin_open = True
while True:
    readers = [fd] + ([sys.stdin.fileno()] if stdin_open else [])
    ready, _, _ = select.select(readers, [], [], 0.5)
    if fd in ready:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        os.write(sys.stdout.fileno(), data)
    if stdin_open and sys.stdin.fileno() in ready:
        data = os.read(sys.stdin.fileno(), 1024)
        if data:
            os.write(fd, data)
        else:
            stdin_open = False

_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else status >> 8)
