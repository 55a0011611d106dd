#include "rules/unwrap.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "rules/normalize.h"
#include "rules/wrappers.h"

namespace paddock::rules {
namespace {

WrapperStep UnwrapOnce(const Words& w) {
  if (w.empty() || (IsDynamic(w[0]) && !StaticBasename(w[0]))) return {};
  const Wrapper* wrapper = FindWrapper(CommandName(w[0]));
  if (!wrapper) return {};  // the common case: one lookup
  return Unwrap(*wrapper, w);
}

// The same option may be seen from several layers (git -C x … and git …).
std::vector<Carried> Unique(std::vector<Carried> carried) {
  std::vector<Carried> unique;
  std::set<std::string> seen;
  for (auto& c : carried) {
    // Length-prefixed parts: no two different items share a key.
    std::string key = std::to_string(c.kind);
    for (const std::string* part : {&c.what, &c.code}) key += ':' + std::to_string(part->size()) + ':' + *part;
    for (const auto& a : c.argv) key += ':' + std::to_string(a.size()) + ':' + a;
    if (seen.insert(std::move(key)).second) unique.push_back(std::move(c));
  }
  return unique;
}

bool SafeAssignment(const std::string& name) {
  static const std::set<std::string> safe = {"LANG",
                                             "LANGUAGE",
                                             "TZ",
                                             "TERM",
                                             "COLUMNS",
                                             "NO_COLOR",
                                             "FORCE_COLOR",
                                             "CLICOLOR",
                                             "CI",
                                             "NODE_ENV",
                                             "RUST_BACKTRACE",
                                             "PYTHONUNBUFFERED",
                                             "PYTHONDONTWRITEBYTECODE"};
  return safe.count(name) || name.rfind("LC_", 0) == 0;
}

bool Listed(const std::vector<std::string_view>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// A word of refuse_allow: exact, or a prefix when it ends in '*'.
bool RefusesAllow(const Wrapper& wrapper, const Words& w) {
  for (const auto& word : w)
    for (std::string_view r : wrapper.refuse_allow) {
      bool prefix = !r.empty() && r.back() == '*';
      if (prefix ? word.rfind(r.substr(0, r.size() - 1), 0) == 0 : word == r) return true;
    }
  return false;
}

// May the allow view strip this wrapper, whose step is `s`?
bool AllowStrips(const Wrapper& wrapper, const Words& w, const WrapperStep& s) {
  // xargs runs its command as written or with input appended (XargsShape):
  // the allow view is the first, as Claude Code strips bare xargs.
  const size_t commands = wrapper.shape == Shape::kXargs ? s.inner.size() : 1;
  if (!s.uncertain.empty() || !s.env.empty() || s.inner.size() != commands || commands == 0 || !s.own_words ||
      *s.own_words >= w.size())
    return false;
  switch (wrapper.allow) {
    case AllowStrip::kNever: return false;
    case AllowStrip::kAlways: return true;
    case AllowStrip::kWithoutOptions: return s.options.empty();
    case AllowStrip::kListedOptions:
      return std::all_of(s.options.begin(), s.options.end(),
                         [&](const std::string& o) { return Listed(wrapper.allow_options, o); });
  }
  return false;
}

}  // namespace

std::string CommandName(const std::string& argv0) {
  size_t slash = argv0.rfind('/');
  std::string base = slash == std::string::npos ? argv0 : argv0.substr(slash + 1);
  for (char& c : base) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return base;
}

Layers UnwrapUnit(const Words& words, const std::vector<Assign>& assignments) {
  Layers out;
  std::vector<Assign> env = assignments;
  struct Pending {
    Words words;
    std::vector<std::string> chdirs;
  };
  std::vector<Pending> pending;
  if (!words.empty()) pending.push_back({words, {}});
  // Bounded: a wrapper layer count far beyond any real command line is opaque.
  constexpr size_t kMaxLayers = 256;
  while (!pending.empty()) {
    Words w = std::move(pending.back().words);
    std::vector<std::string> chdirs = std::move(pending.back().chdirs);
    pending.pop_back();
    if (w.empty()) continue;
    if (out.layers.size() >= kMaxLayers) {
      out.carried.push_back({Carried::kOpaque, "", {}, "too many wrapper layers"});
      break;
    }
    WrapperStep step = UnwrapOnce(w);
    if (!step.uncertain.empty())
      out.carried.push_back({Carried::kOpaque, "", {}, CommandName(w[0]) + ": " + step.uncertain});
    env.insert(env.end(), step.env.begin(), step.env.end());
    out.wrapper_env.insert(out.wrapper_env.end(), step.env.begin(), step.env.end());
    std::vector<std::string> inner_chdirs = chdirs;
    if (step.chdir) inner_chdirs.push_back(*step.chdir);
    for (auto& next : step.inner)
      if (next != w) pending.push_back({std::move(next), inner_chdirs});
    out.layers.push_back(std::move(w));
    out.chdirs.push_back(std::move(chdirs));
  }
  CarriedByEnvironment(env, out.carried);
  for (const auto& layer : out.layers) CarriedByOptions(layer, env, out.carried);
  out.carried = Unique(std::move(out.carried));
  return out;
}

std::vector<Words> DenyLayers(const Words& words) { return UnwrapUnit(words, {}).layers; }

size_t WrapperOwnWords(const Words& w) { return UnwrapOnce(w).own_words.value_or(w.size()); }

std::optional<Words> AllowView(const Words& words, const std::vector<Assign>& assignments,
                               std::vector<Words>* stripped) {
  for (const auto& a : assignments)
    if (!SafeAssignment(a.name) || IsDynamic(a.value)) return std::nullopt;
  Words w = words;
  while (!w.empty()) {
    if (IsDynamic(w[0])) return std::nullopt;
    // argv[0] as written: `/tmp/x/timeout 5 ls` is not the timeout the table knows.
    const Wrapper* wrapper = FindWrapper(w[0]);
    if (!wrapper || wrapper->name != w[0]) return w;
    if (RefusesAllow(*wrapper, w)) return std::nullopt;
    WrapperStep step = Unwrap(*wrapper, w);
    if (!AllowStrips(*wrapper, w, step)) return w;
    if (stripped) stripped->push_back(w);
    w = std::move(step.inner.front());
  }
  return std::nullopt;
}

bool ExactAllowOnly(const Words& view) {
  if (view.empty() || IsDynamic(view[0])) return false;
  const Wrapper* wrapper = FindWrapper(CommandName(view[0]));
  return wrapper && wrapper->exact_allow_only;
}

}  // namespace paddock::rules
