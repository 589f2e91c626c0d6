# tests/real/pkg-python3.11.sh: CPython 3.11 (Debian's python3.11 source),
# autotools with --enable-shared: libpython3.11.so.1.0 and the python3.11
# linked against it, its standard library, and pip from the wheel the
# source bundles, whose scripts (bin/pip3) start with a #! line naming the
# staged interpreter.
#
# Debian's source is built as Debian does not build it, so three steps
# differ from upstream's `make install`:
#  - pyexpat: Debian's patches make pyexpat.c include an internal header
#    (pycore_ceval.h) that wants Py_BUILD_CORE_MODULE, which setup.py does
#    not define (Debian builds the module into the interpreter):
#    Modules/Setup.local builds it as a shared module with the define.
#  - ensurepip: Debian's patch disables it outside a virtual environment;
#    pip is installed from Lib/ensurepip/_bundled's wheel by running pip
#    from that wheel, as ensurepip itself does.
#  - where pip goes: Debian's sysconfig puts a prefix's packages under
#    PREFIX/local/ unless DEB_PYTHON_INSTALL_LAYOUT=deb_system, which
#    gives PREFIX/lib/python3/dist-packages, a directory Debian's site.py
#    searches.
PKG_SOURCE=python3.11
PKG_SYSTEM='autotools, --enable-shared'
PKG_DEPS='libssl-dev libsqlite3-dev libffi-dev zlib1g-dev libbz2-dev liblzma-dev libexpat1-dev'
PKG_PREFIX=/opt/python3.11
PKG_OWN_LIBS=libpython3.11.so.1.0
PKG_PROGRAMS=python3.11

pkg_configure() {
	cd "$src"
	printf '*shared*\npyexpat pyexpat.c -DPy_BUILD_CORE_MODULE -lexpat\n' >Modules/Setup.local
	CC=zapp-cc ./configure --prefix="$PKG_PREFIX" --enable-shared --with-system-expat --with-ensurepip=no
}

pkg_compile() {
	make -C "$src" -j2
}

pkg_install() {
	local p=$stage$PKG_PREFIX wheel
	make -C "$src" install DESTDIR="$stage" &&
	wheel=$(ls "$p"/lib/python3.11/ensurepip/_bundled/pip-*.whl) &&
	DEB_PYTHON_INSTALL_LAYOUT=deb_system LD_LIBRARY_PATH=$p/lib PYTHONHOME=$p \
		"$p/bin/python3.11" "$wheel/pip" install --no-index --no-warn-script-location \
		--disable-pip-version-check --root "$stage" --prefix "$PKG_PREFIX" "$wheel"
}

pkg_verify() {
	needs_lib "$stage$PKG_PREFIX/bin/python3.11" libpython3.11.so.1.0 &&
	head -n 1 "$stage$PKG_PREFIX/bin/pip3" | grep -x "#!$stage$PKG_PREFIX/bin/python3.11" &&
	test -f "$stage$PKG_PREFIX/lib/python3/dist-packages/pip/__init__.py"
}

pkg_smoke() {
	local run=$1 zapp=$2
	expect "pip 22.3.1 from $zapp/lib/python3/dist-packages/pip (python 3.11)" \
		"$($run "$zapp/bin/pip3" --version)"
	expect "42 $zapp" "$($run "$zapp/bin/python3" -c 'import json, sqlite3, ssl, decimal, sys; print(42, sys.prefix)')"
	# a virtual environment made and used where the Zapp runs (in a root
	# without /tmp, at its top)
	expect "42 $zapp" "$($run "$zapp/bin/python3" -c '
import os, subprocess, sys, tempfile
d = tempfile.mkdtemp(dir="/tmp" if os.path.isdir("/tmp") else "/")
subprocess.run([sys.executable, "-m", "venv", d + "/v"], check=True)
r = subprocess.run([d + "/v/bin/python", "-c", "import sys; print(42, sys.base_prefix)"],
                   check=True, capture_output=True, text=True)
print(r.stdout.strip())')"
}
