#pragma once

#include <string>
#include <vector>

namespace gatehouse::config {

enum class Severity { error, warning };

// One finding about a service config. `path` locates it inside the JSON document
// (`routes[0].paths[1]`, `health_check.timeout_seconds`, empty for the whole file);
// `code` is stable and machine-readable; `hint` says how to fix it, when we know.
struct Problem {
    std::string file;
    std::string path;
    std::string code;
    std::string message;
    Severity severity = Severity::error;
    std::string hint;
};

using Problems = std::vector<Problem>;

const char* severityName(Severity severity);
bool hasErrors(const Problems& problems);
std::size_t countErrors(const Problems& problems);

// "file: path: error [code] message" and, when there is one, "    hint: ..." on a
// second line: how every Gatehouse command prints a problem.
std::string formatProblem(const Problem& problem);

// Joins JSON path pieces: childPath("routes[0]", "paths") == "routes[0].paths".
std::string childPath(const std::string& parent, const std::string& key);
std::string indexPath(const std::string& parent, std::size_t index);

} // namespace gatehouse::config
