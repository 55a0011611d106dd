// Interpreter spawn APIs and GNU sed's e command (docs/policy-semantics.md
// §Pipeline).
#include <gtest/gtest.h>

#include "rules/normalize.h"
#include "rules/sed_script.h"
#include "rules/spawn_scan.h"

namespace paddock::rules {
namespace {

using Argvs = std::vector<std::vector<std::string>>;
using Scripts = std::vector<std::string>;

TEST(SpawnScan, PythonExecAndSpawnFamilies) {
  EXPECT_EQ(ScanSpawns("os.posix_spawn('/usr/bin/sudo', ['sudo', 'id'], os.environ)", "python").argvs,
            (Argvs{{"/usr/bin/sudo", "id"}}));
  EXPECT_EQ(ScanSpawns("os.spawnlp(os.P_WAIT, 'sudo', 'sudo', 'id')", "python").argvs, (Argvs{{"sudo", "id"}}));
  EXPECT_EQ(ScanSpawns("os.spawnv(os.P_WAIT, '/bin/env', ['env', 'sudo'])", "python").argvs,
            (Argvs{{"/bin/env", "sudo"}}));
  EXPECT_EQ(ScanSpawns("os.execl('/usr/bin/env', 'env', 'sudo', 'id')", "python").argvs,
            (Argvs{{"/usr/bin/env", "sudo", "id"}}));
  EXPECT_EQ(ScanSpawns("pty.spawn('sudo')", "python").argvs, (Argvs{{"sudo"}}));
  EXPECT_EQ(ScanSpawns("asyncio.create_subprocess_exec('sudo', 'id')", "python").argvs, (Argvs{{"sudo", "id"}}));
  EXPECT_EQ(ScanSpawns("subprocess.run('sudo id'.split())", "python").argvs, (Argvs{{"sudo", "id"}}));
  EXPECT_EQ(ScanSpawns("subprocess.run(('sudo', 'id'))", "python").argvs, (Argvs{{"sudo", "id"}}));
  EXPECT_EQ(ScanSpawns("subprocess.run(args=['sudo'])", "python").argvs, (Argvs{{"sudo"}}));
  EXPECT_EQ(ScanSpawns("subprocess.run(['x'], executable='/bin/sudo')", "python").argvs, (Argvs{{"/bin/sudo"}, {"x"}}));
}

TEST(SpawnScan, PythonImportsAndAliases) {
  EXPECT_EQ(ScanSpawns("from subprocess import run as r\nr(['sudo'])", "python").argvs, (Argvs{{"sudo"}}));
  EXPECT_EQ(ScanSpawns("import subprocess as sp; sp.call('sudo id', shell=True)", "python").scripts,
            (Scripts{"sudo id"}));
  EXPECT_EQ(ScanSpawns("from os import system as s; s('sudo id')", "python").scripts, (Scripts{"sudo id"}));
  EXPECT_TRUE(ScanSpawns("f = os.system; f(x)", "python").opaque);
  EXPECT_TRUE(ScanSpawns("getattr(os, 'system')('id')", "python").opaque);
  // run/call of something else, and a method named execute, are not spawns.
  EXPECT_FALSE(ScanSpawns("app.run(debug=x)", "python").opaque);
  EXPECT_FALSE(ScanSpawns("cursor.execute(q)", "python").opaque);
}

TEST(SpawnScan, ComputedArgumentsAreOpaque) {
  for (const char* code :
       {"os.system('{} id'.format(x))", "os.system('su' 'do')", "subprocess.run(cmd, shell=True)", "os.system(f'{x}')"})
    EXPECT_TRUE(ScanSpawns(code, "python").opaque) << code;
  auto f = ScanSpawns("subprocess.run(['su' + 'do', 'id'])", "python");
  EXPECT_TRUE(f.opaque);                                                          // argv[0] is computed
  EXPECT_TRUE(ScanSpawns(std::string("print(") + kHole + ")", "python").opaque);  // program text built at run time
}

TEST(SpawnScan, PerlOpenAndListForms) {
  EXPECT_EQ(ScanSpawns("open(F, \"| sudo id\")", "perl").scripts, (Scripts{"sudo id"}));
  EXPECT_EQ(ScanSpawns("open(F, \"sudo id |\"); print <F>", "perl").scripts, (Scripts{"sudo id"}));
  EXPECT_EQ(ScanSpawns("open(F, \"-|\", \"sudo\", \"id\")", "perl").argvs, (Argvs{{"sudo", "id"}}));
  EXPECT_EQ(ScanSpawns("open(my $f, '-|', 'sudo id')", "perl").scripts, (Scripts{"sudo id"}));
  EXPECT_EQ(ScanSpawns("open F, \"|sudo id\" or die", "perl").scripts, (Scripts{"sudo id"}));
  EXPECT_EQ(ScanSpawns("system(\"/usr/bin/env\", \"sudo\", \"id\")", "perl").argvs,
            (Argvs{{"/usr/bin/env", "sudo", "id"}}));
  EXPECT_EQ(ScanSpawns("print readpipe('sudo id')", "perl").scripts, (Scripts{"sudo id"}));
  EXPECT_TRUE(ScanSpawns("open(F, $cmd)", "perl").opaque);
  EXPECT_FALSE(ScanSpawns("open(my $fh, '<', $file) or die", "perl").opaque);
  EXPECT_FALSE(ScanSpawns("open(my $fh, \"<$file\")", "perl").opaque);
  EXPECT_FALSE(ScanSpawns("eval { die }; print $@", "perl").opaque);
}

TEST(SpawnScan, RubyNodePhpLua) {
  EXPECT_EQ(ScanSpawns("IO.popen([\"env\", \"sudo\"])", "ruby").argvs, (Argvs{{"env", "sudo"}}));
  EXPECT_EQ(ScanSpawns("spawn({\"A\" => \"1\"}, \"sudo id\")", "ruby").scripts, (Scripts{"sudo id"}));
  EXPECT_EQ(ScanSpawns("spawn(\"env\", \"sudo\")", "ruby").argvs, (Argvs{{"env", "sudo"}}));
  EXPECT_EQ(ScanSpawns("open(\"|sudo id\").read", "ruby").scripts, (Scripts{"sudo id"}));
  EXPECT_EQ(ScanSpawns("system(%w[sudo id])", "ruby").argvs, (Argvs{{"sudo", "id"}}));
  EXPECT_FALSE(ScanSpawns("File.open(path).read", "ruby").opaque);
  EXPECT_EQ(ScanSpawns("require('child_process').execFileSync('sudo', ['id'])", "node").argvs, (Argvs{{"sudo", "id"}}));
  EXPECT_EQ(ScanSpawns("require('child_process').spawn('sudo id', {shell: true})", "node").scripts,
            (Scripts{"sudo id"}));
  EXPECT_FALSE(ScanSpawns("const m = /a/.exec(s)", "node").opaque);  // no child_process: RegExp exec
  EXPECT_TRUE(ScanSpawns("require('child_' + 'process')", "node").opaque);
  EXPECT_EQ(ScanSpawns("pcntl_exec('/usr/bin/sudo', ['id']);", "php").argvs, (Argvs{{"/usr/bin/sudo", "id"}}));
  EXPECT_EQ(ScanSpawns("SYSTEM('sudo id');", "php").scripts, (Scripts{"sudo id"}));
  EXPECT_EQ(ScanSpawns("os.execute('sudo id')", "lua").scripts, (Scripts{"sudo id"}));
}

TEST(SedScript, ECommandAndFlag) {
  EXPECT_EQ(ScanSpawns("1e sudo id", "sed").scripts, (Scripts{"sudo id"}));
  EXPECT_EQ(ScanSpawns("$!N;e sudo id; echo x", "sed").scripts, (Scripts{"sudo id; echo x"}));
  EXPECT_EQ(ScanSpawns("/x/{e sudo id\n}", "sed").scripts, (Scripts{"sudo id"}));
  EXPECT_EQ(ScanSpawns("s/.*/sudo id/e", "sed").scripts, (Scripts{"sudo id"}));  // the result is known
  EXPECT_TRUE(ScanSpawns("s/x/sudo id/e", "sed").opaque);
  EXPECT_TRUE(ScanSpawns("s/x/y/;e", "sed").opaque);
  EXPECT_TRUE(ScanSpawns(std::string("s/a/") + kHole + "/", "sed").opaque);
}

TEST(SedScript, PlainSedCarriesNoCode) {
  for (const char* script : {"s/a/b/p", "s/e/E/g; /exit/d", ":a;N;$!ba;s/\\n/ /g", "y/abc/efg/", "1i\\\nexec me",
                             "a exec", "/start/,/end/{s/old/new/;p}", "s|/usr|/opt|g", "0~3d", "# e sudo"}) {
    auto f = ScanSpawns(script, "sed");
    EXPECT_FALSE(f.opaque) << script;
    EXPECT_TRUE(f.scripts.empty()) << script;
  }
}

TEST(SedScript, ArgumentsAndFiles) {
  auto inv = ParseSedArgs({"sed", "f", "-n", "-e", "p", "--expression=1e id", "g"});
  EXPECT_EQ(inv.scripts, (Scripts{"p", "1e id"}));
  EXPECT_EQ(inv.files, (Scripts{"f", "g"}));
  inv = ParseSedArgs({"sed", "-i.bak", "s/a/b/", "x"});
  EXPECT_TRUE(inv.in_place);
  EXPECT_EQ(inv.scripts, (Scripts{"s/a/b/"}));
  EXPECT_TRUE(ParseSedArgs({"sed", "--sandbox", "e id"}).sandbox);
  EXPECT_TRUE(ParseSedArgs({"sed", "-f", "-", "x"}).script_from_stdin);
  auto s = ParseSedScript("r /etc/passwd\nw out.txt\ns/a/b/w log");
  EXPECT_EQ(s.reads, (Scripts{"/etc/passwd"}));
  EXPECT_EQ(s.writes, (Scripts{"out.txt", "log"}));
}

// Tcl and expect: exec and spawn take argv (exec's | starts the next
// command), system a shell string, open "|..." a list; bodies in braces
// and commands in brackets are scanned; substitutions are holes.
TEST(SpawnScan, TclExecSpawnSystemAndOpen) {
  const std::string hole(1, kHole);
  EXPECT_EQ(ScanSpawns("exec -keepnewline -- sudo id", "tcl").argvs, (Argvs{{"sudo", "id"}}));
  EXPECT_EQ(ScanSpawns("spawn -noecho ssh host; expect eof", "tcl").argvs, (Argvs{{"ssh", "host"}}));
  EXPECT_EQ(ScanSpawns("exec ls -l | grep x 2> err &", "tcl").argvs, (Argvs{{"ls", "-l"}, {"grep", "x"}}));
  EXPECT_EQ(ScanSpawns("system sudo id", "tcl").scripts, (Scripts{"sudo id"}));
  EXPECT_EQ(ScanSpawns("set f [open \"|sudo id\" r]", "tcl").argvs, (Argvs{{"sudo", "id"}}));
  EXPECT_EQ(ScanSpawns("set out [exec git log {--format=%h %s}]", "tcl").argvs,
            (Argvs{{"git", "log", "--format=%h %s"}}));
  EXPECT_EQ(ScanSpawns("if {$x} {\n  catch {exec make}\n}", "tcl").argvs, (Argvs{{"make"}}));
  EXPECT_EQ(ScanSpawns("proc f {} { exec rm $a }", "tcl").argvs, (Argvs{{"rm", hole}}));
  EXPECT_EQ(ScanSpawns("exec echo \"a [exec id] b\"", "tcl").argvs, (Argvs{{"id"}, {"echo", "a " + hole + " b"}}));
  EXPECT_TRUE(ScanSpawns("system $cmd", "tcl").opaque);
  EXPECT_TRUE(ScanSpawns("open $pipe", "tcl").opaque);
  // Not spawns: a comment, a spawn attached to a file, open of a file.
  EXPECT_TRUE(ScanSpawns("# exec sudo id\nputs hi", "tcl").argvs.empty());
  EXPECT_TRUE(ScanSpawns("spawn -open $f", "tcl").argvs.empty());
  SpawnFindings file = ScanSpawns("open /etc/hosts r", "tcl");
  EXPECT_TRUE(file.argvs.empty() && !file.opaque);
  // Every word moves the scan on: a ';' inside open's list, a form feed
  // between words (found by fuzzing: both looped, allocating without end).
  EXPECT_EQ(ScanSpawns("open \"|a ; b\"", "tcl").argvs, (Argvs{{"a", ";", "b"}}));
  EXPECT_EQ(ScanSpawns("exec a\fb", "tcl").argvs, (Argvs{{"a", "b"}}));
}

}  // namespace
}  // namespace paddock::rules
