#!/usr/bin/env python3
"""elf-poke.py FILE EDIT...: make a hostile copy of a 64-bit little-endian
ELF file by editing fields in place, for tests.  Each EDIT is one of

  machine=N            e_machine
  ei_version=N         e_ident[EI_VERSION]
  phnum=N              e_phnum
  grow_phdrs=N         move the program header table to the end of the file,
                       N entries: the old ones, then PT_NULL
  load.K.align=N       p_align of the K-th PT_LOAD (0-based)
  load.K.memsz=N       p_memsz of the K-th PT_LOAD
  load.K.vaddr=N       p_vaddr (and p_paddr) of the K-th PT_LOAD
  load.K.filesz=N      p_filesz of the K-th PT_LOAD (-N: N bytes less)
  relro.vaddr=N        p_vaddr of the PT_GNU_RELRO
  interp2              turn the PT_NOTE (or the last PT_GNU_* header) into a
                       second PT_INTERP copying the first
  no_dt_null           turn every DT_NULL of the dynamic section (PT_DYNAMIC)
                       into DT_DEBUG, so nothing ends it

N is decimal or 0x-hexadecimal."""
import struct, sys

def main():
    path, edits = sys.argv[1], sys.argv[2:]
    b = bytearray(open(path, 'rb').read())
    if b[:4] != b'\x7fELF' or b[4] != 2 or b[5] != 1:
        sys.exit('elf-poke: %s: not a 64-bit little-endian ELF file' % path)
    phoff, = struct.unpack_from('<Q', b, 32)
    phnum, = struct.unpack_from('<H', b, 56)
    ph = [phoff + 56 * i for i in range(phnum)]
    loads = [o for o in ph if struct.unpack_from('<I', b, o)[0] == 1]
    for e in edits:
        key, _, val = e.partition('=')
        n = int(val, 0) if val else 0
        if key == 'machine':
            struct.pack_into('<H', b, 18, n)
        elif key == 'ei_version':
            b[6] = n
        elif key == 'phnum':
            struct.pack_into('<H', b, 56, n)
        elif key == 'grow_phdrs':
            table = b[phoff:phoff + 56 * phnum] + bytes(56 * (n - phnum))
            while len(b) % 8:
                b.append(0)
            struct.pack_into('<Q', b, 32, len(b))
            struct.pack_into('<H', b, 56, n)
            b += table
        elif key.startswith('load.'):
            _, k, field = key.split('.')
            o = loads[int(k)]
            at = o + {'align': 48, 'memsz': 40, 'vaddr': 16, 'filesz': 32}[field]
            if val.startswith('-'):
                n = struct.unpack_from('<Q', b, at)[0] + n
            struct.pack_into('<Q', b, at, n)
            if field == 'vaddr':
                struct.pack_into('<Q', b, o + 24, n)
        elif key == 'relro.vaddr':
            relro = [o for o in ph if struct.unpack_from('<I', b, o)[0] == 0x6474e552]
            if not relro:
                sys.exit('elf-poke: %s: no PT_GNU_RELRO' % path)
            struct.pack_into('<QQ', b, relro[0] + 16, n, n)
        elif key == 'interp2':
            interp = [o for o in ph if struct.unpack_from('<I', b, o)[0] == 3]
            spare = [o for o in ph if struct.unpack_from('<I', b, o)[0] in (4, 0x6474e553, 0x6474e550)]
            if not interp or not spare:
                sys.exit('elf-poke: %s: no PT_INTERP or no header to reuse' % path)
            b[spare[-1]:spare[-1] + 56] = b[interp[0]:interp[0] + 56]
        elif key == 'no_dt_null':
            dyn = [o for o in ph if struct.unpack_from('<I', b, o)[0] == 2]
            if not dyn:
                sys.exit('elf-poke: %s: no PT_DYNAMIC' % path)
            off, = struct.unpack_from('<Q', b, dyn[0] + 8)
            size, = struct.unpack_from('<Q', b, dyn[0] + 32)
            for d in range(off, off + size - 15, 16):
                if struct.unpack_from('<q', b, d)[0] == 0:
                    struct.pack_into('<q', b, d, 21)
        else:
            sys.exit('elf-poke: unknown edit %r' % e)
    open(path, 'r+b').write(b)

main()
