# tests/trace/jobctl.py COMMAND-LINE WORD: type COMMAND-LINE into an
# interactive bash on a terminal of its own; when it prints "ready", type
# Ctrl-Z; when bash says the job stopped, type "fg"; once the job has
# printed WORD and bash its prompt again, print everything the terminal
# showed.  Each step waits for the words of the one before, never for a
# time (but 60 s in all).
import os, pty, select, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.environ["PS1"] = "$ "
    os.execvp("bash", ["bash", "--norc", "--noprofile", "-i"])
out = b""
def until(word, after=0):
    global out
    end = time.time() + 60
    while out.find(word, after) < 0:
        if time.time() > end:
            sys.stdout.write(out.decode(errors="replace"))
            sys.exit("jobctl.py: no %r" % word)
        r, _, _ = select.select([fd], [], [], 0.5)
        if r:
            try:
                out += os.read(fd, 4096)
            except OSError:
                sys.exit("jobctl.py: the terminal closed")
os.write(fd, sys.argv[1].encode() + b"\n")
until(b"ready")
os.write(fd, b"\x1a")
until(b"Stopped")
os.write(fd, b"fg\n")
until(sys.argv[2].encode())
until(b"$ ", out.find(sys.argv[2].encode()))
os.write(fd, b"exit\n")
os.waitpid(pid, 0)
sys.stdout.write(out.decode(errors="replace").replace("\r", ""))
