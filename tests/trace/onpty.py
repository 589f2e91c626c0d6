# tests/trace/onpty.py CMD...: run CMD on a terminal of its own; when it
# prints "ready", type Ctrl-C (the terminal sends SIGINT to its foreground
# process group, SI_KERNEL); then print what it wrote and how it ended
# ("exit N" or "signal N").
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
out, sent = b"", False
while True:
    try:
        b = os.read(fd, 4096)
    except OSError:
        break
    if not b:
        break
    out += b
    if not sent and b"ready" in out:
        os.write(fd, b"\x03")
        sent = True
_, st = os.waitpid(pid, 0)
sys.stdout.write(out.decode(errors="replace").replace("\r", ""))
print("signal %d" % os.WTERMSIG(st) if os.WIFSIGNALED(st) else "exit %d" % os.WEXITSTATUS(st))
