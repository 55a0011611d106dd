// Internal to rules/units*.cc: the walker behind Extract(). It visits the AST
// in execution order and keeps a ShellState, so that a variable resolves to a
// literal only when bash would use that literal on every path.
//
//   units.cc          control flow: lists, pipelines, compound commands,
//                     loops (a fixpoint over what their bodies write),
//                     functions, redirections, Extract's passes
//   walker_code.cc    code strings: -c/eval/trap payloads, shells reading
//                     stdin or /dev/fd/N, startup files, alias and
//                     hash-table uses, history expansion
//   walker_fds.cc     descriptors: redirections, literal pipe input
//   walker_vars.cc    assignments, builtin effects, evaluated strings
//                     (arithmetic, prompts)
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "rules/arith.h"
#include "rules/builtin_effects.h"
#include "rules/shell_state.h"
#include "rules/units.h"
#include "shell/ast.h"

namespace paddock::rules::internal {

// Facts that hold for the whole command string once it states them anywhere:
// a loop or a function may run a use before its definition, so Extract walks
// again with the facts of the previous walk until they stop growing.
struct Facts {
  std::map<std::string, std::set<std::string>> aliases;   // name -> values
  std::map<std::string, std::set<std::string>> hashes;    // name -> paths (hash -p, BASH_CMDS)
  std::set<std::string> ints;                             // declare -i: assigned values are evaluated
  std::set<std::string> arrays;                           // declare -a/-A: a quoted (...) value is re-parsed
  std::set<std::string> maybe_assoc;                      // declare -A anywhere: its keys may be strings
  std::set<std::string> unset_later;                      // unset by code that runs at unknown times
  std::set<std::string> transformed;                      // declare -l/-u/-c: assigned values are rewritten
  std::map<std::string, std::set<std::string>> namerefs;  // name -> targets
  std::set<std::string> volatile_names;                   // written by code that runs at unknown times
  bool all_volatile = false;
  bool histexpand = false;  // set -H: `!` in a later line may rewrite it from history
  // Files the command string writes, anywhere in it (a background job or a
  // loop may write after a run in the text): their text, if known.
  std::map<std::string, Source> written;
  std::set<std::string> unseen_writers;  // where programs run that may write files unseen
  std::set<std::string> named_by_code;   // paths inline interpreter code names (and may write)
  bool operator==(const Facts&) const = default;
};

enum class Ctx {
  kSameShell,  // eval, source, an alias use: runs now, here
  kChild,      // sh -c, a shell reading stdin, spawned commands: a new process
  kLater,      // trap, PROMPT_COMMAND, callbacks: this shell, at a time not known
};

class Walker {
 public:
  Walker(const ExtractOptions& o, const Facts& facts);
  void Run(std::string_view command);
  Extraction Take() { return std::move(out_); }
  const Facts& Learned() const { return facts_; }

 private:
  // --- units.cc: control flow
  void WalkScript(const shell::Script& script, const std::string& where);
  void WalkPipeline(const shell::Pipeline& p, const std::string& where, size_t item, bool many);
  void WalkCommand(const shell::Command& cmd, const std::string& where);
  void WalkIf(const shell::Command& cmd, const std::string& where);
  void WalkCase(const shell::Command& cmd, const std::string& where);
  void WalkFor(const shell::Command& cmd, const std::string& where);
  void WalkCond(const shell::Command& cmd, const std::string& where);
  void WalkLoop(const std::function<void()>& iteration);
  WriteLog DryRun(const std::function<void()>& iteration);
  void DefineFunction(const shell::Command& cmd, const std::string& where);
  void WalkSubshell(const shell::Script& s, const std::string& where);
  void WalkCommandWords(const shell::Command& cmd, const std::string& where);
  void WalkWordScripts(const shell::Word& w, const std::string& where);
  void CheckWord(const shell::Word& w, const std::string& where);
  void Simple(const shell::Command& cmd, const std::string& where);
  void AddUnit(Unit u, const FdTable& fds, bool hash_lookup = true);
  FdTable Redirected(const shell::Command& cmd, FdTable fds, const std::string& where = "");
  Source OutputOf(const shell::Command& cmd, const Source& in);
  Source ScriptOutput(const shell::Script& s);
  std::vector<Redir> ExpandRedirects(const shell::Command& cmd);
  void TrackCwd(const Words& w, bool cdpath);
  void Opaque(const std::string& what, const std::string& where);

  // --- walker_code.cc: code strings
 public:
  void Code(std::string_view text, const std::string& where, Ctx ctx, const FdTable& fds,
            const std::optional<Words>& positional = std::nullopt, const std::vector<Assign>* exported = nullptr);

