# SPDX-License-Identifier: GPL-2.0
# bash completion for mmlab(8)

_mmlab()
{
	local cur prev words cword
	local i obj="" cmd=""

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
		*)
			if [[ -z $obj ]]; then
				obj=${words[i]}
			elif [[ -z $cmd ]]; then
				cmd=${words[i]}
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
				allocator frag help' -- "$cur"))
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
