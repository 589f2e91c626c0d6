#!/bin/sh
# A Zapp with a piece missing, broken or foreign says so in one line on
# stderr and exits 127 (missing) or 126 (there but unusable); it never
# crashes.

. "$(dirname "$0")/lib.sh"
. "$ZAPP_SRC/tests/jumploader/lib-jumploader.sh"

REAL=$(pwd -P)

# fresh DIR: a copy of the working Zapp Z, to break.
fresh() {
	rm -rf "$1" && cp -a Z "$1"
}

# poke FILE OFFSET OCTAL...: overwrite bytes of FILE at OFFSET.
poke() {
	local f=$1 off=$2
	shift 2
	printf "$(printf '\\%s' "$@")" | dd of="$f" bs=1 seek="$off" conv=notrunc 2>/dev/null
}

prog() { echo "$REAL/$1/dynbin/showme"; }
ldso() { echo "$REAL/$1/lib/ld-linux-x86-64.so.2"; }

test_expect_success 'setup: a working Zapp' '
	jl_build_helper spawn &&
	jl_build_helper stamp &&
	jl_make_zapp Z showme gcc -O2 "$JL_SRC/showme.c" $JL_RPATH &&
	Z/bin/showme >out &&
	expect_eq "$REAL/Z/bin/showme" "$(jl_field out exe)"
'

test_expect_success 'missing program: 127' '
	fresh nodyn && rm nodyn/dynbin/showme &&
	refused 127 "zapp: showme: cannot open program '"'"'$(prog nodyn)'"'"': No such file or directory" \
		nodyn/bin/showme
'

test_expect_success 'missing program, invoked through a symlink: the Zapp'"'"'s name' '
	ln -s "$REAL/nodyn/bin/showme" alias &&
	refused 127 "zapp: showme: cannot open program '"'"'$(prog nodyn)'"'"': No such file or directory" \
		./alias
'

test_expect_success 'program is a dangling symlink: 127' '
	fresh dangling && rm dangling/dynbin/showme &&
	ln -s nowhere dangling/dynbin/showme &&
	refused 127 "zapp: showme: cannot open program '"'"'$(prog dangling)'"'"': No such file or directory" \
		dangling/bin/showme
'

test_expect_success 'missing loader: 127' '
	fresh noldso && rm noldso/lib/ld-linux-x86-64.so.2 &&
	refused 127 "zapp: showme: cannot open loader '"'"'$(ldso noldso)'"'"': No such file or directory" \
		noldso/bin/showme
'

test_expect_success 'missing lib directory: 127' '
	fresh nolib && rm -r nolib/lib &&
	refused 127 "zapp: showme: cannot open loader '"'"'$(ldso nolib)'"'"': No such file or directory" \
		nolib/bin/showme
'

test_expect_success 'program not executable: 126' '
	fresh noexec && chmod a-x noexec/dynbin/showme &&
	refused 126 "zapp: showme: cannot run program '"'"'$(prog noexec)'"'"': Permission denied" \
		noexec/bin/showme
'

test_expect_success 'program is a directory: 126' '
	fresh isdir && rm isdir/dynbin/showme && mkdir isdir/dynbin/showme &&
	refused 126 "zapp: showme: cannot run program '"'"'$(prog isdir)'"'"': Is a directory" \
		isdir/bin/showme
'

test_expect_success 'program is a shell script: 126, not an ELF file' '
	fresh script && printf "#!/bin/sh\necho hello\n" >script/dynbin/showme &&
	refused 126 "zapp: showme: cannot run program '"'"'$(prog script)'"'"': not an ELF file" \
		script/bin/showme
'

test_expect_success 'program is an empty file: 126, not an ELF file' '
	fresh empty && : >empty/dynbin/showme &&
	refused 126 "zapp: showme: cannot run program '"'"'$(prog empty)'"'"': not an ELF file" \
		empty/bin/showme
'

test_expect_success 'program truncated inside its ELF header: 126' '
	fresh trunc40 && head -c 40 Z/dynbin/showme >trunc40/dynbin/showme &&
	refused 126 "zapp: showme: cannot run program '"'"'$(prog trunc40)'"'"': truncated ELF file (incomplete ELF header)" \
		trunc40/bin/showme
'

test_expect_success 'program truncated inside its program headers: 126' '
	fresh trunc200 && head -c 200 Z/dynbin/showme >trunc200/dynbin/showme &&
	refused 126 "zapp: showme: cannot run program '"'"'$(prog trunc200)'"'"': truncated ELF file (program headers past end of file)" \
		trunc200/bin/showme
