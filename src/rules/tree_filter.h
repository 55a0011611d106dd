// What a recursive reader leaves out of the tree it reads: `grep -r
// --exclude=.env KEY .` never opens .env, `rg -g '!secrets' KEY` never
// enters secrets/. Read rules on a path below the tree (evaluate.cc) are
// not matched when the reader skips it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace paddock::rules {

struct TreeGlob {
  std::string pattern;  // fnmatch(3) on a base name, without FNM_PERIOD
  bool include = false;
  bool case_fold = false;  // rg --iglob
};

// Both grep and rg let the last glob that matches a name decide.
struct TreeFilter {
  std::vector<TreeGlob> files;          // grep --include/--exclude, rg -g
  std::vector<TreeGlob> dirs;           // grep --exclude-dir, rg -g
  bool unmatched_file_skipped = false;  // grep: the first was --include; rg: any include
  bool Empty() const { return files.empty() && dirs.empty(); }
};

// Does a reader with `filter` skip `rel`, a path below its tree root
// ("a/b/.env")? `rel_is_dir`: what a rule protects there is a directory
// (Read(./secrets/**)); else a file, or what is below a file's name.
bool TreeFilterSkips(const TreeFilter& filter, std::string_view rel, bool rel_is_dir);

// Collects a reader's filter from its options, in order: grep's (also egrep,
// fgrep) --include, --exclude, --exclude-dir; rg's -g, --glob, --iglob. An
// option that changes the filter in a way not modelled here (--exclude-from,
// an abbreviation, a glob known only at run time, an rg glob with `/`, `**`
// or `{`) leaves no filter: everything below is read.
class TreeFilterScan {
 public:
  explicit TreeFilterScan(std::string_view tool);
  // The long option at w[i]; moves i past a separate value. false: not a filter option.
  bool TakeLong(const std::vector<std::string>& w, size_t& i);
  void TakeRgGlob(const std::string& glob, bool case_fold);
  TreeFilter Result() const;

 private:
  void Add(std::string glob, bool include, bool files, bool dirs, bool case_fold);
  bool grep_ = false, rg_ = false, unknown_ = false, rg_fold_all_ = false;
  TreeFilter filter_;
};

}  // namespace paddock::rules
