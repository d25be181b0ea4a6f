// graphctl's link-analysis commands: path, expand, connectors, common, who-links, reach,
// analyse, export and chart. Usage in graphctl --help; options in client/graphctl/link-args.h; output
// columns in docs/rpc.md.
//
// A result that a limit cut short is still printed (exit status 0) and its note goes to the
// error stream as "note: result limit reached".
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "client/lib/client.h"
#include "client/graphctl/command-line.h"
#include "client/graphctl/output.h"

namespace casegraph {

class LinkCommands {
 public:
  // `connect` answers the connection to use, connecting on first use; commands parse their
  // arguments before calling it, so a usage error needs no server. `out` and `err` must
  // outlive this object.
  LinkCommands(std::function<GraphClient&()> connect, std::ostream& out, std::ostream& err)
      : connect_(std::move(connect)), out_(out), err_(err) {}

  // Whether `command` is one of these.
  static bool handles(std::string_view command);

  // Runs one command line (args[0] is the command). Throws UsageError, CommandError,
  // ClientError or OutputClosed.
  void run(const std::vector<std::string>& args, OutputFormat format);

 private:
  CheckedPrinter printer(std::vector<std::string> columns) {
    return CheckedPrinter(out_, format_, std::move(columns));
  }
  void reportCut(const LinkResult& r);

  void path(const std::vector<std::string>& args);
  void subgraph(const std::vector<std::string>& args);
  void whoLinks(const std::vector<std::string>& args);
  void reach(const std::vector<std::string>& args);
  void analyse(const std::vector<std::string>& args);
  void exportGraph(const std::vector<std::string>& args);

  std::function<GraphClient&()> connect_;
  std::ostream& out_;
  std::ostream& err_;
  OutputFormat format_ = OutputFormat::TABLE;
};

}  // namespace casegraph