'

test_expect_success 'program truncated to half its size: 126' '
	fresh trunchalf &&
	head -c $(($(wc -c <Z/dynbin/showme) / 2)) Z/dynbin/showme >trunchalf/dynbin/showme &&
	refused 126 "zapp: showme: cannot run program '"'"'$(prog trunchalf)'"'"': truncated ELF file (segment past end of file)" \
		trunchalf/bin/showme
'

test_expect_success 'program with e_machine patched to AArch64: 126' '
	fresh machine && poke machine/dynbin/showme 18 267 000 &&
	readelf -hW machine/dynbin/showme | grep -q "Machine: *AArch64" &&
	refused 126 "zapp: showme: cannot run program '"'"'$(prog machine)'"'"': wrong architecture (ELF machine 183, expected 62 for x86-64)" \
		machine/bin/showme
'

test_lazy_prereq AARCH64_BINUTILS 'command -v aarch64-linux-gnu-as && command -v aarch64-linux-gnu-ld'
test_expect_success AARCH64_BINUTILS 'a real AArch64 program: 126' '
	fresh arm64 &&
	printf ".globl _start\n_start:\n\tmov x8, #93\n\tsvc #0\n" >a64.s &&
	aarch64-linux-gnu-as -o a64.o a64.s &&
	aarch64-linux-gnu-ld -o arm64/dynbin/showme a64.o &&
	refused 126 "zapp: showme: cannot run program '"'"'$(prog arm64)'"'"': wrong architecture (ELF machine 183, expected 62 for x86-64)" \
		arm64/bin/showme
'

test_expect_success 'program of the wrong ELF class: 126' '
	fresh class && poke class/dynbin/showme 4 001 &&
	refused 126 "zapp: showme: cannot run program '"'"'$(prog class)'"'"': not a 64-bit ELF file" \
		class/bin/showme
'

test_expect_success 'program of the wrong byte order: 126' '
	fresh endian && poke endian/dynbin/showme 5 002 &&
	refused 126 "zapp: showme: cannot run program '"'"'$(prog endian)'"'"': not a little-endian ELF file" \
		endian/bin/showme
'

test_expect_success 'program is a relocatable object: 126' '
	fresh object && gcc -c -o object/dynbin/showme "$JL_SRC/showme.c" &&
	chmod +x object/dynbin/showme &&
	refused 126 "zapp: showme: cannot run program '"'"'$(prog object)'"'"': not an executable or shared object" \
		object/bin/showme
'

# first_load_at FILE: the file offset of FILE's first PT_LOAD header.
first_load_at() {
	local phoff n
	phoff=$(readelf -hW "$1" | sed -n "s/.*Start of program headers: *\([0-9]*\).*/\1/p")
	n=$(readelf -lW "$1" | sed -n "/^  Type/,/^\$/p" | sed 1d | awk '{print $1}' |
	    grep -n "^LOAD\$" | head -n 1 | cut -d: -f1)
	echo $((phoff + (n - 1) * 56))
}

test_expect_success 'program with p_filesz > p_memsz: 126' '
	fresh filesz &&
	poke filesz/dynbin/showme $(($(first_load_at Z/dynbin/showme) + 39)) 001 &&
	refused 126 "zapp: showme: cannot run program '"'"'$(prog filesz)'"'"': corrupt segment (file size larger than memory size)" \
		filesz/bin/showme
'

test_expect_success 'program with a segment beyond the address space: 126' '
	fresh memsz &&
	poke memsz/dynbin/showme $(($(first_load_at Z/dynbin/showme) + 47)) 377 &&
	refused 126 "zapp: showme: cannot run program '"'"'$(prog memsz)'"'"': corrupt segment (address out of range)" \
		memsz/bin/showme
'

test_expect_success 'loader of another architecture: 126' '
	fresh ldmachine && poke ldmachine/lib/ld-linux-x86-64.so.2 18 267 000 &&
	refused 126 "zapp: showme: cannot run loader '"'"'$(ldso ldmachine)'"'"': wrong architecture (ELF machine 183, expected 62 for x86-64)" \
		ldmachine/bin/showme
'

