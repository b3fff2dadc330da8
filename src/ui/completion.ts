// Shell completion scripts for bash, zsh and fish, generated from the command tree so they
// never fall behind the commands. Values that live in the data file (campaign ids) are asked
// for at completion time with `meld completion --list campaigns`.

/** What a value can be: a fixed list, the campaigns on file, or a file name. */
export type Values = { kind: 'none' } | { kind: 'list'; items: string[] } | { kind: 'campaigns' } | { kind: 'files' };

export interface CompletionOption {
  /** `--stage`, `-h` ... every spelling. */
  flags: string[];
  description: string;
  takesValue: boolean;
  values: Values;
}

export interface CompletionNode {
  /** Command path below `meld`: [] for the root, ['campaign', 'add'] ... */
  path: string[];
  description: string;
  options: CompletionOption[];
  /** Positional arguments, in order. */
  args: Values[];
  children: CompletionNode[];
}

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const NONE: Values = { kind: 'none' };

function flatten(node: CompletionNode): CompletionNode[] {
  return [node, ...node.children.flatMap(flatten)];
}

const key = (path: string[]) => path.join(' ');
/** Shell-safe words: the lists are stages, channels, ids; anything odd is dropped. */
const words = (items: string[]) => items.filter((w) => /^[\w.@:+-]+$/.test(w)).join(' ');
const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** `case` arms shared by the bash and zsh scripts (POSIX syntax, read by both). */
function sharedFunctions(root: CompletionNode): string {
  const nodes = flatten(root);
  const arm = (path: string[], body: string) => `    ${sq(key(path))}) ${body} ;;`;
  const completionsFor = (v: Values) => {
    switch (v.kind) {
      case 'list':
        return `echo ${sq(words(v.items))}`;
      case 'campaigns':
        return 'echo @campaigns';
      case 'files':
        return 'echo @files';
      default:
        return 'return 1';
    }
  };
  const subcommands = nodes
    .filter((n) => n.children.length > 0)
    .map((n) => arm(n.path, `echo ${sq(words(n.children.map((c) => c.path.at(-1)!)))}`));
  const options = nodes.map((n) =>
    arm(n.path, `echo ${sq(words(n.options.flatMap((o) => o.flags.filter((f) => f.startsWith('--')))))}`),
  );
  const valueOptions = nodes.map((n) =>
    arm(n.path, `echo ${sq(words(n.options.filter((o) => o.takesValue).flatMap((o) => o.flags)))}`),
  );
  const optionValues = nodes.flatMap((n) =>
    n.options
      .filter((o) => o.takesValue && o.values.kind !== 'none')
      .flatMap((o) => o.flags.map((f) => arm([...n.path, f], completionsFor(o.values)))),
  );
  const argValues = nodes.flatMap((n) =>
    n.args
      .map((v, i) => (v.kind === 'none' ? null : arm([...n.path, String(i)], completionsFor(v))))
      .filter((x): x is string => x !== null),
  );
  const fn = (name: string, arms: string[]) =>
    `${name}() {\n  case "$1" in\n${arms.join('\n')}\n    *) return 1 ;;\n  esac\n}`;
  return [
    fn('_meld_subcommands', subcommands),
    fn('_meld_options', options),
    fn('_meld_value_options', valueOptions),
    '# $1: command path and option, e.g. "campaign add --channel"',
    fn('_meld_option_values', optionValues),
    '# $1: command path and the index of the positional argument, e.g. "campaign show 0"',
    fn('_meld_arg_values', argValues),
  ].join('\n\n');
}

/**
 * Reads the words before the cursor ($@) and sets _meld_path (the command path), _meld_pos
 * (how many positional arguments were given), _meld_db (a --db value, for dynamic lists) and
 * _meld_pending (an option still waiting for its value).
 */
const WALK = `_meld_walk() {
  _meld_path=''
  _meld_pos=0
  _meld_db=''
  _meld_pending=''
  local w next subs vopts
  for w in "$@"; do
    if [ -n "$_meld_pending" ]; then
      [ "$_meld_pending" = "--db" ] && _meld_db="$w"
      _meld_pending=''
      continue
    fi
    case "$w" in
      --db=*) _meld_db="\${w#--db=}"; continue ;;
      --*=*) continue ;;
      -*)
        vopts=" $(_meld_value_options "$_meld_path") "
        case "$vopts" in *" $w "*) _meld_pending="$w" ;; esac
        continue ;;
    esac
    if [ "$_meld_pos" -eq 0 ]; then
      subs=" $(_meld_subcommands "$_meld_path") "
      case "$subs" in
        *" $w "*)
          if [ -z "$_meld_path" ]; then _meld_path="$w"; else _meld_path="$_meld_path $w"; fi
          continue ;;
      esac
    fi
    _meld_pos=$((_meld_pos + 1))
  done
}

# The candidates for the word under the cursor ($1), one per line; @files asks for file names.
_meld_candidates() {
  local cur="$1" list
  if [ -n "$_meld_pending" ]; then
    list=$(_meld_option_values "$_meld_path $_meld_pending") || return 0
  else
    case "$cur" in
      -*) list=$(_meld_options "$_meld_path") ;;
      *)
        if [ "$_meld_pos" -eq 0 ] && list=$(_meld_subcommands "$_meld_path"); then :
        else list=$(_meld_arg_values "$_meld_path $_meld_pos") || return 0
        fi ;;
    esac
  fi
  case "$list" in
    @campaigns)
      if [ -n "$_meld_db" ]; then command meld completion --list campaigns --db "$_meld_db" 2>/dev/null
      else command meld completion --list campaigns 2>/dev/null
      fi ;;
    @files) echo @files ;;
    *) printf '%s\\n' "$list" | tr ' ' '\\n' ;;
  esac
}`;

