// Command-line options the way the wrapped programs read them
// (docs/policy-semantics.md §Unwrapping): GNU getopt_long in "+" mode (options
// end at the first operand), combined short flags (-iv), attached arguments
// (-uroot, -S'cmd'), optional arguments that must be attached (-e[EOF],
// --mount[=FILE]), "--opt=value", "--opt value", unambiguous abbreviations of
// long options (--spl=), and "--". An option the table does not know makes the
// parse *uncertain*: the caller turns that into an opaque point instead of
// trusting a guessed argv.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/words.h"

namespace paddock::rules {

struct OptionTable {
  std::string_view flags;         // short options without an argument
  std::string_view with_arg;      // short options with a required argument (attached or next word)
  std::string_view optional_arg;  // short options whose optional argument must be attached
  std::vector<std::string_view> long_flags;
  std::vector<std::string_view> long_with_arg;  // --name=value or --name value
  std::vector<std::string_view> long_optional;  // --name[=value]
  bool abbreviations = true;                    // getopt_long accepts unambiguous prefixes of long names
};

struct ParsedOption {
  std::string name;                  // "-x" or the full long name "--split-string"
  std::optional<std::string> value;  // its argument, if any
  size_t word = 0;                   // index of the word that holds the option
  size_t offset = 0;                 // short options: position in that word
  size_t end = 0;                    // index of the first word after the option and its argument
};

struct ParsedOptions {
  std::vector<ParsedOption> options;
  size_t operand = 0;       // index of the first operand (words.size() if none)
  bool end_marker = false;  // options ended with "--"
  std::string uncertain;    // non-empty: an option we do not know, named here
  bool Has(std::string_view name) const;
  const ParsedOption* Last(std::string_view name) const;
};

// Parses options of `words` from index `start` until the first operand.
ParsedOptions ParseOptions(const Words& words, size_t start, const OptionTable& table);

// GNU getopt's default, permute mode (make, ln, cp): options anywhere among
// the operands until "--". `operands` receives the operands' indices in
// order; ParsedOptions::operand is words.size().
ParsedOptions ParsePermutedOptions(const Words& words, size_t start, const OptionTable& table,
                                   std::vector<size_t>* operands);

}  // namespace paddock::rules
