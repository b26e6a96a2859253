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
				-V --version -h --help' -- "$cur"))
		else
			COMPREPLY=($(compgen -W 'arena stats monitor help' \
				-- "$cur"))
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
	esac
} &&
	complete -F _mmlab mmlab