export function bashScript(root: CompletionNode): string {
  return `# bash completion for meld (generated by \`meld completion bash\`).
# Install: meld completion bash > ~/.local/share/bash-completion/completions/meld
#      or: echo 'eval "$(meld completion bash)"' >> ~/.bashrc

${sharedFunctions(root)}

${WALK}

_meld() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" line
  _meld_walk "\${COMP_WORDS[@]:1:COMP_CWORD-1}"
  COMPREPLY=()
  while IFS= read -r line; do
    if [ "$line" = @files ]; then
      COMPREPLY+=( $(compgen -f -- "$cur") )
    elif [ -n "$line" ]; then
      case "$line" in "$cur"*) COMPREPLY+=( "$line" ) ;; esac
    fi
  done < <(_meld_candidates "$cur")
}
complete -o default -F _meld meld
`;
}

export function zshScript(root: CompletionNode): string {
  return `#compdef meld
# zsh completion for meld (generated by \`meld completion zsh\`).
# Install: meld completion zsh > "\${fpath[1]}/_meld"   (then restart zsh)
#      or: echo 'source <(meld completion zsh)' >> ~/.zshrc

${sharedFunctions(root)}

${WALK}

_meld() {
  local cur="\${words[CURRENT]}" line
  local -a found
  _meld_walk "\${(@)words[2,CURRENT-1]}"
  for line in "\${(@f)$(_meld_candidates "$cur")}"; do
    if [ "$line" = @files ]; then
      _files
      return
    fi
    [ -n "$line" ] && found+=("$line")
  done
  compadd -a found
}

if [ "$funcstack[1]" = _meld ]; then
  _meld "$@"
else
  compdef _meld meld
fi
`;
}

export function fishScript(root: CompletionNode): string {
  const nodes = flatten(root);
  const fishQuote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const fishValues = (v: Values): string => {
    switch (v.kind) {
      case 'list':
        return `-xa ${fishQuote(words(v.items))}`;
      case 'campaigns':
        return `-xa '(__meld_campaigns)'`;
      case 'files':
        return '-rF';
      default:
        return '-r';
    }
  };
  const lines: string[] = [];
  for (const n of nodes) {
    const cond = `-n ${fishQuote(`__meld_path_is ${sq(key(n.path))}`)}`;
    for (const c of n.children) {
      lines.push(`complete -c meld -f ${cond} -a ${fishQuote(c.path.at(-1)!)} -d ${fishQuote(c.description)}`);
    }
    for (const o of n.options) {
      const spell = o.flags.map((f) => (f.startsWith('--') ? `-l ${f.slice(2)}` : `-s ${f.slice(1)}`)).join(' ');
      const noFiles = o.takesValue && o.values.kind === 'files' ? '' : '-f';
      lines.push(
        `complete -c meld ${noFiles} ${cond} ${spell} ${o.takesValue ? fishValues(o.values) : ''} -d ${fishQuote(o.description)}`.replace(
          / {2,}/g,
          ' ',
        ),
      );
    }
    const first = n.args.find((a) => a.kind !== 'none');
    if (first && n.children.length === 0) lines.push(`complete -c meld ${cond} ${fishValues(first)}`);
  }
  const valueOptions = nodes.map(
    (n) =>
      `        case ${fishQuote(key(n.path))}\n            printf '%s\\n' ${words(n.options.filter((o) => o.takesValue).flatMap((o) => o.flags))}`,
  );
  const paths = nodes.filter((n) => n.path.length > 0).map((n) => fishQuote(key(n.path)));
  return `# fish completion for meld (generated by \`meld completion fish\`).
# Install: meld completion fish > ~/.config/fish/completions/meld.fish

set -g __meld_paths ${paths.join(' ')}

function __meld_value_options
    switch "$argv[1]"
${valueOptions.join('\n')}
    end
end

# The command path typed so far (e.g. "campaign add"), skipping options and their values.
function __meld_path
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l path
    set -l skip 0
    for t in $tokens
        if test $skip = 1
            set skip 0
            continue
        end
        switch $t
            case '--*=*'
                continue
            case '-*'
                if contains -- $t (__meld_value_options "$path")
                    set skip 1
                end
                continue
        end
        set -l next (string join ' ' $path $t)
        if contains -- $next $__meld_paths
            set path $path $t
        else
            break
        end
    end
    string join ' ' $path
end

function __meld_path_is
    set -l path (__meld_path)
    test "$path" = "$argv[1]"
end

function __meld_campaigns
    set -l tokens (commandline -opc)
    set -l db (string replace -r -- '^--db=' '' (string match -r -- '^--db=.*' $tokens))
    set -l i (contains -i -- --db $tokens)
    and set db $tokens[(math $i + 1)]
    if test -n "$db"
        command meld completion --list campaigns --db $db 2>/dev/null
    else
        command meld completion --list campaigns 2>/dev/null
    end
end

${lines.join('\n')}
`;
}

export function completionScript(shell: Shell, root: CompletionNode): string {
  if (shell === 'bash') return bashScript(root);
  if (shell === 'zsh') return zshScript(root);
  return fishScript(root);
}

export { NONE as noValues };
