// How each wrapper shape (wrappers.h) finds the command a wrapper runs.
// Internal to wrappers.cc: callers use Unwrap().
#pragma once

#include "rules/wrappers.h"

namespace paddock::rules {

// Helpers the shapes share.
Words Tail(const Words& w, size_t i);
bool Listed(const std::vector<std::string_view>& names, const std::string& name);
// Records what a parse found: option names, and the first reason for doubt.
void Note(WrapperStep& s, const ParsedOptions& p);
// NAME=VALUE words from `i` into `env`; returns the index of the first other word.
size_t TakeAssignments(const Words& w, size_t i, std::vector<Assign>& env);

// Options of su and runuser (one table for both).
OptionTable SuOptions();

// The command is the tail of `w` from `at` (nothing when at >= w.size()).
WrapperStep CommandAt(const Words& w, size_t at, const std::string& uncertain = "");
// Options, `operands` operands (a duration, a directory...), then the command.
WrapperStep AfterOptions(const Wrapper& wrapper, const Words& w, size_t operands);
WrapperStep EnvShape(const Wrapper& wrapper, const Words& w);
WrapperStep SudoShape(const Wrapper& wrapper, const Words& w);
WrapperStep SuShape(const Wrapper& wrapper, const Words& w);
WrapperStep NiceShape(const Wrapper& wrapper, const Words& w);
WrapperStep FlockShape(const Wrapper& wrapper, const Words& w);
WrapperStep XargsShape(const Wrapper& wrapper, const Words& w);
WrapperStep FindShape(const Words& w);
WrapperStep WatchShape(const Wrapper& wrapper, const Words& w);
WrapperStep ScriptShape(const Wrapper& wrapper, const Words& w);
WrapperStep GitShape(const Words& w);
WrapperStep FirejailShape(const Words& w);
WrapperStep SetarchShape(const Wrapper& wrapper, const Words& w);
WrapperStep SgShape(const Words& w);
WrapperStep RunnerShape(const Wrapper& wrapper, const Words& w);
// batch_shapes.cc
WrapperStep ParallelShape(const Wrapper& wrapper, const Words& w);
WrapperStep CmakeShape(const Words& w);
WrapperStep RunconShape(const Wrapper& wrapper, const Words& w);
// sandbox_shapes.cc
WrapperStep BwrapShape(const Words& w);
WrapperStep NixShape(const Words& w);
// daemon_shapes.cc
WrapperStep StartStopShape(const Wrapper& wrapper, const Words& w);
// hyperfine_shape.cc
WrapperStep HyperfineShape(const Words& w);

}  // namespace paddock::rules