 private:
  void FollowCode(const Words& layer, const std::string& where, const FdTable& fds, bool first_layer, bool after_xargs,
                  const std::vector<Assign>& assignments);
  void FollowShellFile(const Words& layer, const CodeUse& use, const std::string& where, const FdTable& fds,
                       bool after_xargs, Ctx ctx);
  void StartupFile(const std::string& f, const std::string& what, const std::string& where, const FdTable& fds);
  void FromSource(const Source& src, const std::string& what, const std::string& where, Ctx ctx, const FdTable& fds);
  void Spawns(const std::string& code, const std::string& language, const std::string& where);
  void InterpreterFile(const std::string& f, const CodeUse& use, const std::string& where, const FdTable& fds);
  void StdinAsCode(const CodeUse& use, const std::string& where, const FdTable& fds);
  Source ProcOutput(const std::string& f);
  std::vector<std::string> OperandPaths(const std::string& f) const;
  void FollowCarried(const std::vector<Carried>& carried, const std::string& where);
  bool ChildUnit(const Words& argv, const std::string& label, const std::string& where, const FdTable& fds);
  std::vector<std::pair<std::string, std::set<std::string>>> AliasTexts(const shell::Command& cmd,
                                                                        const std::string& where);
  void RunAliasTexts(const std::vector<std::pair<std::string, std::set<std::string>>>& texts, const std::string& where,
                     const FdTable& fds);
  void AddHashUnits(const Words& layer, const Unit& u, const FdTable& fds);

  // --- walker_written.cc: scripts the command string writes, then runs
  std::string WrittenKey(const std::string& path) const;
  void NoteWritten(const std::string& path, const Source& text);
  void RecordWrites(const shell::Command& cmd, const Unit& u, const FdTable& fds);
  // `inside`: writers run from a file read whole first (make's recipes) do
  // not change what runs.
  bool MayBeRewritten(const std::string& where, const std::string& inside = "") const;
  Source WrittenOrFile(const std::string& path, const std::string& where) const;
  const Source* Written(const std::string& path, const std::string& where, bool shell_script) const;
  void RunWrittenText(const Source& text, const std::string& file, const CodeUse& use, const std::string& where,
                      Ctx ctx, const FdTable& fds);
  void NoteUnseenWrites(const Words& layer, bool first_layer, const std::string& where);
  void NoteNamedByCode(const Words& layer);
  bool FollowWritten(const std::string& f, const CodeUse& use, const std::string& where, Ctx ctx, const FdTable& fds);
  void RunWrittenProgram(const std::string& path, const std::string& where, const FdTable& fds);
  // --- walker_program_files.cc: makefiles, package.json, Ex scripts and
  // ssh configs a tool reads and runs
  void FollowProgramFiles(const Words& layer, const std::string& where, const FdTable& fds);

  // --- walker_vars.cc: variables and evaluated strings
  void Assignment(const shell::Assignment& a, const std::string& where);
  void ApplyWrite(const VarWrite& w, const std::string& where, int depth = 0);
  void SetVar(const VarWrite& w);
  void CodeVariable(const std::string& name, const std::string& value, const std::string& where);
  void EnvArguments(const Words& layer, const std::string& where, const FdTable& fds);  // env/sudo NAME=value
  void ApplyBuiltin(const Words& layer, const std::string& where, const FdTable& fds);
  void ApplyFindings(const ArithFindings& f, const std::string& where, bool later = false);
  void WalkLater(const shell::Script& s, const std::string& where);
  void ClearVars();
  void Note(const std::string& name, bool integer);
  bool Volatile(const std::string& name) const;
  bool Spend(int cost, const std::string& where);  // false once the command's work budget is gone

  const ExtractOptions& opt_;
  Facts facts_;  // grows while walking
  ShellState state_;
  std::map<std::string, WriteLog> functions_;  // what each function may change
  std::vector<WriteLog*> logs_;                // active write logs (loops, functions, later code)
  std::set<std::string> expanding_aliases_;
  std::vector<const shell::Script*> procs_;
  std::vector<std::shared_ptr<shell::Script>> keep_;  // ASTs referenced by procs_ and units
  bool dry_ = false;                                  // a loop pre-pass: record writes only
  mutable bool written_asked_ = false;                // a file was run or read: Written() was asked
  int code_depth_ = 0;
  int walk_depth_ = 0;
  int work_left_ = 0;  // from opt_.max_work; below zero nothing more is walked
  Extraction out_;
};

// The descriptor a path names: /dev/stdin, /dev/fd/N, /proc/<pid>/fd/N.
// A unit's place: "python3 inline code" + "spawned command".
inline std::string Join(const std::string& a, const std::string& b) { return a.empty() ? b : a + ", " + b; }

enum class FdKind { kNotFd, kFd, kUnknownFd };
FdKind FdOfPath(const std::string& path, int* fd);

// Renders normalised words back to shell text (holes as an unknown variable).
std::string RenderWords(const Words& w, size_t from);

}  // namespace paddock::rules::internal
