#include "rules/write_options.h"

#include <algorithm>
#include <string_view>

#include "rules/unwrap.h"

namespace paddock::rules {
namespace {

struct WriteOption {
  std::string_view program;
  std::string_view option;  // "-o" (value attached or next), "--output" (=value or next)
  bool below;               // a directory the program writes into
};

constexpr WriteOption kWriteOptions[] = {
    {"curl", "-o", false},
    {"curl", "--output", false},
    {"curl", "--output-dir", true},
    {"curl", "-c", false},
    {"curl", "--cookie-jar", false},
    {"curl", "-D", false},
    {"curl", "--dump-header", false},
    {"wget", "-O", false},
    {"wget", "--output-document", false},
    {"wget", "-P", true},
    {"wget", "--directory-prefix", true},
    {"sort", "-o", false},
    {"sort", "--output", false},
    {"unzip", "-d", true},
    {"openssl", "-out", false},
    // tar writes there only when extracting (checked below).
    {"tar", "-C", true},
    {"tar", "--directory", true},
    {"tar", "--one-top-level", true},
};

// The value `option` has in w[i], or in w[i + 1] (then ++*i).
bool OptionValue(const Words& w, size_t* i, std::string_view option, std::string* value) {
  const std::string& a = w[*i];
  if (a == option) {
    if (*i + 1 >= w.size()) return false;
    *value = w[++*i];
    return true;
  }
  bool is_long = option.size() > 2 && option[1] == '-';
  bool single_dash_word = option.size() > 2 && !is_long;  // openssl -out
  // A cluster of one-letter flags ending in the option (`curl -sSLo FILE`).
  if (option.size() == 2 && a.size() > 2 && a[0] == '-' && a[1] != '-' && a.back() == option[1] &&
      a.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 1) == std::string::npos) {
    if (*i + 1 >= w.size()) return false;
    *value = w[++*i];
    return true;
  }
  if (a.size() > option.size() && a.compare(0, option.size(), option) == 0) {
    if (is_long && a[option.size()] == '=') *value = a.substr(option.size() + 1);
    else if (!is_long && !single_dash_word) *value = a.substr(option.size());  // -oFILE
    else return false;
    return true;
  }
  return false;
}

bool TarExtracts(const Words& w) {
  for (size_t i = 1; i < w.size(); ++i) {
    const std::string& a = w[i];
    if (a == "--extract" || a == "--get") return true;
    // tar's first word may be old-style letters (xzf), later clusters start with '-'.
    bool cluster = (i == 1 && !a.empty() && a[0] != '-') || (a.size() > 1 && a[0] == '-' && a[1] != '-');
    if (cluster && a.find('x') != std::string::npos) return true;
  }
  return false;
}

// unzip -l, -t, -v, -z, -Z list or test, -p and -c print: nothing is written.
bool UnzipOnlyReads(const Words& w) {
  for (size_t i = 1; i < w.size(); ++i) {
    const std::string& a = w[i];
    if (a.size() < 2 || a[0] != '-' || a[1] == '-') continue;
    if (a == "-d" || a == "-x") break;  // the options end where their lists begin
    if (a.find_first_of("ltvzZpc", 1) != std::string::npos) return true;
  }
  return false;
}

// Files and directories git's options and subcommands name for output:
// `--output=F` (diff, log, show), `archive -o F`, `format-patch -o DIR`,
// `bundle create F`, `config --file F`, `init [DIR]` (DIR/.git).
void GitOutputs(const Words& w, std::vector<FileAccess>& out) {
  const std::string& sub = w[1];
  for (size_t i = 2; i < w.size() && w[i] != "--"; ++i) {
    std::string value;
    if (OptionValue(w, &i, "--output", &value)) {
      out.push_back({value, true, true, sub == "format-patch"});
    } else if ((sub == "archive" || sub == "format-patch") && OptionValue(w, &i, "-o", &value)) {
      out.push_back({value, true, true, sub == "format-patch"});
    } else if (sub == "format-patch" && OptionValue(w, &i, "--output-directory", &value)) {
      out.push_back({value, true, true, true});
    } else if (sub == "config" && (OptionValue(w, &i, "--file", &value) || OptionValue(w, &i, "-f", &value))) {
      out.push_back({value, true});
    } else if (sub == "init" && OptionValue(w, &i, "--separate-git-dir", &value)) {
      out.push_back({value, true, true, true, true});
    }
  }
  std::vector<std::string> operands;
  for (size_t i = 2; i < w.size(); ++i)
    if (!w[i].starts_with("-")) operands.push_back(w[i]);
  if (sub == "bundle" && operands.size() >= 2 && operands[0] == "create") out.push_back({operands[1], true});
  if (sub == "init") {
    // DIR/.git, or DIR itself with --bare (its config and hooks/); DIR is
    // the working directory when not given (`git -C .git/hooks init`). Not
    // what is below: git writes its own standard files there (templates
    // that are not git's own come from options judged in carried_git.cc),
    // so `git init` in a project whose .git/config an Edit rule protects
    // is allowed.
    bool bare = std::find(w.begin(), w.end(), "--bare") != w.end();
    std::string dir = operands.empty() ? "." : operands[0];
    if (!bare) out.push_back({dir + "/.git", true});
    else
      for (const char* part : {"/config", "/hooks"}) out.push_back({dir + part, true});
  }
}

// git checkout [REV] -- PATHS, git restore PATHS, git rm PATHS, git mv A B,
// git clone URL [DIR], git worktree add DIR.
void GitWrites(const Words& w, std::vector<FileAccess>& out) {
  if (w.size() < 2) return;
  const std::string& sub = w[1];
  std::vector<std::string> operands;
  bool after_dashes = false, dashes = false;
  for (size_t i = 2; i < w.size(); ++i) {
    if (w[i] == "--" && !after_dashes) {
      after_dashes = dashes = true;
      continue;
    }
    if (!after_dashes && !w[i].empty() && w[i][0] == '-') continue;
    if (sub == "checkout" && !after_dashes) continue;  // a branch or commit, unless after --
    operands.push_back(w[i]);
  }
  GitOutputs(w, out);
  if (sub == "checkout" && !dashes) return;
  if (sub == "checkout" || sub == "restore" || sub == "rm" || sub == "mv") {
    for (const auto& p : operands) out.push_back({p, true, true, sub != "checkout"});
  } else if (sub == "clone" && operands.size() >= 2) {
    out.push_back({operands.back(), true, true, true});
  } else if (sub == "worktree" && !operands.empty() && operands[0] == "add" && operands.size() >= 2) {
    out.push_back({operands[1], true, true, true});
  }
}

}  // namespace

void OptionWrites(const Words& w, std::vector<FileAccess>& out) {
  if (w.empty()) return;
  std::string name = CommandName(w[0]);
  if (name == "git") return GitWrites(w, out);
  if (name == "dd") {
    for (size_t i = 1; i < w.size(); ++i)
      if (w[i].rfind("of=", 0) == 0) out.push_back({w[i].substr(3), true});
    return;
  }
  bool tar = name == "tar" || name == "bsdtar";
  if (tar && !TarExtracts(w)) return;
  if (name == "unzip" && UnzipOnlyReads(w)) return;
  if (tar) name = "tar";
  for (size_t i = 1; i < w.size(); ++i)
    for (const auto& o : kWriteOptions) {
      std::string value;
      if (o.program != name || !OptionValue(w, &i, o.option, &value)) continue;
      // What lands in a directory is named by the archive or the URL: the
      // tree below it, unless it is the working directory or one above,
      // where extraction is not guessed at (`tar xzf kit.tgz -C .`).
      out.push_back({value, true, true, o.below, o.below});
      break;
    }
}

}  // namespace paddock::rules