test_expect_success 'truncated loader: 126' '
	fresh ldtrunc && head -c 20000 Z/lib/ld-linux-x86-64.so.2 >ldtrunc/lib/ld-linux-x86-64.so.2 &&
	refused 126 "zapp: showme: cannot run loader '"'"'$(ldso ldtrunc)'"'"': truncated ELF file (segment past end of file)" \
		ldtrunc/bin/showme
'

test_expect_success 'a loader that wants a loader: 126' '
	fresh ldinterp && cp Z/dynbin/showme ldinterp/lib/ld-linux-x86-64.so.2 &&
	refused 126 "zapp: showme: cannot run loader '"'"'$(ldso ldinterp)'"'"': it asks for a loader itself (PT_INTERP)" \
		ldinterp/bin/showme
'

test_expect_success 'argc == 0: the program still runs' '
	./spawn --empty-argv Z/bin/showme >out &&
	expect_eq "$REAL/Z/bin/showme" "$(jl_field out exe)" exe &&
	expect_eq showme "$(jl_field out comm)" comm &&
	case $(jl_field out argc) in
	0) ! grep -q "^argv" out ;;
	1) expect_eq "argv[0]=" "$(grep "^argv" out)" "argv (the kernel adds an empty argv[0])" ;;
	*) fail "argc=$(jl_field out argc)" ;;
	esac
'

test_expect_success 'argc == 0 with the program missing: named from /proc/self/exe' '
	refused 127 "zapp: showme: cannot open program '"'"'$(prog nodyn)'"'"': No such file or directory" \
		./spawn --empty-argv nodyn/bin/showme
'

test_lazy_prereq SETARCH_R 'setarch -R true'
test_expect_success SETARCH_R 'a non-PIE program whose fixed addresses are taken: 126' '
	fresh clash &&
	setarch -R clash/bin/showme --maps >maps &&
	addr=$(grep " $REAL/clash/bin/showme\$" maps | head -n 1 | cut -d- -f1) &&
	test -n "$addr" &&
	printf "void _start(void) { for (;;) ; }\n" >tiny.c &&
	gcc -O2 -static -nostdlib -no-pie -Wl,-Ttext-segment=0x$addr -o clash/dynbin/showme tiny.c &&
	readelf -lW clash/dynbin/showme | awk "\$1 == \"LOAD\" {print \$3, \$6}" >loads &&
	lo=$(head -n 1 loads | cut -d" " -f1) &&
	read -r vaddr memsz <<-EOT &&
	$(tail -n 1 loads)
	EOT
	hi=$(printf "%#x" $(( (vaddr + memsz + 4095) / 4096 * 4096 ))) &&
	expect_eq "0x$addr" "$(printf "%#x" $lo)" "program start" &&
	refused 126 "zapp: showme: cannot map program '"'"'$(prog clash)'"'"': its fixed address range 0x$addr-$hi is already in use" \
		setarch -R clash/bin/showme
'

test_expect_success 'a program path longer than PATH_MAX: 126' '
	deep=$REAL &&
	while [ ${#deep} -lt 3600 ]; do
		deep=$deep/$(printf "%0100d" 0)
	done &&
	mkdir -p "$deep" && cp -a Z "$deep/Z" &&
	junk=$(i=0; while [ $i -lt 90 ]; do printf "x/../"; i=$((i + 1)); done) &&
	./stamp "$deep/Z/bin/showme" "../dynbin/${junk}showme" "" &&
	refused 126 "zapp: showme: program path too long" "$deep/Z/bin/showme" &&
	./stamp "$deep/Z/bin/showme" "../dynbin/showme" "" &&
	"$deep/Z/bin/showme" >out &&
	expect_eq "$deep/Z/bin/showme" "$(jl_field out exe)" "exe (the same Zapp, short stamp)"
'

test_expect_success 'every message the jumploader has is in docs/jumploader.md' '
	sed -n "s/^	case ZELF_E_[A-Z]*: return \"\(.*\)\";/\1/p" "$ZAPP_SRC/jumploader/elf_check.c" >texts &&
	test $(wc -l <texts) -ge 20 &&
	grep -o "start(&\{0,1\}j, \"[^\"]*\"" "$ZAPP_SRC/jumploader/jumploader.c" |
		sed "s/.*\"\(.*\)\"/\1/" >>texts &&
	test $(wc -l <texts) -ge 28 &&
	while read -r t; do
		grep -qF -- "$t" "$ZAPP_SRC/docs/jumploader.md" || fail "undocumented: $t" || exit 1
	done <texts
'

test_done
