// cli/completion_script.h: reading CLI11 help, and the scripts' shape.
#include "cli/completion_script.h"

#include <gtest/gtest.h>

namespace paddock::cli {
namespace {

using Names = std::vector<std::string>;

TEST(CompletionScript, ParsesOptionsAndSubcommandsOfCli11Help) {
  const std::string help =
      "Export or check seccomp profiles.\n"
      "Usage: paddock seccomp [OPTIONS] SUBCOMMAND\n\n"
      "Options:\n"
      "  -h,--help                   Print this help message and exit\n"
      "  --share-rw-if-present TEXT ...\n"
      "                              Like --share-rw, but -x is not an option here\n"
      "  --json                      Print JSON\n\n"
      "Subcommands:\n"
      "  export                      Print the built-in profile\n"
      "  check                       Load a profile\n\n"
      "Examples:\n"
      "  paddock seccomp export\n";
  Names options, subs;
  ParseHelpText(help, options, subs);
  EXPECT_EQ(options, (Names{"-h", "--help", "--share-rw-if-present", "--json"}));
  EXPECT_EQ(subs, (Names{"export", "check"}));
}

TEST(CompletionScript, OneCommandsValuesWinOverTheGeneralOnes) {
  CompletionSpec spec;
  spec.commands = {{"run", "run it", {"--net", "--profile"}, {}, false},
                   {"init", "init it", {"--profile"}, {}, false},
                   {"claude", "agent", {}, {}, true}};
  spec.option_values["--profile"] = {"default", "strict"};
  spec.option_values["init --profile"] = {"minimal"};
  for (const std::string& script : {BashCompletion(spec), ZshCompletion(spec)}) {
    auto specific = script.find("init:--profile)");
    auto general = script.find("*:--profile)");
    ASSERT_NE(specific, std::string::npos) << script;
    ASSERT_NE(general, std::string::npos) << script;
    EXPECT_LT(specific, general) << "a case takes the first pattern that matches";
  }
  EXPECT_NE(BashCompletion(spec).find("claude) mapfile -t COMPREPLY < <(compgen -f"), std::string::npos);
  EXPECT_NE(ZshCompletion(spec).find("'run:run it'"), std::string::npos);
}

}  // namespace
}  // namespace paddock::cli
