#include "review/agent_configs.h"

#include <array>

namespace paddock::review {
namespace {

// One config name; what the tool does with it reads `before` + where + `after`.
struct AgentConfig {
  std::string_view name;
  const char* before;
  const char* after;
};

constexpr const char* kVimExrc = "Vim or Neovim with 'exrc' set, started in ";
constexpr const char* kMise = "mise in ";
constexpr const char* kMiseRuns = " runs the hooks and tasks it names and sets its environment";

constexpr const char* kOpencode = "opencode started in ";
constexpr const char* kOpencodeRuns = " starts the MCP servers and loads the plugins it names";
constexpr const char* kCrush = "Crush started in ";
constexpr const char* kCrushRuns = " starts the MCP and language servers it names";

// The names of DefaultProtectedPaths() (plan/protected_paths.cc) that a
// tool reads from the directory it works in, not only from a home: the
// shell rc files and .gitconfig are left out. The index is the bit
// (kept in the scan cache: a new order needs a new cache format).
constexpr std::array<AgentConfig, 43> kConfigs{{
    {".claude", "Claude Code started in ", " runs the hooks and MCP servers it names"},
    {".mcp.json", "Claude Code started in ", " starts the MCP servers it names"},
    {".codex", "Codex started in ", " runs the MCP servers and commands its config names"},
    {".gemini", "Gemini CLI started in ", " runs the MCP servers and hooks its settings name"},
    {".cursor", "Cursor opened in ", " starts the MCP servers its mcp.json names"},
    {".aider.conf.yml", "aider started in ", " runs the lint-cmd and test-cmd it names"},
    {".vscode", "VS Code opened in ", " runs tasks marked runOn folderOpen and programs its settings name"},
    {".idea", "a JetBrains IDE opened in ", " runs the run configurations and tools it names"},
    {".devcontainer", "VS Code opening ", " in a dev container runs its initializeCommand on the host"},
    {".devcontainer.json", "VS Code opening ", " in a dev container runs its initializeCommand on the host"},
    {".zed", "Zed opened in ", " starts the tasks and language servers its settings name"},
    {".helix", "Helix started in ", " starts the language servers its languages.toml names"},
    {".envrc", "direnv runs it on entering ", ""},
    {"rust-toolchain.toml", "rustup runs the toolchain it names for cargo and rustc in ", ""},
    {"rust-toolchain", "rustup runs the toolchain it names for cargo and rustc in ", ""},
    {".cargo", "cargo in ", " (editors and prompts run it) runs the rustc and wrappers its config names"},
    {".paddock", "paddock started in ", " takes its policy from it"},
    {".paddock.toml", "paddock started in ", " takes its policy from it"},
    {".nvim.lua", kVimExrc, " runs it"},
    {".nvimrc", kVimExrc, " runs it"},
    {".exrc", kVimExrc, " runs it"},
    {".vimrc", kVimExrc, " runs it"},
    {".lvimrc", "Vim's localvimrc plugin runs it for files in ", ""},
    {".lazy.lua", "lazy.nvim in Neovim started in ", " loads the plugins it names"},
    {".dir-locals.el", "Emacs visiting files in ", " applies its variables (an eval form runs code)"},
    {".dir-locals-2.el", "Emacs visiting files in ", " applies its variables (an eval form runs code)"},
    {".mise.toml", kMise, kMiseRuns},
    {"mise.toml", kMise, kMiseRuns},
    {".mise.local.toml", kMise, kMiseRuns},
    {"mise.local.toml", kMise, kMiseRuns},
    {".mise", kMise, kMiseRuns},
    {".rtx.toml", "rtx (mise) in ", kMiseRuns},
    // Added when the set outgrew 32 bits.
    {".continue", "Continue in an editor opened in ", " starts the MCP servers its mcpServers/ names"},
    {".windsurf", "Windsurf opened in ", " runs the Cascade hooks its hooks.json names"},
    {".opencode", kOpencode, " loads the plugins (JavaScript) it holds and starts the MCP servers its config names"},
    {"opencode.json", kOpencode, kOpencodeRuns},
    {"opencode.jsonc", kOpencode, kOpencodeRuns},
    {".roo", "Roo Code in an editor opened in ", " starts the MCP servers its mcp.json names"},
    {".kiro", "Kiro opened in ", " runs the hooks and starts the MCP servers its settings name"},
    {".amazonq", "Amazon Q in an editor opened in ", " starts the MCP servers its mcp.json names"},
    {".qwen", "Qwen Code started in ", " starts the MCP servers its settings.json names"},
    {"crush.json", kCrush, kCrushRuns},
    {".crush.json", kCrush, kCrushRuns},
}};
static_assert(kConfigs.size() <= 64, "one bit per name in a uint64_t");

// Most entries of a tree start with none of these: one comparison for them.
constexpr bool MayBeConfig(std::string_view name) {
  if (name.size() < 4) return false;
  switch (name[0]) {
    case '.':
    case 'c':
    case 'm':
    case 'o':
    case 'r': return true;
    default: return false;
  }
}

constexpr bool AllPassTheQuickTest() {
  for (const auto& c : kConfigs)
    if (!MayBeConfig(c.name)) return false;
  return true;
}
static_assert(AllPassTheQuickTest(), "MayBeConfig must let every name through");

}  // namespace

uint64_t AgentConfigBit(std::string_view name) {
  if (!MayBeConfig(name)) return 0;
  for (size_t i = 0; i < kConfigs.size(); ++i)
    if (kConfigs[i].name == name) return uint64_t{1} << i;
  return 0;
}

std::vector<std::string_view> AgentConfigNames(uint64_t bits) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < kConfigs.size(); ++i)
    if (bits & (uint64_t{1} << i)) out.push_back(kConfigs[i].name);
  return out;
}

bool AgentConfigsIgnoredBelow(std::string_view dir_name) { return dir_name == "node_modules"; }

std::string AgentConfigEffect(std::string_view name, const std::string& where) {
  for (const auto& c : kConfigs)
    if (c.name == name) return c.before + where + c.after;
  return "";
}

}  // namespace paddock::review
