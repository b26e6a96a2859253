# SPDX-License-Identifier: GPL-2.0
# bash completion for mmlab(8)

_mmlab()
{
	local cur prev words cword
	local i obj="" cmd="" ci=0

	if declare -F _init_completion >/dev/null; then
		_init_completion || return
	else
		# without the bash-completion package
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
		cur=${words[cword]}
		prev=${words[cword - 1]}
	fi

	# find the object and the command after the options
	for ((i = 1; i < cword; i++)); do
		case "${words[i]}" in
		-*)
			[[ -n $obj ]] && [[ -z $cmd ]] && [[ $obj == frag ]] &&
				cmd=show
			;;
		[0-9]*)
			# kmalloc SIZE, kfree HANDLE, translate SPACE ADDR,
			# access SPACE: no command word
			if [[ -z $obj ]]; then
				obj=${words[i]}
			elif [[ -z $cmd ]] && [[ $obj != kmalloc ]] &&
				[[ $obj != kfree ]] && [[ $obj != translate ]] &&
				[[ $obj != access ]]; then
				cmd=${words[i]}
				ci=$i
			fi
			;;
		*)
			if [[ -z $obj ]]; then
				obj=${words[i]}
			elif [[ -z $cmd ]]; then
				cmd=${words[i]}
				ci=$i
			fi
			;;
		esac
	done

	if [[ -z $obj ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W '-j --json -p --pretty
				--color --color=auto --color=always
				--color=never -V --version -h --help' -- "$cur"))
		else
			COMPREPLY=($(compgen -W 'arena stats monitor buddy
				allocator frag cache kmalloc kfree slabtop space
				translate tlb access help' -- "$cur"))
		fi
		return
	fi

	case "$obj" in
	arena)
		[[ -z $cmd ]] &&
			COMPREPLY=($(compgen -W 'show validate help' -- "$cur"))
		;;
	stats)
		[[ -z $cmd ]] &&
			COMPREPLY=($(compgen -W 'show reset help' -- "$cur"))
		;;
	monitor)
		# mmlab monitor [ count N ]
		if [[ $prev == count ]]; then
			return
		elif [[ -z $cmd ]]; then
			COMPREPLY=($(compgen -W 'count help' -- "$cur"))
		fi
		;;
	buddy)
		if [[ -z $cmd ]]; then
			COMPREPLY=($(compgen -W 'show alloc free compact
				freelist pagemap help' -- "$cur"))
			return
		fi
		case "$cmd:$prev" in
		alloc:mt)
			COMPREPLY=($(compgen -W 'unmovable movable
				reclaimable' -- "$cur"))
			;;
		alloc:order | alloc:size | alloc:count | compact:order)
			;;
		alloc:*)
			COMPREPLY=($(compgen -W 'order size mt count
				persistent transient' -- "$cur"))
			;;
		compact:compact)
			COMPREPLY=($(compgen -W 'order' -- "$cur"))
			;;
		esac
		;;
	allocator)
		# mmlab allocator set { buddy | fit [ policy POLICY ] }
		if [[ -z $cmd ]]; then
			COMPREPLY=($(compgen -W 'show set help' -- "$cur"))
			return
		fi
		case "$cmd:$prev" in
		set:set)
			COMPREPLY=($(compgen -W 'buddy fit' -- "$cur"))
			;;
		set:fit)
			COMPREPLY=($(compgen -W 'policy' -- "$cur"))
			;;
		set:policy)
			COMPREPLY=($(compgen -W 'first next best worst
				quick' -- "$cur"))
			;;
		esac
		;;
	cache)
		if [[ -z $cmd ]]; then
			COMPREPLY=($(compgen -W 'show create destroy alloc free
				help' -- "$cur"))
			return
		fi
		case "$cmd:$prev" in
		show:show | destroy:destroy | alloc:alloc | free:free)
			# a cache's name: the module's, if it is loaded
			COMPREPLY=($(compgen -W "$(awk 'NR > 2 { print $1 }' \
				/proc/mmlab/slabinfo 2>/dev/null)" -- "$cur"))
			;;
		create:flags)
			# FLAG[,FLAG...]: complete the word after the last comma
			local pre=""
			[[ $cur == *,* ]] && pre=${cur%,*},
			COMPREPLY=($(compgen -P "$pre" -W 'hwcache-align red-zone
				poison ctor checks' -- "${cur##*,}"))
			;;
		create:mt)
			COMPREPLY=($(compgen -W 'unmovable reclaimable' \
				-- "$cur"))
			;;
		create:create | create:size | create:align | create:ctor | \
		alloc:count)
			;;
		create:*)
			COMPREPLY=($(compgen -W 'size align flags ctor mt
				persistent transient' -- "$cur"))
			;;
		alloc:*)
			COMPREPLY=($(compgen -W 'count persistent transient' \
				-- "$cur"))
			;;
		esac
		;;
	kmalloc)
		# mmlab kmalloc SIZE [ count N ] [ persistent | transient ]
		case "$prev" in
		kmalloc | count)
			[[ $prev == kmalloc ]] && [[ -z $cmd ]] &&
				COMPREPLY=($(compgen -W 'help' -- "$cur"))
			;;
		*)
			COMPREPLY=($(compgen -W 'count persistent transient' \
				-- "$cur"))
			;;
		esac
		;;
	slabtop)
		case "$prev" in
		-s | --sort)
			COMPREPLY=($(compgen -W 'a b c l v n o p s u L active
				per-slab cache-size slabs active-slabs name objs
				pages size use loss' -- "$cur"))
			;;
		--svg)
			COMPREPLY=($(compgen -f -- "$cur"))
			;;
		-d | --delay)
			;;
		*)
			COMPREPLY=($(compgen -W '-d --delay -s --sort -o --once
				--svg help' -- "$cur"))
			;;
		esac
		;;
	space)
		if [[ -z $cmd ]]; then
			COMPREPLY=($(compgen -W 'show create destroy map unmap
				protect grow clone maps write read help' -- "$cur"))
			return
		fi
		case "$cmd:$prev" in
		create:geometry)
			COMPREPLY=($(compgen -W 'x86-32 x86-64 x86-64-la57 sv39
				sv48 sv57' -- "$cur"))
			;;
		create:*)
			COMPREPLY=($(compgen -W 'geometry inverted persistent
				transient' -- "$cur"))
			;;
		map:kind)
			COMPREPLY=($(compgen -W 'code data heap stack shared' \
				-- "$cur"))
			;;
		map:prot)
			COMPREPLY=($(compgen -W 'r-x rw- r-- rwx none' \
				-- "$cur"))
			;;
		map:shm)
			;;
		map:*)
			# ID ADDR LEN first
			((cword - ci > 3)) &&
				COMPREPLY=($(compgen -W 'prot kind shm' -- "$cur"))
			;;
		protect:*)
			((cword - ci == 4)) &&
				COMPREPLY=($(compgen -W 'r-x rw- r-- rwx none' \
					-- "$cur"))
			;;
		clone:*)
			((cword - ci == 2)) &&
				COMPREPLY=($(compgen -W 'persistent transient' \
					-- "$cur"))
			;;
		esac
		;;
	translate)
		# mmlab translate SPACE ADDR
		[[ $prev == translate ]] &&
			COMPREPLY=($(compgen -W 'help' -- "$cur"))
		;;
	tlb)
		if [[ -z $cmd ]]; then
			COMPREPLY=($(compgen -W 'show set help' -- "$cur"))
			return
		fi
		case "$cmd:$prev" in
		set:repl)
			COMPREPLY=($(compgen -W 'lru random' -- "$cur"))
			;;
		set:entries | set:ways)
			;;
		set:*)
			COMPREPLY=($(compgen -W 'entries ways repl no-asid' \
				-- "$cur"))
			;;
		esac
		;;
	access)
		# mmlab access SPACE --trace FILE
		case "$prev" in
		access)
			COMPREPLY=($(compgen -W 'help' -- "$cur"))
			;;
		--trace)
			COMPREPLY=($(compgen -f -- "$cur"))
			;;
		*)
			[[ ${words[*]} != *--trace* ]] &&
				COMPREPLY=($(compgen -W '--trace' -- "$cur"))
			;;
		esac
		;;
	frag)
		case "$prev" in
		--svg | compare)
			COMPREPLY=($(compgen -f -- "$cur"))
			;;
		--group | --width | --watch | --every)
			;;
		*)
			if [[ -z $cmd ]] && [[ $cur != -* ]]; then
				COMPREPLY=($(compgen -W 'show compare help' \
					-- "$cur"))
			elif [[ $cmd == compare ]]; then
				COMPREPLY=($(compgen -W '--every --svg --group
					--width --color --color=auto
					--color=always --color=never' -- "$cur"))
			else
				COMPREPLY=($(compgen -W '--svg --watch --group
					--width --color --color=auto
					--color=always --color=never' -- "$cur"))
			fi
			;;
		esac
		;;
	esac
} &&
	complete -F _mmlab mmlab
