#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs the mmlab selftests through the kselftest runner (KTAP on stdout),
# by category, in the manner of mm/run_vmtests.sh. Needs the kselftest
# install layout:
#
#	<base>/kselftest/runner.sh, ktap_helpers.sh
#	<base>/kselftest-list.txt       "mmlab:TEST" lines, in run order
#	<base>/mmlab/                   the tests, config, settings, this file
#
# (`make -C selftests vm_install INSTALL_PATH=<base>` builds it.) The
# category of a test is its name without "mmlab_" and the extension:
# mmlab_load.sh is "load", mmlab_genl is "genl".
#
# mmlab is loaded with default parameters before the tests (tests that need
# other parameters load and unload it themselves and put it back) and
# unloaded after them if this script loaded it.

set -u

usage()
{
	cat <<EOF
usage: ${0##*/} [ -h ] [ -l ] [ -n ] [ -t "CATEGORY..." ]
  -t CATEGORIES  run only these categories (space or comma separated);
                 the default is every test in kselftest-list.txt
  -l             list the categories and the tests they run
  -n             do not load mmlab before the tests
  -h             this help

Environment: MMLAB_KO (the module to load, default: the running kernel's
mmlab.ko under /lib/modules), MMLAB_TOOL (default: mmlab in PATH),
KSELFTEST_<TEST>_ARGS (see kselftest/runner.sh).
EOF
}

here=$(cd "$(dirname "$0")" && pwd)
export BASE_DIR="${BASE_DIR:-$(dirname "$here")}"
collection=$(basename "$here")

if [ ! -r "$BASE_DIR/kselftest/runner.sh" ]; then
	echo "${0##*/}: $BASE_DIR/kselftest/runner.sh not found: install with 'make -C selftests vm_install INSTALL_PATH=DIR'" >&2
	exit 4
fi

# The tests of this collection, in order.
tests()
{
	if [ -r "$BASE_DIR/kselftest-list.txt" ]; then
		sed -n "s/^$collection://p" "$BASE_DIR/kselftest-list.txt"
	else
		for t in "$here"/mmlab_*; do
			t=${t##*/}
			case $t in
			mmlab_lib.sh | *.c) ;;
			*) [ -x "$here/$t" ] && echo "$t" ;;
			esac
		done
	fi
}

category()
{
	c=${1#mmlab_}
	echo "${c%.sh}"
}

only=
load=1
while getopts "ht:ln" opt; do
	case $opt in
	t) only="$only $(echo "$OPTARG" | tr ',' ' ')" ;;
	l)
		for t in $(tests); do
			printf '%-10s %s\n' "$(category "$t")" "$t"
		done
		exit 0
		;;
	n) load= ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 1 ;;
	esac
done

run=
for t in $(tests); do
	c=$(category "$t")
	if [ -n "$only" ]; then
		case " $only " in
		*" $c "*) ;;
		*) continue ;;
		esac
	fi
	run="$run ./$t"
done
for c in $only; do
	found=
	for t in $(tests); do
		[ "$(category "$t")" != "$c" ] || found=1
	done
	if [ -z "$found" ]; then
		echo "${0##*/}: unknown category '$c' (-l lists them)" >&2
		exit 1
	fi
done

loaded_here=
if [ -n "$load" ] && [ ! -d /sys/module/mmlab ]; then
	ko=${MMLAB_KO:-$(find "/lib/modules/$(uname -r)" -name 'mmlab.ko*' 2>/dev/null | head -n 1)}
	if [ -n "$ko" ] && insmod "$ko"; then
		loaded_here=1
	else
		echo "# ${0##*/}: could not load mmlab ('$ko'): the tests that need it will load it or skip"
	fi
fi

cd "$here" || exit 1
set +u	# runner.sh reads variables it may not have set
# shellcheck disable=SC1091 # from the kernel tree
. "$BASE_DIR/kselftest/runner.sh"
# shellcheck disable=SC2086 # a list of paths
run_many $run

if [ -n "$loaded_here" ] && [ -d /sys/module/mmlab ]; then
	rmmod mmlab || echo "# ${0##*/}: rmmod mmlab failed after the tests"
fi
exit 0
