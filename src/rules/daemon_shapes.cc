// Debian's start-stop-daemon: with --start it runs the program --startas
// names (or the --exec one), with the arguments after "--"; --stop and
// --status only signal or look at running processes.
#include "rules/wrapper_shapes.h"

namespace paddock::rules {

WrapperStep StartStopShape(const Wrapper& wrapper, const Words& w) {
  ParsedOptions p = ParseOptions(w, 1, wrapper.options);
  WrapperStep s;
  Note(s, p);
  if (!p.Has("-S") && !p.Has("--start")) return s;
  // --startas names what runs; --exec, without it, both what runs and what
  // --stop would match.
  auto last = [&p](const char* a, const char* b) {
    const ParsedOption *x = p.Last(a), *y = p.Last(b);
    const ParsedOption* o = x && y ? (x->word > y->word ? x : y) : (x ? x : y);
    return o && o->value ? o : nullptr;
  };
  const ParsedOption* program = last("-a", "--startas");
  if (!program) program = last("-x", "--exec");
  if (!program) return s;
  Words command{*program->value};
  for (size_t i = p.operand; i < w.size(); ++i) command.push_back(w[i]);
  s.inner.push_back(std::move(command));
  return s;
}

}  // namespace paddock::rules
