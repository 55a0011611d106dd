// Reading TOML documents (toml++) into paddock's values: every problem names
// source:line:col and the key, and a document is read whole so that all of its
// problems are reported at once. Only the config layer includes toml++.
#pragma once

// Header-only and without exceptions: parse results are values, and paddock
// loads no shared toml++ library at start-up.
#define TOML_HEADER_ONLY 1
#define TOML_EXCEPTIONS 0
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <toml++/toml.h>
#include <vector>

#include "base/error.h"

namespace paddock::config {

// "SOURCE:LINE:COL: KEY: REASON" (the position of `node` in its document).
Error At(const std::string& source, const toml::node& node, const std::string& key, const std::string& reason);
// A syntax error from toml++, positioned the same way.
Error ParseFailure(const std::string& source, const toml::parse_error& error);
// Several problems as one error ("; " between them).
Error Joined(const Problems& problems);

// An option's value(s) as command-line words: a string or a number is one
// value, true is a flag given once (nullopt: no value word), false is none,
// a list repeats the option. Tables and dates are errors.
Result<std::vector<std::optional<std::string>>> OptionValues(const toml::node& node);

// A TOML table as JSON (integers stay integers; dates become strings).
nlohmann::json ToJson(const toml::table& table);

// The keys of one table, each read at most once; RejectUnknown reports
// every key nothing asked for (a typo is an error, not a silent default).
class Fields {
 public:
  Fields(const toml::table& table, std::string source, std::string prefix, Problems& problems)
      : table_(table), source_(std::move(source)), prefix_(std::move(prefix)), problems_(problems) {}
  void Require(const std::string& key, std::string& out);
  void Require(const std::string& key, std::vector<std::string>& out);
  void Optional(const std::string& key, std::string& out);
  void Optional(const std::string& key, std::vector<std::string>& out);
  const toml::table* Table(const std::string& key);
  void RejectUnknown();

 private:
  std::string Name(const std::string& key) const { return prefix_.empty() ? key : prefix_ + "." + key; }
  const toml::node* Take(const std::string& key, bool required);
  const toml::table& table_;
  std::string source_, prefix_;
  Problems& problems_;
  std::set<std::string> seen_;
};

}  // namespace paddock::config
