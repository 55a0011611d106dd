#include "config/preset.h"

#include <algorithm>
#include <set>

#include "config/embedded_toml.h"
#include "config/toml_values.h"
#include "policy/cli_options.h"

namespace paddock::config {
namespace {

void ReadCredential(const std::string& name, const toml::table& t, const std::string& source, Preset& out,
                    Problems& problems) {
  Credential c;
  c.name = name;
  Fields f(t, source, "credentials." + name, problems);
  f.Require("key-env", c.key_env);
  f.Require("header", c.header);
  f.Require("value", c.value);
  f.Require("upstream", c.upstream);
  f.Require("base-url-env", c.base_url_env);
  f.Require("placeholder", c.placeholder);
  f.Optional("direct-hosts", c.direct_hosts);
  f.Optional("base-url-args", c.base_url_args);
  f.RejectUnknown();
  std::transform(c.header.begin(), c.header.end(), c.header.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  if (c.value.find("{key}") == std::string::npos)
    problems.push_back(At(source, t, "credentials." + name + ".value", "must contain {key}"));
  out.credentials.push_back(std::move(c));
}

void ReadClaudeCode(const toml::table& t, const std::string& source, Preset& out, Problems& problems) {
  ClaudeCode cc;
  Fields f(t, source, "claude-code", problems);
  f.Optional("permissions-profile", cc.permissions_profile);
  if (const auto* settings = f.Table("managed-settings")) cc.managed_settings = ToJson(*settings);
  f.RejectUnknown();
  out.claude_code = std::move(cc);
}

// Relative paths below /etc, no "..", holding text.
void ReadEtcFiles(const toml::table& t, const std::string& source, Preset& out, Problems& problems) {
  for (const auto& [key, node] : t) {
    std::string path(key.str());
    std::string name = "etc-files.\"" + path + "\"";
    bool bad_path = path.empty() || path[0] == '/' || path.back() == '/' || path.find("..") != std::string::npos ||
                    path.find("//") != std::string::npos;
    if (bad_path) problems.push_back(At(source, node, name, "must be a relative path below /etc without '..'"));
    else if (const auto* s = node.as_string()) out.etc_files.emplace_back(path, s->get());
    else problems.push_back(At(source, node, name, "must be a string (the file's content)"));
  }
}

void ReadPreset(const toml::table& doc, const std::string& source, Preset& out, Problems& problems) {
  Fields f(doc, source, "", problems);
  f.Require("description", out.description);
  f.Require("command", out.command);
  f.Optional("install", out.install);
  // [run]: options of `paddock run`, as in a config file (docs/config.md).
  if (const auto* run = f.Table("run"))
    for (const auto& option : ReadOptions(*run, source, "run.", ConfigKind::kProfile, {}, problems))
      out.run_args.insert(out.run_args.end(), option.words.begin(), option.words.end());
  if (const auto* creds = f.Table("credentials")) {
    for (const auto& [key, node] : *creds) {
      if (const auto* t = node.as_table()) ReadCredential(std::string(key.str()), *t, source, out, problems);
      else problems.push_back(At(source, node, "credentials." + std::string(key.str()), "must be a table"));
    }
  }
  if (const auto* cc = f.Table("claude-code")) ReadClaudeCode(*cc, source, out, problems);
  if (const auto* files = f.Table("etc-files")) ReadEtcFiles(*files, source, out, problems);
  f.RejectUnknown();
  if (out.command.empty()) problems.push_back(At(source, doc, "command", "must name the agent's program"));
}

}  // namespace

Result<Preset> ParsePreset(std::string_view text, const std::string& name, const std::string& source) {
  toml::parse_result parsed = toml::parse(text, source);
  if (!parsed) return ParseFailure(source, parsed.error());
  Preset out;
  out.name = name;
  Problems problems;
  ReadPreset(parsed.table(), source, out, problems);
  if (!problems.empty()) return Joined(problems);
  return out;
}

std::vector<std::string> PresetNames() { return EmbeddedNames(EmbeddedPresets()); }

std::optional<std::string_view> PresetText(std::string_view name) { return EmbeddedText(EmbeddedPresets(), name); }

Result<Preset> FindPreset(std::string_view name) {
  auto text = PresetText(name);
  if (!text) {
    std::string known;
    for (const auto& n : PresetNames()) known += (known.empty() ? "" : ", ") + n;
    return OpError("use preset", std::string(name), "no such preset (presets: " + known + ")");
  }
  return ParsePreset(*text, std::string(name), "preset:" + std::string(name));
}

}  // namespace paddock::config
