#!/bin/sh
# @NAME@: a Zapp installer made by zapp-assemble (zapp @VERSION@).  It
# carries the Zapp @NAME@ as a compressed tar archive (base64, below),
# checks the archive's SHA-256 before it installs anything, and installs
# the Zapp as PREFIX/@NAME@: extracted beside it, then renamed into place.
#
#   sh @NAME@.sh [--prefix DIR] [--force] [--list]
#   ssh HOST sh -s -- [--prefix DIR] [--force] <@NAME@.sh
#
# PREFIX is --prefix DIR, else $PREFIX, else $HOME/.local/opt.  --force
# replaces an installed Zapp of that name (a directory holding .zapp), and
# nothing else; --list prints the archive's files and installs nothing.
# It needs sh, base64, tar with gzip (-z), mkdir, mv, rm, and sha256sum
# (or shasum, or openssl): busybox has them all.
zapp_name='@NAME@'
zapp_sum='@SHA256@'
zapp_install() {
	prefix=${PREFIX:-} force='' list='' work=''
	die() {
		printf 'zapp-install: %s: %s\n' "$zapp_name" "$*" >&2
		[ -z "$work" ] || rm -rf "$work"
		exit 1
	}
	while [ $# -gt 0 ]; do
		case $1 in
		--prefix) [ $# -ge 2 ] || die "--prefix needs a directory"; prefix=$2; shift ;;
		--prefix=*) prefix=${1#--prefix=} ;;
		--force) force=1 ;;
		--list) list=1 ;;
		-h|--help) sed -n '2,14s/^# \{0,1\}//p' "$0" 2>/dev/null ||
			echo "usage: sh $zapp_name.sh [--prefix DIR] [--force] [--list]"; exit 0 ;;
		*) die "unknown option '$1' (--prefix DIR, --force, --list)" ;;
		esac
		shift
	done
	if [ -z "$prefix" ]; then
		[ -n "${HOME:-}" ] || die "no --prefix, no \$PREFIX and no \$HOME: say where with --prefix DIR"
		prefix=$HOME/.local/opt
	fi
	case $prefix in /*) ;; *) prefix=$(pwd)/$prefix ;; esac
	# (no /dev/null: a bare root may have no /dev)
	if found=$(command -v sha256sum); then sha='sha256sum'
	elif found=$(command -v shasum); then sha='shasum -a 256'
	elif found=$(command -v openssl); then sha='openssl dgst -sha256 -r'
	else die "no sha256sum, shasum or openssl to check the archive with"
	fi
	dest=$prefix/$zapp_name
	if [ -z "$list" ] && { [ -e "$dest" ] || [ -L "$dest" ]; }; then
		[ -n "$force" ] || die "$dest exists: --force replaces it when it is a Zapp"
		[ -d "$dest" ] && [ ! -L "$dest" ] && [ -f "$dest/.zapp" ] ||
			die "$dest is not a Zapp (no .zapp): not replaced"
	fi
	mkdir -p "$prefix" || die "cannot create $prefix"
	work=$(mktemp -d "$prefix/.$zapp_name.zapp-install.XXXXXX") || { work=''; die "cannot write in $prefix"; }
	trap 'rm -rf "$work"; exit 1' HUP INT TERM
	base64 -d >"$work/zapp.tar.gz" || die "cannot decode the archive"
	got=$($sha <"$work/zapp.tar.gz") || die "cannot check the archive"
	got=${got%% *}
	[ "$got" = "$zapp_sum" ] || die "the archive is damaged: its SHA-256 is $got, not $zapp_sum"
	if [ -n "$list" ]; then
		tar -tzf "$work/zapp.tar.gz" || die "cannot read the archive"
		rm -rf "$work"
		return 0
	fi
	mkdir "$work/tree" && tar -xzf "$work/zapp.tar.gz" -C "$work/tree" || die "cannot extract the archive"
	[ -f "$work/tree/$zapp_name/.zapp" ] || die "the archive holds no Zapp $zapp_name"
	if [ -e "$dest" ] || [ -L "$dest" ]; then
		mv "$dest" "$work/old" || die "cannot move $dest aside"
		mv "$work/tree/$zapp_name" "$dest" || { mv "$work/old" "$dest"; die "cannot install $dest"; }
	else
		mv "$work/tree/$zapp_name" "$dest" || die "cannot install $dest"
	fi
	rm -rf "$work"
	trap - HUP INT TERM
	printf '%s: installed in %s\n' "$zapp_name" "$dest"
	case ":${PATH:-}:" in
	*":$dest/bin:"*) ;;
	*) printf 'to run its programs by name: export PATH="%s/bin:$PATH"\n' "$dest" ;;
	esac
}
zapp_install "$@" <<'ZAPP_ARCHIVE_END'
