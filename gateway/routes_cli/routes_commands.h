#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace gatehouse::cli {

// The commands of `gatehouse-routes` (docs/cli.md). Each writes its report to `out`,
// diagnostics to `err`, and returns the process exit code.
enum ExitCode { kOk = 0, kInvalid = 1, kUsage = 2 };

enum class OutputFormat { text, json };

int runValidate(const std::vector<std::string>& paths, OutputFormat format, std::ostream& out, std::ostream& err);
int runTable(const std::string& servicesDir, OutputFormat format, std::ostream& out, std::ostream& err);

struct ExplainOptions {
    std::string servicesDir;
    std::string method;
    std::string host;
    std::string path;
    bool all = false; // text format: also list routes whose path does not match
};
int runExplain(const ExplainOptions& options, OutputFormat format, std::ostream& out, std::ostream& err);

} // namespace gatehouse::cli
