#include "rules/tree_filter.h"

#include <fnmatch.h>

#include <optional>

#include "base/strings.h"
#include "rules/normalize.h"

namespace paddock::rules {

namespace {

// The last glob matching `name` decides; nullopt: none matches.
std::optional<bool> Included(const std::vector<TreeGlob>& globs, const std::string& name) {
  for (auto g = globs.rbegin(); g != globs.rend(); ++g)
    if (fnmatch(g->pattern.c_str(), name.c_str(), g->case_fold ? FNM_CASEFOLD : 0) == 0) return g->include;
  return std::nullopt;
}

}  // namespace

bool TreeFilterSkips(const TreeFilter& filter, std::string_view rel, bool rel_is_dir) {
  if (filter.Empty()) return false;
  std::vector<std::string> parts = Split(rel, '/');
  std::erase(parts, "");
  if (parts.empty()) return false;
  size_t dirs = rel_is_dir ? parts.size() : parts.size() - 1;
  for (size_t i = 0; i < dirs; ++i)
    if (Included(filter.dirs, parts[i]) == false) return true;
  if (rel_is_dir) return false;
  // A file's name. (Were it a directory the agent made in the file's place,
  // the reader would enter it: the file is what the rule was written for.)
  std::optional<bool> file = Included(filter.files, parts.back());
  return file ? !*file : filter.unmatched_file_skipped;
}

TreeFilterScan::TreeFilterScan(std::string_view tool)
    : grep_(tool == "grep" || tool == "egrep" || tool == "fgrep"), rg_(tool == "rg") {}

void TreeFilterScan::Add(std::string glob, bool include, bool files, bool dirs, bool case_fold) {
  if (IsDynamic(glob)) unknown_ = true;
  if (unknown_) return;
  if (grep_ && files && filter_.files.empty()) filter_.unmatched_file_skipped = include;
  if (rg_ && include) filter_.unmatched_file_skipped = true;
  if (files) filter_.files.push_back({glob, include, case_fold});
  if (dirs) filter_.dirs.push_back({std::move(glob), include, case_fold});
}

bool TreeFilterScan::TakeLong(const std::vector<std::string>& w, size_t& i) {
  const std::string& a = w[i];
  std::string_view name = std::string_view(a).substr(0, a.find('='));
  bool attached = name.size() < a.size();
  auto value = [&]() -> std::optional<std::string> {
    if (attached) return a.substr(name.size() + 1);
    if (i + 1 < w.size()) return w[++i];
    return std::nullopt;
  };
  if (grep_) {
    static constexpr std::string_view kFilterOptions[] = {"--include", "--exclude", "--exclude-dir", "--exclude-from"};
    for (std::string_view option : kFilterOptions) {
      if (name == option) {
        std::optional<std::string> glob = value();
        if (!glob || option == "--exclude-from") unknown_ = true;
        else Add(*glob, option == "--include", option != "--exclude-dir", option == "--exclude-dir", false);
        return true;
      }
      // getopt takes any unambiguous abbreviation: `--incl=.env`.
      if (name.size() > 4 && option.starts_with(name)) {
        unknown_ = true;
        if (!attached && i + 1 < w.size()) ++i;
        return true;
      }
    }
    return false;
  }
  if (rg_) {
    if (name == "--glob-case-insensitive" || name == "--no-glob-case-insensitive") {
      rg_fold_all_ = name == "--glob-case-insensitive";
      return true;
    }
    if (name != "--glob" && name != "--iglob") return false;
    std::optional<std::string> glob = value();
    if (!glob) unknown_ = true;
    else TakeRgGlob(*glob, name == "--iglob");
    return true;
  }
  return false;
}

// rg's globs are gitignore's: one without a slash matches a file's or a
// directory's base name at any depth; `!` excludes.
void TreeFilterScan::TakeRgGlob(const std::string& glob, bool case_fold) {
  bool include = !glob.starts_with('!');
  std::string pattern = include ? glob : glob.substr(1);
  bool modelled =
      !pattern.empty() && pattern.find_first_of("/{\\") == std::string::npos && pattern.find("**") == std::string::npos;
  // An exclusion not modelled only means more is taken as read; an
  // inclusion not modelled may be the one that decides.
  if (!modelled) {
    if (include) unknown_ = true;
    return;
  }
  Add(pattern, include, true, true, case_fold);
}

TreeFilter TreeFilterScan::Result() const {
  if (unknown_) return {};
  TreeFilter f = filter_;
  if (rg_fold_all_)
    for (auto* list : {&f.files, &f.dirs})
      for (auto& g : *list) g.case_fold = true;
  return f;
}

}  // namespace paddock::rules
