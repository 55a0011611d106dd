#include "cli/config_files.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <set>

#include "base/strings.h"
#include "cli/trust_store.h"
#include "config/profile.h"
#include "config/tighten.h"
#include "jail/host_probe.h"
#include "jail/read_file.h"
#include "plan/limits_plan.h"
#include "policy/cli_options.h"

namespace paddock::cli {
namespace {

constexpr size_t kMaxConfigBytes = 1 << 20;

std::string EnvOr(const std::map<std::string, std::string>& env, const std::string& name) {
  auto it = env.find(name);
  return it == env.end() ? "" : it->second;
}

// The value of --NAME in the command line's options (before "--"), the last
// one given, or "".
std::string LastOption(const std::vector<std::string>& args, const std::string& name) {
  std::string out;
  for (size_t i = 0; i < args.size() && args[i] != "--"; ++i) {
    if (args[i] == "--" + name && i + 1 < args.size()) out = args[i + 1];
    else if (StartsWith(args[i], "--" + name + "=")) out = args[i].substr(name.size() + 3);
  }
  return out;
}

std::string Absolute(const std::string& path, const std::string& base) {
  return NormalizePath(!path.empty() && path[0] == '/' ? path : base + "/" + path);
}

// Reads and parses one file; absent is not a problem.
std::optional<config::ConfigFile> ReadConfig(ConfigFileCheck& check, config::ConfigKind kind, std::string* text_out,
                                             Problems& problems) {
  // A directory is no config: it is the empty placeholder a run (this
  // project's other run, or a crashed one) keeps a missing protected
  // .paddock.toml read-only with.
  struct stat st {};
  if (::stat(check.path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return std::nullopt;
  auto text = jail::ReadSmallFile(check.path, kMaxConfigBytes, {.regular_only = true});
  if (!text) {
    if (text.error().err == ENOENT) return std::nullopt;
    check.present = true;
    check.problems.push_back(text.error().WithLayer("config"));
    problems.push_back(check.problems.back());
    return std::nullopt;
  }
  check.present = true;
  if (text_out) *text_out = *text;
  Problems found;
  auto parsed = config::ParseConfigFile(*text, check.path, kind, found);
  check.problems.insert(check.problems.end(), found.begin(), found.end());
  problems.insert(problems.end(), found.begin(), found.end());
  return parsed;
}

// "--profile NAME" and the profile's options.
std::vector<std::string> ProfileWords(const std::string& name, const std::string& where,
                                      std::vector<config::ConfigFile>& files, Problems& problems) {
  auto profile = config::FindProfile(name);
  if (!profile) {
    Error e = profile.error();
    if (!where.empty()) e.message = where + ": profile: " + e.message;
    problems.push_back(std::move(e).WithLayer("config"));
    return {};
  }
  std::vector<std::string> words = {"--profile", name};
  auto own = profile->Words();
  words.insert(words.end(), own.begin(), own.end());
  files.push_back(std::move(*profile));
  return words;
}

template <typename T>
void Append(std::vector<T>& to, const std::vector<T>& more) {
  to.insert(to.end(), more.begin(), more.end());
}

// Values that do not validate in one document, each named by its position:
// the document is parsed alone, and only when that fails is each key parsed
// alone to find which.
// Returns the keys whose values are wrong.
std::set<std::string> CheckValues(const config::ConfigFile& file, const std::string& cwd, const std::string& home,
                                  Problems& problems) {
  std::set<std::string> bad;
  // Nothing to check (the default profile, an absent file): a parse builds
  // the whole option table, which every run would pay for nothing.
  if (file.options.empty()) return bad;
  auto whole = policy::ParseRunOptions("run", file.Words(), cwd, home);
  if (whole && whole->problems.empty()) return bad;
  for (const auto& option : file.options) {
    auto one = policy::ParseRunOptions("run", option.words, cwd, home);
    std::vector<std::string> why;
    if (!one) why.push_back(one.error().message);
    else
      for (const auto& p : one->problems) why.push_back(p.message);
    for (const auto& w : why)
      problems.push_back(Error{option.where + ": " + option.key + ": " + w}.WithLayer("config"));
    if (!why.empty()) bad.insert(option.key);
  }
  return bad;
}

config::LimitDefaults Defaults() {
  plan::HostFacts host;
  long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
  host.total_memory_bytes = pages > 0 && page > 0 ? static_cast<uint64_t>(pages) * static_cast<uint64_t>(page) : 0;
  return {plan::DefaultMemoryBytes(host), plan::kDefaultPids};
}

// Whether `option` on top of `base` loosens the policy (a value that does
// not parse is not judged here: it is reported as a value problem).
bool LoosensOver(const std::vector<std::string>& base, const config::ConfigOption& option, const std::string& cwd,
                 const std::string& home) {
  std::vector<std::string> with_words = base;
  Append(with_words, option.words);
  auto before = policy::ParseRunOptions("run", base, cwd, home);
  auto with = policy::ParseRunOptions("run", with_words, cwd, home);
  if (!before || !with) return false;
  config::ConfigFile single;
  single.options = {option};
  return !config::Loosenings(single, before->policy, with->policy, Defaults()).empty();
}

}  // namespace

std::string UserConfigPath(const std::map<std::string, std::string>& env, const std::string& home) {
  std::string xdg = EnvOr(env, "XDG_CONFIG_HOME");
  return (!xdg.empty() && xdg[0] == '/' ? xdg : home + "/.config") + "/paddock/config.toml";
}

std::string ProjectConfigPath(const std::string& project_dir) { return project_dir + "/.paddock.toml"; }

std::vector<std::string> ConfigLayers::Words() const {
  std::vector<std::string> out = below_project;
  Append(out, project);
  return out;
}

ConfigLayers LoadConfigLayers(const std::vector<std::string>& args, const std::string& cwd, const std::string& home,
                              const std::map<std::string, std::string>& env) {
  ConfigLayers out;
  ConfigFileCheck user{UserConfigPath(env, home), "user", false, false, {}};
  auto user_file = ReadConfig(user, config::ConfigKind::kUser, nullptr, out.problems);
  if (user_file) config::ResolvePaths(*user_file, home, home);

  // The project: the command line's, else the user file's, else here.
  std::string project = LastOption(args, "project");
  if (project.empty() && user_file) project = LastOption(user_file->Words(), "project");
  project = Absolute(project.empty() ? cwd : project, cwd);
  // Trust is keyed by path: the canonical one, however the project is named.
  if (char* real = ::realpath(project.c_str(), nullptr)) {
    project = real;
    free(real);
  }
  ConfigFileCheck proj{ProjectConfigPath(project), "project", false, false, {}};
  std::string project_text;
  auto project_file = ReadConfig(proj, config::ConfigKind::kProject, &project_text, out.problems);
  if (proj.present) {
    proj.trusted = IsTrusted(jail::StateDir(home), proj.path, project_text);
    out.project_untrusted = !proj.trusted;
  }
  if (project_file) config::ResolvePaths(*project_file, project, home);

  // The profile: named on the command line, else by the project, else by
  // the user. An untrusted project's profile is stacked on the user's, not
  // put in its place (the user's may be the stricter one).
  std::string cli_profile = LastOption(args, "profile");
  std::string user_profile = user_file ? user_file->profile : "";
  std::string project_profile = project_file ? project_file->profile : "";
  std::string base_profile = !cli_profile.empty()                                 ? cli_profile
                             : !project_profile.empty() && !out.project_untrusted ? project_profile
                             : !user_profile.empty()                              ? user_profile
                                                                                  : config::kDefaultProfile;
  std::string base_where = cli_profile.empty() && base_profile == user_profile && user_file ? user_file->profile_where
                           : cli_profile.empty() && base_profile == project_profile && project_file
                               ? project_file->profile_where
                               : "";
  out.profile = base_profile;
  out.below_project = ProfileWords(base_profile, base_where, out.below_files, out.problems);
  if (user_file) {
    Append(out.below_project, user_file->Words());
    out.below_files.push_back(*user_file);
  }
  if (project_file) {
    out.project_file.source = project_file->source;
    if (cli_profile.empty() && out.project_untrusted && !project_profile.empty() && project_profile != base_profile) {
      std::vector<config::ConfigFile> stacked;
      if (!ProfileWords(project_profile, project_file->profile_where, stacked, out.problems).empty()) {
        out.project = {"--profile", project_profile};
        out.profile = project_profile;
      }
      // Only what tightens: where the user's own settings are already
      // stricter (pids = 300 under strict's 1024), the user's stay.
      for (auto& f : stacked)
        for (auto& option : f.options) {
          if (LoosensOver(out.below_project, option, cwd, home)) continue;
          Append(out.project, option.words);
          out.project_file.options.push_back(option);
        }
    }
    Append(out.project, project_file->Words());
    Append(out.project_file.options, project_file->options);
  }
  out.files = {std::move(user), std::move(proj)};
  return out;
}

Problems CheckConfigLayers(const ConfigLayers& layers, const std::vector<std::string>& preset_words,
                           const std::string& cwd, const std::string& home) {
  Problems problems;
  for (const auto& file : layers.below_files) CheckValues(file, cwd, home, problems);
  bool below_ok = problems.empty() && layers.problems.empty();
  std::set<std::string> bad = CheckValues(layers.project_file, cwd, home, problems);
  // Loosening is judged on the project's values that validate (so a wrong
  // value does not hide a loosening beside it), over files below that parse.
  if (!below_ok || !layers.project_untrusted || layers.project_file.options.empty()) return problems;
  config::ConfigFile valid = layers.project_file;
  std::erase_if(valid.options, [&](const config::ConfigOption& o) { return bad.count(o.key) > 0; });
  std::vector<std::string> base_words = preset_words, with_words = preset_words;
  Append(base_words, layers.below_project);
  Append(with_words, layers.below_project);
  Append(with_words, valid.Words());
  auto base = policy::ParseRunOptions("run", base_words, cwd, home);
  auto with = policy::ParseRunOptions("run", with_words, cwd, home);
  if (!base || !with) return problems;  // reported by the run's own parse
  Problems loose = config::Loosenings(valid, base->policy, with->policy, Defaults());
  if (!loose.empty())
    loose.back() = std::move(loose.back())
                       .WithHint("a project's " + std::string(".paddock.toml") +
                                 " may only tighten the policy unless you trust it: read it, then run "
                                 "`paddock trust " +
                                 layers.project_file.source + "`");
  problems.insert(problems.end(), loose.begin(), loose.end());
  return problems;
}

std::vector<ConfigFileCheck> CheckConfigFiles(const std::string& project_dir, const std::string& home) {
  auto env = jail::ProcessEnvironment();
  ConfigLayers layers = LoadConfigLayers({"--project", project_dir}, project_dir, home, env);
  Problems values = CheckConfigLayers(layers, {}, project_dir, home);
  for (auto& e : values)
    for (auto& f : layers.files)
      if (StartsWith(e.message, f.path + ":")) f.problems.push_back(e);
  // A profile that does not exist is the naming file's problem.
  for (const auto& e : layers.problems)
    for (auto& f : layers.files)
      if (StartsWith(e.message, f.path + ":") &&
          std::find_if(f.problems.begin(), f.problems.end(), [&](const Error& x) { return x.message == e.message; }) ==
              f.problems.end())
        f.problems.push_back(e);
  return layers.files;
}

void NameConfigOrigins(const ConfigLayers& layers, const std::vector<std::string>& args, Problems& problems) {
  for (auto& problem : problems) {
    if (problem.layer != "options" || !StartsWith(problem.object, "--")) continue;
    std::string key = problem.object.substr(2);
    bool on_command_line = std::any_of(args.begin(), args.end(), [&](const std::string& a) {
      return a == "--" + key || StartsWith(a, "--" + key + "=");
    });
    if (on_command_line) continue;
    // The last file to set it wins: the project's, then the user's and the profile's.
    const config::ConfigOption* origin = nullptr;
    auto look = [&](const config::ConfigFile& file) {
      for (const auto& o : file.options)
        if (o.key == key) origin = &o;
    };
    for (const auto& file : layers.below_files) look(file);
    look(layers.project_file);
    if (origin) problem.message += " (" + key + " from " + origin->where + ")";
  }
}

}  // namespace paddock::cli
