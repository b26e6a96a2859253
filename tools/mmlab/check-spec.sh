#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Check Documentation/netlink/mmlab.yaml against include/uapi/linux/mmlab.h:
# the kernel's own YNL generator (ynl-gen-c.py from the linux-source tree)
# turns the spec into a uapi header, then every enumerator and #define of
# either header is compiled into a tiny C program against both headers
# and the values are compared, name by name. Also checks that the spec
# validates against the genetlink-c schema and has doc: everywhere.
#
# Prints one "ok"/"not ok" line per check and "N passed, N failed" last.
# Exit 0 if all passed, 1 if any failed, 4 (kselftest SKIP) if the
# generator or python3-yaml is missing.
#
# Usage: check-spec.sh    (KSRC=kernel tree, SPEC=spec file to check)

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
KSRC=${KSRC:-$top/build/ksrc/linux-source-6.12}
SPEC=${SPEC:-$top/Documentation/netlink/mmlab.yaml}
HDR=$top/include/uapi/linux/mmlab.h
CC=${CC:-cc}
passed=0
failed=0

ok()
{
	passed=$((passed + 1))
	echo "ok $((passed + failed)) $1"
}

not_ok()
{
	failed=$((failed + 1))
	echo "not ok $((passed + failed)) $1"
}

skip()
{
	echo "# SKIP $1"
	echo "0 passed, 0 failed"
	exit 4
}

# Debian's interpreter, whose python3-yaml and python3-jsonschema deps.sh
# installs, not whichever python3 comes first in PATH.
PYTHON=${PYTHON:-/usr/bin/python3}

# 6.12 has ynl-gen-c.py at the top of tools/net/ynl, later kernels in pyynl/
gen=
for g in "$KSRC/tools/net/ynl/ynl-gen-c.py" \
	 "$KSRC/tools/net/ynl/pyynl/ynl_gen_c.py"; do
	[ -f "$g" ] && gen=$g && break
done
schema=$KSRC/Documentation/netlink/genetlink-c.yaml
[ -n "$gen" ] || skip "no YNL generator under $KSRC (make -C $top ksrc)"
[ -f "$schema" ] || skip "no $schema"
"$PYTHON" -c 'import yaml' 2>/dev/null || skip "python3-yaml is not installed"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The generator finds the kernel root by walking up to a MAINTAINERS file
# (forever, if there is none) and the schema at ../<protocol>.yaml from
# the spec's folder: give it a tree shaped like the kernel's.
mkdir -p "$tmp/tree/netlink/specs" "$tmp/gen/linux"
: >"$tmp/tree/MAINTAINERS"
cp "$SPEC" "$tmp/tree/netlink/specs/mmlab.yaml"
ln -s "$schema" "$tmp/tree/netlink/genetlink-c.yaml"

if timeout 60 "$PYTHON" "$gen" --mode uapi --header \
	--spec "$tmp/tree/netlink/specs/mmlab.yaml" \
	-o "$tmp/gen/linux/mmlab.h" >"$tmp/gen.log" 2>&1; then
	ok "spec validates against genetlink-c.yaml and generates a uapi header"
else
	not_ok "ynl-gen-c.py --mode uapi failed:"
	sed 's/^/#   /' "$tmp/gen.log" | tail -5
	echo "$passed passed, $failed failed"
	exit 1
fi

# doc: on every definition entry, attribute and operation
missing=$("$PYTHON" - "$SPEC" <<'PY'
import sys, yaml
spec = yaml.safe_load(open(sys.argv[1]))
miss = []
if 'doc' not in spec:
    miss.append('family')
for d in spec.get('definitions', []):
    if 'doc' not in d:
        miss.append('definition ' + d['name'])
    for e in d.get('entries', []):
        if not isinstance(e, dict) or 'doc' not in e:
            miss.append('entry %s of %s' % (e if isinstance(e, str)
                                            else e['name'], d['name']))
for s in spec['attribute-sets']:
    if 'doc' not in s:
        miss.append('attribute set ' + s['name'])
    for a in s['attributes']:
        if 'doc' not in a:
            miss.append('attribute %s/%s' % (s['name'], a['name']))
for o in spec['operations']['list']:
    if 'doc' not in o:
        miss.append('operation ' + o['name'])
print(' '.join(miss))
PY
)
if [ -z "$missing" ]; then
	ok "doc: on every definition, entry, attribute set, attribute and operation"
else
	not_ok "no doc: on $missing"
fi

# MMLAB_* enumerators and defines, and the enum tags, of a header
names()
{
	"$PYTHON" - "$1" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
names = set(re.findall(r'^#define\s+(_*MMLAB_\w+)', text, re.M))
names.discard('_UAPI_LINUX_MMLAB_H')
for body in re.findall(r'enum\s+\w*\s*\{(.*?)\}', text, re.S):
    names.update(re.findall(r'^\s*(_*MMLAB_\w+)', body, re.M))
names.update('enum:' + t for t in re.findall(r'enum\s+(\w+)\s*\{', text))
print('\n'.join(sorted(names)))
PY
}

names "$HDR" >"$tmp/real.names"
names "$tmp/gen/linux/mmlab.h" >"$tmp/gen.names"
comm -23 "$tmp/real.names" "$tmp/gen.names" >"$tmp/only-real"
comm -13 "$tmp/real.names" "$tmp/gen.names" >"$tmp/only-gen"
comm -12 "$tmp/real.names" "$tmp/gen.names" >"$tmp/both"

while read -r n; do
	not_ok "$n is in the uapi header but not generated from the spec"
done <"$tmp/only-real"
while read -r n; do
	not_ok "$n is generated from the spec but not in the uapi header"
done <"$tmp/only-gen"

# one program printing "NAME value" for every common name
{
	cat <<'C'
#include <stdio.h>
#include <linux/mmlab.h>
static const char *num(long long v)
{ static char b[32]; snprintf(b, sizeof(b), "%lld", v); return b; }
#define P(x) printf("%s %s\n", #x, _Generic((x), char *: (x), \
	const char *: (x), default: num((long long)(x))))
#define T(t) printf("enum:%s %zu\n", #t, sizeof(enum t))
int main(void) {
C
	while read -r n; do
		case "$n" in
		enum:*) echo "T(${n#enum:});" ;;
		*) echo "P($n);" ;;
		esac
	done <"$tmp/both"
	echo 'return 0; }'
} >"$tmp/values.c"

for side in real gen; do
	if [ $side = real ]; then inc=$top/include/uapi; else inc=$tmp/gen; fi
	if ! $CC -Wall -Werror -I"$inc" -o "$tmp/values-$side" \
		"$tmp/values.c" 2>"$tmp/cc-$side.log" ||
	   ! "$tmp/values-$side" >"$tmp/$side.values"; then
		not_ok "the $side header does not compile:"
		sed 's/^/#   /' "$tmp/cc-$side.log" | head -5
		echo "$passed passed, $failed failed"
		exit 1
	fi
done

while read -r n v; do
	g=$(awk -v n="$n" '$1 == n { $1 = ""; sub(/^ /, ""); print }' \
		"$tmp/gen.values")
	if [ "$v" = "$g" ]; then
		ok "$n = $v in both"
	else
		not_ok "$n is $v in the uapi header, $g from the spec"
	fi
done <"$tmp/real.values"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
