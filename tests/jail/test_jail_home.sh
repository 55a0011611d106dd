#!/usr/bin/env bash
# Jail home: a run must not be able to break later runs. The jail home
# is writable by the jail; replacing a directory where a later run mounts the
# project or a share (by a symlink, a file) used to stop every later run.
# Now paddock moves it aside, says so, and starts; the symlink is never followed.
source "$(dirname "$0")/lib.sh"

# A project below the real home: its mount point lives in the jail home.
P=$HOME/work/proj
mkdir -p "$P" && cp probe "$P/" && cd "$P" || exit 1
mkdir -p "$HOME/.config/tool" && echo shared >"$HOME/.config/tool/conf"
check "first run works" jail -- true

jail -- sh -c 'cd ~ && mv work work.old && ln -s /tmp work' >/dev/null 2>&1
check "the first run replaced the project's mount-point directory by a symlink" \
  bash -c "$PADDOCK plan -- true | python3 -c 'import json,sys; h=json.load(sys.stdin)[\"jail_home\"][\"host\"]; import os; assert os.path.islink(h + \"/work\")'"
check "the next run starts anyway and reports what it moved" \
  bash -c "out=\$($PADDOCK run -- ./probe exists $P/probe-is-here 2>&1); echo \"\$out\" | grep -q 'moved it to .*work.paddock-moved'"
check "... and the project is mounted where it belongs (not through the link)" \
  bash -c "$PADDOCK run -- sh -c 'test -f $P/probe && touch $P/made-in-jail' && test -f $P/made-in-jail"
check "... and a later run needs no repair" bash -c "out=\$($PADDOCK run -- true 2>&1) && ! grep -q moved <<<\"\$out\""

jail --share .config/tool -- true >/dev/null 2>&1
jail -- sh -c 'rm -rf ~/.config/tool && echo file > ~/.config/tool' >/dev/null 2>&1
check "a share's mount point replaced by a file is moved aside too" \
  bash -c "$PADDOCK run --share .config/tool -- cat $HOME/.config/tool/conf 2>&1 | grep -q shared"
jail -- sh -c 'rm -rf ~/.config && ln -s / ~/.config' >/dev/null 2>&1
check "a symlinked parent of a share's mount point is moved aside" \
  bash -c "$PADDOCK run --share .config/tool -- cat $HOME/.config/tool/conf 2>&1 | grep -q shared"
check "nothing was written through the links on the host" test ! -e /tool -a ! -e /tmp/proj

finish
