#include "rules/archive_writes.h"

#include <string_view>

namespace paddock::rules {
namespace {

void Write(std::vector<FileAccess>& out, const std::string& path, bool into = false) {
  // `into`: the tree below a directory, unless it is the working directory
  // or one above (FileAccess::below_if_created).
  if (!path.empty() && path != "-") out.push_back({path, true, true, into, into});
}

bool IsCluster(const std::string& a) { return a.size() > 1 && a[0] == '-' && a[1] != '-'; }

// tar -c, -r, -u, -A (also old-style `tar cf F`): the archive -f names is
// written. Old-style letters take their values from the next words, in order.
void TarArchive(const Words& w, std::vector<FileAccess>& out) {
  constexpr std::string_view kModes = "cruA", kWithValue = "fbTXNKLVgC";
  bool writes = false;
  std::string archive;
  for (size_t i = 1; i < w.size(); ++i) {
    const std::string& a = w[i];
    if (a == "--") break;
    std::string_view name = std::string_view(a).substr(0, a.find('='));
    if (name == "--create" || name == "--append" || name == "--update" || name == "--catenate" ||
        name == "--concatenate")
      writes = true;
    if (name.size() >= 5 && std::string_view("--file").starts_with(name)) {
      archive = name.size() < a.size() ? a.substr(name.size() + 1) : (i + 1 < w.size() ? w[i + 1] : "");
      continue;
    }
    bool old_style = i == 1 && !a.empty() && a[0] != '-';
    if (!old_style && !IsCluster(a)) continue;
    size_t taken = 0;  // values an old-style word takes from the words after it
    for (size_t j = old_style ? 0 : 1; j < a.size(); ++j) {
      if (kModes.find(a[j]) != std::string_view::npos) writes = true;
      if (kWithValue.find(a[j]) == std::string_view::npos) continue;
      if (old_style) {
        ++taken;
        if (a[j] == 'f' && i + taken < w.size()) archive = w[i + taken];
        continue;
      }
      if (a[j] == 'f') archive = j + 1 < a.size() ? a.substr(j + 1) : (i + 1 < w.size() ? w[i + 1] : "");
      break;  // the rest of a dash cluster is the value
    }
  }
  if (writes) Write(out, archive);
}

// zip [options] ARCHIVE [files]: ARCHIVE, or ARCHIVE.zip when its name has
// no suffix; -O/--out writes elsewhere, -lf a log.
void ZipArchive(const Words& w, std::vector<FileAccess>& out) {
  static constexpr std::string_view kWithValue[] = {"-b",
                                                    "-n",
                                                    "-t",
                                                    "-tt",
                                                    "-P",
                                                    "-Z",
                                                    "-s",
                                                    "-sp",
                                                    "-TT",
                                                    "--temp-path",
                                                    "--suffixes",
                                                    "--password",
                                                    "--unzip-command"};
  static constexpr std::string_view kOutput[] = {"-O", "--out", "--output-file", "-lf", "--logfile-path"};
  bool named = false;  // options may follow the archive (zip x.zip -O y a)
  for (size_t i = 1; i < w.size(); ++i) {
    const std::string& a = w[i];
    bool output = false, value = false;
    for (auto o : kOutput) output = output || a == o;
    for (auto o : kWithValue) value = value || a == o;
    if (output && i + 1 < w.size()) Write(out, w[++i]);
    else if (value) ++i;
    else if (a == "--" && !named && i + 1 < w.size()) return Write(out, w[i + 1]);
    else if (!named && !a.empty() && a[0] != '-') {
      named = true;
      Write(out, a);
      if (a.find('.', a.rfind('/') == std::string::npos ? 0 : a.rfind('/')) == std::string::npos)
        Write(out, a + ".zip");
    }
  }
}

// python3 -m zipfile|tarfile -c OUT … / -e ARCHIVE DIR, -m json.tool IN OUT,
// -m venv DIR.
bool PythonModuleWrites(const Words& w, std::vector<FileAccess>& out) {
  size_t m = 1;
  while (m < w.size() && w[m] != "-m" && IsCluster(w[m]) && w[m] != "-c") ++m;
  if (m + 1 >= w.size() || w[m] != "-m") return false;
  const std::string& module = w[m + 1];
  Words args(w.begin() + static_cast<long>(m) + 2, w.end());
  auto at = [&](size_t k) { return k < args.size() ? args[k] : std::string(); };
  if (module == "zipfile" || module == "tarfile") {
    for (size_t k = 0; k < args.size(); ++k) {
      if (args[k] == "-c" || args[k] == "--create") Write(out, at(k + 1));
      if (args[k] == "-e" || args[k] == "--extract") Write(out, at(k + 2), true);
    }
    return true;
  }
  if (module == "json.tool") {
    std::vector<std::string> operands;
    for (size_t k = 0; k < args.size(); ++k) {
      if (args[k] == "--indent") ++k;
      else if (!args[k].starts_with("-")) operands.push_back(args[k]);
    }
    if (operands.size() >= 2) Write(out, operands[1]);
    return true;
  }
  if (module == "venv") {
    for (const auto& a : args)
      if (!a.starts_with("-")) Write(out, a, true);
    return true;
  }
  return false;
}

// find's listings (-fprint F, -fprint0 F, -fprintf F FMT, -fls F) and
// -delete, which removes what it finds below each start point.
void FindWrites(const Words& w, std::vector<FileAccess>& out) {
  std::vector<std::string> starts;
  size_t i = 1;
  for (; i < w.size() && (w[i] == "-H" || w[i] == "-L" || w[i] == "-P" || w[i].starts_with("-O")); ++i) {}
  for (; i < w.size() && !w[i].empty() && w[i][0] != '-' && w[i] != "(" && w[i] != "!" && w[i] != ","; ++i)
    starts.push_back(w[i]);
  if (starts.empty()) starts.push_back(".");
  for (; i < w.size(); ++i) {
    const std::string& a = w[i];
    if ((a == "-fprint" || a == "-fprint0" || a == "-fprintf" || a == "-fls") && i + 1 < w.size()) Write(out, w[++i]);
    if (a == "-delete")
      for (const auto& s : starts) Write(out, s, true);
  }
}

}  // namespace

bool ArchiveWrites(const std::string& name, const Words& w, std::vector<FileAccess>& out) {
  if (name == "tar" || name == "bsdtar" || name == "gtar") TarArchive(w, out);
  else if (name == "zip") ZipArchive(w, out);
  else if (name == "find" || name == "gfind") FindWrites(w, out);
  else if (name.starts_with("python")) return PythonModuleWrites(w, out);
  else return false;
  return true;
}

}  // namespace paddock::rules
