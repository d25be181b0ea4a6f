// Helpers shared by the tests: scratch directories and paths to the reference data.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace casegraph::test {

// A fresh directory under the system temp dir, removed when the object goes away.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "casegraph-test-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string sub(const std::string& name) const { return path_ + "/" + name; }
  // Writes `text` to the file `name` in this directory; returns its path.
  std::string write(const std::string& name, const std::string& text) const {
    const std::string p = sub(name);
    std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
    return p;
  }

 private:
  std::string path_;
};

inline std::string sourceDir() {
  const char* s = std::getenv("CASEGRAPH_SOURCE_DIR");
  return s ? s : ".";
}

inline std::string binaryDir() {
  const char* s = std::getenv("CASEGRAPH_BINARY_DIR");
  return s ? s : ".";
}

// ../shared/data next to the project root, or "" when absent.
inline std::string sharedData(const std::string& sub) {
  const auto p = std::filesystem::path(sourceDir()) / ".." / "shared" / "data" / sub;
  return std::filesystem::exists(p) ? p.string() : std::string();
}

}  // namespace casegraph::test
