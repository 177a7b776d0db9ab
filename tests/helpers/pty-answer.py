#!/usr/bin/env python3
"""tests/helpers/pty-answer.py - runs a command at a terminal and answers it.

    pty-answer.py PROMPT ANSWER COMMAND [ARG...]

Runs COMMAND with a pseudo-terminal as its standard input, output and
error; once PROMPT shows in what it writes, types ANSWER and a newline.
Copies everything the command writes to standard output and exits with
its exit status (1 when PROMPT never showed and the command ended).
"""
import os
import pty
import sys


def main():
    prompt, answer, argv = sys.argv[1].encode(), sys.argv[2], sys.argv[3:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(argv[0], argv)
    seen, answered = b"", False
    while True:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        sys.stdout.buffer.write(data)
        seen += data
        if not answered and prompt in seen:
            os.write(fd, answer.encode() + b"\n")
            answered = True
    _, status = os.waitpid(pid, 0)
    sys.stdout.flush()
    code = os.waitstatus_to_exitcode(status)
    sys.exit(code if answered else 1)


main()
