#!/usr/bin/env bash
# Differential test of the policy engine against real bash: builds command
# lines from fragments that hide a command (aliases, the hash table, IFS,
# control flow, arithmetic, prompts, callbacks, descriptors), runs each under
# bash with a stub `sudo` that only records that it ran, and fails when the
# stub ran but `paddock policy check` with deny Bash(sudo:*) answered neither
# deny nor ask. Deterministic: bash's RANDOM is seeded.
#   PADDOCK=build/paddock tests/policy/test_bash_differential.sh [CASES] [SEED]
set -uo pipefail
paddock=${PADDOCK:-build/paddock}
cases=${1:-600} seed=${2:-20240601}
work=$(mktemp -d /tmp/paddock-diff.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/home"
printf '#!/bin/sh\necho ran >> %q/ran\n' "$work" > "$work/bin/sudo"
chmod 755 "$work/bin/sudo"
printf '{"permissions":{"deny":["Bash(sudo:*)"]}}\n' > "$work/settings.json"
stub=$work/bin/sudo

mapfile -t setups <<'EOF'
x=sudo
x=s; x+=udo
x=ls
IFS=,; x=sudo,id
IFS=x; x=sudoxid
read x <<< sudo
declare x=sudo
printf -v x sudo
x=$'s\x75do'
alias y=sudo
alias y=eval
alias y='command '
alias z=eval
hash -p @SUDO@ y
BASH_CMDS[y]=@SUDO@
BASH_ALIASES[y]=sudo
BASH_ALIASES[y]=eval
declare -n r=BASH_CMDS; r[y]=@SUDO@
set -- sudo id
set -- x sudo
shift
a=(sudo id)
v='a[$(sudo id)]'
w='$(sudo id)'
c='sudo id'
f() { x=sudo; }
g() { $x id; }
h() { bash; }
trap 'x=sudo' DEBUG
declare -i n
PS4='$(sudo id)'
PROMPT_COMMAND='sudo id'
exec 3<<< 'sudo id'
exec 0<<< 'sudo id'
declare -n r=x
r=sudo
export x=sudo
: ${x:=sudo}
for x in sudo; do :; done
x=sudo; x[1]=ls
unset x
mapfile -t q <<< sudo
IFS=, read -r x y <<< sudo,id
declare -A m; m[k]='a[$(sudo id)]'
RANDOM=$v
history -s 'sudo id'
PS4='\044(sudo id)'
EOF
mapfile -t wraps <<'EOF'
@
true && @
false || @
if true; then @; fi
if false; then @; fi
for i in 1 2; do @; done
(@)
{ @; }
echo | @
while true; do @; break; done
case a in a) @;; esac
EOF
mapfile -t uses <<'EOF'
$x id
$x
eval "$x id"
y id
y 'sudo id'
y z 'sudo id'
"$@"
$1 id
(( v ))
echo $((v))
n=v
[[ $v -eq 1 ]]
echo ${!v}
echo ${w@P}
g
f
set -x; true
bash /dev/fd/3
bash
bash /dev/stdin
h <<< 'sudo id'
"${a[@]}"
command $x id
$r id
eval "$c"
trap "$c" EXIT
mapfile -C "$c" -c 1 z <<< a
xargs bash -c <<< 'sudo id'
(( m[k] ))
"$q" id
env 'BASH_FUNC_k%%=() { sudo id; }' bash -c k
BASH_ENV=/dev/stdin bash -c true <<< "$c"
bash -x -c true
set -o history -H; fc -s
OPTIND=$v
EOF

# No $(...) here: a subshell would reseed RANDOM and the lines would differ
# from run to run.
pick() { local -n list=$1; picked=${list[RANDOM % ${#list[@]}]}; }
add_wrapped() {  # add_wrapped LIST: one fragment of LIST inside a random wrapper
  pick "$1"
  local inner=$picked
  pick wraps
  parts+=("${picked//@/$inner}")
}

RANDOM=$seed
ran=0 missed=0
for ((k = 0; k < cases; k++)); do
  parts=()
  for ((s = RANDOM % 3 + 1; s > 0; s--)); do add_wrapped setups; done
  for ((s = RANDOM % 2 + 1; s > 0; s--)); do add_wrapped uses; done
  sep='; '
  ((RANDOM % 2)) && sep=$'\n'
  cmd=""
  for part in "${parts[@]}"; do cmd+=$part$sep; done
  ((RANDOM % 2)) && cmd=$'shopt -s expand_aliases\n'"$cmd"
  cmd=${cmd//@SUDO@/$stub}
  rm -f "$work/ran"
  (cd "$work/home" && env -i PATH="$work/bin:/usr/bin:/bin" HOME="$work/home" timeout 5 bash -c "$cmd" \
     </dev/null >/dev/null 2>&1)
  [[ -e $work/ran ]] || continue
  ran=$((ran + 1))
  verdict=$("$paddock" policy check --settings "$work/settings.json" -- "$cmd" | head -1)
  if [[ $verdict != deny && $verdict != ask ]]; then
    missed=$((missed + 1))
    printf 'MISSED (%s): %q\n' "$verdict" "$cmd"
  fi
done
echo "bash-differential: $cases command lines, sudo ran in $ran, missed $missed"
echo "$((ran - missed)) passed, $missed failed"
((ran > 0 && missed == 0))
